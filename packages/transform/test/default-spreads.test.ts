/**
 * Default parameter values that need statements before them (`s = Math.max(...x)`, folded by a
 * loop; `n = x.map(…).reduce(…)`, an array method's loops): lowering desugars such a default into a
 * function of the parameters before it (analyze/lower.ts, defaultOf), which a call omitting the
 * argument calls, so the default is evaluated only then, as JavaScript does. A default that writes
 * stays rejected (values.test.ts).
 *
 * Oracles, never the code under test: closed forms (∇ log Σ eˣ = softmax, its Hessian
 * diag(p) − ppᵀ; ∇(max(x)·x₀); ∇‖x‖ = x/‖x‖) and the run-time engine on the same functions written
 * over ops, in inline and dual mode and in reverse mode.
 */
import { describe, expect, it } from 'vitest';
import { gradient as engineGradient, ops, type Real } from '@ddx/dual';
import { transform, type EmitMode } from '../src/index.js';
import { expectClose } from './close.js';
import { run } from './run.js';

const source = `import { gradient, hessian, jvp } from '@ddx/dual';

/** log Σ exp(xᵢ), shifted by max(x) for stability: its gradient is softmax(x), whatever the shift. */
export function logSumExp(x: number[], s = Math.max(...x)): number {
  let t = 0;
  for (let i = 0; i < x.length; i++) t += Math.exp(x[i] - s);
  return s + Math.log(t);
}
/** max(x)·x₀ by default, k·x₀ given k. */
export function scaled(x: number[], k = Math.max(...x)): number {
  return k * x[0];
}
/** ‖x‖, through a default made by map and reduce and one after it over it (min(x)·0 + n). */
export function norm(x: number[], n = x.map((v) => v * v).reduce((a, b) => a + b, 0), c = Math.min(...x) * 0 + n): number {
  return Math.sqrt(c);
}

export const lse = (x: number[]) => gradient(logSumExp, x, OPTIONS);
export const lseHessian = (x: number[]) => hessian(logSumExp, x, SECOND);
export const lseAlong = (x: number[], v: number[]) => jvp(logSumExp, x, v);
export const byDefault = (x: number[]) => gradient((v: number[]) => scaled(v), x, OPTIONS);
export const given = (x: number[]) => gradient((v: number[]) => scaled(v, 2), x, OPTIONS);
export const normGradient = (x: number[]) => gradient(norm, x, OPTIONS);
export const plain = (x: number[]) => [logSumExp(x), scaled(x), scaled(x, 2), norm(x)];
`;

type Case = { mode: EmitMode; gradientMode: 'forward' | 'reverse' };
const cases: Case[] = [
  { mode: 'inline', gradientMode: 'forward' },
  { mode: 'dual', gradientMode: 'forward' },
  { mode: 'inline', gradientMode: 'reverse' },
];

async function compiled({ mode, gradientMode }: Case): Promise<Record<string, (...a: number[][]) => unknown>> {
  const options = `{ mode: '${gradientMode}' }`;
  const r = transform(source.replaceAll('OPTIONS', options).replaceAll('SECOND', options), '/project/src/default-spreads.ts', { mode });
  expect(r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
  // Compiled, not left to the engine.
  expect(r.code).not.toMatch(/\bgradient\((logSumExp,|norm,|\(v:)/);
  return (await run(r.code)) as Record<string, (...a: number[][]) => unknown>;
}

const points = [[0.5, -1.25, 2], [3, 3, -1], [-0.2, 0.1, 0.4, -2.5]];
const softmax = (x: number[]): number[] => {
  const m = Math.max(...x);
  const e = x.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
};
/** ∇(max(x)·x₀): max(x)·e₀ + x₀·e_k, k the first index attaining the max (the engine's convention at a tie). */
const scaledGradient = (x: number[]): number[] => {
  const m = Math.max(...x), k = x.indexOf(m);
  return x.map((_, i) => (i === 0 ? m : 0) + (i === k ? x[0] : 0));
};

describe.each(cases)('$mode mode, $gradientMode', (c) => {
  it('∇ log Σ eˣ with the shift defaulting to max(x) is softmax(x); its Hessian diag(p) − ppᵀ; jvp p·v', async () => {
    const m = await compiled(c);
    for (const x of points) {
      const p = softmax(x);
      expectClose(m.lse(x), p, 1e-15, `∇lse at ${x}`);
      expectClose(m.lseHessian(x), p.map((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj)), 1e-15, `∇²lse at ${x}`);
      const v = x.map((_, i) => Math.cos(i));
      expectClose(m.lseAlong(x, v), p.reduce((s, pi, i) => s + pi * v[i], 0), 1e-15, `jvp of lse at ${x}`);
    }
  });
  it('a default is evaluated only where the argument is missing: ∇(max(x)·x₀) by default, 2e₀ given k = 2', async () => {
    const m = await compiled(c);
    for (const x of points) {
      expectClose(m.byDefault(x), scaledGradient(x), 0, `∇scaled at ${x}`);
      expectClose(m.given(x), x.map((_, i) => (i === 0 ? 2 : 0)), 0, `∇scaled(x, 2) at ${x}`);
      const engine = engineGradient((v: Real[]) => ops.mul(v.reduce((a, b) => ops.max(a, b)), v[0]), x);
      expectClose(m.byDefault(x), engine, 0, `∇scaled at ${x} against the engine`);
    }
  });
  it('defaults made by array methods, one over the one before: ∇‖x‖ = x/‖x‖', async () => {
    const m = await compiled(c);
    for (const x of points) {
      const n = Math.hypot(...x);
      expectClose(m.normGradient(x), x.map((v) => v / n), 1e-15, `∇norm at ${x}`);
    }
  });
  it('the plain functions keep their values', async () => {
    const m = await compiled(c);
    const x = points[0];
    const lse = Math.log(x.reduce((s, v) => s + Math.exp(v), 0));
    expectClose(m.plain(x), [lse, Math.max(...x) * x[0], 2 * x[0], Math.hypot(...x)], 1e-15, 'values');
  });
});
