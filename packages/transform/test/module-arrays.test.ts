/**
 * Module-level arrays read by a differentiated function (analyze/moduleArrays.ts): a table of
 * numeric constants is constant data of the derivative; any array that could differ from its
 * literal while the program runs is rejected (DDX1051), naming why.
 */
import { describe, expect, it } from 'vitest';
import { transform } from '../src/index.js';
import { run } from './run.js';

const head = "import { derivative } from '@ddx/dual';\n";
const reader = 'function f(x: number): number {\n  return x * W[1];\n}\nexport const d = derivative(f, 2);\n';

describe('module-level arrays that are not constant data', () => {
  const rejected: Record<string, { code: string; why: RegExp }> = {
    'an element written elsewhere in the module': { code: 'const W = [1, 2];\nexport function set(v: number) { W[1] = v; }\n', why: /an element written \('W\[1\] = v'\) at line 3/ },
    'an element incremented': { code: 'const W = [1, 2];\nexport function bump() { W[0]++; }\n', why: /an element written \('W\[0\]\+\+'\)/ },
    'an element written by destructuring': { code: 'let W = [1, 2];\nexport function swap() { [W[0], W[1]] = [W[1], W[0]]; }\n', why: /an element written/ },
    'written through a callback that takes the array': { code: 'const W = [1, 2];\nexport function zero() { W.forEach((x, i, a) => { a[i] = 0; }); }\n', why: /'W\.forEach'/ },
    'pushed to': { code: 'const W = [1, 2];\nexport function grow() { W.push(3); }\n', why: /'W\.push'/ },
    'passed to a function that writes it': { code: 'const W = [1, 2];\nfunction fill(a: number[]) { a[0] = 5; }\nfill(W);\n', why: /passed to a call \('fill\(W\)'\) that does not only read it \(its parameter 'a' is an element written \('a\[0\] = 5'\)/ },
    'passed on to a function that writes it': { code: 'const W = [1, 2];\nfunction fill(a: number[]) { a[0] = 5; }\nfunction pass(b: number[]) { fill(b); }\npass(W);\n', why: /passed to a call \('pass\(W\)'\) that does not only read it \(its parameter 'b' is passed to a call \('fill\(b\)'\) that does not only read it \(its parameter 'a' is an element written \('a\[0\] = 5'\) at module-arrays-\w+\.ts:3\) at module-arrays-\w+\.ts:4\) at line 5/ },
    'pushed to by the function it is passed to': { code: 'const W = [1, 2];\nfunction grow(a: number[]) { a.push(1); }\ngrow(W);\n', why: /its parameter 'a' is 'a\.push'/ },
    'returned by the function it is passed to': { code: 'const W = [1, 2];\nfunction id(a: number[]) { return a; }\nexport const V = id(W);\n', why: /its parameter 'a' is returned/ },
    'stored by the function it is passed to': { code: 'const W = [1, 2];\nfunction keep(a: number[]) { return { a }; }\nexport const V = keep(W);\n', why: /its parameter 'a' is stored in an object \('\{ a \}'\)/ },
    'aliased by the function it is passed to': { code: 'const W = [1, 2];\nfunction alias(a: number[]) { const b = a; b[0] = 1; }\nalias(W);\n', why: /its parameter 'a' is an element written \('b\[0\] = 1'\) at line 3, through the const 'b'/ },
    'aliased by a default parameter': { code: 'const W = [1, 2];\nfunction alias(a: number[], b = a) { b[0] = 1; }\nalias(W);\n', why: /its parameter 'a' is used as a value \('b = a'\)/ },
    'taken in a rest parameter': { code: 'const W = [1, 2];\nfunction first(...a: number[][]) { return a[0][0]; }\nexport const V = first(W);\n', why: /'first' takes it in a rest parameter/ },
    'read through arguments': { code: 'const W = [1, 2];\nfunction first(a: number[]) { return arguments[0][0] + a[0]; }\nexport const V = first(W);\n', why: /'first' reads 'arguments'/ },
    'passed to a function parameter': { code: 'const W = [1, 2];\nfunction apply(g: (a: number[]) => number, a: number[]) { return g(a); }\nexport const V = apply((a) => a[0], W);\n', why: /its parameter 'a' is passed to a call \('g\(a\)'\) of 'g', which the transform cannot see/ },
    'passed to a function a let may rebind': { code: 'const W = [1, 2];\nlet read = (a: number[]) => a[0];\nexport const V = read(W);\n', why: /of 'read', which the transform cannot see/ },
    'stored in an object literal': { code: 'const W = [1, 2];\nexport const o = { W };\n', why: /stored in an object \('\{ W \}'\) at line 3/ },
    'reassigned (var)': { code: 'var W = [1, 2];\nexport function swap() { W = [3, 4]; }\n', why: /reassigned/ },
    'exported writable': { code: 'export const W = [1, 2];\n', why: /exported, so any module may write its elements/ },
    'made at run time': { code: 'const W: number[] = new Array(3).fill(1);\n', why: /an array made at run time/ },
    'an element that is not a constant': { code: 'declare const k: number;\nconst W = [1, k];\n', why: /element 'k' is not a numeric constant/ },
  };
  for (const [name, c] of Object.entries(rejected)) {
    it(name, () => {
      for (const mode of ['inline', 'dual'] as const) {
        const r = transform(head + c.code + reader, `/virtual/module-arrays-${mode}.ts`, { mode });
        expect(r.changed).toBe(false);
        expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1051']);
        expect(r.diagnostics[0].message).toMatch(c.why);
        expect(r.diagnostics[0].message).toMatch(/Pass the array as a parameter/);
      }
    });
  }
});

describe('module-level constant arrays', () => {
  it('an exported readonly table, a table written as const, a table read in a local function, by for…of and by reduce compile, exactly', async () => {
    const code = head +
      'export const A: readonly number[] = [2, 3];\nexport const B = [5, 7] as const;\nconst C = [11];\n' +
      'function f(x: number): number {\n  const g = (t: number): number => C[0] * t;\n  let s = 0;\n  for (const c of C) s += c;\n  return A[0] * x * x + B[1] * x + g(x) + A.reduce((p, a) => p + a * x, 0) + s;\n}\n' +
      'export const results = [derivative(f, 2)];\n';
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, `/virtual/module-arrays-ok-${mode}.ts`, { mode });
      expect(r.diagnostics).toEqual([]);
      expect(r.changed).toBe(true);
      // f' = 2·2x + 7 + 11 + (2 + 3) at x = 2.
      expect((await run(r.code)).results).toEqual([2 * 2 * 2 + 7 + 11 + 5]);
    }
  });
});

describe('a table made once per generated module', () => {
  it('every function and verb reading it shares one array, made on first use (closed forms, repeated calls)', async () => {
    const code = "import { derivative, gradient, secondDerivative } from '@ddx/dual';\n" +
      'function f(x: number): number {\n  return W[0] + W[1] * x + W[2] * x * x;\n}\n' +
      'function g(v: number[]): number {\n  return f(v[0]) * W[1] + v[1] * W[2];\n}\n' +
      "export const results = () => [derivative(f, 2), secondDerivative(f, 2), ...gradient(g, [2, 3]), ...gradient(g, [2, 3], { mode: 'reverse' })];\n" +
      // (Its element K is a module constant declared below the generated code: read on first use.)
      'const K = 0.5;\nconst W = [3, K, -2];\n';
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, `/virtual/module-table-${mode}.ts`, { mode });
      expect(r.diagnostics).toEqual([]);
      expect(r.code.match(/var W_table: number\[\] \| undefined;/g)).toHaveLength(1);
      // The literal is written only where the shared array is made (and in the source).
      expect(r.code.match(/(?<!\(W_table = )\[3, K, -2\]/g)).toHaveLength(1);
      const results = (await run(r.code)).results as () => number[];
      // f = 3 + x/2 - 2x²: f' = 1/2 - 4x, f'' = -4; g = f(v0)/2 - 2·v1: ∇g = [f'(v0)/2, -2].
      for (const _ of [1, 2]) expect(results()).toEqual([-7.5, -4, -3.75, -2, -3.75, -2]);
    }
  });
});

describe('module-level constant arrays passed to functions that only read them', () => {
  const files: Record<string, string> = {
    '/virtual/tables.ts': 'export const T: readonly number[] = [2, -1, 0.5];\n',
    '/virtual/helpers.ts': 'export function polevl(x: number, c: readonly number[], n: number): number {\n  let s = c[0];\n  for (let i = 1; i <= n; i++) s = s * x + c[i];\n  return s;\n}\n',
  };
  const readFile = (f: string): string | undefined => files[f];

  it('a recursion, a const arrow, a statement call that writes another array, an imported helper and an imported table: exact', async () => {
    const code = head + "import { polevl } from './helpers.js';\nimport { T } from './tables.js';\nconst W = [3, 0.5, -2];\n" +
      // Σ c[i]·xⁱ from i on, recursively.
      'function hornerFrom(c: readonly number[], i: number, x: number): number {\n  return i === c.length - 1 ? c[i] : c[i] + x * hornerFrom(c, i + 1, x);\n}\n' +
      'const line = (c: readonly number[], x: number): number => c[0] + c[1] * x;\n' +
      'function scaleInto(out: number[], c: readonly number[], x: number): void {\n  for (let i = 0; i < c.length; i++) out[i] = c[i] * x;\n}\n' +
      'function f(x: number): number {\n  const o = [0, 0, 0];\n  scaleInto(o, W, x);\n  return hornerFrom(W, 0, x) + line(W, x) * o[2] + polevl(x, T, 2) + polevl(x, W, 2);\n}\n' +
      'export const results = [derivative(f, 1.5)];\n';
    // f = (3 + 0.5x - 2x²) + (3 + 0.5x)(-2x) + (2x² - x + 0.5) + (3x² + 0.5x - 2).
    const x = 1.5;
    const expected = 0.5 - 4 * x + (0.5 * -2 * x + (3 + 0.5 * x) * -2) + (4 * x - 1) + (6 * x + 0.5);
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, '/virtual/tables-ok.ts', { mode, readFile });
      expect(r.diagnostics).toEqual([]);
      const got = (await run(r.code, { 'tables.ts': files['/virtual/tables.ts'], 'helpers.ts': files['/virtual/helpers.ts'] })).results as number[];
      expect(Math.abs(got[0] - expected)).toBeLessThanOrEqual(1e-14 * Math.abs(expected));
    }
  });

  it('a table spread into Math.max/min/hypot, its elements in an array or object literal, destructured, and passed to members: exact (fuzz seed 7, Extra.table)', async () => {
    // Each of these uses only reads T, and was refused (DDX1051) as a write or a use as a value.
    const code = head + 'const T = [1, 2, 3];\n' +
      'function sum(xs: readonly number[]): number {\n  return xs[0] + xs[1] * xs[1];\n}\n' +
      'function dot(p: { x: number; y: number }): number {\n  return p.x * p.y;\n}\n' +
      'const H = { horner(x: number, p: readonly number[]): number { let s = 0; for (let i = 0; i < p.length; i++) s = s * x + p[i]; return s; } };\n' +
      'class S {\n  static quad(x: number, p: readonly number[]): number { return p[0] * x * x + p[1]; }\n}\n' +
      'function f(x: number): number {\n  const [a, , c = x] = T;\n' +
      '  return x * Math.max(...T) + Math.hypot(...T) * x * x + Math.min(...T) + sum([x, T[1]]) + a * c * x + dot({ x: T[0] * x, y: x }) + H.horner(x, T) + S.quad(x, T);\n}\n' +
      'export const results = [derivative(f, 1.5)];\n';
    // f = 3x + √14·x² + 1 + (x + 4) + 3x + x² + (x² + 2x + 3) + (x² + 2).
    const x = 1.5;
    const expected = 3 + 2 * Math.sqrt(14) * x + 1 + 3 + 2 * x + (2 * x + 2) + 2 * x;
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, '/virtual/tables-read.ts', { mode });
      expect(r.diagnostics).toEqual([]);
      const got = (await run(r.code)).results as number[];
      expect(Math.abs(got[0] - expected)).toBeLessThanOrEqual(1e-14 * Math.abs(expected));
    }
  });

  it('a table element assigned by a destructuring assignment, or the table spread into a rest parameter: DDX1051', () => {
    const cases = [
      { body: '  let a = 0;\n  [T[0], a] = [x, 2];\n  return a * x + T[0];\n', why: /is an element written \('\[T\[0\], a\]'\)/ },
      { body: '  return x * all(...T);\n', why: /passed to a call \('all\(\.\.\.T\)'\) where 'all' takes it in a rest parameter/ },
    ];
    for (const c of cases) {
      const r = transform(head + 'const T = [1, 2];\nfunction all(...xs: number[]): number {\n  return xs[0];\n}\n' +
        `function f(x: number): number {\n${c.body}}\nexport const d = derivative(f, 1);\n`, '/virtual/tables-assigned.ts');
      expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1051']);
      expect(r.diagnostics[0].message).toMatch(c.why);
    }
  });

  it('a table passed in the differentiated function to a function that writes it: rejected, as a call made for what it writes (DDX1041) or used as a value (DDX1056)', () => {
    const writer = 'const W = [1, 2];\nfunction halve(c: number[]): number {\n  c[0] /= 2;\n  return c[1];\n}\n';
    const cases = [
      { body: '  halve(W);\n  return W[0] * x;\n', code: 'DDX1041', why: /'halve\(…\)' is called for what it writes into 'W', a module-level array/ },
      { body: '  return halve(W) * x;\n', code: 'DDX1056', why: /'halve' writes its array parameter 'c'/ },
    ];
    for (const c of cases) {
      for (const mode of ['inline', 'dual'] as const) {
        const r = transform(head + writer + `function f(x: number): number {\n${c.body}}\nexport const d = derivative(f, 1);\n`, '/virtual/tables-halved.ts', { mode });
        expect(r.diagnostics.map((d) => d.code)).toEqual([c.code]);
        expect(r.diagnostics[0].message).toMatch(c.why);
      }
    }
  });

  it('an imported table passed to a function of the importing module that writes it: DDX1051 at the argument', () => {
    // (halve(T) is a type error, T being readonly; JavaScript, or a cast, can write it all the same.)
    const code = head + "import { T } from './tables.js';\nfunction halve(c: number[]): void {\n  c[0] /= 2;\n}\n" +
      'function f(x: number): number {\n  halve(T);\n  return T[0] * x;\n}\nexport const d = derivative(f, 1);\n';
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, '/virtual/tables-written.ts', { mode, readFile });
      expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1051']);
      expect(r.diagnostics[0].message).toMatch(/'T' \(declared at module level in tables\.ts\) is passed to a call \('halve\(T\)'\) that does not only read it \(its parameter 'c' is an element written \('c\[0\] \/= 2'\) at tables-written\.ts:4\) at line 7 of tables-written\.ts/);
    }
  });
});
