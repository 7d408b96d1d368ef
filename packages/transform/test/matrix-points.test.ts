/**
 * gradient, valueAndGradient, jvp, hvp and vjp with respect to a matrix (`number[][]`, rows of any
 * lengths), and gradient(f) of a function of a matrix, in compiled code: the call site checks the
 * point (and the direction) as the run-time engine does and lays it out (analyze/scalarise.ts), the
 * generated code differentiates with respect to the layout, and the gradient (H·v, wᵀJ) comes back
 * as rows of the point's shape. Checked in both emit modes and in reverse mode
 * against closed forms and a hand-written backpropagation (not the code under test), and against
 * the run-time engine's errors for bad points.
 */
import { describe, expect, it } from 'vitest';
import { gradient as engineGradient, hvp as engineHvp, jvp as engineJvp, ops, vjp as engineVjp, type Real } from '@ddx/dual';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/matrix-points.ts';
const head = "import { gradient, valueAndGradient, hessian, jacobian, jvp, hvp, vjp, valueAndVjp } from '@ddx/dual';\n";

type Case = { mode: EmitMode; gradientMode: 'forward' | 'reverse' | 'auto' };
const cases: Case[] = [
  { mode: 'inline', gradientMode: 'forward' },
  { mode: 'dual', gradientMode: 'forward' },
  { mode: 'inline', gradientMode: 'reverse' },
  { mode: 'inline', gradientMode: 'auto' },
];

async function compiled(source: string, { mode, gradientMode }: Case): Promise<Record<string, unknown>> {
  const options = `{ mode: '${gradientMode}' }`;
  // hvp is compiled in forward or reverse mode ('auto' is the gradient's).
  const second = `{ mode: '${gradientMode === 'reverse' ? 'reverse' : 'forward'}' }`;
  const result = transform(head + source.replaceAll('OPTIONS', options).replaceAll('SECOND', second), file, { mode });
  expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
  // Rewritten, not left to the engine (dual mode passes the engine a version over duals).
  expect(result.code).not.toMatch(/\b(gradient|valueAndGradient|jvp|hvp|vjp|valueAndVjp)\((sumOfSquares|leastSquares|network|pair|\(w)\b/);
  expect(result.code).toContain('ddxMatrixPoint(');
  return run(result.code);
}

const diagnosticsOf = (source: string): string[] => transform(head + source, file).diagnostics.map((d) => `${d.code} ${d.message}`);

type M = number[][];
const expectMatrixClose = (got: unknown, want: M, rel = 1e-14): void => {
  expect((got as M).map((r) => r.length)).toEqual(want.map((r) => r.length));
  want.forEach((row, i) => row.forEach((w, j) => {
    const g = (got as M)[i][j];
    if (Math.abs(g - w) > rel * Math.max(1, Math.abs(w))) expect.fail(`[${i}][${j}]: got ${g}, expected ${w}`);
  }));
};

const x = [0.5, -1.5, 2, 0.25], y = [1, -2, 0.5];
const W = [[0.1, 0.2, -0.3, 0.4], [1, -1, 0.5, 0], [-0.7, 0.3, 0.9, 1.1]];
const ragged = [[1, -2, 0.5], [3], [], [-0.25, 4]];

// A two-layer network whose one matrix holds both layers: rows 0..H−1 the hidden weights (D each), row H the output weights (H).
const data = [{ x: [0.3, -1.2], t: 0.5 }, { x: [1.1, 0.4], t: -0.2 }, { x: [-0.6, 0.9], t: 0.1 }];
const net: M = [[0.5, -0.3], [0.8, 0.2], [-0.4, 0.7], [1.2, -0.9, 0.6]];
const H = 3;
/** dL/dV_i = Σ 2e h_i, dL/dW_ij = Σ 2e V_i (1 − h_i²) x_j, written out. */
function backprop(net: M): { value: number; gradient: M } {
  const g: M = net.map((row) => row.map(() => 0));
  let value = 0;
  for (const { x: xs, t } of data) {
    const h = net.slice(0, H).map((row) => Math.tanh(row[0] * xs[0] + row[1] * xs[1]));
    const e = h.reduce((s, hi, i) => s + net[H][i] * hi, 0) - t;
    value += e * e;
    h.forEach((hi, i) => {
      g[H][i] += 2 * e * hi;
      xs.forEach((xj, j) => (g[i][j] += 2 * e * net[H][i] * (1 - hi * hi) * xj));
    });
  }
  return { value, gradient: g };
}

const source = [
  'function sumOfSquares(m: number[][]): number {',
  '  let s = 0;',
  '  for (const row of m) for (let j = 0; j < row.length; j++) s += row[j] * row[j];',
  '  return s;',
  '}',
  `const x = ${JSON.stringify(x)}, y = ${JSON.stringify(y)};`,
  'function leastSquares(W: number[][]): number {',
  '  let s = 0;',
  '  for (let i = 0; i < W.length; i++) {',
  '    let r = -y[i];',
  '    for (let j = 0; j < W[i].length; j++) r += W[i][j] * x[j];',
  '    s += r * r;',
  '  }',
  '  return s;',
  '}',
  // The inputs two by two, and the targets.
  `const X = ${JSON.stringify(data.flatMap((d) => d.x))}, T = ${JSON.stringify(data.map((d) => d.t))};`,
  `function network(W: number[][]): number {`,
  `  const H = W.length - 1;`,
  '  let loss = 0;',
  '  for (let k = 0; k < T.length; k++) {',
  '    let out = 0;',
  '    for (let i = 0; i < H; i++) {',
  '      let a = 0;',
  '      for (let j = 0; j < 2; j++) a += W[i][j] * X[2 * k + j];',
  '      out += W[H][i] * Math.tanh(a);',
  '    }',
  '    const e = out - T[k];',
  '    loss += e * e;',
  '  }',
  '  return loss;',
  '}',
  `export const squares = (m: number[][]) => gradient(sumOfSquares, m, OPTIONS);`,
  `export const least = (m: number[][]) => gradient(leastSquares, m, OPTIONS);`,
  `export const trained = (m: number[][]) => valueAndGradient(network, m, OPTIONS);`,
  `export const arrow = (m: number[][]) => gradient((w: number[][]) => w[0][1] * w[1][0], m, OPTIONS);`,
  // f: R^{2+1} → R², [m00 m10, sin m01 · m00]
  'function pair(m: number[][]): number[] { return [m[0][0] * m[1][0], Math.sin(m[0][1]) * m[0][0]]; }',
  `export const curried = gradient(leastSquares, OPTIONS);`,
  `export const leastAlong = (m: number[][], v: number[][]) => jvp(leastSquares, m, v);`,
  `export const networkAlong = (m: number[][], v: number[][]) => jvp(network, m, v);`,
  `export const pairAlong = (m: number[][], v: number[][]) => jvp(pair, m, v);`,
  `export const leastHv = (m: number[][], v: number[][]) => hvp(leastSquares, m, v, SECOND);`,
  `export const networkHv = (m: number[][], v: number[][]) => hvp(network, m, v, SECOND);`,
  `export const pairBack = (m: number[][], w: number[]) => vjp(pair, m, w);`,
  `export const pairBoth = (m: number[][], w: number[]) => valueAndVjp(pair, m, w);`,
].join('\n');

/** Central differences of the hand-written gradient along V: H·V to O(h²). */
const hessianAlong = (m: M, v: M, h = 1e-5): M => {
  const at = (t: number): M => backprop(m.map((row, i) => row.map((w, j) => w + t * v[i][j]))).gradient;
  const [plus, minus] = [at(h), at(-h)];
  return plus.map((row, i) => row.map((p, j) => (p - minus[i][j]) / (2 * h)));
};
const dot = (a: M, b: M): number => a.reduce((s, row, i) => row.reduce((t, ai, j) => t + ai * b[i][j], s), 0);

describe.each(cases)('$mode mode, $gradientMode', (c) => {
  it('∇ Σ m_ij² = 2m over ragged rows (an empty row gives an empty row)', async () => {
    const m = await compiled(source, c);
    expectMatrixClose((m.squares as (w: M) => M)(ragged), ragged.map((r) => r.map((v) => 2 * v)), 0);
  });
  it('∇‖W x − y‖² = 2 (W x − y) xᵀ', async () => {
    const m = await compiled(source, c);
    const r = W.map((row, i) => row.reduce((s, w, j) => s + w * x[j], 0) - y[i]);
    expectMatrixClose((m.least as (w: M) => M)(W), r.map((ri) => x.map((xj) => 2 * ri * xj)));
  });
  it('a two-layer network loss against hand-written backpropagation', async () => {
    const m = await compiled(source, c);
    const got = (m.trained as (w: M) => { value: number; gradient: M })(net);
    const want = backprop(net);
    expect(Math.abs(got.value - want.value)).toBeLessThanOrEqual(1e-14 * want.value);
    expectMatrixClose(got.gradient, want.gradient, 1e-13);
  });
  it('an arrow over the matrix; the gradient agrees with the run-time engine', async () => {
    const m = await compiled(source, c);
    const P = [[1, 2], [3]];
    expect((m.arrow as (w: M) => M)(P)).toEqual([[0, 3], [2]]);
    expect(engineGradient((w: Real[][]) => ops.mul(w[0][1], w[1][0]), P)).toEqual([[0, 3], [2]]);
  });
  it('gradient(f) of a function of a matrix is a function giving back rows', async () => {
    const m = await compiled(source, c);
    const r = W.map((row, i) => row.reduce((s, w, j) => s + w * x[j], 0) - y[i]);
    expectMatrixClose((m.curried as (w: M) => M)(W), r.map((ri) => x.map((xj) => 2 * ri * xj)));
    expectMatrixClose((m.curried as (w: M) => M)(net.slice(0, 3)), net.slice(0, 3).map((row, i) => {
      const ri = row.reduce((s, w, j) => s + w * x[j], 0) - y[i];
      return row.map((_, j) => 2 * ri * x[j]);
    }));
  });
  it('jvp along V: ⟨2 (W x − y) xᵀ, V⟩, the network\'s ⟨∇L, V⟩ by backpropagation, and a vector-valued f', async () => {
    const m = await compiled(source, c);
    const V = W.map((row, i) => row.map((_, j) => Math.cos(i + 2 * j)));
    const r = W.map((row, i) => row.reduce((s, w, j) => s + w * x[j], 0) - y[i]);
    const closed = r.reduce((s, ri, i) => s + 2 * ri * V[i].reduce((t, vij, j) => t + vij * x[j], 0), 0);
    const got = (m.leastAlong as (w: M, v: M) => number)(W, V);
    expect(Math.abs(got - closed)).toBeLessThanOrEqual(1e-14 * Math.abs(closed));
    const Vn = net.map((row, i) => row.map((_, j) => Math.sin(1 + i - j)));
    const want = dot(backprop(net).gradient, Vn);
    expect(Math.abs((m.networkAlong as (w: M, v: M) => number)(net, Vn) - want)).toBeLessThanOrEqual(1e-13 * Math.abs(want));
    // d/dt [m00 m10, sin m01 · m00] along [[a, b], [c]] = [a m10 + m00 c, cos m01 · b · m00 + sin m01 · a]
    const P = [[0.7, -1.2], [2.5]], D = [[0.3, -0.4], [1.5]];
    const pair = (m.pairAlong as (w: M, v: M) => number[])(P, D);
    const wantPair = [D[0][0] * P[1][0] + P[0][0] * D[1][0], Math.cos(P[0][1]) * D[0][1] * P[0][0] + Math.sin(P[0][1]) * D[0][0]];
    pair.forEach((g, k) => expect(Math.abs(g - wantPair[k])).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(wantPair[k]))));
    expect(pair).toEqual(engineJvp((w: Real[][]) => [ops.mul(w[0][0], w[1][0]), ops.mul(ops.sin(w[0][1]), w[0][0])], P, D));
  });
  it('hvp along V: 2 (V x) xᵀ, and the network\'s against differences of the hand-written gradient', async () => {
    const m = await compiled(source, c);
    const V = W.map((row, i) => row.map((_, j) => Math.cos(i + 2 * j)));
    const Vx = V.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
    expectMatrixClose((m.leastHv as (w: M, v: M) => M)(W, V), Vx.map((vi) => x.map((xj) => 2 * vi * xj)), 1e-14);
    const Vn = net.map((row, i) => row.map((_, j) => Math.sin(1 + i - j)));
    const got = (m.networkHv as (w: M, v: M) => M)(net, Vn);
    // Differences of step 1e-5: truncation ~1e-10 relative, rounding ~1e-11.
    expectMatrixClose(got, hessianAlong(net, Vn), 1e-7);
    const tanhNet = (w: Real[][]): Real => {
      let loss: Real = 0;
      for (const { x: xs, t } of data) {
        let out: Real = 0;
        for (let i = 0; i < H; i++) out = ops.add(out, ops.mul(w[H][i], ops.tanh(ops.add(ops.mul(w[i][0], xs[0]), ops.mul(w[i][1], xs[1])))));
        const e = ops.sub(out, t);
        loss = ops.add(loss, ops.mul(e, e));
      }
      return loss;
    };
    expectMatrixClose(got, engineHvp(tanhNet, net, Vn), 1e-12);
  });
  it('vjp at a matrix: wᵀJ in the point\'s shape', async () => {
    const m = await compiled(source, c);
    const P = [[0.7, -1.2], [2.5]], w = [0.5, -2];
    // ∂/∂m00 = w0 m10 + w1 sin m01, ∂/∂m01 = w1 cos m01 · m00, ∂/∂m10 = w0 m00
    const want = [[w[0] * P[1][0] + w[1] * Math.sin(P[0][1]), w[1] * Math.cos(P[0][1]) * P[0][0]], [w[0] * P[0][0]]];
    expectMatrixClose((m.pairBack as (p: M, w: number[]) => M)(P, w), want, 1e-15);
    const both = (m.pairBoth as (p: M, w: number[]) => { value: number[]; vjp: M })(P, w);
    expect(both.value).toEqual([P[0][0] * P[1][0], Math.sin(P[0][1]) * P[0][0]]);
    expectMatrixClose(both.vjp, want, 1e-15);
    expectMatrixClose(engineVjp((q: Real[][]) => [ops.mul(q[0][0], q[1][0]), ops.mul(ops.sin(q[0][1]), q[0][0])], P, w), want, 1e-15);
    // A bad point names its index, as the engine's vjp does; w's length is checked against f's values.
    expect(() => (m.pairBack as (p: unknown, w: number[]) => M)([[1, 2], [3, 'a']], w)).toThrow('vjp: `x[1][1]` must be a number, got the string "a"');
    expect(() => (m.pairBack as (p: M, w: number[]) => M)(P, [1])).toThrow(/^vjp: `w` has length 1/);
  });
  it('a bad direction gets the run-time engine\'s error, naming the argument and index', async () => {
    const m = await compiled(source, c);
    const sq = (w: Real[][]): Real => w.reduce<Real>((s, row) => row.reduce<Real>((t, v) => ops.add(t, ops.mul(v, v)), s), 0);
    const P = [[1, 2], [3, 4]];
    const bad: unknown[] = [[[1, 2], [3]], [[1, 2]], [1, 2, 3, 4], [[1, 2], [3, 'a']], [[1, 2], 3], [[], []], [[1, [2]], [3, 4]], 'ab', undefined];
    for (const [name, compiledVerb, engineVerb] of [
      ['jvp', m.leastAlong, engineJvp], ['hvp', m.leastHv, engineHvp],
    ] as [string, (w: unknown, v: unknown) => unknown, (f: (w: Real[][]) => Real, x: M, v: M) => unknown][]) {
      for (const v of bad) {
        let engine: unknown, generated: unknown;
        try { engine = engineVerb(sq, P, v as M); } catch (e) { engine = e; }
        try { generated = compiledVerb(P, v); } catch (e) { generated = e; }
        expect(String(generated), `${name} ${JSON.stringify(v)}`).toBe(String(engine));
        expect(String(generated)).toMatch(/Error: \w+: `v/);
      }
      // A bad point is reported before the direction, as the engine does.
      let engine: unknown, generated: unknown;
      try { engine = engineVerb(sq, [[1], 2] as unknown as M, [1] as unknown as M); } catch (e) { engine = e; }
      try { generated = compiledVerb([[1], 2], [1]); } catch (e) { generated = e; }
      expect(String(generated)).toBe(String(engine));
    }
  });
  it('a bad point gets the run-time engine\'s error, naming the index', async () => {
    const m = await compiled(source, c);
    const squares = m.squares as (w: unknown) => M;
    const sq = (w: Real[][]): Real => w.reduce<Real>((s, row) => row.reduce<Real>((t, v) => ops.add(t, ops.mul(v, v)), s), 0);
    const bad: unknown[] = [
      [[1, 2], [3, 4], [5, 'a']], [[1], 2], [[1, [2]]], [[], []], [[1], [undefined]], 3, 'ab', [[1], new Float64Array([2, 3])],
    ];
    for (const p of bad) {
      let engine: unknown, generated: unknown;
      try { engine = engineGradient(sq, p as M); } catch (e) { engine = e; }
      try { generated = squares(p); } catch (e) { generated = e; }
      expect(String(generated), JSON.stringify(String(p))).toBe(String(engine));
    }
  });
});

describe('what stays refused, with a message', () => {
  it('hessian and jacobian of a function of a matrix (their result would be a matrix of matrices)', () => {
    const fn = 'function f(m: number[][]): number { return m[0][0] * m[0][0]; }\nfunction g(m: number[][]): number[] { return [m[0][0]]; }\n';
    expect(diagnosticsOf(fn + 'export const h = hessian(f, [[1]]);')).toEqual([expect.stringMatching(/^DDX1023 hessian of a function of a matrix is not compiled: parameter 'm' of 'f' is a matrix \(number\[\]\[\]\), and hessian's result would hold a matrix per entry of the point; use gradient, jvp, hvp or vjp/)]);
    expect(diagnosticsOf(fn + 'export const j = jacobian(g, [[1]]);')).toEqual([expect.stringMatching(/^DDX1023 jacobian of a function of a matrix is not compiled: parameter 'm' of 'g' is a matrix \(number\[\]\[\]\), and jacobian's result would hold a matrix per entry of the point; use gradient, jvp, hvp or vjp/)]);
    expect(diagnosticsOf(fn + 'export const h = hessian(f);')).toEqual([expect.stringMatching(/^DDX1023 hessian of a function of a matrix is not compiled: parameter 'm' of 'f' is a matrix \(number\[\]\[\]\), and hessian's result would hold a matrix per entry of the point; use gradient, jvp, hvp or vjp/)]);
  });
});
