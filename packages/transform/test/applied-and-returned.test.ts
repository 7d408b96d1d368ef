/**
 * Two ways of writing what compiled only when spelt out: a function written where it is called
 * (`((t) => t * t + x)(2 * x)`, an IIFE), lowered as a local function of the one it is in, reading
 * what it captures when it is called; and a record a callee returns returned (or passed) straight
 * from the call (`return fromLin(toLin(rgb))`, culori's style), held where JavaScript calls it.
 * Oracles: closed forms; side effects in the arguments run once, in JavaScript's order.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const code = `import { derivative, gradient, secondDerivative, valueAndDerivative } from '@ddx/dual';
type RGB = { r: number; g: number; b: number };
export function f(x: number): number {
  let c = 2;
  const y = ((t: number) => t * t + c * x)(((c = x), 3 * x));
  return y + (function (s: number) { return Math.sin(s) * x; })(x);
}
function toLin(p: RGB): RGB { return { r: p.r * p.r, g: 2 * p.g, b: p.b }; }
function fromLin(p: RGB): RGB { return { r: p.r + 1, g: p.g * p.r, b: p.b }; }
export function h(p: RGB): RGB { return fromLin(toLin(p)); }
function norm(p: RGB): number { return p.r * p.g + p.b; }
export function k(x: number): number {
  let t = 1;
  return norm(fromLin(toLin({ r: x, g: (t += x), b: t * x })));
}
export const df = derivative(f, 1.5);
export const vf = valueAndDerivative(f, 1.5);
export const d2f = secondDerivative(f, 1.5);
export const gh = gradient((p: RGB) => { const q = h(p); return q.r * q.g + q.b; }, { r: 1.5, g: 2, b: 3 });
export const dk = derivative(k, 1.5);
export const reverse = gradient((v: number[]) => f(v[0]) + k(v[1]), [1.5, 1.5], { mode: 'reverse' });
`;

const close = closeWithin(1e-13);

describe.each<EmitMode>(['inline', 'dual'])('an IIFE, and a record returned straight from a call (%s)', (mode) => {
  it('compiles, against the closed forms', async () => {
    const r = transform(code, `/virtual/applied-and-returned-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    const x = 1.5;
    // f: c = x before the call, t = 3x: 9x² + x² + x·sin x = 10x² + x sin x.
    const f = 10 * x * x + x * Math.sin(x);
    const df = 20 * x + Math.sin(x) + x * Math.cos(x);
    const d2f = 20 + 2 * Math.cos(x) - x * Math.sin(x);
    close((m.f as (x: number) => number)(x), f);
    close(m.df, df);
    close((m.vf as { value: number }).value, f);
    close((m.vf as { derivative: number }).derivative, df);
    close(m.d2f, d2f);
    // h: (r² + 1, 2g·r², b); q.r·q.g + q.b = 2g r²(r² + 1) + b.
    const { r: pr, g: pg } = { r: 1.5, g: 2 };
    const gh = m.gh as { r: number; g: number; b: number };
    close(gh.r, 2 * pg * (4 * pr ** 3 + 2 * pr));
    close(gh.g, 2 * pr * pr * (pr * pr + 1));
    close(gh.b, 1);
    // k: r = x, g = 1 + x (t += x), b = (1 + x)·x: 2(1 + x)x²(x² + 1) + x + x².
    const kk = (s: number): number => 2 * (1 + s) * s * s * (s * s + 1) + s + s * s;
    close((m.k as (x: number) => number)(x), kk(x));
    const dk = 2 * (x * x * (x * x + 1)) + 2 * (1 + x) * (4 * x ** 3 + 2 * x) + 1 + 2 * x;
    close(m.dk, dk);
    const rev = m.reverse as number[];
    close(rev[0], df);
    close(rev[1], dk);
  });
});

// A named function expression that calls itself by its own name, written where it is called and
// reading the enclosing function's x: the recursion reaches the local function the call lowered
// (before, it reached a separate module-level lowering, which cannot read x: DDX1007 saying x is
// not a parameter). g(x) = 4!·x² = 24x².
const recursive = `import { derivative, gradient, secondDerivative } from '@ddx/dual';
export function g(x: number): number {
  return (function fact(n: number): number { return n <= 1 ? x * x : n * fact(n - 1); })(4);
}
export const dg = derivative(g, 1.5);
export const d2g = secondDerivative(g, 1.5);
export const reverse = gradient((v: number[]) => g(v[0]) * v[1], [1.5, 2], { mode: 'reverse' });
`;

describe.each<EmitMode>(['inline', 'dual'])('a recursive named IIFE reading the enclosing x (%s)', (mode) => {
  it('compiles, against the closed forms', async () => {
    const r = transform(recursive, `/virtual/recursive-iife-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    const x = 1.5;
    close((m.g as (x: number) => number)(x), 24 * x * x);
    close(m.dg, 48 * x);
    close(m.d2g, 48);
    const rev = m.reverse as number[];
    close(rev[0], 48 * x * 2);
    close(rev[1], 24 * x * x);
  });
});
