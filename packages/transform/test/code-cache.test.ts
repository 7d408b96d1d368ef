/**
 * V8's code cache for the compiler: a fresh process compiles TypeScript through it, and what the
 * compiler then produces is still right. Each run is a new Node process, as the cache only acts
 * where ts-morph is not loaded yet. Its speed is measured in test/bench/vite-build-overhead.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { entrySource, importRewritten, project } from './plugin-harness.js';

const source = (file: string) => JSON.stringify(pathToFileURL(resolve(import.meta.dirname, '../src', file)).href);
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Run {
  /** Base names of the compiler files V8 compiled afresh. */
  compiled: string[];
  code: string;
}

/** Loads the compiler through the cache in `dir`, transforms `entry`, and saves the cache. */
function runInFreshProcess(dir: string, entry: string): Run {
  const script = join(mkdtempSync(join(tmpdir(), 'ddx-code-cache-run-')), 'run.mts');
  writeFileSync(script, `import { readFileSync } from 'node:fs';
import { requireCompilerWithCodeCache } from ${source('plugin/code-cache.ts')};
const codeCache = requireCompilerWithCodeCache(${JSON.stringify(dir)});
if (!codeCache) throw new Error('ts-morph was loaded before the code cache could act');
const { createTransformer } = await import(${source('index.ts')});
const entry = ${JSON.stringify(entry)};
const result = createTransformer({}).transform(readFileSync(entry, 'utf8'), entry);
codeCache.save();
console.log(JSON.stringify({ compiled: codeCache.compiled, code: result.code }));
`);
  const run = spawnSync(process.execPath, ['--conditions=@ddx/source', '--import', tsxLoader, script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the run failed:\n${run.stderr}`);
  const { compiled, code } = JSON.parse(run.stdout) as Run;
  return { compiled: compiled.map((file) => basename(file)), code };
}

const compilerFiles = ['ts-morph-common.js', 'ts-morph.js', 'typescript.js'];
const cacheFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.v8')).sort();

/** The rewritten wave slope against its closed form, d/dx x·sin 3x = sin 3x + 3x·cos 3x. */
async function expectWaveSlope(code: string, entry: string): Promise<void> {
  const { slope } = (await importRewritten(code, entry)) as { slope: (x: number) => number };
  for (const x of [-1, 0.3, 2]) {
    const exact = Math.sin(3 * x) + 3 * x * Math.cos(3 * x);
    expect(Math.abs(slope(x) - exact)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(exact)));
  }
}

describe('V8’s code cache for the compiler', () => {
  it('is written by the first process and used by the next, whose output is the same and right', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddx-code-cache-'));
    const { entry } = project(entrySource);
    const first = runInFreshProcess(dir, entry);
    expect(first.compiled.sort()).toEqual(compilerFiles);
    expect(cacheFiles(dir).map((name) => name.replace(/-[0-9a-f]{16}\.v8$/, ''))).toEqual(compilerFiles);
    const second = runInFreshProcess(dir, entry);
    expect(second.compiled).toEqual([]);
    expect(second.code).toBe(first.code);
    await expectWaveSlope(second.code, entry);
  }, 60_000);

  it('rejects a damaged cache file, compiles that file as usual and rewrites its cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddx-code-cache-'));
    const { entry } = project(entrySource);
    const first = runInFreshProcess(dir, entry);
    const typescript = cacheFiles(dir).find((name) => name.startsWith('typescript.js-'))!;
    writeFileSync(join(dir, typescript), Buffer.alloc(4096, 7));
    const damaged = runInFreshProcess(dir, entry);
    expect(damaged.compiled).toEqual(['typescript.js']);
    expect(damaged.code).toBe(first.code);
    await expectWaveSlope(damaged.code, entry);
    expect(runInFreshProcess(dir, entry).compiled).toEqual([]);
  }, 60_000);

  it('a directory it cannot write to only costs the cache', async () => {
    const blocked = join(mkdtempSync(join(tmpdir(), 'ddx-code-cache-')), 'a-file');
    writeFileSync(blocked, 'not a directory');
    const { entry } = project(entrySource);
    const run = runInFreshProcess(join(blocked, 'v8'), entry);
    expect(run.compiled.sort()).toEqual(compilerFiles);
    await expectWaveSlope(run.code, entry);
  }, 60_000);
});
