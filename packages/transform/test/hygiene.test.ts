/**
 * Never silently wrong: generated code never captures, shadows or re-scopes a user's name, and it
 * runs from the module's first statement on. One test per class of input that once gave wrong
 * numbers or crashed inside generated code, both emit modes, each checked against closed forms.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { run, runInNode } from './run.js';

const modes: EmitMode[] = ['inline', 'dual'];

/** Transforms `main` (with sibling modules under /virtual/) and runs it. */
async function compiled(mode: EmitMode, main: string, siblings: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const files = new Map(Object.entries(siblings).map(([name, text]) => [`/virtual/${name}`, text]));
  const r = transform(main, '/virtual/main.ts', { mode, readFile: (f) => files.get(f) });
  expect(r.diagnostics.map(formatDiagnostic), mode).toEqual([]);
  expect(r.changed, mode).toBe(true);
  return run(r.code, siblings);
}

describe.each(modes)('generated names never capture the names of the call site (%s)', (mode) => {
  it("a module's own object named Math, whose rest-parameter method is called in a branch", async () => {
    // Its calls make the rest array like any project function's (held where the branch runs), not
    // skipped as the global Math's would be: before, this was refused as an unheld rest array.
    const m = await compiled(mode, `import { derivative } from '@ddx/dual';
const Math = { max(...xs: number[]): number { let m = -Infinity; for (const x of xs) m = m > x ? m : x; return m; } };
function f(x: number): number { return x > 0 ? Math.max(x, 2 * x, x * x) : x; }
export const at = [derivative(f, 3), derivative(f, 1.5), derivative(f, -1)];
`);
    // f = max(x, 2x, x²) for x > 0: x² at 3 (f' = 2x = 6), 2x at 1.5 (f' = 2); x below 0 (f' = 1).
    expect(m.at).toEqual([6, 2, 1]);
  });

  it('a curried derivative whose arrow reads a variable named like the generated parameter', async () => {
    const m = await compiled(mode, `import { derivative, gradient, hessian, jacobian } from '@ddx/dual';
function loss(w: readonly number[], x: readonly number[]): number {
  return w[0] * w[0] * x[0] + w[1] * x[1];
}
export function make(x: number) { return derivative((t: number) => x * t * t); }
export function grad(x: number[]) { return gradient((w: number[]) => loss(w, x)); }
export function hess(x: number[]) { return hessian((w: number[]) => loss(w, x)); }
export function jac(x: number[]) { return jacobian((w: number[]) => [w[0] * x[0], w[1] * x[1]]); }
`);
    // d/dt (x t²) = 2xt; ∇(w₀²x₀ + w₁x₁) = [2w₀x₀, x₁]; its Hessian [[2x₀, 0], [0, 0]].
    expect((m.make as (x: number) => (t: number) => number)(3)(1)).toBe(6);
    expect((m.grad as (x: number[]) => (w: number[]) => number[])([3, 5])([1, 2])).toEqual([6, 5]);
    expect((m.hess as (x: number[]) => (w: number[]) => number[][])([3, 5])([1, 2])).toEqual([[6, 0], [0, 0]]);
    expect((m.jac as (x: number[]) => (w: number[]) => number[][])([3, 5])([1, 2])).toEqual([[3, 0], [0, 5]]);
  });

  it("a copy of an imported callee is not named like another function's temporary (fzMid2 = fzMid2(…), fuzz seed 1 run 5811)", async () => {
    // g needs the plain copy of mid first (its arguments do not depend on the input): mid is
    // imported, so the copy is mid2. f holds mid's record result in a temporary, also named after
    // the callee: mid2 too, which shadowed the copy (a TDZ error at run time) until the copy's
    // name avoided every function's locals.
    const m = await compiled(mode, `import { gradient } from '@ddx/dual';
import { mid, normSq, type P } from './points';
function g(v: number[]): number { const r = mid({ x: 1, y: 2 }, { x: 1, y: 3 }); return v[0] * r.x * r.y + v[1]; }
function f(v: number[]): number {
  let s = 0;
  for (let i = 0; i < 2; i++) {
    const r2: P = { x: i, y: 2 };
    s += v[0] * normSq(mid(r2, { x: Math.tanh(r2.y), y: 0.5 })) + v[1] * v[1];
  }
  return s;
}
export const dg = gradient(g, [2, 5]);
export const df = gradient(f, [2, 5]);
`, { 'points.ts': `export interface P { x: number; y: number }
export function mid(a: P, b: P): P { return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }; }
export function normSq(p: P): number { return p.x * p.x + p.y * p.y; }
` });
    // g = v0 · 1 · 2.5 + v1; f = v0 Σ_i (((i + tanh 2)/2)² + 1.25²) + 2 v1².
    expect(m.dg).toEqual([2.5, 1]);
    const t = Math.tanh(2);
    const want = [((0 + t) / 2) ** 2 + ((1 + t) / 2) ** 2 + 2 * 1.25 ** 2, 20];
    (m.df as number[]).forEach((g, k) => expect(Math.abs(g - want[k])).toBeLessThanOrEqual(1e-14 * want[k]));
  });

  it("a copy of a local helper is not named like the caller's temporary it calls it beside (sq2 = sq_tangent…; sq2(2, 3), fuzz seed 52817 run 274)", async () => {
    // f's tangent code holds the values of sq's calls in temporaries sq1, sq2, sq3, named before
    // the plain copy of the local helper sq that the callback's inactive call sq(2, 3) needs; the
    // copy was named sq2 too, and f's local hid it ("sq2 is not a function").
    const m = await compiled(mode, `import { derivative } from '@ddx/dual';
function f(x: number): number {
  function sq(a: number, b: number): number { return a * b; }
  function big(a: number): boolean { return sq(a, 2) > 4; }
  const u = Math.sin(sq(x, x)) + Math.cos(sq(x, 3)) + Math.exp(sq(3, x));
  const y = [x].map((t) => (big(sq(2, 3) - t) ? u : -u));
  return y[0];
}
export const d = derivative(f, 0.3);
`);
    // f = sin x² + cos 3x + e^{3x} where 6 − x > 2 (big tests (6 − x)·2 > 4).
    const x = 0.3;
    const want = 2 * x * Math.cos(x * x) - 3 * Math.sin(3 * x) + 3 * Math.exp(3 * x);
    expect(Math.abs((m.d as number) - want)).toBeLessThanOrEqual(1e-14 * want);
  });

  it('a variable whose generated tangent name would be a reserved word (o → do, efault → default)', async () => {
    const m = await compiled(mode, `import { derivative, gradient } from '@ddx/dual';
function f(o: number): number { const efault = o * o; return efault * Math.sin(o); }
function g(v: number[]): number { return v[0] * v[1]; }
export const df = derivative(f, 1);
export const dg = gradient((o: number[]) => g(o) + o[0], [2, 3]);
`);
    // (o² sin o)' = 2o sin o + o² cos o; ∇(o₀o₁ + o₀) = [o₁ + 1, o₀].
    expect(m.df).toBeCloseTo(2 * Math.sin(1) + Math.cos(1), 14);
    expect(m.dg).toEqual([4, 2]);
  });

  it('a caller module with its own Math, and a callee constant built from Math', async () => {
    const m = await compiled(mode, `import { derivative, gradient } from '@ddx/dual';
import { f, g } from './callee';
const Math = { sin: (x: number) => 0 * x, cos: (x: number) => 0 * x, PI: 0 };
export const df = derivative(f, 1);
export const dg = gradient(g, [1, 2]);
export const own = Math.PI;
`, { 'callee.ts': `export const K = Math.PI * 2;\nexport function f(x: number): number { return Math.sin(x) + K * x; }\n` +
      `export function g(v: number[]): number { return Math.max(v[0], v[1]) * Math.hypot(v[0], v[1]); }\n` });
    // f' = cos x + 2π; ∇(max · hypot) at (1, 2): [2·1/√5, √5 + 2·2/√5].
    expect(m.df).toBe(globalThis.Math.cos(1) + 2 * globalThis.Math.PI);
    const r = globalThis.Math.sqrt(5);
    const dg = m.dg as number[];
    expect(dg[0]).toBeCloseTo(2 / r, 14);
    expect(dg[1]).toBeCloseTo(r + 4 / r, 14);
    expect(m.own).toBe(0);
  });

  it('a module that imports a binding named Array, Object or NaN', async () => {
    const m = await compiled(mode, `import { jacobian, hessian } from '@ddx/dual';
import { Array, Object, NaN } from './names';
function f(x: number[]): number[] { return [x[0] * x[1], Math.max(x[0], x[1])]; }
function h(x: number[]): number { return Math.abs(x[0]) * x[1] * x[1]; }
export const J = jacobian(f, [2, 3]);
export const H = hessian(h, [-2, 3]);
export const used = [Array, Object, NaN];
`, { 'names.ts': 'export const Array = 1, Object = 2, NaN = 3;\n' });
    expect(m.J).toEqual([[3, 2], [0, 1]]);
    // ∇²(|x₀| x₁²) at (-2, 3): [[0, -2x₁], [-2x₁, 2|x₀|]].
    expect(m.H).toEqual([[0, -6], [-6, 4]]);
    expect(m.used).toEqual([1, 2, 3]);
  });

  it('a callee in another module with parameters named like generated and run-time names', async () => {
    const m = await compiled(mode, `import { derivative, gradient } from '@ddx/dual';
import { g, h } from './callee';
export const d = derivative((x: number) => g(x) * 2, 2);
export const e = gradient((v: number[]) => h(v[0], v[1]), [2, 3]);
`, { 'callee.ts': 'export function g(ops: number): number { return ops * 3 + 1; }\n' +
      'export function h(Real: number, ddxOut: number): number { return Real * ddxOut + Real; }\n' });
    // d/dx 2(3x + 1) = 6; ∇(ab + a) = [b + 1, a].
    expect(m.d).toBe(6);
    expect(m.e).toEqual([4, 2]);
  });

  it('parameters and locals named like generated and run-time names, in the module itself', async () => {
    const m = await compiled(mode, `import { derivative, gradient } from '@ddx/dual';
function f(ops: number, Real: number): number { const ddxOut = ops * Real; return ddxOut * ops * ops + Real; }
function k(Array: number[]): number { const Object = Array[0]; return Object * Array[1]; }
export const d = derivative((x: number) => f(x, 2), 2);
export const grad = gradient(f, [2, 3]);
export const gk = gradient(k, [2, 3]);
`);
    // f = a³b + b: ∂a = 3a²b, ∂b = a³ + 1; k = x₀x₁.
    expect(m.d).toBe(24);
    expect(m.grad).toEqual([36, 9]);
    expect(m.gk).toEqual([3, 2]);
  });

  it("an arrow's captures named like every driver's locals and the module-level names drivers read, every driver kind", async () => {
    // Each capture is a trailing parameter of the drivers (forward, reverse, 'auto', the reverse
    // Hessian's): named like their locals (seed, value, n, unit, row, …) or like the module-level
    // variables and checks they read, which the module names after the drivers' locals are chosen.
    const m = await compiled(mode, `import { derivative, gradient, hessian, hvp, jacobian, valueGradientHessian } from '@ddx/dual';
export function make(seed: number, value: number, n: number, unit: number, row: number, first: number, both: number, result: number, e12: number, dy: number, ddxOut_d: number, ddxCheckVector: number, x: number, v: number) {
  const f = (p: number[]): number => (seed + value + n + unit + row + first + both + result + e12 + dy + ddxOut_d + ddxCheckVector + x + v) * p[0] * p[0] * p[1];
  return {
    d: derivative((t: number) => (seed + value + n + unit + row + first + both + result + e12 + dy + ddxOut_d + ddxCheckVector + x + v) * t * t, 3),
    g: gradient((p: number[]) => f(p), [1, 2], { mode: 'forward' }),
    gr: gradient((p: number[]) => f(p), [1, 2], { mode: 'reverse' }),
    ga: gradient((p: number[]) => f(p) * p[2] * p[3], [1, 2, 1, 1], { mode: 'auto' }),
    h: hessian((p: number[]) => f(p), [1, 2]),
    hr: hessian((p: number[]) => f(p), [1, 2], { mode: 'reverse' }),
    hv: hvp((p: number[]) => f(p), [1, 2], [1, 0], { mode: 'reverse' }),
    vgh: valueGradientHessian((p: number[]) => f(p), [1, 2], { mode: 'reverse' }),
    j: jacobian((p: number[]) => [f(p), p[0] * v], [1, 2], { mode: 'auto' }),
  };
}
`);
    // w = the captures' sum = 14; f = w p₀² p₁: ∇f(1, 2) = [4w, w], ∇²f = [[2w p₁, 2w p₀], [2w p₀, 0]] = [[4w, 2w], [2w, 0]].
    const r = (m.make as (...a: number[]) => Record<string, unknown>)(...Array.from({ length: 14 }, () => 1));
    const w = 14;
    expect(r.d).toBe(6 * w);
    expect(r.g).toEqual([4 * w, w]);
    expect(r.gr).toEqual([4 * w, w]);
    expect(r.ga).toEqual([4 * w, w, 2 * w, 2 * w]);
    expect(r.h).toEqual([[4 * w, 2 * w], [2 * w, 0]]);
    expect(r.hr).toEqual([[4 * w, 2 * w], [2 * w, 0]]);
    expect(r.hv).toEqual([4 * w, 2 * w]);
    expect(r.vgh).toEqual({ value: 2 * w, gradient: [4 * w, w], hessian: [[4 * w, 2 * w], [2 * w, 0]] });
    expect(r.j).toEqual([[4 * w, w], [1, 0]]);
  });
});

describe.each(modes)('a program\'s own Array or Float64Array is never taken for the global (%s)', (mode) => {
  const diagnosed = (main: string): string[] => transform(main, '/virtual/main.ts', { mode }).diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);

  it('new Array(n).fill(c), Array(n).fill(c) and new Float64Array(n) through a parameter or function of that name are diagnosed (the plain program calls the binding)', () => {
    // Each compiled as the global's array once: a parameter Array (JavaScript: 'Array is not a
    // constructor'), a function Array returning three numbers (the plain f is 3x², not 2x²).
    expect(diagnosed(`import { derivative } from '@ddx/dual';
function f(x: number, Array: number[]): number { const a = new Array(2).fill(x); return a[0] * a[1] + Array[0]; }
export const d = derivative((x: number) => f(x, [1, 2]), 3);
`)).toEqual(['DDX1003 2:64']);
    expect(diagnosed(`import { derivative } from '@ddx/dual';
function Array(n: number): number[] { return [n, n, n]; }
function f(x: number): number { const a = Array(2).fill(x); let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * x; return s; }
export const d = derivative(f, 3);
`)).toEqual(['DDX1003 3:43']);
    expect(diagnosed(`import { derivative } from '@ddx/dual';
function f(x: number, Float64Array: number[]): number { const a = new Float64Array(2); a[0] = x; return a[0] * x + Float64Array[0]; }
export const d = derivative((x: number) => f(x, [1, 2]), 3);
`)).toEqual(['DDX1003 2:71']);
    const message = transform(`import { derivative } from '@ddx/dual';
function f(x: number, Array: number[]): number { const a = new Array(2).fill(x); return a[0] * a[1] + Array[0]; }
export const d = derivative((x: number) => f(x, [1, 2]), 3);
`, '/virtual/main.ts', { mode }).diagnostics[0].message;
    expect(message).toMatch(/^'Array' in 'new Array\(2\)\.fill\(x\)' is a name this program declares \(line 2 of main\.ts\), not the global Array/);
  });

  it('a function named Array is called as the program says, and an alias of the global makes an array', async () => {
    const m = await compiled(mode, `import { derivative } from '@ddx/dual';
function Array(n: number): number[] { return [n, 2 * n, 3 * n]; }
function f(x: number): number { const a = Array(x); return a[0] * a[1] + a[2]; }
export const df = derivative(f, 3);
`);
    const n = await compiled(mode, `import { derivative } from '@ddx/dual';
const A = Array;
function g(x: number): number { const a = new A(3).fill(x); return a[0] * a[1] + a[2]; }
export const dg = derivative(g, 3);
`);
    // f = 2x² + 3x: f′(3) = 15; g = x² + x: g′(3) = 7.
    expect(m.df).toBe(15);
    expect(n.dg).toBe(7);
  });
});

describe.each(modes)('generated code runs from the module\'s first statement on (%s)', (mode) => {
  it('a top-level derivative above the last import', async () => {
    const m = await compiled(mode, `import { derivative, hessian } from '@ddx/dual';
function f(x: number): number { return x * x * x; }
export const d = derivative(f, 2);
export const H = hessian((v: number[]) => v[0] * v[0] * v[1], [1, 2]);
import { g } from './callee';
export const z = g;
`, { 'callee.ts': 'export const g = 1;\n' });
    expect(m.d).toBe(12);
    expect(m.H).toEqual([[4, 2], [2, 0]]);
  });

  it('a compiled derivative called during an import cycle, before its module body ran', async () => {
    const m = await compiled(mode, `import { derivative, gradient } from '@ddx/dual';
import { early } from './cycle.js';
export function f(x: number): number { return x * x * x; }
export function slope(x: number): number { return derivative(f, x); }
export function grad(x: number[]): number[] { return gradient((v: number[]) => v[0] * v[1], x); }
export const got = early;
`, { 'cycle.ts': "import { slope, grad } from './main.mjs';\nexport const early = [slope(2), ...grad([3, 4])];\n" });
    expect(m.got).toEqual([12, 4, 3]);
  });
});

describe.each(modes)('operators compiled as written (%s)', (mode) => {
  it('?? takes its right side where the left is undefined (an element past the end), and ??=, ||=, &&= assign as written', async () => {
    const m = await compiled(mode, `import { derivative, gradient } from '@ddx/dual';
function f(x: number): number {
  const a = [x, 2 * x];
  const s = (a[2] ?? 3 * x) * x;
  const t = a[0] ?? 100;
  let u = a[5];
  u ??= x * x;
  let z = 0;
  z ||= 2 * x;
  let w = x;
  w &&= w * x;
  let k = 1;
  k &&= 0;
  return s + t + u + z + w + k;
}
function g(v: number[]): number {
  return (v[3] ?? v[0] * v[1]) + (v[1] ?? 7);
}
export const d = derivative(f, 2);
export const value = f(2);
export const grad = gradient(g, [2, 3]);
`);
    // f = 3x² + x + x² + 2x + x² + 0 = 5x² + 3x: f(2) = 26, f'(2) = 23; ∇(v₀v₁ + v₁) = [v₁, v₀ + 1].
    expect(m.value).toBe(26);
    expect(m.d).toBe(23);
    expect(m.grad).toEqual([3, 3]);
  });
});

describe.each(modes)('overloaded functions (%s)', (mode) => {
  it('the implementation is differentiated, not the first signature', async () => {
    const m = await compiled(mode, `import { derivative } from '@ddx/dual';
import { g } from './callee';
function f(x: number): number;
function f(x: number): number { return x * x * x; }
export const df = derivative(f, 2);
export const dg = derivative((x: number) => g(x) + f(x), 2);
`, { 'callee.ts': 'export function g(x: number): number;\nexport function g(x: number): number { return Math.exp(x); }\n' });
    expect(m.df).toBe(12);
    expect(m.dg).toBe(Math.exp(2) + 12);
  });
});

describe('no plain function is ever left to the run-time engine silently', () => {
  /** The diagnostics of a module, as `code line:column`. */
  const diagnosticsOf = (main: string, files: Record<string, string> = {}): string[] =>
    transform(main, '/virtual/main.ts', { readFile: (f) => files[f] }).diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);
  const head = "import { derivative, gradient, hessian, valueAndGradient, jvp, defineFunction, ops, type Real, type DualFunction } from '@ddx/dual';\n";

  it.each([
    ['a function passed in as a parameter', 'export function newton(f: (x: number) => number, x0: number) { return x0 - f(x0) / derivative(f, x0); }', 'DDX1018 2:95'],
    // (A static method, or a member of a const object literal, never replaced is compiled: member-functions.test.ts.)
    ['a static method its module assigns', 'class S { static sq(x: number) { return x * x; } }\nS.sq = Math.cos;\nexport const d = derivative(S.sq, 2);', 'DDX1018 4:29'],
    ['a member of an object of arrows passed on', 'const fs = { sq: (x: number) => x * x };\nObject.seal(fs);\nexport const d = derivative(fs.sq, 2);', 'DDX1018 4:29'],
    ['a function from a package', "import { erf } from 'special-functions';\nexport const d = derivative(erf, 2);", 'DDX1018 3:29'],
    ['a function chosen at run time by a call', 'const pick = (k: number) => (k > 0 ? Math.sin : Math.cos);\nexport const d = derivative(pick(2), 2);', 'DDX1018 3:29'],
    ['a function held by a let its module assigns', 'let f = (x: number) => x * x;\nexport function use(g: (x: number) => number) { f = g; }\nexport const d = derivative(f, 2);', 'DDX1018 4:29'],
    ['a nested hessian returned as a number through a cast (a matrix)', 'export const d = derivative((x: number) => hessian((y: number[]) => x * y[0] ** 3, [1]) as unknown as number, 2);', 'DDX1010 2:29'],
    ['a nested gradient returned as a number through a cast (an array)', 'export const d = derivative((x: number) => gradient((y: number[]) => x * y[0] ** 3, [1]) as unknown as number, 2);', 'DDX1010 2:29'],
    ['a nested valueAndGradient returned as a number through a cast (a record)', 'export const d = derivative((x: number) => valueAndGradient((y: number[]) => x * y[0] ** 3, [1]) as unknown as number, 2);', 'DDX1010 2:29'],
    ['a method of a number parameter', 'export const d = derivative((x: number) => x.valueOf() * 2, 2);', 'DDX1006 2:44'],
    ['a call of Number.parseFloat', 'function f(x: number) { return Number.parseFloat(String(x)) * x; }\nexport const d = derivative(f, 2);', 'DDX1006 2:32'],
    ['typeof compared with what is not a string', "const f = (x: number) => typeof x === typeof 0 ? x * x : 0;\nexport const d = derivative(f, 2);", 'DDX1003 2:26'],
  ])('%s is diagnosed at build time', (_, body, expected) => {
    expect(diagnosticsOf(head + body)).toEqual([expected]);
  });

  it('functions known to be written over ddx values are left to the run-time engine, which differentiates them', async () => {
    const source = `${head}type Fn = (x: Real) => Real;
function compile(k: number): Fn { return (x) => ops.mul(k, ops.mul(x, x)); }
export function viaParameter(f: (x: Real) => Real, x0: number) { return derivative(f, x0); }
export function viaAlias(f: DualFunction, x0: number) { return derivative(f, x0); }
const cube = defineFunction('cube', (x: number) => x * x * x, (x: number) => 3 * x * x, (x: number) => 6 * x);
export const results = [
  viaParameter((x) => ops.sin(x), 0),
  viaAlias((x) => ops.exp(x), 0),
  derivative(cube, 2),
  derivative(ops.cos, 0),
  ...gradient(Math.hypot, [3, 4]),
  derivative((x) => x.mul(x), 3),
  derivative(compile(5), 2),
];
`;
    for (const mode of modes) {
      const r = transform(source, '/virtual/main.ts', { mode });
      expect(r.diagnostics, mode).toEqual([]);
      const m = await run(r.code);
      // cos 0, e⁰, 3·2², -sin 0, ∇hypot(3, 4), 2·3, 10·2.
      expect(m.results, mode).toEqual([1, 1, 12, -0, 0.6, 0.8, 6, 20]);
    }
  });
});

describe('inputs as large as generated code gets', () => {
  // Every walk over a syntax tree or the IR that follows the input's depth uses an explicit
  // stack or bounded parts: the call stack never grows with the input.
  const terms = 20_000;
  const coefficient = (i: number): number => (i % 7) + 1;
  const sum = Array.from({ length: terms }, (_, i) => coefficient(i)).reduce((a, b) => a + b, 0);

  const source = (n: number): string => `import { derivative, secondDerivative } from '@ddx/dual';
export function f(x: number): number {
  return ${Array.from({ length: n }, (_, i) => `${coefficient(i)} * x * x`).join(' + ')};
}
export const d = derivative(f, 1.5);
export const d2 = secondDerivative(f, 1.5);
`;
  const sumOf = (n: number): number => Array.from({ length: n }, (_, i) => coefficient(i)).reduce((a, b) => a + b, 0);

  it('a return expression of 20,000 terms compiles and is exact (dual)', () => {
    const r = transform(source(terms), '/virtual/main.ts', { mode: 'dual' });
    expect(r.diagnostics).toEqual([]);
    // The test runner's module loader cannot load the input function itself (it is that deep).
    const m = runInNode(r.code);
    // f = C x² with C the sum of the coefficients: f' = 2Cx, f'' = 2C.
    expect(m.d).toBeCloseTo(2 * sum * 1.5, 6);
    expect(m.d2).toBeCloseTo(2 * sum, 6);
  }, 180_000);

  it('in inline mode, 2,000 terms are exact; at 20,000 the tangent code would not fit a call frame, which is diagnosed', () => {
    const r = transform(source(2_000), '/virtual/main.ts', { mode: 'inline' });
    expect(r.diagnostics).toEqual([]);
    const m = runInNode(r.code);
    expect(m.d).toBeCloseTo(2 * sumOf(2_000) * 1.5, 9);
    expect(m.d2).toBeCloseTo(2 * sumOf(2_000), 9);
    const big = transform(source(terms), '/virtual/main.ts', { mode: 'inline' });
    expect(big.diagnostics.map((d) => d.code)).toEqual(['DDX1019']);
    expect(big.diagnostics[0].message).toMatch(/mode: 'dual'/);
  }, 180_000);

  it('a long expression where it is evaluated conditionally is diagnosed, not crashed on', () => {
    const chain = Array.from({ length: 300 }, (_, i) => `${i} * x`).join(' + ');
    const r = transform(`import { derivative } from '@ddx/dual';\nexport function f(x: number): number {\n  return x > 0 ? ${chain} : x;\n}\nexport const d = derivative(f, 1);\n`, '/virtual/main.ts');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1003']);
    expect(r.diagnostics[0].message).toMatch(/assign it to a local first/);
  });
});

describe('compiled call sites check their arguments as the run-time engine does', () => {
  // Dual mode hands the call to the run-time engine's verb, so its errors are the engine's own.
  const source = `import { derivative, valueAndDerivative, secondDerivative, gradient, hessian, jvp, hvp, jacobian } from '@ddx/dual';
function f(x: number): number { return x * 10 + 1; }
function g(v: number[]): number { return v[0] * v[1]; }
function G(v: number[]): number[] { return [v[0] * v[1], v[0]]; }
const arrayLike = { length: 2, 0: 1, 1: 2 } as any;
const attempt = (call: () => unknown): string => { try { return 'returned ' + JSON.stringify(call()); } catch (e) { return (e as Error).constructor.name + ': ' + (e as Error).message; } };
export const errors = [
  attempt(() => derivative(f, '2' as any)),
  attempt(() => valueAndDerivative(f, '2' as any)),
  attempt(() => derivative(f)('2' as any)),
  attempt(() => secondDerivative(f, null as any)),
  attempt(() => derivative(f, [2] as any)),
  attempt(() => gradient(g, '12' as any)),
  attempt(() => gradient(g, [1, '2'] as any)),
  attempt(() => gradient(g, arrayLike)),
  attempt(() => hessian(g, [])),
  attempt(() => jacobian(G, [[1], [2]] as any)),
  attempt(() => jvp(g, [1, 2], [1, '2'] as any)),
  attempt(() => hvp(g, [1, 2], 3 as any)),
  attempt(() => gradient(g, [1, { a: 1 }] as any)),
  attempt(() => hessian(g, [1, new Float64Array(1)] as any)),
  attempt(() => jacobian(G, [[1], 2] as any, { mode: 'reverse' })),
];
`;
  it('a point that is not a number (or not an array of numbers) throws the engine\'s error, message for message', async () => {
    const inline = (await compiled('inline', source)).errors as string[];
    const engine = (await compiled('dual', source)).errors as string[];
    // The one difference: for an array-like point, the engine (which also takes an options object
    // there, in its curried form) names the options too; the compiled call knows it is the point.
    const arrayLikeCase = 7;
    expect(inline.filter((_, i) => i !== arrayLikeCase)).toEqual(engine.filter((_, i) => i !== arrayLikeCase));
    expect(inline[arrayLikeCase]).toBe(engine[arrayLikeCase].replace(' (or an options object: strategy, mode)', ''));
    expect(engine).toEqual([
      'TypeError: derivative: `x` must be a number, got the string "2"',
      'TypeError: valueAndDerivative: `x` must be a number, got the string "2"',
      'TypeError: derivative: `x` must be a number, got the string "2"',
      'TypeError: secondDerivative: `x` must be a number, got null',
      'TypeError: derivative: `x` must be a number, got an array of length 1',
      'TypeError: gradient: `x` must be an array of numbers, got the string "12"',
      'TypeError: gradient: `x[1]` must be a number, got the string "2"',
      expect.stringMatching(/^TypeError: gradient: `x` must be an array of numbers.*, got an object with keys 0, 1, length.*Array\.from\(x\)$/),
      'RangeError: hessian: `x` must not be empty',
      'TypeError: jacobian: `x[0]` is an array; `x` must be a flat vector of numbers (flatten nested or ragged arrays first)',
      'TypeError: jvp: `v[1]` must be a number, got the string "2"',
      'TypeError: hvp: `v` must be an array of numbers, got number 3',
      'TypeError: gradient: `x[1]` must be a number, got an object with keys a',
      'TypeError: hessian: `x[1]` is an array; `x` must be a flat vector of numbers (flatten nested or ragged arrays first)',
      'TypeError: jacobian: `x[0]` is an array; `x` must be a flat vector of numbers (flatten nested or ragged arrays first)',
    ]);
  });
});
