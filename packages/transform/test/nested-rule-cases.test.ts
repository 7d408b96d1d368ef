/**
 * A rule's special case (rules.ts' `ifZero`: ∂(x^p)/∂x is exactly 0 at p = 0) inside derivative code
 * that a nested verb differentiates again. Around p = 0 that partial is p·x^(p−1), so its ∂/∂p is
 * x^(p−1)(1 + p ln x), 1/x at p = 0, not the 0 of the constant special case (forward mode's nested
 * verbs gave 0, as reverse mode's hvp did before 97a95bd). Oracles: closed forms written here,
 * and the run-time engine (itself checked against the same closed forms in @ddx/dual's pitfalls).
 */
import { describe, expect, it } from 'vitest';
import { derivative as engineDerivative, ops, secondDerivative as engineSecond } from '@ddx/dual';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const modes: EmitMode[] = ['inline', 'dual'];

const source = `import { derivative, secondDerivative, gradient, hvp } from '@ddx/dual';
export const viaPow = (x: number, p0: number): number => derivative((p: number) => derivative((y: number) => y ** p, x), p0);
export const viaMathPow = (x: number, p0: number): number => derivative((p: number) => derivative((y: number) => Math.pow(y, p), x), p0);
export const second = (x: number, p0: number): number => derivative((p: number) => secondDerivative((y: number) => y ** p, x), p0);
export const twice = (x: number, p0: number): number => derivative((r: number) => derivative((p: number) => derivative((y: number) => y ** p, x), r), p0);
export const inGradient = (x: number, p0: number): number => derivative((p: number) => gradient((v: number[]) => v[0] ** p + v[1], [x, 1])[0], p0);
/** ∂/∂p of the derivative at x of y ↦ y^p, inside a function the outer verb differentiates. */
function slope(p: number, x: number): number {
  return derivative((y: number) => Math.pow(y, p), x);
}
export const inFunction = (x: number, p0: number): number => derivative((p: number) => slope(p, x), p0);
export const hvpOfSlope = (x: number, p0: number): number => hvp((v: number[]) => slope(v[0], x) * v[1], [p0, 1], [1, 0])[1];
`;

// ∂/∂p [p x^(p−1)] = x^(p−1)(1 + p ln x); ∂/∂p [p(p−1) x^(p−2)] = x^(p−2)((2p − 1) + p(p−1) ln x);
// ∂²/∂p² [p x^(p−1)] = x^(p−1) ln x (2 + p ln x).
const d1 = (x: number, p: number): number => x ** (p - 1) * (1 + p * Math.log(x));
const d2 = (x: number, p: number): number => x ** (p - 2) * (2 * p - 1 + p * (p - 1) * Math.log(x));
const dd = (x: number, p: number): number => x ** (p - 1) * Math.log(x) * (2 + p * Math.log(x));
const points: [number, number][] = [[2, 0], [0.5, 0], [3, 1], [2, 0.5], [1.5, -1]];

describe.each(modes)('∂/∂p of a derivative of x^p across p = 0 (%s)', (mode) => {
  it('forward-mode nested verbs take the formula\'s derivative, also at the special case (closed forms, engine)', async () => {
    const r = transform(source, '/virtual/main.ts', { mode });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const m = (await run(r.code)) as Record<string, (x: number, p: number) => number>;
    const close = (got: number, want: number, what: string): void =>
      expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(want)));
    for (const [x, p] of points) {
      const at = `x = ${x}, p = ${p}`;
      for (const name of ['viaPow', 'viaMathPow', 'inGradient', 'inFunction', 'hvpOfSlope']) close(m[name](x, p), d1(x, p), `${name} ${at}`);
      close(m.second(x, p), d2(x, p), `second ${at}`);
      close(m.twice(x, p), dd(x, p), `twice ${at}`);
      close(m.viaPow(x, p), engineDerivative((q) => engineDerivative((y) => ops.pow(y, q), x), p) as number, `engine ${at}`);
      close(m.second(x, p), engineDerivative((q) => engineSecond((y) => ops.pow(y, q), x), p) as number, `engine second ${at}`);
    }
    // The headline values: 1/x and −1/x² at p = 0, x = 2.
    expect(m.viaPow(2, 0)).toBe(0.5);
    expect(m.viaMathPow(2, 0)).toBe(0.5);
    expect(m.second(2, 0)).toBe(-0.25);
  });
});
