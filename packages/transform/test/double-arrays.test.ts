/**
 * Zero-filled arrays the generated code makes (a local `new Array(n).fill(0)`, its tangents, the
 * tangents of `[]`, the drivers' seeds and results) come from one template of zeros held as doubles
 * (emit/zeros.ts), so the JIT does not convert them on their first fraction. Here: what must not
 * change with it. Each is a new plain array of +0 however long (the template grows past its first
 * 16), no call sees what another wrote, and a length that is not one throws new Array(n)'s RangeError.
 * Derivatives checked against closed forms.
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const source = [
  "import { gradient, valueAndGradient } from '@ddx/dual';",
  '/** Σᵢ (i + 1) xᵢ² over a local copy of x made from zeros; x[0] also at a[n], read back before written. */',
  'function weighted(x: number[]): number {',
  '  const a = new Array<number>(x.length + 1).fill(0);',
  '  const w = new Array<number>(x.length).fill(0);',
  '  const s: number[] = [];',
  '  let sum = a[x.length];',
  '  for (let i = 0; i < x.length; i++) { a[i] = x[i] * x[i]; w[i] += 0.25 * (i % 2); s.push((i + 1) * a[i] + w[i] * x[i]); }',
  '  a[x.length] = x[0];',
  '  for (let i = 0; i < s.length; i++) sum += s[i];',
  '  return sum;',
  '}',
  '/** x[0] · (the number of zeros in an array of length n − 1/2): new Array(n) throws for it. */',
  'function halves(x: number[]): number {',
  '  const a = new Array<number>(x.length - 0.5).fill(0);',
  '  return x[0] * a.length;',
  '}',
  '/** x · (1, 2, …) with b filled with 0.0 and then set, plus 1 / (a[1] · x[0]) with a filled with -0 (so −∞ for x[0] > 0). */',
  'function signedZeros(x: number[]): number {',
  '  const a = new Array<number>(2).fill(-0);',
  '  const b = new Array<number>(x.length).fill(0.0);',
  '  let s = 0;',
  '  for (let i = 0; i < x.length; i++) { b[i] = i + 1; s += x[i] * b[i]; }',
  '  return s + 1 / (a[1] * x[0]);',
  '}',
  'export const g = (x: number[]): number[] => gradient(weighted, x);',
  'export const z = (x: number[]): { value: number; gradient: number[] } => valueAndGradient(signedZeros, x);',
  'export const h = (x: number[]): number[] => gradient(halves, x);',
].join('\n');

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('gradients through zero-filled arrays of 1 to 100 elements, again and again: new plain arrays, +0 where 0, as the closed form', async () => {
    const result = transform(source, '/project/src/zeros.ts', { mode });
    expect(result.diagnostics).toEqual([]);
    const m = await run(result.code) as { g: (x: number[]) => number[] };
    let previous: number[] | undefined;
    for (const n of [3, 40, 100, 1, 17, 3]) {
      // ∂/∂xᵢ = 2 (i + 1) xᵢ + wᵢ; x has fractions and zeros (0 at even i where xᵢ = 0: +0).
      const x = Array.from({ length: n }, (_, i) => (i % 3 === 1 ? 0 : (i + 1) / 7));
      const g = m.g(x);
      expect(Array.isArray(g)).toBe(true);
      expect(g).not.toBe(previous);
      expect(g.length).toBe(n);
      g.forEach((gi, i) => {
        const exact = 2 * (i + 1) * x[i] + 0.25 * (i % 2);
        if (exact === 0) expect(Object.is(gi, 0)).toBe(true);
        else expect(Math.abs(gi - exact)).toBeLessThanOrEqual(1e-15 * Math.abs(exact));
      });
      g.fill(Number.NaN); // a gradient written by its caller is no template of the next call's arrays
      previous = g;
    }
  });

  it('a fill of -0 stays -0 and a fill of 0.0 is zeros: the value and gradient as the plain function', async () => {
    const result = transform(source, '/project/src/zeros.ts', { mode });
    const m = await run(result.code) as { z: (x: number[]) => { value: number; gradient: number[] } };
    // 2 + 6 + 1 / (−0 · 2) = −∞ (a fill of +0 would give +∞); ∂/∂x₁ = 2, from b filled with 0.0 and then set.
    const { value, gradient } = m.z([2, 3]);
    expect(value).toBe(-Infinity);
    expect(gradient[1]).toBe(2);
  });

  it('an array whose length is not one throws RangeError, as new Array(n).fill(0) does', async () => {
    const result = transform(source, '/project/src/zeros.ts', { mode });
    const m = await run(result.code) as { h: (x: number[]) => number[] };
    expect(() => new Array(1.5).fill(0)).toThrow(RangeError);
    expect(() => m.h([2, 3])).toThrow(RangeError);
  });
});
