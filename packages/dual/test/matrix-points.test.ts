/**
 * A matrix point (`number[][]`, rows of any lengths) in the run-time engine: gradient,
 * valueAndGradient, jvp, hvp, vjp and valueAndVjp give back its shape. Checked against closed forms, a hand-written
 * backpropagation and Richardson central differences (none of them the code under test).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { gradient, hessian, hvp, jacobian, jvp, ops, valueAndGradient, valueAndVjp, vjp, type Dual, type HyperDual, type Real } from '../src/index.js';
import { centralFirst, expectAllClose, expectClose } from './helpers.js';

type M = number[][];
const add = ops.add, sub = ops.sub, mul = ops.mul;
const sum = (xs: Real[]): Real => xs.reduce<Real>((s, v) => add(s, v), 0);

/** f(W) = Σ W_ij², ∇ = 2W. */
const sumOfSquares = <D extends Real>(W: D[][]): Real => sum(W.map((row) => sum(row.map((w) => mul(w, w)))));

/** The residual W x − y of a row-major product. */
const residual = (W: Real[][], x: number[], y: number[]): Real[] => W.map((row, i) => sub(sum(row.map((w, j) => mul(w, x[j]))), y[i]));
/** f(W) = ‖W x − y‖², ∇ = 2 (W x − y) xᵀ, H·V = 2 (V x) xᵀ. */
const leastSquares = (x: number[], y: number[]) => (W: Real[][]): Real => sum(residual(W, x, y).map((r) => mul(r, r)));

/** Each element of M, through f and its finite-difference partial. */
function finiteDifferenceGradient(f: (W: M) => number, W: M): M {
  return W.map((row, i) => row.map((_, j) => centralFirst((h) => f(W.map((r, k) => (k === i ? r.map((w, l) => (l === j ? h : w)) : r))), W[i][j])));
}

const expectMatrixClose = (actual: unknown, expected: M, rel: number, abs: number, what: string): void => {
  expect(Array.isArray(actual), `${what}: an array of rows`).toBe(true);
  expect((actual as M).map((r) => r.length), `${what}: row lengths`).toEqual(expected.map((r) => r.length));
  expected.forEach((row, i) => expectAllClose((actual as M)[i], row, rel, abs, `${what}[${i}]`));
};

const ragged: M = [[1, -2, 0.5], [3], [], [-0.25, 4]];

describe('gradient with respect to a matrix', () => {
  it('is a matrix of the same shape: ∇ Σ W_ij² = 2W, rows of any lengths (an empty row gives an empty row)', () => {
    const g = gradient(sumOfSquares, ragged);
    expectMatrixClose(g, ragged.map((r) => r.map((w) => 2 * w)), 0, 0, '∇ΣW²');
    expect(g[2]).toEqual([]);
  });

  it('∇‖W x − y‖² = 2 (W x − y) xᵀ, by sweeps and by the chunked sweep', () => {
    const x = [0.5, -1.5, 2, 0.25], y = [1, -2, 0.5];
    const W = [[0.1, 0.2, -0.3, 0.4], [1, -1, 0.5, 0], [-0.7, 0.3, 0.9, 1.1]];
    const r = W.map((row, i) => row.reduce((s, w, j) => s + w * x[j], 0) - y[i]);
    const closed = r.map((ri) => x.map((xj) => 2 * ri * xj));
    for (const strategy of ['sweeps', 'chunked', 'auto'] as const) {
      expectMatrixClose(gradient(leastSquares(x, y), W, { strategy }), closed, 1e-14, 1e-15, strategy);
    }
  });

  it('a two-layer network loss, against a hand-written backpropagation and finite differences', () => {
    // W holds both layers: rows 0..H−1 the hidden layer's weights (D each), row H the output weights (H).
    const data = [{ x: [0.3, -1.2], t: 0.5 }, { x: [1.1, 0.4], t: -0.2 }, { x: [-0.6, 0.9], t: 0.1 }];
    const W: M = [[0.5, -0.3], [0.8, 0.2], [-0.4, 0.7], [1.2, -0.9, 0.6]];
    const H = 3;
    const lossOver = (Wd: Real[][]): Real => sum(data.map(({ x, t }) => {
      const h = Wd.slice(0, H).map((row) => ops.tanh(sum(row.map((w, j) => mul(w, x[j])))));
      const e = sub(sum(h.map((hi, i) => mul(Wd[H][i], hi))), t);
      return mul(e, e);
    }));
    const plainLoss = (Wn: M): number => lossOver(Wn) as number;
    // Backpropagation written out: dL/dV_i = Σ 2e h_i, dL/dW_ij = Σ 2e V_i (1 − h_i²) x_j.
    const backprop: M = W.map((row) => row.map(() => 0));
    for (const { x, t } of data) {
      const h = W.slice(0, H).map((row) => Math.tanh(row[0] * x[0] + row[1] * x[1]));
      const e = h.reduce((s, hi, i) => s + W[H][i] * hi, 0) - t;
      h.forEach((hi, i) => {
        backprop[H][i] += 2 * e * hi;
        x.forEach((xj, j) => (backprop[i][j] += 2 * e * W[H][i] * (1 - hi * hi) * xj));
      });
    }
    const { value, gradient: g } = valueAndGradient(lossOver, W);
    expectClose(value, plainLoss(W), 0, 0, 'value');
    expectMatrixClose(g, backprop, 1e-13, 1e-15, 'backprop');
    expectMatrixClose(g, finiteDifferenceGradient(plainLoss, W), 1e-8, 1e-10, 'finite differences');
  });

  it('curried, and at a matrix whose rows are typed arrays', () => {
    const g = gradient(sumOfSquares);
    expectMatrixClose(g([[1, 2], [3]]), [[2, 4], [6]], 0, 0, 'curried');
    expectMatrixClose(gradient(sumOfSquares, [Float64Array.from([1, -1]), [2]] as unknown as M), [[2, -2], [4]], 0, 0, 'typed rows');
  });

  it('f receives fresh rows of duals: writing them changes nothing the verb reads', () => {
    const g = gradient((W: Dual[][]) => {
      const s = mul(W[0][0], W[1][0]);
      W[0][0] = W[1][0];
      W.pop();
      return s;
    }, [[2], [5]]);
    expect(g).toEqual([[5], [2]]);
  });
});

describe('jvp and hvp at a matrix along a matrix', () => {
  const x = [1, -2, 0.5], y = [0.3, 1];
  const W = [[0.2, -0.1, 0.4], [1, 0.5, -0.5]];
  const V = [[1, 0, -1], [0.5, 2, 0.25]];

  it('jvp is ⟨∇f, V⟩', () => {
    const r = W.map((row, i) => row.reduce((s, w, j) => s + w * x[j], 0) - y[i]);
    const closed = r.reduce((s, ri, i) => s + x.reduce((t, xj, j) => t + 2 * ri * xj * V[i][j], 0), 0);
    expectClose(jvp(leastSquares(x, y), W, V), closed, 1e-14, 1e-15, 'jvp');
  });

  it('hvp of ‖W x − y‖² is 2 (V x) xᵀ, in the shape of W', () => {
    const Vx = V.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
    const closed = Vx.map((u) => x.map((xj) => 2 * u * xj));
    expectMatrixClose(hvp(leastSquares(x, y), W, V), closed, 1e-14, 1e-15, 'hvp');
  });
});

describe('vjp at a matrix, and jvp of a vector-valued f of a matrix', () => {
  // f(P) = [p00 p10, sin(p01) p00]: wᵀJ = [[w0 p10 + w1 sin p01, w1 cos(p01) p00], [w0 p00]].
  const pair = (P: Dual[][]): Real[] => [mul(P[0][0], P[1][0]), mul(ops.sin(P[0][1]), P[0][0])];
  const P = [[0.7, -1.2], [2.5]], w = [0.5, -2];
  const closed = [[w[0] * P[1][0] + w[1] * Math.sin(P[0][1]), w[1] * Math.cos(P[0][1]) * P[0][0]], [w[0] * P[0][0]]];

  it('vjp is wᵀJ in the shape of the point', () => {
    expectMatrixClose(vjp(pair, P, w), closed, 1e-15, 1e-16, 'vjp');
    const both = valueAndVjp(pair, P, w);
    expectAllClose(both.value, [P[0][0] * P[1][0], Math.sin(P[0][1]) * P[0][0]], 1e-15, 0, 'value');
    expectMatrixClose(both.vjp, closed, 1e-15, 1e-16, 'valueAndVjp');
  });
  it('jvp of a vector-valued f is J·V, a vector', () => {
    const D = [[0.3, -0.4], [1.5]];
    const want = [D[0][0] * P[1][0] + P[0][0] * D[1][0], Math.cos(P[0][1]) * D[0][1] * P[0][0] + Math.sin(P[0][1]) * D[0][0]];
    expectAllClose(jvp(pair, P, D), want, 1e-15, 1e-16, 'jvp');
  });
  it('bad input names the argument: the point\'s index, w\'s length', () => {
    expect(() => vjp(pair, [[1, 2], [3, 'a' as unknown as number]], [1, 1])).toThrow('vjp: `x[1][1]` must be a number, got the string "a"');
    expect(() => vjp(pair, P, [1])).toThrow('vjp: `w` has length 1 but `f` returned 2 values');
    expect(() => vjp((v: Real[]) => [v[0]], P as unknown as number[], [1])).toThrow('vjp: `x` is a matrix (number[][]), which f receives as rows, and f failed');
  });
});

describe('bad input names the argument and the index', () => {
  it('an element that is not a number', () => {
    expect(() => gradient(sumOfSquares, [[1, 2], [3, 4], [5, 'a' as unknown as number]])).toThrow(
      'gradient: `x[2][1]` must be a number, got the string "a"',
    );
    expect(() => gradient(sumOfSquares, [[1], [undefined as unknown as number]])).toThrow('gradient: `x[1][0]` must be a number, got undefined');
  });
  it('a row that is not an array, deeper nesting, and a matrix without numbers', () => {
    expect(() => gradient(sumOfSquares, [[1], 2 as unknown as number[]])).toThrow('gradient: `x[1]` must be a row (an array of numbers), got number 2');
    expect(() => gradient(sumOfSquares, [[1, [2] as unknown as number]])).toThrow('gradient: `x[0][1]` is an array');
    expect(() => gradient(sumOfSquares, [[], []])).toThrow('gradient: `x` is a matrix without numbers');
  });
  it('a direction of another shape', () => {
    const f = leastSquares([1, 2], [0, 0]);
    expect(() => jvp(f, [[1, 2], [3, 4]], [[1, 2], [3]])).toThrow('jvp: `v[1]` has length 1 but `x[1]` has length 2');
    expect(() => hvp(f, [[1, 2], [3, 4]], [[1, 2]])).toThrow('hvp: `v` has 1 rows but `x` has 2');
    expect(() => jvp(f, [[1, 2], [3, 4]], [1, 2, 3, 4] as unknown as M)).toThrow('jvp: `v` is a vector but `x` is a matrix');
  });
  it('f of two parameters at a matrix', () => {
    expect(() => gradient((a: Dual, b: Dual) => mul(a, b), [[1], [2]] as unknown as number[])).toThrow(
      'gradient: `f` takes 2 parameters, but `x` is a matrix (number[][]), which gradient passes as one argument',
    );
  });
  it('hessian and jacobian of a matrix point say to flatten it', () => {
    const flat = (v: Real[]) => v[0];
    expect(() => hessian(flat, [[1, 2]] as unknown as number[])).toThrow('hessian: `x[0]` is an array; `x` must be a flat vector of numbers (flatten');
    expect(() => jacobian((v: Real[]) => v, [[1, 2]] as unknown as number[])).toThrow('jacobian: `x[0]` is an array');
  });
});

/** Checked by tsc (`pnpm -r typecheck`), never run: the plain functions are for the build plugin. */
export function matrixPointTypes(): void {
  {
    expectTypeOf(gradient((W) => mul(W[0][0], W[1][0]), [[1], [2]])).toEqualTypeOf<number[][]>();
    expectTypeOf(gradient((W: number[][]) => W[0][0] * W[1][0], [[1], [2]])).toEqualTypeOf<number[][]>();
    expectTypeOf(valueAndGradient((W: Dual[][]) => mul(W[0][0], W[0][0]), [[1]])).toEqualTypeOf<{ value: number; gradient: number[][] }>();
    expectTypeOf(jvp((W) => mul(W[0][0], W[0][0]), [[1]], [[1]])).toEqualTypeOf<number>();
    expectTypeOf(hvp((W: HyperDual[][]) => mul(W[0][0], W[0][0]), [[1]], [[1]])).toEqualTypeOf<number[][]>();
    expectTypeOf(vjp((W: Dual[][]) => [W[0][0]], [[1]], [1])).toEqualTypeOf<number[][]>();
    expectTypeOf(vjp((W: number[][]) => [W[0][0]], [[1]], [1])).toEqualTypeOf<number[][]>();
    expectTypeOf(valueAndVjp((W: number[][]) => [W[0][0]], [[1]], [1])).toEqualTypeOf<{ value: number[]; vjp: number[][] }>();
    expectTypeOf(jvp((W: Dual[][]) => [W[0][0]], [[1]], [[1]])).toEqualTypeOf<number[]>();
    expectTypeOf(gradient((v: number[]) => v[0], [1, 2])).toEqualTypeOf<number[]>();
    expectTypeOf(gradient((W: number[][]) => W[0][0])).toEqualTypeOf<(x: readonly (readonly number[])[]) => number[][]>();
  }
}
