/**
 * examples/tsup-library, built for real: `tsup` with the ddx esbuild plugin of its
 * tsup.config.ts, and the built module imported and checked against reference values. (The
 * example's own tests run as a Vitest project of the root config, with its vitest.config.ts and
 * so the ddx Vite plugin; examples/vite-app is built and driven in Chromium by its own test.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const library = resolve(import.meta.dirname, '../examples/tsup-library');
const requireFromLibrary = createRequire(join(library, 'package.json'));
const binOf = (name: string, bin: string) => join(requireFromLibrary.resolve(`${name}/package.json`), '..', bin);

/** Runs a package's command-line entry in the example's folder; fails with its output. */
function run(script: string, args: string[] = []) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: library, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(result.status, `${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout + result.stderr;
}

interface Library {
  referenceSlope(x: number): number;
  referenceCurvature(x: number): number;
  rosenbrockGradient(x: number[]): number[];
  rosenbrockHessian(x: number[]): number[][];
  eccentricAnomaly(M: number, e: number): number;
}

describe('examples/tsup-library', () => {
  it('builds with tsup and the ddx esbuild plugin into a module with exact derivatives', async () => {
    run(binOf('tsup', 'dist/cli-default.js'));
    const built = join(library, 'dist/index.js');
    expect(existsSync(join(library, 'dist/index.d.ts'))).toBe(true);
    // The call sites are compiled: the bundle keeps no call to the run-time derivative verbs.
    expect(readFileSync(built, 'utf8')).not.toMatch(/\b(?:derivative|secondDerivative|gradient|hessian)\(/);

    const lib = (await import(pathToFileURL(built).href)) as Library;
    // The design's reference values (25-digit mpmath) of e^x / √(sin³x + cos³x) at 1.5.
    expect(lib.referenceSlope(1.5)).toBeCloseTo(4.053427893898620657714188, 13);
    expect(lib.referenceCurvature(1.5)).toBeCloseTo(9.463073681596603352536433, 13);
    // Rosenbrock at (−1.2, 1): gradient (−215.6, −88), Hessian [[1330, 480], [480, 200]].
    lib.rosenbrockGradient([-1.2, 1]).forEach((g, i) => expect(g).toBeCloseTo([-215.6, -88][i], 10));
    lib.rosenbrockHessian([-1.2, 1]).flat().forEach((h, i) => expect(h).toBeCloseTo([1330, 480, 480, 200][i], 10));
    const E = lib.eccentricAnomaly(1, 0.5);
    expect(E - 0.5 * Math.sin(E)).toBeCloseTo(1, 14);
  }, 90_000);
});
