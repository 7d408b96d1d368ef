import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
