/**
 * A nested verb's function reading module-level data (issue 14): `derivative((u) => T[1] * u, x)`
 * inside a differentiated function, with `T` a module-level table, `S` a module-level instance
 * of a class of readonly numbers, or `OB` a module-level object of data (`OB.k`, `OB.w[1]`). The
 * arrow is lowered apart and captures them; the function it is in passes the same values, read as
 * its own reads of them are (it was DDX1007). Oracles: closed forms.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const code = `import { derivative, gradient } from '@ddx/dual';
class Spring {
  constructor(readonly k: number, readonly c: number) {}
  energy(r: number): number { return 0.5 * this.k * r * r + this.c * r; }
}
const S = new Spring(2, 0.5);
const T = [1, 3];
export function f(x: number): number {
  return derivative((u: number) => S.energy(u) * x + T[1] * u * S.k, x);
}
export function g(x: number): number {
  let s = 0;
  for (let i = 0; i < T.length; i++) s += derivative((u: number) => T[i] * u * u * u, x * T[i]);
  return s;
}
export const df = derivative(f, 1.5);
export const dg = derivative(g, 1.5);
export const reverse = gradient((v: number[]) => f(v[0]) * v[1] + g(v[1]), [1.5, 2], { mode: 'reverse' });
`;

const close = closeWithin(1e-13);

describe.each<EmitMode>(['inline', 'dual'])('a nested verb reading a module-level table or instance (%s)', (mode) => {
  it('compiles and matches the closed forms, forward and reverse', async () => {
    const r = transform(code, `/virtual/nested-module-data-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    // inner of f: d/du [(u² + u/2) x + 6u] at u = x, so f(x) = 2x² + x/2 + 6 and f′(x) = 4x + 1/2.
    const f = (x: number): number => 2 * x * x + 0.5 * x + 6;
    // g(x) = Σ 3 T_i (x T_i)² = 3 x² Σ T_i³ = 84 x², g′(x) = 168 x.
    close((m.f as (x: number) => number)(1.5), f(1.5));
    close(m.df, 4 * 1.5 + 0.5);
    close((m.g as (x: number) => number)(1.5), 84 * 1.5 * 1.5);
    close(m.dg, 168 * 1.5);
    const rev = m.reverse as number[];
    expect(rev).toHaveLength(2);
    close(rev[0], (4 * 1.5 + 0.5) * 2);
    close(rev[1], f(1.5) + 168 * 2);
  });
});

const objects = `import { derivative, gradient, hessian } from '@ddx/dual';
const OB = { k: 2, c: 0.5, w: [1, 3] };
const P = { a: 3, b: 4 };
export function f(x: number): number {
  return derivative((u: number) => OB.k * u * u + OB.w[1] * u * x + P.b * OB.c, x);
}
export function g(x: number[]): number {
  let s = 0;
  for (let i = 0; i < 2; i++) s += derivative((u: number) => P.a * u * u * u + OB.w[i] * u, x[i]);
  return s;
}
export const df = derivative(f, 1.5);
export const reverse = gradient(g, [1.5, 2], { mode: 'reverse' });
export const h = hessian(g, [1.5, 2]);
`;

describe.each<EmitMode>(['inline', 'dual'])('a nested verb reading a module-level object of data (%s)', (mode) => {
  it('compiles and matches the closed forms: its numbers and its array field, in a loop, forward and reverse', async () => {
    const r = transform(objects, `/virtual/nested-module-objects-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    // f: d/du at u = x of 2u² + 3ux + 2 is 4x + 3x, so f(x) = 7x, f′ = 7.
    close((m.f as (x: number) => number)(1.5), 10.5);
    close(m.df, 7);
    // g(x) = Σᵢ (9 xᵢ² + wᵢ): ∇g = 18 x, H = 18 I.
    expect(m.reverse).toHaveLength(2);
    close((m.reverse as number[])[0], 27);
    close((m.reverse as number[])[1], 36);
    const h = m.h as number[][];
    for (const [i, j, want] of [[0, 0, 18], [0, 1, 0], [1, 0, 0], [1, 1, 18]]) close(h[i][j], want);
  });
});

describe.each<EmitMode>(['inline', 'dual'])('a nested verb reading a module-level constant it captures (%s)', (mode) => {
  // fuzz seed 1 run 2068: read under a typeof test decided at run time, C0 was captured by the arrow
  // (DDX1007 in the function it is in); that function now passes the constant's value.
  const code = `import { derivative, gradient } from '@ddx/dual';
const C0 = 0.75 * 2;
export function f(x: number): number {
  return derivative((u: number) => Math.sin(typeof u === 'number' ? C0 : 0) * u * u + x * u, x);
}
export const df = derivative(f, 1.5);
export const reverse = gradient((v: number[]) => f(v[0]), [1.5], { mode: 'reverse' });
`;
  it('compiles and matches the closed form', async () => {
    const r = transform(code, `/virtual/nested-module-constant-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    // f(x) = d/du [sin(1.5) u² + x u] at u = x = (2 sin 1.5 + 1) x.
    const k = 2 * Math.sin(1.5) + 1;
    close((m.f as (x: number) => number)(1.5), k * 1.5);
    close(m.df, k);
    close((m.reverse as number[])[0], k);
  });
});
