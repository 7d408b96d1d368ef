/**
 * A nested verb's arrow reading a tuple of its enclosing function (`const r: [number, number, number]`,
 * an alias `Vec3`, or a tuple a helper returns): the tuple is an array of numbers, captured as one
 * (fuzzgap43: DDX1017 before, "'r' cannot be captured"). Also a point that writes an element of the
 * tuple the arrow reads (`(r[2] = x * x * x)`, `(r[0] += x)`): the arrow reads the written value.
 * Oracles: closed forms written here.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const code = `import { derivative, gradient, valueAndDerivative } from '@ddx/dual';
type Vec3 = [number, number, number];
function triple(x: number): Vec3 { return [x, 2 * x, x * x]; }
export function annotated(x: number): number {
  const r: [number, number, number] = [x, 2 * x, x * x];
  return derivative((u) => u * r[2], x);
}
export function aliased(x: number): number {
  const r: Vec3 = [x, 2 * x, x * x];
  return derivative((u: number) => u * u * r[1] + r[0] * u, x);
}
export function returned(x: number): number {
  const r = triple(x);
  return derivative((u: number) => Math.sin(u * r[2]), x);
}
export function written(x: number): number {
  const r: Vec3 = [x, 2 * x, x * x];
  return derivative((u: number) => u * r[2], (r[2] = x * x * x));
}
export function added(x: number): number {
  const r = triple(x);
  return derivative((u: number) => u * u * r[0], (r[0] += x));
}
export const d = [derivative(annotated, 1.5), derivative(aliased, 1.5), derivative(returned, 1.5), derivative(written, 1.5), derivative(added, 1.5)];
export const v = valueAndDerivative(returned, 1.5);
export const reverse = gradient((p: number[]) => annotated(p[0]) + aliased(p[0]) + returned(p[0]) + written(p[0]) + added(p[0]), [1.5], { mode: 'reverse' });
`;

const close = closeWithin(1e-13);

describe.each<EmitMode>(['inline', 'dual'])('a nested verb reading a tuple of its enclosing function (%s)', (mode) => {
  it('compiles, with the values and derivatives of the closed forms', async () => {
    const r = transform(code, `/virtual/nested-tuple-captures-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    const x = 1.5;
    // annotated: r₂ = x², so x ↦ x², 2x. aliased: 2u·r₁ + r₀ at u = x: 4x² + x, 8x + 1.
    // returned: r₂·cos(u·r₂) at u = x: x²·cos x³, 2x·cos x³ − 3x⁴·sin x³.
    // written: r₂ = u = x³: x³, 3x². added: r₀ = u = 2x: 2u·r₀ = 8x², 16x.
    const values = [x * x, 4 * x * x + x, x * x * Math.cos(x ** 3), x ** 3, 8 * x * x];
    const derivatives = [2 * x, 8 * x + 1, 2 * x * Math.cos(x ** 3) - 3 * x ** 4 * Math.sin(x ** 3), 3 * x * x, 16 * x];
    ['annotated', 'aliased', 'returned', 'written', 'added'].forEach((name, k) => close((m[name] as (x: number) => number)(x), values[k]));
    (m.d as number[]).forEach((got, k) => close(got, derivatives[k]));
    const v = m.v as { value: number; derivative: number };
    close(v.value, values[2]);
    close(v.derivative, derivatives[2]);
    close((m.reverse as number[])[0], derivatives.reduce((a, b) => a + b, 0));
  });
});
