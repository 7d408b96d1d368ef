import { describe, expect, it } from 'vitest';
import * as fd from '../src/methods/finiteDifferences.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

// Closed forms: (eˣ)' = (eˣ)'' = eˣ; sin' = cos, sin'' = −sin.
const cases = [
  { name: 'exp', f: Math.exp, x: 0.7, d1: Math.exp(0.7), d2: Math.exp(0.7) },
  { name: 'sin', f: Math.sin, x: 1.2, d1: Math.cos(1.2), d2: -Math.sin(1.2) },
];

// Tolerances: a few times the balanced error (truncation = rounding) of each formula.
type Difference = (f: (x: number) => number, x: number) => number;
const atDefaultSteps: [string, 'd1' | 'd2', Difference, number][] = [
  ["forward f'", 'd1', fd.forwardDifference, 1e-7],
  ["central f'", 'd1', fd.centralDifference, 1e-9],
  ["five-point f'", 'd1', fd.fivePointDifference, 1e-11],
  ["Richardson f'", 'd1', fd.richardsonDifference, 1e-12],
  ["forward f''", 'd2', fd.forwardSecondDifference, 1e-4],
  ["central f''", 'd2', fd.centralSecondDifference, 1e-6],
  ["five-point f''", 'd2', fd.fivePointSecondDifference, 1e-8],
  ["Richardson f''", 'd2', fd.richardsonSecondDifference, 1e-9],
];

describe('differences at their default steps', () => {
  for (const c of cases) {
    for (const [method, order, d, tol] of atDefaultSteps) {
      it(`${method} of ${c.name} is within ${tol}`, () => expect(rel(d(c.f, c.x), c[order])).toBeLessThan(tol));
    }
  }
});

describe('orders of accuracy (truncation regime: halving h divides the error by 2^order)', () => {
  const f = Math.exp, x = 0.7, exact = Math.exp(0.7);
  const orderOf = (d: (h: number) => number, h: number, target: number) =>
    Math.log2(Math.abs(d(h) - target) / Math.abs(d(h / 2) - target));
  it('forward is first order', () => expect(orderOf((h) => fd.forwardDifference(f, x, h), 1e-2, exact)).toBeCloseTo(1, 1));
  it('central is second order', () => expect(orderOf((h) => fd.centralDifference(f, x, h), 1e-2, exact)).toBeCloseTo(2, 1));
  it('five-point is fourth order', () => expect(orderOf((h) => fd.fivePointDifference(f, x, h), 1e-1, exact)).toBeCloseTo(4, 1));
  it('Richardson (3 levels) is sixth order', () => expect(orderOf((h) => fd.richardsonDifference(f, x, h), 0.4, exact)).toBeCloseTo(6, 0));
  it('central second difference is second order', () => expect(orderOf((h) => fd.centralSecondDifference(f, x, h), 1e-1, exact)).toBeCloseTo(2, 1));
});

describe('vector differences', () => {
  // g(x) = x0² x1 + sin(x2): ∇g = (2 x0 x1, x0², cos x2), ∇²g = [[2x1, 2x0, 0], [2x0, 0, 0], [0, 0, −sin x2]].
  const g = (x: readonly number[]) => x[0] * x[0] * x[1] + Math.sin(x[2]);
  const x = [1.3, -0.4, 0.9];
  const grad = [2 * x[0] * x[1], x[0] * x[0], Math.cos(x[2])];
  const hess = [[2 * x[1], 2 * x[0], 0], [2 * x[0], 0, 0], [0, 0, -Math.sin(x[2])]];
  const maxDiff = (a: number[][] | number[], b: number[][] | number[]) =>
    Math.max(...(a.flat() as number[]).map((v, i) => Math.abs(v - (b.flat() as number[])[i])));

  it('forward and central gradients', () => {
    expect(maxDiff(fd.forwardGradient(g, x), grad)).toBeLessThan(1e-7);
    expect(maxDiff(fd.centralGradient(g, x), grad)).toBeLessThan(1e-9);
  });
  it('central Hessian', () => expect(maxDiff(fd.centralHessian(g, x), hess)).toBeLessThan(1e-6));
  it('Jacobians of (x0 x1, sin x2) are 2 × 3', () => {
    const v = (y: readonly number[]) => [y[0] * y[1], Math.sin(y[2])];
    const J = [[x[1], x[0], 0], [0, 0, Math.cos(x[2])]];
    expect(fd.centralJacobian(v, x).length).toBe(2);
    expect(maxDiff(fd.centralJacobian(v, x), J)).toBeLessThan(1e-9);
    expect(maxDiff(fd.forwardJacobian(v, x), J)).toBeLessThan(1e-7);
  });
  it('leave the point unchanged', () => {
    const copy = x.slice();
    fd.centralHessian(g, x);
    fd.centralGradient(g, x);
    expect(x).toEqual(copy);
  });
});
