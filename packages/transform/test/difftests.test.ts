/**
 * Acceptance: DiffTests.jl's functions (ports in ./difftests/ports) differentiated through the
 * transform in both emit modes, against Richardson-extrapolated central differences.
 *
 * Tolerances. Ridders' extrapolation of central differences reaches about 1e-11 relative on
 * these smooth functions for first derivatives and about 1e-10 for second ones (the difference
 * quotient divides rounding noise by h²). We accept 1e-8 (first) and 1e-6 (second) relative to
 * max(1, the largest entry), a margin of 100× or more over the oracle's error, which must itself
 * be below a tenth of the tolerance (checked, so an unreliable oracle cannot pass silently).
 * A wrong derivative rule or a dropped tangent term is off by O(1).
 */
import { describe, expect, it } from 'vitest';
import * as num2num from './difftests/ports/num2num.js';
import * as vec2num from './difftests/ports/vec2num.js';
import * as vec2vec from './difftests/ports/vec2vec.js';
import {
  centralDerivative,
  centralGradient,
  centralHessian,
  centralJacobian,
  centralSecondDerivative,
  type Estimate,
} from './difftests/support/finite-differences.js';
import { randomVector } from './difftests/support/random.js';
import { modes, runTransformed } from './difftests/support/run-transformed.js';

const firstOrderTolerance = 1e-8;
const secondOrderTolerance = 1e-6;

/** Compares exact values with estimates, entry by entry, relative to max(1, largest |estimate|). */
function expectClose(actual: number[], estimates: Estimate[], tolerance: number, what: string): void {
  expect(actual).toHaveLength(estimates.length);
  const scale = Math.max(1, ...estimates.map((e) => Math.abs(e.value)));
  estimates.forEach((estimate, i) => {
    expect(estimate.error, `${what}[${i}]: finite-difference error estimate too large to judge`).toBeLessThan((tolerance * scale) / 10);
    expect(Math.abs(actual[i] - estimate.value), `${what}[${i}] = ${actual[i]}, finite differences ${estimate.value}`).toBeLessThanOrEqual(tolerance * scale);
  });
}

const scalarNames = ['num2num_1', 'num2num_2', 'num2num_3', 'num2num_4', 'num2num_5'] as const;
const vectorNames = [
  'vec2num_1', 'vec2num_2', 'vec2num_5', 'vec2num_6', 'vec2num_7',
  'rosenbrock_1', 'rosenbrock_2', 'rosenbrock_3', 'rosenbrock_4', 'ackley', 'self_weighted_logit',
] as const;
const arrayNames = ['chebyquad', 'brown_almost_linear', 'trigonometric', 'mutation_test_1', 'mutation_test_2'] as const;

// ForwardDiff tests arrays at random vectors of length 13; vec2num_1 takes a log of x[3], so it gets positive entries.
const positive = randomVector(20240613, 13, 'positive');
const mixed = randomVector(1729, 13, 'mixed');
const pointsFor = (name: string) => (name === 'vec2num_1' ? [positive] : [positive, mixed]);

type ScalarModule = { first: (x: number) => number; second: (x: number) => number };
type VectorModule = { grad: (x: number[]) => number[]; hess: (x: number[]) => number[][] };
type ArrayModule = { jac: (x: number[]) => number[][] };

const scalarEntry = (name: string) => `
import { derivative, secondDerivative } from '@ddx/dual';
import { ${name} } from './num2num.js';
export const first = derivative(${name});
export const second = (x: number) => secondDerivative(${name}, x);
`;
const vectorEntry = (name: string) => `
import { gradient, hessian } from '@ddx/dual';
import { ${name} } from './vec2num.js';
export const grad = (x: number[]) => gradient(${name}, x);
export const hess = hessian(${name});
`;
const arrayEntry = (name: string) => `
import { jacobian } from '@ddx/dual';
import { ${name} } from './vec2vec.js';
export const jac = (x: number[]) => jacobian(${name}, x);
`;

describe('the oracle itself', () => {
  // Closed forms at x = 1: num2num_1 = tan², so f' = 2 tan sec², f'' = 2 sec⁴ + 4 tan² sec².
  const tan = Math.tan(1);
  const sec2 = 1 / Math.cos(1) ** 2;
  it('matches closed forms of num2num_1', () => {
    expectClose([2 * tan * sec2], [centralDerivative(num2num.num2num_1, 1)], 1e-13, "num2num_1'(1)");
    expectClose([2 * sec2 * sec2 + 4 * tan * tan * sec2], [centralSecondDerivative(num2num.num2num_1, 1)], 1e-10, "num2num_1''(1)");
  });
  it('matches the closed-form Hessian of rosenbrock_1 (tridiagonal)', () => {
    const x = mixed;
    const n = x.length;
    const exact = x.map((_, i) =>
      x.map((__, j) => {
        if (i === j) return (i < n - 1 ? 2 + 1200 * x[i] ** 2 - 400 * x[i + 1] : 0) + (i > 0 ? 200 : 0);
        return Math.abs(i - j) === 1 ? -400 * x[Math.min(i, j)] : 0;
      }),
    );
    expectClose(exact.flat(), centralHessian(vec2num.rosenbrock_1, x).flat(), 1e-9, '∇²rosenbrock_1');
  });
});

describe.each(modes)('DiffTests.jl through the transform, %s mode', (mode) => {
  it.each(scalarNames)('%s: first and second derivatives at x = 1', async (name) => {
    const f = num2num[name];
    const { first, second } = await runTransformed<ScalarModule>(scalarEntry(name), { mode });
    expectClose([first(1)], [centralDerivative(f, 1)], firstOrderTolerance, `${name}'(1)`);
    expectClose([second(1)], [centralSecondDerivative(f, 1)], secondOrderTolerance, `${name}''(1)`);
  });

  it.each(vectorNames)('%s: gradient and Hessian at random vectors of length 13', async (name) => {
    const f = vec2num[name];
    const { grad, hess } = await runTransformed<VectorModule>(vectorEntry(name), { mode });
    for (const x of pointsFor(name)) {
      expectClose(grad(x.slice()), centralGradient(f, x), firstOrderTolerance, `∇${name}`);
      expectClose(hess(x.slice()).flat(), centralHessian(f, x).flat(), secondOrderTolerance, `∇²${name}`);
    }
  });

  it.each(arrayNames)('%s: Jacobian at random vectors of length 13', async (name) => {
    const f = vec2vec[name];
    const { jac } = await runTransformed<ArrayModule>(arrayEntry(name), { mode });
    for (const x of pointsFor(name)) {
      const exact = jac(x.slice());
      expect(exact).toHaveLength(f(x.slice()).length);
      expectClose(exact.flat(), centralJacobian(f, x).flat(), firstOrderTolerance, `J(${name})`);
    }
  });
});

describe('DiffTests.jl: inline and dual modes agree bit for bit', () => {
  const both = async <T>(entry: string) => Promise.all(modes.map((mode) => runTransformed<T>(entry, { mode })));

  it.each(scalarNames)('%s', async (name) => {
    const [inline, dual] = await both<ScalarModule>(scalarEntry(name));
    expect([dual.first(1), dual.second(1)]).toEqual([inline.first(1), inline.second(1)]);
  });

  it.each(vectorNames)('%s', async (name) => {
    const [inline, dual] = await both<VectorModule>(vectorEntry(name));
    for (const x of pointsFor(name)) {
      expect(dual.grad(x.slice())).toEqual(inline.grad(x.slice()));
      expect(dual.hess(x.slice())).toEqual(inline.hess(x.slice()));
    }
  });

  it.each(arrayNames)('%s', async (name) => {
    const [inline, dual] = await both<ArrayModule>(arrayEntry(name));
    for (const x of pointsFor(name)) expect(dual.jac(x.slice())).toEqual(inline.jac(x.slice()));
  });
});
