/**
 * The TypeScript numeric code is written in: Number constants, tests of a number in conditions
 * (Number.isFinite, isNaN, Object.is, …) and bitwise operators, in both emit modes, checked
 * against closed forms; and the names they read keep meaning what the source binds.
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/numbers.ts';
const head = "import { derivative, gradient, secondDerivative, valueAndDerivative } from '@ddx/dual';\n";

/** The exports of a module compiled in `mode` (no diagnostics allowed). */
async function compiled(source: string, mode: EmitMode): Promise<Record<string, unknown>> {
  const result = transform(head + source, file, { mode });
  expect(result.diagnostics).toEqual([]);
  return run(result.code);
}

const diagnosticsOf = (source: string, mode: EmitMode): string[] =>
  transform(head + source, file, { mode }).diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('differentiates through tests of the primal value (closed forms)', async () => {
    const m = await compiled([
      'const f = (x: number) => (Number.isFinite(x) ? x * x : 0);',
      'function guard(x: number): number { if (!Number.isFinite(x) || Number.isNaN(x)) return NaN; return x * x * x; }',
      'function parity(x: number): number { return Number.isInteger(x / 2) ? x * x : Number.isSafeInteger(x) ? 5 * x : Math.sin(x); }',
      'function zero(x: number): number { return Object.is(x, -0) ? 2 * x : isNaN(x) || !isFinite(x) ? 0 : -x; }',
      'export const r = [derivative(f, 3), derivative(f, Infinity), derivative(guard, 2), valueAndDerivative(guard, NaN).value,',
      '  derivative(parity, 4), derivative(parity, 3), derivative(parity, 0.5), derivative(zero, -0), derivative(zero, 0),',
      '  derivative((x) => (Number.isFinite(x) ? x * 2 : 0), 1.5)];',
    ].join('\n'), mode);
    // (x²)' = 6 at 3; the guard returns a constant; (x³)' = 12 at 2; x² at even, 5x at odd, sin elsewhere;
    // the root README's example: (2x)' = 2 (the run-time engine alone, on a plain function, gives 0).
    expect(m.r).toEqual([6, 0, 12, NaN, 8, 5, Math.cos(0.5), 2, -1, 2]);
  });

  it('tests an element read past the end of an array as the plain program does (undefined)', async () => {
    const m = await compiled([
      'function tail(xs: number[]): number { return isNaN(xs[5]) ? 2 * xs[0] * xs[1] : xs[0]; }',
      'function fallback(xs: number[]): number { return (xs[5] || 3) * xs[0] + (xs[1] ?? 0); }',
      'export const r = [gradient(tail, [1.5, 2]), gradient(fallback, [1.5, 2])];',
    ].join('\n'), mode);
    // isNaN(undefined) is true: ∇(2·x0·x1) = [2·x1, 2·x0]; undefined || 3 is 3: ∇(3·x0 + x1) = [3, 1].
    expect(m.r).toEqual([[4, 3], [3, 1]]);
  });

  it('gives bitwise results derivative 0 and computes them as written (closed forms)', async () => {
    const m = await compiled([
      'const f = (x: number) => (x | 0) + x;',
      'function g(x: number, y: number): number { let k = x; k >>= 1; const m = ~(y & 3) ^ (7 << 2) >>> 1; return k * y + m * x; }',
      'export const r = [derivative(f, 2.75), derivative(f, -1e10), secondDerivative(f, 2.75), ...gradient(g, [6.5, 2])];',
      'export const v = (x: number) => (x | 0) + x;',
    ].join('\n'), mode);
    // (x | 0) wraps to 32 bits (-1e10 | 0 = -1410065408): its derivative is 0 all the same.
    // g = (x >> 1)·y + m·x with m = ~(y & 3) ^ 14 = ~2 ^ 14 = -3 ^ 14 = -13: ∂x = m = -13, ∂y = x >> 1 = 3.
    expect(m.r).toEqual([1, 1, 0, -13, 3]);
    expect((~(2 & 3) ^ (7 << 2) >>> 1)).toBe(-13);
  });

  it('reads Number constants as constants (closed forms)', async () => {
    const m = await compiled([
      'const EPS = Number.EPSILON * 4;',
      'function f(x: number): number { const hi = Number.MAX_VALUE; return x < hi && x > Number.NEGATIVE_INFINITY ? (x + EPS) * x : Number.NaN; }',
      'export const r = [derivative(f, 3), derivative(f, Number.POSITIVE_INFINITY), derivative((x: number) => Number.MIN_VALUE * x + Number.MAX_SAFE_INTEGER, 1)];',
    ].join('\n'), mode);
    // ((x + ε')·x)' = 2x + ε' with ε' = 4ε; a constant NaN has derivative 0; MIN_VALUE·x has derivative MIN_VALUE.
    expect(m.r).toEqual([6 + 4 * Number.EPSILON, 0, Number.MIN_VALUE]);
  });

  it('reads a numeral past the largest double as the global Infinity, also where a local is named Infinity (closed forms)', async () => {
    const source = [
      'const BIG = 1e400;',
      'function f(x: number): number { const Infinity = 2; return x < 1e400 && x < BIG ? Infinity * x : 1e400 * x; }',
      'export const r = [derivative(f, 3), derivative(f, 1e300 * 1e10)];',
    ].join('\n');
    const result = transform(head + source, file, { mode });
    expect(result.diagnostics).toEqual([]);
    // As a module constant's 1e400 is: the IR's Infinity, not a numeral (emit reaches the global):
    // outside comments, 1e400 is only the source's own three.
    expect(result.code.replace(/\/\/.*$/gm, '').match(/1e400/g)).toHaveLength(3);
    // f = 2x below ∞ (the local Infinity is 2); at x = ∞, f = ∞·x: f' = ∞.
    expect((await run(result.code)).r).toEqual([2, Infinity]);
  });

  it('lets a parameter or local named NaN, Infinity, isNaN or Number keep meaning itself', async () => {
    const m = await compiled([
      'function f(NaN: number, Infinity: number): number { return isFinite(NaN) && !Number.isNaN(Infinity) ? NaN * Infinity : 0; }',
      'const g = (x: number) => { const NaN = 2; const isNaN = 3; return Number.isNaN(NaN) ? 0 : NaN * isNaN * x * x; };',
      'export const r = [...gradient(f, [2, 3]), derivative(g, 5)];',
    ].join('\n'), mode);
    // f = NaN·Infinity (the parameters): ∇ = [3, 2]; g = 6x²: g' = 60 at 5.
    expect(m.r).toEqual([3, 2, 60]);
  });

  it('reaches Number, Object, isNaN and isFinite through globalThis where the module binds those names', async () => {
    // Code of another module (a callee, a constant) is generated into a module that binds the names.
    const other = [
      'export const TOL = Number.EPSILON * 2 + Number.MIN_VALUE;',
      'export function h(x: number): number { if (!isFinite(x) || isNaN(x) || !Number.isFinite(x)) return Number.NaN; return Object.is(x, 1) ? 7 : x * x; }',
    ].join('\n');
    const source = [
      "import { h, TOL } from './other.js';",
      'const Number = { EPSILON: 1 };',
      'const Object = { is: (a: number, b: number) => false };',
      'const isNaN = (x: number) => true;',
      'const isFinite = (x: number) => false;',
      'export const r = [derivative((x: number) => h(x) + TOL * x, 3), derivative(h, 1), Number.EPSILON, Object.is(1, 1), isNaN(1), isFinite(1)];',
    ].join('\n');
    const result = transform(head + source, file, { mode, readFile: (f) => (f === '/project/src/other.ts' ? other : undefined) });
    expect(result.diagnostics).toEqual([]);
    for (const name of ['Number.EPSILON', 'Object.is', 'isNaN(', 'isFinite(']) expect(result.code).toContain(`globalThis.${name}`);
    // (x² + 2ε·x)' = 6 + 2ε at 3 (MIN_VALUE is lost next to 2ε); h is the constant 7 at 1.
    expect((await run(result.code, { 'other.ts': other })).r).toEqual([6 + 2 * globalThis.Number.EPSILON, 0, 1, false, true, false]);
  });

  it('keeps a module-level Number object meaning the object: its members are not the global constants', async () => {
    // A const data object read by field is constant data (c96656a): its EPSILON, 0.5, not the global's 2.2e-16.
    const source = 'const Number = { EPSILON: 0.5 };\nfunction f(x: number): number { return x * Number.EPSILON; }\nexport const d = derivative(f, 2);\n';
    expect(diagnosticsOf(source, mode)).toEqual([]);
    expect((await compiled(source, mode)).d).toBe(0.5);
  });

  it('calls a local isNaN function as the boolean function of the module it is, not the global test', async () => {
    const source = 'function isNaN(x: number): boolean { return x > 1; }\nfunction f(x: number): number { return isNaN(x) ? 3 * x : x; }\nexport const d = [derivative(f, 2), derivative(f, 0.5)];\n';
    expect((await compiled(source, mode)).d).toEqual([3, 1]);
  });

  it('names the misuse: a test used as a number, a test with the wrong arity, a Number member that is not a constant', () => {
    expect(diagnosticsOf('const f = (x: number): number => Number.isNaN(x);\nexport const d = derivative(f, 2);\n', mode)).toEqual(['DDX1016 2:34']);
    expect(diagnosticsOf('const f = (x: number) => (Object.is(x) ? x : 0);\nexport const d = derivative(f, 2);\n', mode)).toEqual(['DDX1003 2:27']);
    const r = transform(`${head}const f = (x: number) => x * Number.parseFloat;\nexport const d = derivative(f, 2);\n`, file, { mode });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1003']);
    expect(r.diagnostics[0].message).toMatch(/Number\.parseFloat is not supported here; use one of Number\.POSITIVE_INFINITY/);
  });
});
