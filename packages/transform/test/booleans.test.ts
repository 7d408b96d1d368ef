/**
 * Booleans: locals, parameters and functions returning them compile in both modes (exact
 * derivatives against closed forms; the golden fixture `booleans` covers every verb), and a boolean
 * that would flow into a number, or be differentiated, is diagnosed.
 */
import { describe, expect, it } from 'vitest';
import { generateModule, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/booleans.ts';
const head = "import { derivative, gradient, hessian } from '@ddx/dual';\n";

async function compiled(source: string, mode: EmitMode): Promise<Record<string, unknown>> {
  const result = transform(head + source, file, { mode });
  expect(result.diagnostics).toEqual([]);
  return run(result.code);
}

const diagnosticsOf = (source: string, mode: EmitMode = 'inline'): string[] =>
  transform(head + source, file, { mode }).diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('differentiates through boolean locals, parameters and functions (closed forms)', async () => {
    const m = await compiled([
      // A recursive boolean function, a boolean compared with false, a boolean of an enclosing function captured by an arrow.
      'function even(n: number): boolean { return n < 1 ? true : !even(n - 1); }',
      'function f(x: number, twice: boolean): number {',
      '  let odd = false;',
      '  for (let i = 0; i < 3; i++) odd = !odd;',
      '  if (odd === false) return x;',
      '  return even(4) && twice ? 2 * x * x : x * x;',
      '}',
      'function outer(t: boolean): number { return derivative((x: number) => f(x, t), 3); }',
      'export const d = [outer(true), outer(false), derivative((x) => f(x, x > 5), 3)];',
      // A boolean local declared without an initializer, assigned in both branches.
      'function g(a: number, b: number): number {',
      '  let swap: boolean;',
      '  if (a < b) swap = true; else swap = false;',
      '  const lo = swap ? a : b, hi = swap ? b : a;',
      '  return lo * lo + Math.exp(hi);',
      '}',
      'export const grad = [gradient(g, [1, 2]), gradient(g, [2, 1])];',
      'export const hess = hessian(g, [1, 2]);',
    ].join('\n'), mode);
    expect(m.d).toEqual([12, 6, 6]);
    expect(m.grad).toEqual([[2, Math.exp(2)], [Math.exp(2), 2]]);
    expect(m.hess).toEqual([[2, 0], [0, Math.exp(2)]]);
  });

  it('a boolean operand of an arithmetic or bitwise operator is the number 1 or 0 (culori\'s (g < b) * 6; closed forms)', async () => {
    const m = await compiled([
      // A comparison, a boolean local, a boolean helper; unary -, + and ~; | between booleans.
      'function f(g: number, b: number): number { return ((g - b) + (g < b) * 6) * g + -(g > 1) + +(b > 1) * b + (~(g < b) | (b > g)) * b; }',
      'function h(x: number): number { const neg = x < 0; return x * neg + x * x * !neg; }',
      'function p(x: number): boolean { return x > 0; }',
      'function q(x: number): number { return x * x * p(x) + x; }',
      'export const v = [f(1, 2), f(2, 1)];',
      'export const d = [gradient(f, [1, 2]), gradient(f, [2, 1]), derivative(h, 3), derivative(h, -3), derivative(q, 3), derivative(q, -3), gradient(f, [1, 2], { mode: "reverse" })];',
      'export const hess = hessian(f, [1, 2]);',
      // A test of a number, and an array's test.
      'const t = (x: number) => x * +Number.isFinite(x) + (x > 2) * x * x;',
      'const s = (xs: number[]) => xs.some((x) => x > 1) * 2 * xs[0] + xs[1];',
      'export const tests = [derivative(t, 3), derivative(t, 1), gradient(s, [1, 2]), gradient(s, [1, 0.5])];',
    ].join('\n'), mode);
    expect(m.tests).toEqual([7, 1, [2, 1], [0, 1]]);
    // At (1, 2): (g - b + 6)g − 0 + b − 2b = 5; at (2, 1): (g − b)g − 1 + 0 − b = 0.
    expect(m.v).toEqual([5, 0]);
    // ∇ at (1, 2): (2g − b + 6, −g + 1 − 1); at (2, 1): (2g − b, −g − 1). h = x (x < 0) or x²; q = x²·[x > 0] + x.
    expect(m.d).toEqual([[6, -1], [3, -3], 6, 1, 7, 1, [6, -1]]);
    expect(m.hess).toEqual([[2, -1], [-1, 0]]);
  });

  it('a boolean under a type assertion, or an argument of a Math function, is the number 1 or 0 too (closed forms)', async () => {
    const m = await compiled([
      // `as`, `!`, `<T>` and `satisfies` change no value; Math's functions convert their arguments as operators do.
      'function g(a: number, b: number): number {',
      '  return Math.sin(a < b) * a + Math.max(a, (b < a)!) * b + Math.pow(a, (a < b) as unknown as number) + (<number><unknown>(a > 1)) * a * a + ((b > a) satisfies boolean) * b;',
      '}',
      'const e = (x: number) => x * Math.exp(x > 1 as unknown as number);',
      'export const v = [g(1, 2), g(3, 2)];',
      'export const d = [gradient(g, [1, 2]), gradient(g, [3, 2]), gradient(g, [1, 2], { mode: "reverse" }), gradient(g, [3, 2], { mode: "reverse" }), derivative(e, 2), derivative(e, 0.5)];',
      'export const hess = hessian(g, [3, 2]);',
    ].join('\n'), mode);
    // At (1, 2): sin(1)·a + max(a, 0)·b + a¹ + 0 + b; at (3, 2): 0 + max(a, 1)·b + a⁰ + a² + 0.
    expect(m.v).toEqual([Math.sin(1) + 5, 16]);
    const at12 = [expect.closeTo(Math.sin(1) + 3, 15), 2], at32 = [8, 3];
    expect(m.d).toEqual([at12, at32, at12, at32, Math.E, 1]);
    expect(m.hess).toEqual([[2, 1], [1, 0]]);
  });

  it('infers a boolean return from tests the checker cannot type (the analysis has no lib)', async () => {
    const m = await compiled([
      'function bad(x: number) { return Number.isNaN(x) || !isFinite(x); }',
      'const big = (x: number) => (bad(x) ? false : Object.is(x, 4) || x > 5);',
      'function f(x: number): number { const ok = !bad(x); return ok && big(x) ? x * x * x : 2 * x; }',
      'export const d = [derivative(f, 4), derivative(f, 3), derivative(f, 6)];',
    ].join('\n'), mode);
    expect(m.d).toEqual([48, 2, 108]);
  });

  it('an unannotated helper returning a var boolean set from Object.is (fuzz seed 7373 run 175)', async () => {
    const m = await compiled([
      'function same(a: number, c: number) {',
      '  var b = Object.is(Math.sin(a), c);',
      '  b &&= a > 0;',
      '  return b;',
      '}',
      'function f(x: number): number { return same(x, Math.sin(x)) ? x * x : 3 * x; }',
      'export const d = [derivative(f, 0.5), derivative(f, -0.5)];',
    ].join('\n'), mode);
    expect(m.d).toEqual([1, 3]);
  });

  it('a boolean local the checker cannot type, captured by an arrow or a curried IIFE and passed to a boolean parameter (fuzz seed 1 run 8073)', async () => {
    const m = await compiled([
      'function h(x: number, up: boolean): number { return up ? 2 * x : -x; }',
      'function curried(x: number): number {',
      '  const b0 = Number.isInteger(x);',
      '  const g1 = ((k: number) => (u: number): number => h(Math.sin(u * k), b0))(3);',
      '  return g1(x);',
      '}',
      'function arrow(x: number): number {',
      '  const whole = Number.isInteger(x) && x > 0;',
      '  const g = (u: number): number => (whole ? h(u * u, whole) : h(u, !whole));',
      '  return g(x);',
      '}',
      'function hoisted(x: number): number {',
      '  var b = Number.isInteger(x);',
      '  const g = (u: number): number => h(Math.sin(u), b) + (b ? u : 3 * u);',
      '  return g(x);',
      '}',
      'export const d = [derivative(curried, 0.5), derivative(curried, 1), derivative(arrow, 0.5), derivative(arrow, 2), derivative(hoisted, 0.5), derivative(hoisted, 2)];',
    ].join('\n'), mode);
    // curried(x) = −sin(3x) off the integers, 2·sin(3x) on them; arrow(x) = 2x off them, 2x² on
    // them; hoisted(x) = 3x − sin(x) off them, 2·sin(x) + x on them.
    const want = [-3 * Math.cos(1.5), 6 * Math.cos(3), 2, 8, 3 - Math.cos(0.5), 2 * Math.cos(2) + 1];
    (m.d as number[]).forEach((d, i) => expect(d).toBeCloseTo(want[i], 14));
  });

  it('a boolean from xs.some(…) read as the condition of an arrow it is captured by (fuzz seed 1 run 9443)', async () => {
    const m = await compiled([
      'function f(xs: number[]): number {',
      '  const big = xs.some((x) => x > 1);',
      '  const g = (u: number): number => (big ? 0.5 * u * u : Math.sin(u));',
      '  return g(xs[0]) + xs[1] * xs[0];',
      '}',
      'export const g = [gradient(f, [0.5, 2]), gradient(f, [0.5, 0.25])];',
    ].join('\n'), mode);
    // With an element above 1, f = x0²/2 + x1·x0; without, f = sin(x0) + x1·x0.
    expect(m.g).toEqual([[0.5 + 2, 0.5], [Math.cos(0.5) + 0.25, 0.5]]);
  });

  it('a var in a nested block holding a boolean test, a boolean const or a boolean helper\'s value (fuzz seeds 80303 run 181, 2734 run 476)', async () => {
    const m = await compiled([
      // Unannotated and recursive: the checker types its value any; every return is a comparison.
      'function positive(x: number, n: number) { if (n <= 0) return x > 0; return positive(x, n - 1) !== false; }',
      'function f(x: number): number {',
      '  const whole = Number.isSafeInteger(x);',
      '  let s = 0;',
      '  for (let i = 0; i < 2; i++) {',
      '    var flag = whole;',
      '    var same = Object.is(x, 2.5);',
      '    var pos = positive(x, 1);',
      '    pos &&= pos;',
      '    if (flag || same) s += x; else if (pos) s += x * x;',
      '  }',
      '  return s;',
      '}',
      'export const d = [derivative(f, 1.5), derivative(f, 2), derivative(f, 2.5), derivative(f, -1.5)];',
    ].join('\n'), mode);
    // 2x² where x is positive and neither whole nor 2.5: 4x; else 2x (whole or 2.5), or 0 (negative).
    expect(m.d).toEqual([6, 2, 2, 0]);
  });
});

describe('diagnostics', () => {
  const at = (source: string): string[] => diagnosticsOf(source).map((d) => d.split(' ').slice(0, 2).join(' '));

  it('a boolean assigned as a number, or a number where a boolean is stored', () => {
    expect(diagnosticsOf('function f(x: number): number { let b = true; b += 1; return x; }\nexport const d = derivative(f, 2);\n')[0])
      .toContain("'b' is a boolean: assign it with =, &&= or ||=");
    expect(diagnosticsOf('function s(x: number, up: boolean): number { return up ? x : -x; }\nfunction f(x: number): number { return s(x, 1); }\nexport const d = derivative(f, 2);\n')[0])
      .toContain("argument 2 of 's' is a boolean, but '1' is not");
  });

  it('a verb on a function that returns a boolean, or takes one', () => {
    expect(diagnosticsOf('function p(x: number) { return x > 0; }\nexport const d = derivative(p, 2);\n')[0])
      .toContain("derivative needs f to return a number, but 'p' returns a boolean, which has no derivative");
    expect(diagnosticsOf('function s(x: number, y: number, up: boolean): number { return up ? x * y : y; }\nexport const d = gradient(s, [1, 2]);\n')[0])
      .toContain("gradient differentiates with respect to numbers, but parameter 'up' of 's' is a boolean; fix it in an arrow written at the call site, e.g. (x, y) => s(x, y, true)");
  });

  it('typeof compared with something else than a string', () => {
    expect(at("const f = (x: number) => (typeof x === typeof 1 ? x : 0);\nexport const d = derivative(f, 2);\n")).toEqual(['DDX1003 2:27']);
  });

  it('ddx gen leaves boolean functions out, and names why when asked for one', () => {
    const source = 'export function positive(x: number): boolean { return x > 0; }\nexport function f(x: number): number { return positive(x) ? x * x : x; }\n';
    const all = generateModule(source, '/p/m.ts');
    expect(all.diagnostics).toEqual([]);
    expect(all.skipped).toEqual([{ name: 'positive', reason: "'positive' is not differentiated: it returns a boolean, which has no derivative" }]);
    expect(all.code).toContain('f_derivative');
    const asked = generateModule(source, '/p/m.ts', { functions: ['positive'] });
    expect(asked.diagnostics.map((d) => d.code)).toEqual(['DDX1010']);
  });
});

describe.each(['inline', 'dual'] as EmitMode[])('%s mode: an unannotated recursive boolean helper', (mode) => {
  it('is a boolean at every call, also the second call beside the first (h(0, 0) && h(x, 0))', async () => {
    // TypeScript infers `any` for its return (it calls itself in a return): the helper is judged
    // from its returned values at each call. Found by the fuzzer (seed 20261123, run 361).
    const m = await compiled([
      'function h(d: number, n: number) { if (n <= 0) return Number.EPSILON < d; return h(d, n - 1) !== (Number.EPSILON < d); }',
      'function f(x: number): number { let b = (h(1, 0) && h(x, 0)); return b ? x * x : -x; }',
      'export const r = [derivative(f, 2), derivative(f, -2)];',
    ].join('\n'), mode);
    expect(m.r).toEqual([4, -1]);
  });
});
