/**
 * One test per row of /work/shared/vectors/pitfalls.md (the cases naive forward-mode
 * implementations get wrong), named after the row, plus the conventions of DESIGN.md
 * "Conventions where a derivative does not exist". Expected values are the ones the rows state
 * (exact closed forms); gradients are checked with both strategies.
 */
import { describe, expect, it } from 'vitest';
import {
  derivative, dual, gradient, hessian, hyperDual, ops, secondDerivative, valueAndDerivatives,
  type Dual, type HyperDual, type Real,
} from '../src/index.js';
import { expectAllClose, expectClose } from './helpers.js';

const { add, sub, mul, div, pow, exp, log, abs, neg, floor, sqrt, max, min, hypot } = ops;
const strategies = ['sweeps', 'chunked'] as const;
const D = (f: (x: Dual) => Real, x: Real): Real => derivative(f, x);
const sum = (v: Real[]): Real => v.reduce((s, vi) => add(s, vi), 0);

describe('pitfalls: nested differentiation (perturbation confusion)', () => {
  it('D(x => x * D(y => x + y, 1), 1) is 1', () => {
    expect(D((x) => mul(x, D((y) => add(x, y), 1)), 1)).toBe(1);
  });
  it('D(x => x * D(y => x * y, 1), 4) is 8', () => {
    expect(D((x) => mul(x, D((y) => mul(x, y), 1)), 4)).toBe(8);
  });
  it('D(x => D(y => x, 1), 1) (inner ignores y) is 0', () => {
    expect(D((x) => D(() => x, 1), 1)).toBe(0);
  });
  // A rule's special case differentiated again: ∂(x^p)/∂x is exactly 0 at p = 0 (x^0 is constant),
  // but around p = 0 it is p·x^(p−1), whose ∂/∂p is x^(p−1)(1 + p ln x): 1/x at p = 0 (was 0).
  it('D(p => D(x => x ** p, 2), 0) is 1/2, D(p => D²(x => x ** p, 2), 0) is −1/4 (closed forms 1/x, −1/x²)', () => {
    expect(D((p) => D((x) => pow(x, p), 2), 0)).toBe(0.5);
    expect(D((p) => secondDerivative((x) => pow(x, p), 2), 0)).toBe(-0.25);
    // ∂²/∂p² of ∂(x^p)/∂x = x^(p−1) ln x (2 + p ln x): 2 ln 2 / 2 at p = 0, x = 2.
    expectClose(D((r) => D((p) => D((x) => pow(x, p), 2), r), 0) as number, Math.LN2, 1e-15);
    // The special value itself is kept: ∂(x^p)/∂x at p = 0 is 0 with p perturbed (not NaN at x = 0).
    expect(ops.primal(D((x) => pow(x, dual(0, 1)), 0))).toBe(0);
  });
  it.each(strategies)('gradient of v => sum(v) * D(y => y * norm(v), 1) at [1] is [2] (%s)', (strategy) => {
    const f = (v: Real[]) => mul(sum(v), D((y) => mul(y, hypot(...v)), 1));
    expect(gradient(f, [1], { strategy })).toEqual([2]);
    // The same function of three inputs: ∂/∂vᵢ (Σv·|v|) = |v| + Σv·vᵢ/|v|.
    const v = [1, 2, 2], norm = 3, s = 5;
    expectAllClose(gradient(f, v, { strategy }), v.map((vi) => norm + (s * vi) / norm), 1e-15, 0, 'gradient');
  });
});

describe('pitfalls: powers', () => {
  it('D(x => x ** 0, 0) is 0', () => {
    expect(D((x) => pow(x, 0), 0)).toBe(0);
  });
  it('third derivative of x => x ** 2 at 0 is 0', () => {
    const square = (x: Real) => pow(x, 2);
    expect(D((x) => D((y) => D(square, y), x), 0)).toBe(0);
    expect(D((x) => secondDerivative(square, x), 0)).toBe(0);
  });
  it.each([
    [-0.5, -Infinity], [0, -Infinity], [0.5, 0], [1.5, 0],
  ])('D(y => 0 ** y, y) at y = %s is %s', (y, expected) => {
    expect(D((t) => pow(0, t), y)).toBe(expected);
  });
  it.each(strategies)('gradient of ([a, b]) => a ** b at [0, 1.5] is [0, 0] (%s)', (strategy) => {
    expect(gradient(([a, b]: Real[]) => pow(a, b), [0, 1.5], { strategy })).toEqual([0, 0]);
  });
  it('hyper-dual x ** 1 at x = 0 (exponent known only at run time), second part is 0', () => {
    const p = Number('1');
    const r = valueAndDerivatives((x) => pow(x, p), 0);
    expect(r).toEqual({ value: 0, first: 1, second: 0 });
    // Through an explicit hyper-dual, and with the exponent 1 computed at run time.
    const y = pow(sub(hyperDual(0), 0), div(3, 3)) as HyperDual;
    expect([y.value, y.e1, y.e2, y.e12]).toEqual([0, 1, 1, 0]);
  });
});

describe('pitfalls: points without a derivative', () => {
  it('D(Math.abs, 0), D(Math.abs, -0) are 1, -1 (sign bit)', () => {
    expect(D(abs, 0)).toBe(1);
    expect(D(abs, -0)).toBe(-1);
  });
  it('second derivative of x => Math.abs(x) ** 2 at 0 is 2', () => {
    expect(secondDerivative((x) => pow(abs(x), 2), 0)).toBe(2);
  });
  it('second derivative of x => Math.abs(-(x * x)) at 0 is 2', () => {
    expect(secondDerivative((x) => abs(neg(mul(x, x))), 0)).toBe(2);
  });
  it.each(strategies)('gradient of ([a, b]) => Math.max(a, b) at [1, 1] is [1, 0] (first argument wins a tie) (%s)', (strategy) => {
    expect(gradient(([a, b]: Real[]) => max(a, b), [1, 1], { strategy })).toEqual([1, 0]);
  });
  it('D(x => (x === 1 ? 1 : x * x), 1) is 0 (the taken branch, a constant)', () => {
    expect(D((x) => (ops.eq(x, 1) ? 1 : mul(x, x)), 1)).toBe(0);
    expect(D((x) => (ops.eq(x, 1) ? 1 : mul(x, x)), 2)).toBe(4);
  });
  it('D(Math.sqrt, 0) is Infinity', () => {
    expect(D(sqrt, 0)).toBe(Infinity);
  });
  it('D(x => Math.floor(x) * x, 2.5) is 2', () => {
    expect(D((x) => mul(floor(x), x), 2.5)).toBe(2);
  });
});

describe('pitfalls: infinities and NaN', () => {
  it('Math.log at dual (0, tangent 0) has value -Infinity, tangent 0', () => {
    const y = log(dual(0, 0)) as Dual;
    expect(y.value).toBe(-Infinity);
    expect(y.tangent).toBe(0);
  });
  it.each(strategies)('gradient of ([a, b]) => a * Math.exp(-b) at [1, -1000] is [Infinity, -Infinity] (%s)', (strategy) => {
    expect(gradient(([a, b]: Real[]) => mul(a, exp(neg(b))), [1, -1000], { strategy })).toEqual([Infinity, -Infinity]);
  });
  it.each(strategies)('gradient of ([a, b]) => Math.log(0 * a + b) at [1, 0] is [0, Infinity] (%s)', (strategy) => {
    // An exactly zero tangent contributes nothing: 0·a has tangent 0 in the a-sweep, and log′(0) = ∞ meets it.
    const f = ([a, b]: Real[]) => log(add(mul(0, a), b));
    expect(gradient(f, [1, 0], { strategy })).toEqual([0, Infinity]);
  });
});

/** det of a 3×3 matrix given row-major, by cofactor expansion along the first row. */
const det3 = (m: Real[]): Real =>
  add(sub(mul(m[0], sub(mul(m[4], m[8]), mul(m[5], m[7]))), mul(m[1], sub(mul(m[3], m[8]), mul(m[5], m[6])))),
    mul(m[2], sub(mul(m[3], m[7]), mul(m[4], m[6]))));

/** log det A by an LU factorisation without pivoting (Doolittle): log det = Σ log uᵢᵢ. */
function logDetLU(A: Real[][]): Real {
  const n = A.length;
  const U = A.map((row) => row.slice());
  let logDet: Real = 0;
  for (let k = 0; k < n; k++) {
    for (let i = k + 1; i < n; i++) {
      const l = div(U[i][k], U[k][k]);
      for (let j = k; j < n; j++) U[i][j] = sub(U[i][j], mul(l, U[k][j]));
    }
    logDet = add(logDet, log(U[k][k]));
  }
  return logDet;
}
const A = (x: Real): Real[][] => [[add(2, x), 1, 0], [1, 3, x], [0, x, 4]];

describe('pitfalls: linear algebra written in plain code', () => {
  it.each(strategies)('gradient of the 3×3 determinant at [[1,0,0],[0,2,0],[0,Math.PI,3]] (row-major) is [[6,0,0],[0,3,-Math.PI],[0,0,2]] (%s)', (strategy) => {
    const g = gradient(det3, [1, 0, 0, 0, 2, 0, 0, Math.PI, 3], { strategy });
    expectAllClose(g, [6, 0, 0, 0, 3, -Math.PI, 0, 0, 2], 1e-15, 0, 'gradient');
  });
  it('Hessian of x => xᵀ H x at 0 with H = [[1,2,3],[4,5,6],[7,8,9]] is H + Hᵀ', () => {
    const H = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
    const quadratic = (x: Real[]) => sum(H.map((row, i) => mul(x[i], sum(row.map((h, j) => mul(h, x[j]))))));
    expect(hessian(quadratic, [0, 0, 0])).toEqual([[2, 6, 10], [6, 10, 14], [10, 14, 18]]);
  });
  it('d/dx log det A(x), A(x) = [[2+x,1,0],[1,3,x],[0,x,4]], at x = 0.5 is 74/203', () => {
    expectClose(D((x) => logDetLU(A(x)), 0.5), 74 / 203, 1e-14, 0, 'first');
  });
  it('second derivative of the same is −16844/41209', () => {
    expectClose(secondDerivative((x) => logDetLU(A(x)), 0.5), -16844 / 41209, 1e-14, 0, 'second');
    expectClose(D((x) => D((y) => logDetLU(A(y)), x), 0.5), -16844 / 41209, 1e-14, 0, 'nested');
  });
});

describe('pitfalls: constant outputs', () => {
  it('D(x => 1, 3) is 0, a plain number', () => {
    const d = D(() => 1, 3);
    expect(typeof d).toBe('number');
    expect(d).toBe(0);
    expect(secondDerivative(() => 1, 3)).toBe(0);
  });
  it.each(strategies)('the gradient of a function that ignores its input is a zero vector (%s)', (strategy) => {
    expect(gradient(() => 7, [1, 2, 3, 4, 5], { strategy })).toEqual([0, 0, 0, 0, 0]);
    expect(gradient(([a]: Real[]) => mul(a, 0), [1, 2, 3, 4, 5], { strategy })).toEqual([0, 0, 0, 0, 0]);
    expect(hessian(() => 7, [1, 2])).toEqual([[0, 0], [0, 0]]);
  });
});

describe('DESIGN conventions where a derivative does not exist', () => {
  it('branches and comparisons use the primal value; the path taken is differentiated', () => {
    const relu = (x: Real) => (ops.gt(x, 0) ? x : 0);
    expect(D(relu, 2)).toBe(1);
    expect(D(relu, -2)).toBe(0);
    expect(ops.lt(dual(1), 2) && ops.le(dual(2), 2) && ops.ge(dual(2), 2) && ops.ne(dual(2), 3)).toBe(true);
  });
  it("abs'(x) follows the sign bit: +1 for x > 0 and +0, −1 for x < 0 and −0", () => {
    expect([3, 0, -3, -0].map((x) => D(abs, x))).toEqual([1, 1, -1, -1]);
    expect(secondDerivative((x) => pow(abs(x), 2), 0)).toBe(secondDerivative((x) => mul(x, x), 0));
  });
  it.each(strategies)('max/min at a tie take the derivative of the first argument that attains the result (%s)', (strategy) => {
    expect(gradient(([a, b, c]: Real[]) => max(a, b, c), [1, 2, 2], { strategy })).toEqual([0, 1, 0]);
    expect(gradient(([a, b, c]: Real[]) => min(a, b, c), [3, 1, 1], { strategy })).toEqual([0, 1, 0]);
    expect(gradient(([a, b]: Real[]) => min(a, b), [1, 1], { strategy })).toEqual([1, 0]);
  });
  it.each(['floor', 'ceil', 'round', 'trunc', 'sign', 'fround'] as const)('%s has derivative 0', (name) => {
    expect(D(ops[name], 2.3)).toBe(0);
    expect(secondDerivative(ops[name], -1.7)).toBe(0);
  });
  it("sqrt'(0) = +Infinity; x ** 0 has derivative 0 everywhere, also at x = 0", () => {
    expect(D(sqrt, 0)).toBe(Infinity);
    for (const x of [-2, 0, 3]) expect(D((t) => pow(t, 0), x)).toBe(0);
    expect(secondDerivative((t) => pow(t, 0), 0)).toBe(0);
  });
  it('a function with a constant output has derivative 0 (a number, not an error)', () => {
    expect(D(() => 5, 1)).toBe(0);
  });
  it('an exactly zero tangent contributes nothing: a zero tangent times an infinite partial gives 0, not NaN', () => {
    // (∞ + x)·(0·x + 1): the product rule meets ∞ · 0 (the tangent of the second factor).
    const f = (x: Real) => mul(add(1e308 * 10, x), add(mul(0, x), 1));
    expect(D(f, 1)).toBe(1);
    // A constant infinite factor times a zero tangent, and a zero tangent divided by 0.
    expect(D((x: Real) => mul(Infinity, sub(x, x)), 1)).toBe(0);
    expect(D((x: Real) => div(sub(x, x), 0), 1)).toBe(0);
    // ∂/∂y of sqrt(x) + y at x = 0 is 1: the x-tangent is 0 in the y-sweep.
    expect(gradient(([x, y]: Real[]) => add(sqrt(x), y), [0, 2])).toEqual([Infinity, 1]);
  });
});
