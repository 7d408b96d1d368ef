/**
 * The checks of the DiffTests.jl suites, shared by the call-site transform and the `ddx gen`
 * module suites: the functions, the points, and the comparison with finite differences.
 *
 * Tolerances. Ridders' extrapolation of central differences reaches about 1e-11 relative on
 * these smooth functions for first derivatives and about 1e-10 for second ones (the difference
 * quotient divides rounding noise by h²). We accept 1e-8 (first) and 1e-6 (second) relative to
 * max(1, the largest entry), a margin of 100× or more over the oracle's error, which must itself
 * be below a tenth of the tolerance (checked, so an unreliable oracle cannot pass silently).
 * A wrong derivative rule or a dropped tangent term is off by O(1).
 */
import { expect } from 'vitest';
import * as num2num from '../ports/num2num.js';
import * as vec2num from '../ports/vec2num.js';
import * as vec2vec from '../ports/vec2vec.js';
import { centralDerivative, centralGradient, centralHessian, centralJacobian, centralSecondDerivative, type Estimate } from './finite-differences.js';
import { randomVector } from './random.js';

export const firstOrderTolerance = 1e-8;
export const secondOrderTolerance = 1e-6;

export const scalarNames = ['num2num_1', 'num2num_2', 'num2num_3', 'num2num_4', 'num2num_5'] as const;
export const vectorNames = [
  'vec2num_1', 'vec2num_2', 'vec2num_5', 'vec2num_6', 'vec2num_7',
  'rosenbrock_1', 'rosenbrock_2', 'rosenbrock_3', 'rosenbrock_4', 'ackley', 'self_weighted_logit',
] as const;
export const arrayNames = ['chebyquad', 'brown_almost_linear', 'trigonometric', 'mutation_test_1', 'mutation_test_2'] as const;

// ForwardDiff tests arrays at random vectors of length 13; vec2num_1 takes a log of x[3], so it gets positive entries.
export const positive = randomVector(20240613, 13, 'positive');
export const mixed = randomVector(1729, 13, 'mixed');
export const pointsFor = (name: string) => (name === 'vec2num_1' ? [positive] : [positive, mixed]);

/** Compares exact values with estimates, entry by entry, relative to max(1, largest |estimate|). */
export function expectClose(actual: number[], estimates: Estimate[], tolerance: number, what: string): void {
  expect(actual).toHaveLength(estimates.length);
  const scale = Math.max(1, ...estimates.map((e) => Math.abs(e.value)));
  estimates.forEach((estimate, i) => {
    expect(estimate.error, `${what}[${i}]: finite-difference error estimate too large to judge`).toBeLessThan((tolerance * scale) / 10);
    expect(Math.abs(actual[i] - estimate.value), `${what}[${i}] = ${actual[i]}, finite differences ${estimate.value}`).toBeLessThanOrEqual(tolerance * scale);
  });
}

/** Estimates are computed once per function and point, whichever suite asks first. */
const memo = new Map<string, Estimate[]>();
function once(key: string, compute: () => Estimate[]): Estimate[] {
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key)!;
}

/** f'(1) and f''(1) of a num2num port. */
export function checkScalar(name: (typeof scalarNames)[number], first: (x: number) => number, second: (x: number) => number): void {
  const f = num2num[name];
  expectClose([first(1)], once(`${name}'`, () => [centralDerivative(f, 1)]), firstOrderTolerance, `${name}'(1)`);
  expectClose([second(1)], once(`${name}''`, () => [centralSecondDerivative(f, 1)]), secondOrderTolerance, `${name}''(1)`);
}

/** ∇f and ∇²f of a vec2num port at its random points. */
export function checkVector(name: (typeof vectorNames)[number], grad: (x: number[]) => number[], hess: (x: number[]) => number[][]): void {
  const f = vec2num[name];
  pointsFor(name).forEach((x, p) => {
    expectClose(grad(x.slice()), once(`∇${name}@${p}`, () => centralGradient(f, x)), firstOrderTolerance, `∇${name}`);
    expectClose(hess(x.slice()).flat(), once(`∇²${name}@${p}`, () => centralHessian(f, x).flat()), secondOrderTolerance, `∇²${name}`);
  });
}

/** The Jacobian of a vec2vec port at its random points. */
export function checkArray(name: (typeof arrayNames)[number], jac: (x: number[]) => number[][]): void {
  const f = vec2vec[name];
  pointsFor(name).forEach((x, p) => {
    const exact = jac(x.slice());
    expect(exact).toHaveLength(f(x.slice()).length);
    expectClose(exact.flat(), once(`J${name}@${p}`, () => centralJacobian(f, x).flat()), firstOrderTolerance, `J(${name})`);
  });
}
