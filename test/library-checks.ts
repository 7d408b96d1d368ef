/**
 * Checks of a built examples/tsup-library module against reference values that do not come from
 * the code under test: the design's 25-digit mpmath values and closed forms.
 */
import { expect } from 'vitest';

export interface BuiltLibrary {
  referenceSlope(x: number): number;
  referenceCurvature(x: number): number;
  rosenbrockGradient(x: number[]): number[];
  rosenbrockHessian(x: number[]): number[][];
  eccentricAnomaly(M: number, e: number): number;
  fitExponential(ts: readonly number[], ys: readonly number[], start: readonly [number, number]): [number, number];
}

export function checkLibrary(lib: BuiltLibrary): void {
  // e^x / √(sin³x + cos³x) at 1.5 ("martins" in the reference vectors).
  expect(lib.referenceSlope(1.5)).toBeCloseTo(4.053427893898620657714188, 13);
  expect(lib.referenceCurvature(1.5)).toBeCloseTo(9.463073681596603352536433, 13);
  // Rosenbrock at (−1.2, 1): gradient (−215.6, −88), Hessian [[1330, 480], [480, 200]].
  lib.rosenbrockGradient([-1.2, 1]).forEach((g, i) => expect(g).toBeCloseTo([-215.6, -88][i], 10));
  lib.rosenbrockHessian([-1.2, 1]).flat().forEach((h, i) => expect(h).toBeCloseTo([1330, 480, 480, 200][i], 10));
  // Kepler's equation E − e sin E = M holds at the solution.
  const E = lib.eccentricAnomaly(1, 0.5);
  expect(E - 0.5 * Math.sin(E)).toBeCloseTo(1, 14);
  // Exact data y = 2·e^{−t/2} is fitted back to its parameters.
  const ts = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5];
  const [a, b] = lib.fitExponential(ts, ts.map((t) => 2 * Math.exp(-0.5 * t)), [1, 0]);
  expect(a).toBeCloseTo(2, 10);
  expect(b).toBeCloseTo(-0.5, 10);
}
