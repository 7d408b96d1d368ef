/**
 * A function of a matrix and other parameters, differentiated with respect to the matrix through an
 * arrow whose parameter is unannotated (`gradient((W) => loss(W, b, x), W0)`: typed by its matrix
 * point), and matrix literals passed as arguments (`loss(W, b, [[1, 2], [3, 4]])`, a point
 * `[[1, 2], [3, 4]]`), in compiled code: every verb that takes a matrix point, both emit modes,
 * forward, reverse and auto mode. Checked against the closed form of the gradient (not the code
 * under test), central differences of the primal (stated tolerances) and the run-time engine.
 */
import { describe, expect, it } from 'vitest';
import { gradient as engineGradient, hvp as engineHvp, ops, type Real } from '@ddx/dual';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/matrix-arguments.ts';
const head = "import { gradient, valueAndGradient, jvp, hvp, vjp, valueAndVjp } from '@ddx/dual';\n";

type Case = { mode: EmitMode; gradientMode: 'forward' | 'reverse' | 'auto' };
const cases: Case[] = [
  { mode: 'inline', gradientMode: 'forward' },
  { mode: 'dual', gradientMode: 'forward' },
  { mode: 'inline', gradientMode: 'reverse' },
  { mode: 'inline', gradientMode: 'auto' },
];

type M = number[][];

const source = [
  // Σ_k Σ_i (b_i + Σ_j W_ij x_kj)²: a layer's squared outputs over a data set.
  'function loss(W: number[][], b: number[], x: number[][]): number {',
  '  let s = 0;',
  '  for (let k = 0; k < x.length; k++) {',
  '    for (let i = 0; i < W.length; i++) {',
  '      let r = b[i];',
  '      for (let j = 0; j < W[i].length; j++) r += W[i][j] * x[k][j];',
  '      s += r * r;',
  '    }',
  '  }',
  '  return s;',
  '}',
  // A helper passing loss a matrix literal of its own, one element of it active.
  'function local(W: number[][], b: number[]): number {',
  '  return loss(W, b, [[1, -2, 0.5], [W[0][0], 3, -1]]) + loss(W, b, Array.from({ length: 2 }, (_, k) => [k, 1, W[1][2]]));',
  '}',
  'export const untyped = (W0: number[][], b: number[], x: number[][]) => gradient((W) => loss(W, b, x), W0, OPTIONS);',
  'export const both = (W0: number[][], b: number[], x: number[][]) => valueAndGradient((W) => loss(W, b, x), W0, OPTIONS);',
  'export const along = (W0: number[][], V: number[][], b: number[], x: number[][]) => jvp((W) => loss(W, b, x), W0, V);',
  'export const curvature = (W0: number[][], V: number[][], b: number[], x: number[][]) => hvp((W) => loss(W, b, x), W0, V, SECOND);',
  'export const back = (W0: number[][], w: number[], b: number[], x: number[][]) => vjp((W) => [loss(W, b, x), W[0][1] * W[1][0]], W0, w);',
  'export const backBoth = (W0: number[][], w: number[], b: number[], x: number[][]) => valueAndVjp((W) => [loss(W, b, x), W[0][1] * W[1][0]], W0, w);',
  'export const literalData = (W0: number[][], b: number[]) => gradient((W: number[][]) => loss(W, b, [[1, -2, 0.5], [0.25, 3, -1]]), W0, OPTIONS);',
  'export const literalActive = (W0: number[][], b: number[]) => gradient((W) => local(W, b), W0, OPTIONS);',
  // A literal made only in the branch taken, and one made at each test of a loop.
  'export const branch = (W0: number[][], b: number[], c: boolean) => gradient((W) => (c ? loss(W, b, [[1, 2, 3]]) : W[0][0]), W0, OPTIONS);',
  'export const looped = (W0: number[][]) => gradient((W) => { let s = 0; while (loss([[s, 2]], [0], [[1, 0]]) < 25) s += W[0][0]; return s; }, W0, OPTIONS);',
  'const B = [0.5, -1], X = [[1, -2, 0.5], [0.25, 3, -1]];',
  'export const literalPoint = () => gradient((W) => loss(W, B, X), [[0.1, 0.2, -0.3], [1, -1, 0.5]], OPTIONS);',
  'const W1 = [[0.1, 0.2, -0.3], [1, -1, 0.5]];',
  'export const constPoint = () => valueAndGradient((W) => loss(W, B, X), W1, OPTIONS);',
  'export const literalAlong = () => jvp((W) => loss(W, B, X), [[0.1, 0.2, -0.3], [1, -1, 0.5]], [[1, 0, 0], [0, 0, 2]]);',
].join('\n');

async function compiled({ mode, gradientMode }: Case): Promise<Record<string, unknown>> {
  const second = `{ mode: '${gradientMode === 'reverse' ? 'reverse' : 'forward'}' }`;
  const result = transform(head + source.replaceAll('OPTIONS', `{ mode: '${gradientMode}' }`).replaceAll('SECOND', second), file, { mode });
  expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
  // Rewritten, not left to the engine (dual mode passes the engine a version over duals).
  expect(result.code).not.toMatch(/\b(gradient|valueAndGradient|jvp|hvp|vjp|valueAndVjp)\(\(W(\)|: number)/);
  return run(result.code);
}

const loss = (W: M, b: number[], x: M): number =>
  x.reduce((s, xk) => W.reduce((t, row, i) => { const r = row.reduce((u, w, j) => u + w * xk[j], b[i]); return t + r * r; }, s), 0);
/** ∂/∂W_ij Σ_k Σ_i r_ki² = Σ_k 2 r_ki x_kj, r_ki = b_i + Σ_j W_ij x_kj. */
const closedGradient = (W: M, b: number[], x: M): M => W.map((row, i) => row.map((_, j) =>
  x.reduce((s, xk) => s + 2 * row.reduce((u, w, l) => u + w * xk[l], b[i]) * xk[j], 0)));
/** H·V = Σ_k 2 (V x_k)_i x_kj. */
const closedHv = (V: M, x: M): M => V.map((row, i) => row.map((_, j) => x.reduce((s, xk) => s + 2 * row.reduce((u, v, l) => u + v * xk[l], 0) * xk[j], 0)));
/** Central differences of `f` at W, step h: O(h²) truncation. */
const differences = (f: (W: M) => number, W: M, h = 1e-6): M => W.map((row, i) => row.map((_, j) => {
  const at = (t: number): number => f(W.map((r, k) => r.map((w, l) => (k === i && l === j ? w + t : w))));
  return (at(h) - at(-h)) / (2 * h);
}));

const expectMatrixClose = (got: unknown, want: M, tolerance: number): void => {
  expect((got as M).map((r) => r.length)).toEqual(want.map((r) => r.length));
  want.forEach((row, i) => row.forEach((w, j) => {
    const g = (got as M)[i][j];
    if (!(Math.abs(g - w) <= tolerance * Math.max(1, Math.abs(w)))) expect.fail(`[${i}][${j}]: got ${g}, expected ${w}`);
  }));
};

const W0: M = [[0.3, -0.7, 1.1], [0.4, 0.9, -0.2], [-1.3, 0.05, 0.6]];
const b = [0.2, -0.5, 1];
const x: M = [[1, 0.5, -1], [-0.3, 2, 0.7], [0.8, -1.1, 0.4], [0, 1, 1]];
const B2 = [0.5, -1];
const V: M = W0.map((row, i) => row.map((_, j) => Math.cos(1 + i + 3 * j)));

describe.each(cases)('$mode mode, $gradientMode', (c) => {
  it('gradient and valueAndGradient of (W) => loss(W, b, x), W unannotated, b and x captured: 2 Σ_k r_k x_kᵀ', async () => {
    const m = await compiled(c);
    const want = closedGradient(W0, b, x);
    expectMatrixClose((m.untyped as (w: M, b: number[], x: M) => M)(W0, b, x), want, 1e-14);
    const got = (m.both as (w: M, b: number[], x: M) => { value: number; gradient: M })(W0, b, x);
    expect(Math.abs(got.value - loss(W0, b, x))).toBeLessThanOrEqual(1e-14 * loss(W0, b, x));
    expectMatrixClose(got.gradient, want, 1e-14);
    // The engine at the same point, over its own duals.
    const engine = engineGradient((w: Real[][]) => x.reduce<Real>((s, xk) => w.reduce<Real>((t, row, i) => {
      const r = row.reduce<Real>((u, wij, j) => ops.add(u, ops.mul(wij, xk[j])), b[i]);
      return ops.add(t, ops.mul(r, r));
    }, s), 0), W0);
    expectMatrixClose(engine, want, 1e-14);
  });
  it('jvp, hvp, vjp and valueAndVjp of an arrow with an unannotated matrix parameter', async () => {
    const m = await compiled(c);
    const g = closedGradient(W0, b, x);
    const dot = g.reduce((s, row, i) => row.reduce((t, gij, j) => t + gij * V[i][j], s), 0);
    expect(Math.abs((m.along as (w: M, v: M, b: number[], x: M) => number)(W0, V, b, x) - dot)).toBeLessThanOrEqual(1e-14 * Math.abs(dot));
    const hv = (m.curvature as (w: M, v: M, b: number[], x: M) => M)(W0, V, b, x);
    expectMatrixClose(hv, closedHv(V, x), 1e-14);
    expectMatrixClose(engineHvp((w: Real[][]) => x.reduce<Real>((s, xk) => w.reduce<Real>((t, row, i) => {
      const r = row.reduce<Real>((u, wij, j) => ops.add(u, ops.mul(wij, xk[j])), b[i]);
      return ops.add(t, ops.mul(r, r));
    }, s), 0), W0, V), closedHv(V, x), 1e-14);
    // wᵀJ of [loss, W01 W10]: w0 ∇loss, plus w1 W10 at [0][1] and w1 W01 at [1][0].
    const w = [0.5, -2];
    const want = g.map((row, i) => row.map((gij, j) => w[0] * gij + (i === 0 && j === 1 ? w[1] * W0[1][0] : 0) + (i === 1 && j === 0 ? w[1] * W0[0][1] : 0)));
    expectMatrixClose((m.back as (p: M, w: number[], b: number[], x: M) => M)(W0, w, b, x), want, 1e-14);
    const both = (m.backBoth as (p: M, w: number[], b: number[], x: M) => { value: number[]; vjp: M })(W0, w, b, x);
    expect(both.value).toEqual([loss(W0, b, x), W0[0][1] * W0[1][0]]);
    expectMatrixClose(both.vjp, want, 1e-14);
  });
  it('a matrix literal passed to a callee as data, and one holding elements of the point', async () => {
    const m = await compiled(c);
    const W = W0.slice(0, 2);
    const X = [[1, -2, 0.5], [0.25, 3, -1]], B = [0.5, -1];
    expectMatrixClose((m.literalData as (w: M, b: number[]) => M)(W, B), closedGradient(W, B, X), 1e-14);
    // local(W, b) reads W00 and W12 through its literals too: against central differences of the
    // primal, step 1e-6 (truncation ~1e-12 relative, rounding ~1e-10 at these magnitudes).
    const primal = (w: M): number => loss(w, B, [[1, -2, 0.5], [w[0][0], 3, -1]]) + loss(w, B, [[0, 1, w[1][2]], [1, 1, w[1][2]]]);
    expectMatrixClose((m.literalActive as (w: M, b: number[]) => M)(W, B), differences(primal, W), 1e-8);
  });
  it('a matrix literal in a branch, and in a loop\'s test', async () => {
    const m = await compiled(c);
    const W = W0.slice(0, 2);
    const branch = m.branch as (w: M, b: number[], c: boolean) => M;
    expectMatrixClose(branch(W, B2, true), closedGradient(W, B2, [[1, 2, 3]]), 1e-14);
    expectMatrixClose(branch(W, B2, false), [[1, 0, 0], [0, 0, 0]], 0);
    // s = k W00 after k steps, k the first with (k W00)² ≥ 25 (W00 = 0.3: k = 17), so ds/dW00 = k.
    expectMatrixClose((m.looped as (w: M) => M)(W), [[17, 0, 0], [0, 0, 0]], 0);
  });
  it('a matrix literal or a const of one as the point', async () => {
    const m = await compiled(c);
    const W = [[0.1, 0.2, -0.3], [1, -1, 0.5]], X = [[1, -2, 0.5], [0.25, 3, -1]], B = [0.5, -1];
    const want = closedGradient(W, B, X);
    expectMatrixClose((m.literalPoint as () => M)(), want, 1e-14);
    const got = (m.constPoint as () => { value: number; gradient: M })();
    expect(Math.abs(got.value - loss(W, B, X))).toBeLessThanOrEqual(1e-14 * loss(W, B, X));
    expectMatrixClose(got.gradient, want, 1e-14);
    const along = (m.literalAlong as () => number)();
    const wantAlong = want[0][0] + 2 * want[1][2];
    expect(Math.abs(along - wantAlong)).toBeLessThanOrEqual(1e-14 * Math.abs(wantAlong));
  });
});

describe('what stays refused, with a message naming the construct and what to do', () => {
  const diagnosticsOf = (text: string): string[] => transform(head + source.replaceAll('OPTIONS', '{}').replaceAll('SECOND', '{}').replace(/export const untyped[^\n]*\n/, text + '\n'), file).diagnostics.map((d) => `${d.code} ${d.message}`);
  it('a function of a matrix and other parameters passed to a verb by name', () => {
    expect(diagnosticsOf('export const g = (W0: number[][]) => gradient(loss, W0);')).toEqual([
      "DDX1023 gradient calls f with its point alone, but 'loss' takes 3 parameters (W, b, x), the matrix 'W' (number[][]) among them; differentiate an arrow of the matrix alone, with the others in scope: gradient((W: number[][]) => loss(W, b, x), W0)",
    ]);
    expect(diagnosticsOf('export const g = (W0: number[][]) => hvp((W: number[][], c: number) => W[0][0] * c, W0, W0);')).toEqual([
      expect.stringMatching(/^DDX1023 hvp calls f with its point alone, but the function takes 2 parameters \(W, c\)/),
    ]);
  });
  it('a curried verb of an unannotated arrow (no point to type it by)', () => {
    expect(diagnosticsOf('export const g = (b: number[], x: number[][]) => gradient((W) => loss(W, b, x));')).toEqual([
      "DDX1023 argument 1 of 'loss' is a matrix (number[][]), and 'W' is a parameter without a type annotation whose type the transform cannot tell; annotate it (W: number[][])",
    ]);
  });
});
