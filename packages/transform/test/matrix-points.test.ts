/**
 * gradient and valueAndGradient with respect to a matrix (`number[][]`, rows of any lengths) in
 * compiled code: the call site checks the point as the run-time engine does and lays it out
 * (analyze/scalarise.ts), the generated code differentiates with respect to the layout, and the
 * gradient comes back as rows of the point's shape. Checked in both emit modes and in reverse mode
 * against closed forms and a hand-written backpropagation (not the code under test), and against
 * the run-time engine's errors for bad points.
 */
import { describe, expect, it } from 'vitest';
import { gradient as engineGradient, ops, type Real } from '@ddx/dual';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/matrix-points.ts';
const head = "import { gradient, valueAndGradient, hessian, jvp } from '@ddx/dual';\n";

type Case = { mode: EmitMode; gradientMode: 'forward' | 'reverse' | 'auto' };
const cases: Case[] = [
  { mode: 'inline', gradientMode: 'forward' },
  { mode: 'dual', gradientMode: 'forward' },
  { mode: 'inline', gradientMode: 'reverse' },
  { mode: 'inline', gradientMode: 'auto' },
];

async function compiled(source: string, { mode, gradientMode }: Case): Promise<Record<string, unknown>> {
  const options = `{ mode: '${gradientMode}' }`;
  const result = transform(head + source.replaceAll('OPTIONS', options), file, { mode });
  expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
  // Rewritten, not left to the engine (dual mode passes the engine a version over duals).
  expect(result.code).not.toMatch(/\b(gradient|valueAndGradient)\((sumOfSquares|leastSquares|network|\(w),/);
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
function backprop(): { value: number; gradient: M } {
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
].join('\n');

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
    const want = backprop();
    expect(Math.abs(got.value - want.value)).toBeLessThanOrEqual(1e-14 * want.value);
    expectMatrixClose(got.gradient, want.gradient, 1e-13);
  });
  it('an arrow over the matrix; the gradient agrees with the run-time engine', async () => {
    const m = await compiled(source, c);
    const P = [[1, 2], [3]];
    expect((m.arrow as (w: M) => M)(P)).toEqual([[0, 3], [2]]);
    expect(engineGradient((w: Real[][]) => ops.mul(w[0][1], w[1][0]), P)).toEqual([[0, 3], [2]]);
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
  it('other verbs of a function of a matrix, and gradient(f) without its point', () => {
    const fn = 'function f(m: number[][]): number { return m[0][0] * m[0][0]; }\n';
    expect(diagnosticsOf(fn + 'export const h = hessian(f, [[1]]);')).toEqual([expect.stringMatching(/^DDX1023 hessian differentiates with respect to its input, but parameter 'm' of 'f' is a matrix/)]);
    expect(diagnosticsOf(fn + 'export const g = gradient(f);')).toEqual([expect.stringMatching(/^DDX1023 gradient\(f\) of 'f', a function of a matrix \(number\[\]\[\]\), is compiled where it is given its point: gradient\(f, m\)/)]);
  });
});
