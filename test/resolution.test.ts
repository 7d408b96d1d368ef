import { cpSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builds } from './builds.js';

// Real builds in which what an import names depends on the bundler's own resolution: the
// derivative must be taken of the very module the bundle runs. `./helper` names helper.ts (x²)
// beside helper.tsx (x³), or beside a stale helper.js (x⁴); the bundle's power(2) (4, 8 or 16)
// tells which one it runs, and its slope at 2 must be that function's (4, 12 or 32).
// Verbs reached only through modules re-exporting @ddx/dual, and the bundler's aliases, must be
// compiled too: left to the run-time engine, a plain function would throw there.

const fixtures = resolve(import.meta.dirname, 'fixtures/resolution');
const outDirOf = (bundler: string, fixture: string) => resolve(import.meta.dirname, '.builds', bundler, `resolution-${fixture}`);

/** Which file each bundler's resolution picks for `./helper` (checked, so that the tests cover both outcomes). */
const picks: Record<string, { twins: string; stale: string }> = {
  // esbuild's resolveExtensions: .tsx, .ts, .jsx, .js, …
  esbuild: { twins: 'helper.tsx', stale: 'helper.ts' },
  tsup: { twins: 'helper.tsx', stale: 'helper.ts' },
  // Vite's resolve.extensions: .mjs, .js, .mts, .ts, .jsx, .tsx, .json
  vite: { twins: 'helper.ts', stale: 'helper.js' },
  // Rollup tries the path as is, .mjs and .js; test/builds.ts adds .ts, then .tsx.
  rollup: { twins: 'helper.ts', stale: 'helper.js' },
  // Rolldown's resolve.extensions: .tsx, .ts, .jsx, .js, .json
  rolldown: { twins: 'helper.tsx', stale: 'helper.ts' },
  // webpack's resolve.extensions in test/builds.ts: .tsx, .ts, .js
  webpack: { twins: 'helper.tsx', stale: 'helper.ts' },
};
const power = { 'helper.ts': { value: 4, slope: 4 }, 'helper.tsx': { value: 8, slope: 12 }, 'helper.js': { value: 16, slope: 32 } } as Record<string, { value: number; slope: number }>;

const close = (actual: unknown, expected: number) =>
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));

async function built(bundler: string, fixture: string, aliases?: Record<string, string>, root = join(fixtures, fixture)): Promise<Record<string, unknown>> {
  const outDir = outDirOf(bundler, fixture);
  rmSync(outDir, { recursive: true, force: true });
  await builds[bundler](join(root, 'entry.ts'), outDir, aliases);
  return import(pathToFileURL(join(outDir, 'entry.js')).href);
}

/**
 * A copy of a fixture with its `packages/` installed as `node_modules/` (a node_modules folder is
 * never committed), under the git-ignored test/.builds.
 */
function installed(bundler: string, fixture: string): string {
  const dir = resolve(import.meta.dirname, '.builds', bundler, `resolution-${fixture}-source`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(fixtures, fixture), dir, { recursive: true });
  renameSync(join(dir, 'packages'), join(dir, 'node_modules'));
  return dir;
}

describe.each(Object.keys(builds))('%s: the ddx plugin resolves imports as the bundler does', (bundler) => {
  for (const fixture of ['twins', 'stale'] as const) {
    it(`differentiates the helper the bundle runs (${fixture === 'twins' ? 'helper.ts beside helper.tsx' : 'helper.ts beside a stale helper.js'})`, async () => {
      const { value, slope } = await built(bundler, fixture);
      const picked = picks[bundler][fixture];
      expect(value, `the bundle runs ${picked}`).toBe(power[picked].value);
      close(slope, power[picked].slope);
    }, 60_000);
  }

  it('compiles verbs imported through re-exporting modules and the bundler’s aliases', async () => {
    const e = await built(bundler, 'reexports', {
      '#verbs': join(fixtures, 'reexports/verbs.ts'),
      '#models': join(fixtures, 'reexports/models.ts'),
    });
    close(e.slope, 12); // (x³)' at 2
    (e.gradientAt as number[]).forEach((g, i) => close(g, [12, 9][i])); // x²y: (2xy, x²) at (3, 2)
    close(e.curvature, Math.cos(1));
    (e.hessianAt as number[][]).flat().forEach((h, i) => close(h, [4, 6, 6, 0][i])); // [[2y, 2x], [2x, 0]]
  }, 60_000);

  // A package whose exports map leads an import and a require to different files (x³, x²):
  // each call is differentiated through the file the bundle runs for it.
  it.runIf(bundler === 'esbuild' || bundler === 'tsup')('follows a package import to its import condition and a require to its require condition', async () => {
    const e = await built(bundler, 'conditions', undefined, installed(bundler, 'conditions'));
    expect([e.value, e.requiredValue], 'the bundle runs x³ for the import and x² for the require').toEqual([8, 4]);
    close(e.slope, 12); // (x³)' at 2
    close(e.requiredSlope, 4); // (x²)' at 2
  }, 60_000);

  // esbuild (and so tsup) resolves with the `paths` of the nearest tsconfig.json; the others need a plugin for that.
  it.runIf(bundler === 'esbuild' || bundler === 'tsup')('compiles a verb and a function imported through tsconfig.json paths', async () => {
    close((await built(bundler, 'paths')).slope, 12); // (x³)' at 2
  }, 60_000);
});
