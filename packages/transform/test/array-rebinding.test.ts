/**
 * A local array bound to another array (issue 14): `y = y.map(…)` in a loop, `y = step(y, h)` (an
 * ODE stepper), `let y = y0` reassigned later, `const b = c ? a : v` and `return c ? a : v` between
 * arrays. JavaScript binds the name to the array itself; so does the generated code, with the
 * tangent arrays bound alongside. Derivatives checked against closed forms and central differences.
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/rebind.ts';
const head = "import { derivative, gradient, hessian, jacobian } from '@ddx/dual';\n";

async function compiled(source: string, mode: EmitMode): Promise<Record<string, unknown>> {
  const result = transform(head + source, file, { mode });
  expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
  return run(result.code);
}

function diagnostics(source: string, mode: EmitMode = 'inline'): string[] {
  return transform(head + source, file, { mode }).diagnostics.map((d) => `${d.code} ${d.message}`);
}

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('y = y.map((v) => v * h) in a loop: y scaled by h^n', async () => {
    const m = await compiled([
      'function scaled(x: number[], h: number): number {',
      '  let y = x.slice();',
      '  for (let k = 0; k < 3; k++) { y = y.map((v) => v * h); }',
      '  return y[0] + 2 * y[1];',
      '}',
      'export const g = gradient((x: number[]) => scaled(x, 1.5), [2, 3]);',
      'export const d = derivative((h: number) => scaled([2, 3], h), 1.5);',
    ].join('\n'), mode);
    // (x0 + 2 x1) h³: ∇ = (h³, 2h³), d/dh = 3h² (x0 + 2 x1) = 3 · 2.25 · 8.
    expect(m.g).toEqual([1.5 ** 3, 2 * 1.5 ** 3]);
    expect(m.d).toBeCloseTo(3 * 2.25 * 8, 12);
  });

  it('an ODE stepper, y = step(y, h), from y0 or its copy: M^n y0 for the explicit Euler step of y″ = −y', async () => {
    const m = await compiled([
      'function step(y: number[], h: number): number[] { return [y[0] + h * y[1], y[1] - h * y[0]]; }',
      'function solve(y0: number[], h: number, n: number): number[] {',
      '  let y = y0.slice();',
      '  for (let k = 0; k < n; k++) y = step(y, h);',
      '  return y;',
      '}',
      // y bound to the parameter itself at first: read only, so JavaScript\'s one array is exact.
      'function first(y0: number[], h: number, n: number): number {',
      '  let y = y0;',
      '  for (let k = 0; k < n; k++) y = step(y, h);',
      '  return y[0];',
      '}',
      'export const J = jacobian((y0: number[]) => solve(y0, 0.1, 5), [1, 2]);',
      'export const d = [derivative((h: number) => solve([1, 0], h, 5)[0], 0.1), derivative((h: number) => first([1, 0], h, 5), 0.1)];',
      'export const g = [gradient((y0: number[]) => first(y0, 0.1, 5), [1, 2]), gradient((y0: number[]) => first(y0, 0.1, 0), [1, 2])];',
      // A nested derivative through the stepper (derivative code made on the IR, tangent.ts).
      'function slope(a: number): number { return a * derivative((h: number) => first([a, 0], h, 3), 0.1); }',
      'export const s = derivative(slope, 1.5);',
    ].join('\n'), mode);
    // M = [[1, h], [−h, 1]] = r·R(φ), r = √(1 + h²), φ = atan h: Mⁿ = rⁿ [[cos nφ, sin nφ], [−sin nφ, cos nφ]].
    const h = 0.1, n = 5, r = Math.sqrt(1 + h * h), phi = Math.atan(h);
    const Mn = [[Math.cos(n * phi), Math.sin(n * phi)], [-Math.sin(n * phi), Math.cos(n * phi)]].map((row) => row.map((v) => r ** n * v));
    (m.J as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(Mn[i][j], 13)));
    // d/dh of rⁿ cos nφ = n (1 + h²)^(n/2 − 1) (h cos nφ − sin nφ).
    const dh = n * (1 + h * h) ** (n / 2 - 1) * (h * Math.cos(n * phi) - Math.sin(n * phi));
    for (const v of m.d as number[]) expect(v).toBeCloseTo(dh, 13);
    const [g5, g0] = m.g as number[][];
    // slope(a) = a · ∂/∂h first([a, 0], h, 3) = a² · (the n = 3 closed form): slope′ = 2a · it.
    const dh3 = 3 * (1 + h * h) ** (3 / 2 - 1) * (h * Math.cos(3 * phi) - Math.sin(3 * phi));
    expect(m.s).toBeCloseTo(2 * 1.5 * dh3, 13);
    g5.forEach((v, j) => expect(v).toBeCloseTo(Mn[0][j], 13));
    expect(g0).toEqual([1, 0]);
  });

  it('a nonlinear stepper (a pendulum) against central differences, and the Hessian of y = y.map(v => v * v) twice', async () => {
    const source = [
      'function pendulum(s: number[], h: number): number[] { return [s[0] + h * s[1], s[1] - h * Math.sin(s[0])]; }',
      'function energy(s0: number[]): number {',
      '  let s = s0;',
      '  for (let k = 0; k < 20; k++) s = pendulum(s, 0.05);',
      '  return 0.5 * s[1] * s[1] - Math.cos(s[0]);',
      '}',
      'function quartic(x: number[]): number {',
      '  let y = x.slice();',
      '  y = y.map((v) => v * v);',
      '  y = y.map((v) => v * v);',
      '  let s = 0;',
      '  for (const v of y) s += v;',
      '  return s;',
      '}',
      'export const g = gradient(energy, [0.7, -0.2]);',
      'export const H = hessian(quartic, [1, -2, 0.5]);',
    ].join('\n');
    const m = await compiled(source, mode);
    // The same program in plain JavaScript, differenced centrally (step 1e-6: error about 1e-10).
    const pendulum = (s: number[], h: number): number[] => [s[0] + h * s[1], s[1] - h * Math.sin(s[0])];
    const energy = (s0: number[]): number => {
      let s = s0;
      for (let k = 0; k < 20; k++) s = pendulum(s, 0.05);
      return 0.5 * s[1] * s[1] - Math.cos(s[0]);
    };
    const e = 1e-6, p = [0.7, -0.2];
    const central = p.map((_, i) => (energy(p.map((v, j) => (j === i ? v + e : v))) - energy(p.map((v, j) => (j === i ? v - e : v)))) / (2 * e));
    (m.g as number[]).forEach((v, i) => expect(Math.abs(v - central[i])).toBeLessThan(1e-8));
    // Σ xᵢ⁴: the Hessian is diag(12 xᵢ²).
    expect(m.H).toEqual([[12, 0, 0], [0, 48, 0], [0, 0, 3]]);
  });

  it('const z = y keeps the array y had when y is bound to another later (two names, one array, as in JavaScript)', async () => {
    const m = await compiled([
      'function f(x: number[]): number {',
      '  let y = x.slice();',
      '  const z = y;',
      '  y = y.map((v) => 3 * v);',
      '  z[0] = z[0] * x[1];',
      '  return y[0] + z[0] + y[1];',
      '}',
      'export const g = gradient(f, [2, 5]);',
    ].join('\n'), mode);
    // y = 3x afterwards, z the first copy with z0 = x0 x1: f = 3x0 + x0 x1 + 3x1.
    expect(m.g).toEqual([3 + 5, 2 + 3]);
  });

  it('const b = c ? a : v between arrays (one a parameter with tangents, one data), return c ? s : [..], f(c ? ys : x)', async () => {
    const m = await compiled([
      'function pick(x: number[], w: number[], c: number): number {',
      '  const b = c > 0 ? x : w;',
      '  return b[0] * b[1] + x[0];',
      '}',
      'function swapOrSquare(x: number[], c: number): number[] {',
      '  const s = x.map((v) => v * v);',
      '  return c > 0 ? s : [x[1], x[0]];',
      '}',
      'export const g = [gradient((x: number[]) => pick(x, [5, 7], 1), [2, 3]), gradient((x: number[]) => pick(x, [5, 7], -1), [2, 3])];',
      'function sum2(v: number[]): number { return v[0] + v[1]; }',
      'function viaArgument(x: number[], c: number): number { const ys = [x[1] * x[1], 2]; return sum2(c > 0 ? ys : x); }',
      'export const a = [gradient((x: number[]) => viaArgument(x, 1), [2, 3]), gradient((x: number[]) => viaArgument(x, -1), [2, 3])];',
      'export const J = [jacobian((x: number[]) => swapOrSquare(x, 1), [2, 3]), jacobian((x: number[]) => swapOrSquare(x, -1), [2, 3])];',
    ].join('\n'), mode);
    expect(m.g).toEqual([[3 + 1, 2], [1, 0]]);
    expect(m.J).toEqual([[[4, 0], [0, 6]], [[0, 1], [1, 0]]]);
    // sum2 of (x1², 2) or of x: ∇ = (0, 2x1) or (1, 1).
    expect(m.a).toEqual([[0, 6], [1, 1]]);
  });
});

describe.each(['inline', 'dual'] as EmitMode[])('%s mode: a method on the array a call returns', (mode) => {
  it('chain(x, p).reduce(…) and scaled(x).map(…) hold the callee\'s array first (was DDX1006 "cannot resolve")', async () => {
    const m = await compiled([
      'function chain(x: number[], p: number): number[] { return [x[0] * p, x[1] + p]; }',
      'function total(x: number[]): number { return chain(x, 2).reduce((s, v) => s + v * v, 0); }',
      'function squares(x: number[]): number[] { return chain(x, 3).map((v) => v * v); }',
      'export const g = gradient(total, [1, 2]);',
      'export const J = jacobian(squares, [1, 2]);',
    ].join('\n'), mode);
    // (2x0)² + (x1 + 2)²: ∇ = (8x0, 2(x1 + 2)); ((3x0)², (x1 + 3)²): J = diag(18x0, 2(x1 + 3)).
    expect(m.g).toEqual([8, 8]);
    expect(m.J).toEqual([[18, 0], [0, 10]]);
  });
});

describe.each(['inline', 'dual'] as EmitMode[])('%s mode: [a, b] = [b, a], a destructuring assignment from an array literal', (mode) => {
  const source = [
    '/** Two local arrays swapped in a loop, one of them written after each swap. */',
    'export function swapped(x: number[]): number {',
    '  let a = [x[0], x[1]];',
    '  let b = [x[1] * x[1], 3];',
    '  for (let k = 0; k < 3; k++) {',
    '    [a, b] = [b, a];',
    '    a[0] = a[0] * 2 + b[1];',
    '  }',
    '  return a[0] + 10 * b[0] + 100 * a[1];',
    '}',
    '/** A recurrence on numbers: s₀ = 1, s₁ = x, sₖ₊₁ = sₖ₋₁ + x·sₖ; returns s₄ + s₅. */',
    'export function recurrence(x: number): number {',
    '  let p = 1, q = x;',
    '  for (let k = 0; k < 4; k++) [p, q] = [q, p + x * q];',
    '  return p + q;',
    '}',
    '/** Elements as targets, each evaluated after the targets before it are assigned (y[i] is y[2]). */',
    'export function elements(x: number[]): number {',
    '  const y = [x[0], x[1], 3];',
    '  let i = 0;',
    '  [i, y[i]] = [2, y[0] * y[1]];',
    '  [y[0], y[1]] = [y[1], y[0]];',
    '  return y[0] + 10 * y[1] + 100 * y[2] + i;',
    '}',
    'export const gSwapped = (x: number[]) => gradient(swapped, x);',
    'export const hSwapped = (x: number[]) => hessian(swapped, x);',
    'export const dRecurrence = (x: number) => derivative(recurrence, x);',
    "export const gRecurrence = (x: number[]) => gradient((v: number[]) => recurrence(v[0]) * v[1], x, { mode: 'reverse' });",
    'export const gElements = (x: number[]) => gradient(elements, x);',
    "export const gElementsReverse = (x: number[]) => gradient(elements, x, { mode: 'reverse' });",
  ].join('\n');
  // Closed forms: swapped = 4x₁² + 3x₁ + 20x₀ + 330; recurrence = 1 + 3x + 3x² + 4x³ + x⁴ + x⁵;
  // elements = x₁ + 10x₀ + 100x₀x₁ + 2.
  const recurrence = (x: number) => 1 + 3 * x + 3 * x ** 2 + 4 * x ** 3 + x ** 4 + x ** 5;
  const dRecurrence = (x: number) => 3 + 6 * x + 12 * x ** 2 + 4 * x ** 3 + 5 * x ** 4;

  it('values as JavaScript gives them, derivatives against closed forms (reverse mode for numbers too)', async () => {
    const m = await compiled(source, mode);
    const plain = await run(source.replace(/^export const .*$/gm, ''));
    type Vec = (x: number[]) => number[];
    for (const x of [[0.7, 1.3], [-2, 0.5]]) {
      expect((m.swapped as (x: number[]) => number)(x)).toBe((plain.swapped as (x: number[]) => number)(x));
      expect((m.elements as (x: number[]) => number)(x)).toBe((plain.elements as (x: number[]) => number)(x));
      expect((m.recurrence as (x: number) => number)(x[0])).toBe((plain.recurrence as (x: number) => number)(x[0]));
      expect(Math.abs((m.swapped as (x: number[]) => number)(x) - (4 * x[1] ** 2 + 3 * x[1] + 20 * x[0] + 330))).toBeLessThan(1e-12);
      expect((m.gSwapped as Vec)(x)).toEqual([20, 8 * x[1] + 3]);
      expect((m.hSwapped as (x: number[]) => number[][])(x)).toEqual([[0, 0], [0, 8]]);
      expect(Math.abs((m.dRecurrence as (x: number) => number)(x[0]) - dRecurrence(x[0]))).toBeLessThan(1e-12 * Math.abs(dRecurrence(x[0])));
      const [g0, g1] = (m.gRecurrence as Vec)(x);
      expect(Math.abs(g0 - dRecurrence(x[0]) * x[1])).toBeLessThan(1e-12 * Math.abs(dRecurrence(x[0]) * x[1]));
      expect(Math.abs(g1 - recurrence(x[0]))).toBeLessThan(1e-12 * Math.abs(recurrence(x[0])));
      for (const g of [(m.gElements as Vec)(x), (m.gElementsReverse as Vec)(x)]) {
        expect(Math.abs(g[0] - (10 + 100 * x[1]))).toBeLessThan(1e-12);
        expect(Math.abs(g[1] - (1 + 100 * x[0]))).toBeLessThan(1e-12);
      }
      // Central differences of the compiled recurrence (h = 1e-6).
      const r = m.recurrence as (x: number) => number;
      expect(Math.abs((m.dRecurrence as (x: number) => number)(x[0]) - (r(x[0] + 1e-6) - r(x[0] - 1e-6)) / 2e-6)).toBeLessThan(1e-6 * Math.max(1, Math.abs(dRecurrence(x[0]))));
    }
  });
});

describe('what stays rejected', () => {
  it('a destructuring assignment from anything but an array literal of as many values (DDX1011); two names of one array, both used, one growing by push, in reverse mode (DDX1062)', () => {
    expect(diagnostics('function f(x: number[]): number { let a = 0, b = 0; [a, b] = x; return a * b; }\nexport const g = gradient(f, [1, 2]);'))
      .toEqual([expect.stringMatching(/^DDX1011 a destructuring assignment is compiled from an array literal of as many values/)]);
    expect(diagnostics('function f(x: number[]): number { let a = 0, b = 0; [a, b] = [x[0]]; return a * b; }\nexport const g = gradient(f, [1, 2]);'))
      .toEqual([expect.stringMatching(/^DDX1011 a destructuring assignment is compiled from an array literal of as many values/)]);
    expect(diagnostics("function f(x: number[]): number { let a = [x[0]]; let b = [x[1]]; [a, b] = [b, b]; a.push(x[0]); return a[1] * 2 + b[0]; }\nexport const g = gradient(f, [1, 2], { mode: 'reverse' });"))
      .toEqual([expect.stringMatching(/^DDX1062 an array that grows by push \('a'\) while another local array names it too/)]);
  });

  it('a swap of arrays compiles in reverse mode: each array is reached by one name after it', async () => {
    const m = await compiled("function f(x: number[]): number { let a = [x[0]]; let b = [x[1]]; [a, b] = [b, a]; return a[0] * 2 + b[0] * x[0]; }\nexport const g = gradient(f, [1.5, 2], { mode: 'reverse' });", 'inline');
    // a = [x1], b = [x0]: f = 2 x1 + x0², ∇f = (2 x0, 2).
    expect(m.g).toEqual([3, 2]);
    // [a, b] = [b, b]: two names of one array, written through b, read through both: f = 2 · 3x0 x1 + 3x0 x1.
    const both = await compiled("function f(x: number[]): number { let a = [x[0]]; let b = [x[1]]; [a, b] = [b, b]; b[0] = 3 * x[0] * b[0]; return a[0] * 2 + b[0]; }\nexport const g = gradient(f, [1.5, 2], { mode: 'reverse' });", 'inline');
    expect(both.g).toEqual([9 * 2, 9 * 1.5]);
  });


  it('a local bound to a parameter whose elements are written (DDX1017), a parameter reassigned, a for…of over the array reassigned', () => {
    expect(diagnostics([
      'function f(x: number[]): number { let y = x; y[0] = 2 * y[0]; y = x.map((v) => v); return y[0]; }',
      'export const g = gradient(f, [1, 2]);',
    ].join('\n'))).toEqual([expect.stringMatching(/^DDX1017 'y' is bound to the array 'x' .* y\[0\] = 2 \* y\[0\]|^DDX1017 'y' is bound to the array 'x'/)]);
    expect(diagnostics([
      'function f(x: number[]): number { x = x.map((v) => v * v); return x[0]; }',
      'export const g = gradient(f, [1, 2]);',
    ].join('\n'))).toEqual([expect.stringMatching(/^DDX1017 array parameter 'x' cannot be reassigned; declare a local array/)]);
    expect(diagnostics([
      'function f(x: number[]): number { let y = x.slice(); let s = 0; for (const v of y) { s += v; y = y.map((u) => u * 2); } return s; }',
      'export const g = gradient(f, [1, 2]);',
    ].join('\n'))).toEqual([expect.stringMatching(/^DDX1017 'y' is reassigned inside a for…of over it/)]);
  });

  it("reverse mode compiles y = y.map(…), y = step(y) and y = z with z written after, and names a rebinding it does not compile (DDX1062)", async () => {
    const m = await compiled([
      'function step(y: number[], h: number): number[] { return [y[0] + h * y[1], y[1] - h * y[0]]; }',
      'function f(x: number[]): number { let y = x.slice(); y = y.map((v) => v * v); return y[0] * y[1]; }',
      'function euler(y0: number[], h: number): number { let y = y0; for (let k = 0; k < 3; k++) y = step(y, h); return y[0]; }',
      "export const g = (x: number[]) => gradient(f, x, { mode: 'reverse' });",
      "export const e = (x: number[]) => gradient((y0: number[]) => euler(y0, 0.1), x, { mode: 'reverse' });",
      'export const ef = (x: number[]) => gradient((y0: number[]) => euler(y0, 0.1), x);',
    ].join('\n'), 'inline');
    // x0² x1²: (2 x0 x1², 2 x0² x1).
    expect((m.g as (x: number[]) => number[])([1.5, -2])).toEqual([2 * 1.5 * 4, 2 * 2.25 * -2]);
    // Euler on y″ = −y: y₃ = M³ y0 with M = [[1, h], [−h, 1]], linear: ∇ y₃[0] = the first row of M³, as forward mode gives.
    const h = 0.1, row = [1 - 3 * h * h, 3 * h - h ** 3];
    const got = (m.e as (x: number[]) => number[])([0.4, 0.9]), fwd = (m.ef as (x: number[]) => number[])([0.4, 0.9]);
    got.forEach((g, i) => { expect(Math.abs(g - row[i])).toBeLessThanOrEqual(1e-15); expect(Math.abs(g - fwd[i])).toBeLessThanOrEqual(1e-15); });
    // y = z, then a write through z that y sees: f = 3 x0 x1.
    const written = await compiled([
      'function f(x: number[]): number { let y = [x[0]]; const z = [x[1]]; y = z; z[0] = 3 * x[0] * z[0]; return y[0]; }',
      "export const g = gradient(f, [1.5, -2], { mode: 'reverse' });",
    ].join('\n'), 'inline');
    expect(written.g).toEqual([3 * -2, 3 * 1.5]);
    expect(diagnostics([
      'function f(x: number[]): number { let y = [x[0]]; const z = [x[1]]; y = z; z.push(3); return y[1]; }',
      "export const g = gradient(f, [1, 2], { mode: 'reverse' });",
    ].join('\n'))).toEqual([expect.stringMatching(/^DDX1062 an array that grows by push \('z'\) while another local array names it too/)]);
  });
});
