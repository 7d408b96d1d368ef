import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The plugin keeps V8's compiled code for TypeScript and the compiler in its cache directory, so
// that a build whose result cache misses loads the compiler faster (the gain is measured in
// test/bench/vite-build-overhead.ts). Checked with the built package, ESM and CommonJS, in fresh
// processes: the first build writes the code, the next (its stored results removed) uses it: V8
// accepts it, so it is not rewritten, and the module built is the same and correct.

const here = import.meta.dirname;

function build(format: 'esm' | 'cjs', cache: string): string {
  const run = spawnSync(process.execPath, [join(here, 'fixtures/code-cache.mjs'), format, cache], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** The code cache files under `cache`, with their modification times. */
const codeCacheFiles = (cache: string) =>
  readdirSync(cache, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.v8')).sort()
    .map((file) => [file.replace(/^.*[\\/]/, '').replace(/-[0-9a-f]{16}\.v8$/, ''), statSync(join(cache, file)).mtimeMs] as const);

// signal(x) = e^(−x/2) cos 2x + x sin x
const signalSlope = (x: number) => Math.exp(-x / 2) * (-0.5 * Math.cos(2 * x) - 2 * Math.sin(2 * x)) + Math.sin(x) + x * Math.cos(x);

describe.each(['esm', 'cjs'] as const)('the plugin’s code cache for the compiler (%s build)', (format) => {
  it('is written by the first build and used, unchanged, by the next', async () => {
    const cache = mkdtempSync(join(tmpdir(), `ddx-code-cache-${format}-`));
    const first = build(format, cache);
    const written = codeCacheFiles(cache);
    // TypeScript with ts-morph, and the compiler's own CommonJS build (its chunks' names vary).
    expect(written.map(([name]) => name).filter((name) => !name.startsWith('chunk-'))).toEqual(['index.cjs', 'ts-morph-common.js', 'ts-morph.js', 'typescript.js']);
    // Without the stored results, so that the second build loads the compiler too.
    for (const file of readdirSync(cache, { recursive: true, encoding: 'utf8' })) if (file.endsWith('.json')) rmSync(join(cache, file));
    expect(build(format, cache)).toBe(first);
    expect(codeCacheFiles(cache)).toEqual(written);
    const out = resolve(here, '.builds/code-cache', format);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'entry.mjs'), first);
    const built = (await import(/* @vite-ignore */ join(out, 'entry.mjs'))) as { signalSlope(x: number): number };
    for (const x of [-2, 0.4, 3]) expect(Math.abs(built.signalSlope(x) - signalSlope(x))).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(signalSlope(x))));
  }, 60_000);
});

// The ddx command does the same in a project with node_modules: TypeScript and the compiler's
// CommonJS build come through V8's code cache in node_modules/.cache/ddx, written by the first run
// and used, unchanged, by the next; the generated file is the one written where there is no
// cache (no node_modules: the compiler's ESM build, compiled as Node does).
describe('the ddx command’s code cache for the compiler', () => {
  const bin = resolve(here, '../packages/transform/bin/ddx.mjs');
  const model = 'export function damped(x: number): number {\n  return Math.exp(-x / 2) * Math.cos(2 * x);\n}\n';
  const project = (withNodeModules: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'ddx-cli-code-cache-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/model.ts'), model);
    if (withNodeModules) mkdirSync(join(dir, 'node_modules'));
    return dir;
  };
  const gen = (dir: string) => {
    const run = spawnSync(process.execPath, [bin, 'gen', 'src/model.ts'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return readFileSync(join(dir, 'src/model.ddx.ts'), 'utf8');
  };

  it('is written by the first run and used, unchanged, by the next, with the same output as without it', () => {
    const cached = project(true);
    const first = gen(cached);
    const cache = join(cached, 'node_modules/.cache/ddx');
    const written = codeCacheFiles(cache);
    expect(written.map(([name]) => name).filter((name) => !name.startsWith('chunk-'))).toEqual(['index.cjs', 'ts-morph-common.js', 'ts-morph.js', 'typescript.js']);
    rmSync(join(cached, 'src/model.ddx.ts'));
    expect(gen(cached)).toBe(first);
    expect(codeCacheFiles(cache)).toEqual(written);
    expect(gen(project(false))).toBe(first);
  }, 60_000);
});
