/**
 * A matrix, or a row of one, passed to a callee is copied for it (a local matrix's layout, a row's
 * numbers); JavaScript passes a reference, which the callee reads when it is called, after every
 * argument is evaluated. An argument after it that assigns an element (`s(M, (M[1][0] = x * x, x))`)
 * changes what the callee reads: the copy is made after that argument. Before, it was made where the
 * matrix is passed, and the callee read the old element (f = x³ gave 3x, f′ 3 for 3x²). Oracles:
 * closed forms; each case is built so that a copy taken too early gives another number.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const head = "import { derivative, gradient, valueAndDerivative, valueAndGradient } from '@ddx/dual';\n";
const file = '/project/src/main.ts';

const code = `
function m10(M: number[][], u: number): number { return M[1][0] * u; }
function r0(r: number[], u: number): number { return r[0] * u; }
function restR0(r: number[], ...us: number[]): number { return r[0] * us[0]; }
interface P { k: number; w: number[] }
function split(p: P, r: number[], u: number): number { return p.k * p.w[0] * r[0] * u; }
function first(r: number[]): number { return r[0]; }
interface Q { x: number; y: number }
function qx(p: Q, u: number): number { return p.x * u; }
interface N { a: Q; b: number }

// x² · x
export function matrix(x: number): number { const M: number[][] = [[1, 2], [3, 4]]; return m10(M, (M[1][0] = x * x, x)); }
// x² · x
export function row(x: number): number { const M: number[][] = [[1, 2], [3, 4]]; return r0(M[1], (M[1][0] = x * x, x)); }
// M[i] is the row JavaScript took before i changed: x² · x
export function rowIndex(x: number): number { const M: number[][] = [[1, 2], [3, 4]]; let i = 1; return r0(M[i], (i = 0, M[1][0] = x * x, x)); }
// x² · x
export function rest(x: number): number { const M: number[][] = [[1, 2], [3, 4]]; return restR0(M[1], (M[1][0] = x * x, x)); }
// 1 · 2 · x² · x
export function record(x: number): number { const q: P = { k: 1, w: [2] }; const M: number[][] = [[1, 2], [3, 4]]; return split(q, M[1], (M[1][0] = x * x, x)); }
// the inner call reads the row before the assignment: 3 · x
export function inner(x: number): number { const M: number[][] = [[1, 2], [3, 4]]; return m10([[0], [first(M[1])]], (M[1][0] = x * x, x)); }
// a tuple of an array of tuples: x² · x
export function tuple(x: number): number { const vs: [number, number][] = [[1, 2], [3, 4]]; return r0(vs[1], (vs[1][0] = x * x, x)); }
// a record of an array of records, by element and by a view of it: x² · x
export function element(x: number): number { const ps: Q[] = [{ x: 1, y: 2 }, { x: 3, y: 4 }]; return qx(ps[1], (ps[1].x = x * x, x)); }
export function view(x: number): number { const ps: Q[] = [{ x: 1, y: 2 }, { x: 3, y: 4 }]; const q = ps[1]; return qx(q, (q.x = x * x, x)); }
// a record field of a record: x² · x
// a record literal is a new object, with the k JavaScript read before the assignment: 1 · 2 · x
export function literal(x: number): number { let k = 1; return qx({ x: k, y: 2 }, (k = x, 2 * x)); }
export function field(x: number): number { const n: N = { a: { x: 1, y: 2 }, b: 3 }; return qx(n.a, (n.a.x = x * x, x)); }
`;

const forms: Record<string, [(x: number) => number, (x: number) => number]> = {
  matrix: [(x) => x ** 3, (x) => 3 * x * x],
  row: [(x) => x ** 3, (x) => 3 * x * x],
  rowIndex: [(x) => x ** 3, (x) => 3 * x * x],
  rest: [(x) => x ** 3, (x) => 3 * x * x],
  record: [(x) => 2 * x ** 3, (x) => 6 * x * x],
  inner: [(x) => 3 * x, () => 3],
  tuple: [(x) => x ** 3, (x) => 3 * x * x],
  element: [(x) => x ** 3, (x) => 3 * x * x],
  view: [(x) => x ** 3, (x) => 3 * x * x],
  field: [(x) => x ** 3, (x) => 3 * x * x],
  literal: [(x) => 2 * x, () => 2],
};

const exports = Object.keys(forms).map((n) => `
export const ${n}Value = valueAndDerivative(${n}, 1.5);
export const ${n}Reverse = valueAndGradient((v: number[]) => ${n}(v[0]), [1.5], { mode: 'reverse' });`).join('');

const close = closeWithin(1e-13);

describe.each<EmitMode>(['inline', 'dual'])('a matrix passed before an argument that assigns it (%s)', (mode) => {
  it('the callee reads the assigned elements: values, derivatives and reverse gradients against closed forms', async () => {
    const r = transform(head + code + exports, file, { mode, readFile: () => undefined });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const m = await run(r.code);
    const x = 1.5;
    for (const [name, [f, df]] of Object.entries(forms)) {
      const forward = m[`${name}Value`] as { value: number; derivative: number };
      const reverse = m[`${name}Reverse`] as { value: number; gradient: number[] };
      close(forward.value, f(x));
      close(forward.derivative, df(x));
      close(reverse.value, f(x));
      close(reverse.gradient[0], df(x));
    }
  });
});

it.each([
  // JavaScript passes the array 'a' held before the assignment; the IR would pass the new one.
  ['function r0(r: number[], u: number): number { return r[0] * u; }\nexport function f(x: number): number { let a: number[] = [1, 2]; return r0(a, (a = [x * x, 0], x)); }', /DDX1014: 'a' is given another array here, after it is passed/],
  // The copy of ps[i] would be made after the arguments, with the new i.
  ['interface Q { x: number; y: number }\nfunction qx(p: Q, u: number): number { return p.x * u; }\nexport function f(x: number): number { const ps: Q[] = [{ x: 1, y: 2 }, { x: 3, y: 4 }]; let i = 1; return qx(ps[i], (i = 0, ps[1].x = x * x, x)); }', /DDX1022: 'ps\[i\]' is copied for the callee, which reads it after an argument after it that assigns 'i'/],
])('what cannot be passed so is refused, not compiled wrong: %s', (body, message) => {
  const r = transform(`${head}${body}\nexport const d = derivative(f, 1.5);\n`, file, { readFile: () => undefined });
  expect(r.diagnostics.map(formatDiagnostic).join('\n')).toMatch(message);
});
