/**
 * Module-level matrices of numeric constants read by a differentiated function (moduleArrays.ts):
 * a Butcher tableau `const A = [[0, 0], [0.5, 0]]`, `const B: number[][] = …`, `[…] as const`, read
 * as `A[i][j]`, `A[i].length`, `A.length`, `for (const row of A)`, a row passed to a helper and the
 * matrix passed whole (fuzzgap43: DDX1017 before, module tables being 1-D only). A module matrix
 * that may be written (an element, a row, through a callee or a row's alias, exported writable)
 * stays refused (DDX1051). Oracles: closed forms written here.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const code = `import { derivative, gradient, valueAndDerivative } from '@ddx/dual';
/** The explicit midpoint method's tableau. */
const A = [[0, 0], [0.5, 0]];
const b = [0, 1];
const B: number[][] = [[0, 0, 0], [0.5, 0, 0], [0, 0.75, 0]];
const C = [[0, 0], [1, Math.PI / 4]] as const;
const R: readonly (readonly number[])[] = [[1], [2, 3], [4, 5, 6]];

/** One Runge–Kutta step of y' = −y² by the tableau A, b. */
export function rk(y: number, h: number): number {
  const k = [0, 0];
  for (let i = 0; i < A.length; i++) {
    let yi = y;
    for (let j = 0; j < i; j++) yi += h * A[i][j] * k[j];
    k[i] = -yi * yi;
  }
  let next = y;
  for (let i = 0; i < b.length; i++) next += h * b[i] * k[i];
  return next;
}
/** 0.5·y + 0.75·y³ + y + (π/4)·y² from B and C. */
export function poly(y: number): number {
  let s = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < B[i].length; j++) s += B[i][j] * y ** (i + j);
  return s + C[1][0] * y + C[1][1] * y * y;
}
function rowSum(r: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < r.length; j++) s += r[j];
  return s;
}
function weighted(m: readonly (readonly number[])[], y: number): number {
  let s = 0;
  for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i].length; j++) s += m[i][j] * y ** j;
  return s;
}
/** Σ over rows of R: rowSum(row)·y (21y), plus weighted(R, y) = 1 + 2 + 3y + 4 + 5y + 6y² (7 + 8y + 6y²), plus R[1]'s sum·y² (5y²). */
export function rows(y: number): number {
  let s = 0;
  for (const row of R) s += rowSum(row) * y;
  const r1 = R[1];
  return s + weighted(R, y) + rowSum(r1) * y * y;
}
/** A nested verb's arrow reading the module matrix: d/du (A[1][0]·u³) at u = y is 1.5y². */
export function nested(y: number): number {
  return derivative((u: number) => A[1][0] * u * u * u, y);
}
export const d = [derivative((y: number) => rk(y, 0.1), 1.5), derivative(poly, 1.5), derivative(rows, 1.5), derivative(nested, 1.5)];
export const v = valueAndDerivative(poly, 1.5);
export const reverse = gradient((p: number[]) => rk(p[0], p[1]) + poly(p[0]) + rows(p[1]) + nested(p[0]), [1.5, 0.1], { mode: 'reverse' });
`;

const close = closeWithin(1e-13);

describe.each<EmitMode>(['inline', 'dual'])('module-level matrices of constants (%s)', (mode) => {
  it('compiles, with the values and derivatives of the closed forms', async () => {
    const r = transform(code, `/virtual/module-matrices-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    const [y, h] = [1.5, 0.1];
    // rk: y₂ = y − h·y²/2, next = y − h·y₂²; ∂/∂y = 1 − 2h·y₂·(1 − h·y), ∂/∂h = −y₂² + h·y₂·y²... (written out below).
    const y2 = y - h * y * y / 2;
    const rkValue = y - h * y2 * y2;
    const rkDy = 1 - 2 * h * y2 * (1 - h * y);
    const rkDh = -y2 * y2 - 2 * h * y2 * (-y * y / 2);
    const polyValue = 1.5 * y + 0.75 * y ** 3 + (Math.PI / 4) * y * y;
    const polyD = 1.5 + 2.25 * y * y + (Math.PI / 2) * y;
    const rowsAt = (t: number) => 21 * t + 7 + 8 * t + 6 * t * t + 5 * t * t;
    const rowsD = (t: number) => 29 + 22 * t;
    close((m.rk as (y: number, h: number) => number)(y, h), rkValue);
    close((m.poly as (y: number) => number)(y), polyValue);
    close((m.rows as (y: number) => number)(y), rowsAt(y));
    close((m.nested as (y: number) => number)(y), 1.5 * y * y);
    const [dRk, dPoly, dRows, dNested] = m.d as number[];
    close(dRk, rkDy);
    close(dPoly, polyD);
    close(dRows, rowsD(y));
    close(dNested, 3 * y);
    const v = m.v as { value: number; derivative: number };
    close(v.value, polyValue);
    close(v.derivative, polyD);
    const [gy, gh] = m.reverse as number[];
    close(gy, rkDy + polyD + 3 * y);
    close(gh, rkDh + rowsD(h));
  });
});

describe('module-level matrices that may be written stay refused (DDX1051)', () => {
  const reader = "import { derivative } from '@ddx/dual';\nfunction f(x: number): number {\n  return x * W[1][0];\n}\nexport const d = derivative(f, 2);\n";
  const rejected: Record<string, { code: string; why: RegExp }> = {
    'an element written': { code: 'const W = [[1, 2], [3, 4]];\nexport function set(v: number) { W[1][0] = v; }\n', why: /an element written \('W\[1\]\[0\] = v'\)/ },
    'an element incremented': { code: 'const W = [[1, 2], [3, 4]];\nexport function bump() { W[0][1]++; }\n', why: /an element written \('W\[0\]\[1\]\+\+'\)/ },
    'a row assigned': { code: 'const W = [[1, 2], [3, 4]];\nexport function set() { W[0] = [5, 6]; }\n', why: /an element written \('W\[0\] = \[5, 6\]'\)/ },
    'a row filled': { code: 'const W = [[1, 2], [3, 4]];\nexport function zero() { W[1].fill(0); }\n', why: /'W\[1\]\.fill'/ },
    'pushed to': { code: 'const W = [[1, 2], [3, 4]];\nexport function grow() { W.push([5]); }\n', why: /used as a value \('W\.push'\)/ },
    'a row written through a const': { code: 'const W = [[1, 2], [3, 4]];\nexport function set() { const r = W[1]; r[0] = 9; }\n', why: /an element written \('r\[0\] = 9'\) at line 2, through the const 'r'/ },
    'a row written in a for…of': { code: 'const W = [[1, 2], [3, 4]];\nexport function set() { for (const r of W) r[0] = 9; }\n', why: /an element written \('r\[0\] = 9'\)/ },
    'its rows given to a callback': { code: 'const W = [[1, 2], [3, 4]];\nexport function set() { W.forEach((r) => { r[0] = 9; }); }\n', why: /'W\.forEach'/ },
    'passed to a function that writes an element': { code: 'const W = [[1, 2], [3, 4]];\nfunction put(m: number[][]) { m[1][0] = 5; }\nput(W);\n', why: /its parameter 'm' is an element written \('m\[1\]\[0\] = 5'\)/ },
    'a row passed to a function that writes it': { code: 'const W = [[1, 2], [3, 4]];\nfunction put(r: number[]) { r[0] = 5; }\nput(W[1]);\n', why: /its parameter 'r' is an element written \('r\[0\] = 5'\)/ },
    'exported writable': { code: 'export const W = [[1, 2], [3, 4]];\n', why: /exported, so any module may write its elements/ },
  };
  for (const [name, c] of Object.entries(rejected)) {
    it(name, () => {
      for (const mode of ['inline', 'dual'] as const) {
        const r = transform(c.code + reader, `/virtual/module-matrices-${mode}.ts`, { mode });
        expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1051']);
        expect(r.diagnostics[0].message).toMatch(c.why);
      }
    });
  }
});

describe('an imported module matrix', () => {
  const files: Record<string, string> = { '/virtual/tableau.ts': 'export const T = [[0, 0], [0.5, 0]] as const;\n' };
  const readFile = (f: string): string | undefined => files[f];
  const head = "import { derivative } from '@ddx/dual';\nimport { T } from './tableau.js';\n";

  it('read by A[i][j] in the importing module: constant data, the closed form', async () => {
    // f = x + T[1][0]·x² = x + x²/2: f′(1.5) = 2.5.
    const code = head + 'function f(x: number): number {\n  let s = x;\n  for (let i = 0; i < T.length; i++) s += T[i][0] * x * x;\n  return s;\n}\nexport const d = derivative(f, 1.5);\n';
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, '/virtual/tableau-read.ts', { mode, readFile });
      expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
      expect((await run(r.code, { 'tableau.ts': files['/virtual/tableau.ts'] })).d).toBe(2.5);
    }
  });

  it('a row passed to a function of the importing module that writes it: DDX1051 at the argument', () => {
    // (put(T[1]) is a type error, T being readonly; JavaScript, or a cast, can write it all the same.)
    const code = head + 'function put(r: number[]): void {\n  r[0] = 5;\n}\n' +
      'function f(x: number): number {\n  put(T[1]);\n  return T[1][0] * x;\n}\nexport const d = derivative(f, 1);\n';
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, '/virtual/tableau-written.ts', { mode, readFile });
      expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1051']);
      expect(r.diagnostics[0].message).toMatch(/its parameter 'r' is an element written \('r\[0\] = 5'\)/);
    }
  });
});
