/**
 * A nested verb reads what its function captures after its arguments are evaluated, as JavaScript
 * calls the function after evaluating the verb's arguments: a point that assigns what the function
 * reads (`derivative((u) => M[1][0] * u * u, (M[1][0] = x * x))`) gives the function the assigned
 * value. Fuzz seed 1 run 16622: the local matrix was copied for the nested function before the
 * point's assignment ran, so the compiled value used the old element (a wrong value; a wrong
 * derivative where the assigned value depends on x). Oracles: closed forms.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const code = `import { derivative, gradient, valueAndDerivative } from '@ddx/dual';
export function f(x: number): number {
  const M: number[][] = [[1, 2], [3, 4]];
  return derivative((u: number) => M[1][0] * u * u, (M[1][0] = x * x));
}
export function g(x: number): number {
  let c = 1;
  const row: number[] = [x, 2];
  return derivative((u: number) => c * row[0] * u * u, ((c = x), (row[0] = 3 * x), x));
}
export const df = derivative(f, 1.5);
export const vf = valueAndDerivative(f, 1.5);
export const dg = derivative(g, 1.5);
export const reverse = gradient((v: number[]) => f(v[0]) + g(v[0]), [1.5], { mode: 'reverse' });
`;

const close = closeWithin(1e-13);

describe.each<EmitMode>(['inline', 'dual'])('a nested verb whose point assigns what its function reads (%s)', (mode) => {
  it('reads the assigned values, against the closed forms', async () => {
    const r = transform(code, `/virtual/nested-argument-order-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    const x = 1.5;
    // f: M₁₀ = x², u = x²: 2u·M₁₀ = 2x⁴, f′ = 8x³. g: c = x, row₀ = 3x, u = x: 2u·c·row₀ = 6x³, g′ = 18x².
    close((m.f as (x: number) => number)(x), 2 * x ** 4);
    close(m.df, 8 * x ** 3);
    const vf = m.vf as { value: number; derivative: number };
    close(vf.value, 2 * x ** 4);
    close(vf.derivative, 8 * x ** 3);
    close((m.g as (x: number) => number)(x), 6 * x ** 3);
    close(m.dg, 18 * x * x);
    close((m.reverse as number[])[0], 8 * x ** 3 + 18 * x * x);
  });
});
