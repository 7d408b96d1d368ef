/**
 * DDX1020 asks activity (analyze/activity.ts) whether a defineFunction rule's missing derivative is
 * really needed: a rule (or a nested derivative of one) read only on values that do not vary with
 * the point is a constant of the derivative, so a second-order verb over it needs neither the
 * rule's second derivative nor a third one, and a first-order verb over a nested derivative of it
 * needs no second. Where the argument varies, the diagnostic stays.
 *
 * Oracles: closed forms written here (σ for softplus's derivative, sin and cos for s1), not the
 * code under test; relative tolerance 1e-15.
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const head = `import { defineFunction, derivative, secondDerivative, hessian, hvp } from '@ddx/dual';
const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
// With its first and second derivatives (no third): softplus′ = σ, softplus″ = σ(1 − σ).
export const softplus = defineFunction('softplus', (x) => Math.log1p(Math.exp(x)), sigma, (x) => sigma(x) * (1 - sigma(x)));
// With its first derivative only.
export const s1 = defineFunction('s1', Math.sin, Math.cos);
`;

const accepted = `
/** K(c) = d/dt softplus(c·t) at t = 0.5 = c·σ(c/2): a constant of w. */
export const nestedHessian = (c: number) => hessian((w: number[]) => w[0] * w[1] * derivative((t: number) => softplus(c * t), 0.5), [1, 2]);
export const nestedHvp = (c: number) => hvp((w: number[]) => w[0] * w[0] * w[1] * derivative((t: number) => softplus(c * t), 0.5), [1, 2], [1, 0], { mode: 'reverse' });
/** s1 has no second derivative, but s1(2) and s1(c) do not vary. */
export const constantRule = secondDerivative((x: number) => x * x * s1(2), 1);
export const capturedRule = (c: number) => hessian((w: number[]) => w[0] * w[0] * w[1] * s1(c), [1, 2], { mode: 'reverse' });
/** A first-order verb over a nested derivative of s1 at a constant: 2 cos 1, no s1″ needed. */
export const nestedFirst = derivative((p: number) => p * derivative((t: number) => s1(2 * t), 0.5), 1);
`;

const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
const close = (got: number, want: number): void => {
  if (!(Math.abs(got - want) <= 1e-15 * Math.max(1, Math.abs(want)))) expect.fail(`got ${got}, expected ${want}`);
};

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('a rule read only on values that do not vary is a constant: compiled, exact', async () => {
    const r = transform(head + accepted, '/virtual/rule-activity.ts', { mode });
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    const m = await run(r.code);
    for (const c of [0.7, -1.3]) {
      const K = c * sigma(c / 2);
      // Hessian of w0 w1 K: [[0, K], [K, 0]]; of w0² w1 K at [1, 2], along [1, 0]: [2 w1 K, 2 w0 K] = [4K, 2K].
      const h = (m.nestedHessian as (c: number) => number[][])(c);
      [[0, K], [K, 0]].forEach((row, i) => row.forEach((want, j) => close(h[i][j], want)));
      const hv = (m.nestedHvp as (c: number) => number[])(c);
      close(hv[0], 4 * K);
      close(hv[1], 2 * K);
      // Hessian of w0² w1 sin c at [1, 2]: [[2 w1 s, 2 w0 s], [2 w0 s, 0]].
      const s = Math.sin(c);
      const g = (m.capturedRule as (c: number) => number[][])(c);
      [[4 * s, 2 * s], [2 * s, 0]].forEach((row, i) => row.forEach((want, j) => close(g[i][j], want)));
    }
    close(m.constantRule as number, 2 * Math.sin(2));
    close(m.nestedFirst as number, 2 * Math.cos(1));
  });
  it('where the rule\'s argument varies with the point, the missing derivative is still DDX1020', () => {
    const cases: [string, RegExp][] = [
      ['secondDerivative((x: number) => x * x * s1(x), 1)', /^secondDerivative needs the second derivative of 's1'/],
      ['hessian((w: number[]) => w[0] * w[1] * derivative((t: number) => softplus(w[0] * t), 0.5), [1, 2])', /^hessian differentiates twice a nested derivative of 'softplus' \(made by defineFunction\), which needs its third derivative/],
      // The varying argument reaches the rule through a callee.
      ['hessian((w: number[]) => w[0] * twice(w[1]), [1, 2])', /^hessian needs the second derivative of 's1'/],
      ['derivative((p: number) => derivative((t: number) => s1(p * t), 0.5), 1)', /^derivative differentiates a nested derivative of 's1', which needs its second derivative/],
      // Through a local of a for…of body and a switch clause (activity reads them after normalise).
      ['hessian((w: number[]) => { let s = 0; for (const v of w) { const u = 2 * v; s += s1(u); } return s; }, [1, 2])', /^hessian needs the second derivative of 's1'/],
      ['secondDerivative((x: number) => { let u = 0; switch (Math.sign(x)) { case 1: u = x; break; default: u = 1; } return s1(u); }, 1)', /^secondDerivative needs the second derivative of 's1'/],
    ];
    for (const [call, message] of cases) {
      const r = transform(`${head}function twice(v: number): number { return 2 * s1(v); }\nexport const d = ${call};\n`, '/virtual/rule-activity-rejected.ts', { mode });
      expect(r.diagnostics.map((d) => d.code), call).toEqual(['DDX1020']);
      expect(r.diagnostics[0].message, call).toMatch(message);
    }
  });
});
