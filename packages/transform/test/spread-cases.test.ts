/**
 * Spreads that were DDX1003 (issue 14): `Math.max/min/hypot(...xs)` in a `switch` case test, and
 * spreads of array literals among a Math function's arguments (`Math.max(...[a, b], c)` is
 * `Math.max(a, b, c)`). A case test that needs statements first (the loop folding max/min) is
 * lowered with them where JavaScript evaluates it: only when no case before it matched, in order,
 * default skipped; the switch then enters the clause found, falling through as written.
 *
 * Oracles, never the code under test: closed forms per case entered (each branch's formula), and
 * the plain program's value, for every forward verb that applies and reverse mode's gradient, in
 * inline and dual mode.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { expectClose } from './close.js';
import { run } from './run.js';

const functions = `
/** Cases by spreads, one falling through, one after default, one testing an assignment. */
export function cases(g: number[]): number {
  let s = 0;
  let n = 0;
  switch (g[0]) {
    case Math.min(...g): s += g[1] * g[1];
    case 1: s += 2 * g[0]; break;
    case (n = g.length): s = n * g[1]; break;
    default: s += Math.hypot(...g);
    case Math.max(...g): s += 3 * g[2] * g[0]; break;
  }
  return s + n * 0;
}
/** max(t², −t, ½) + ‖(t, 1)‖·min(1, sin t): spreads of array literals. */
export function listed(t: number): number {
  return Math.max(...[t * t, -t], 0.5) + Math.hypot(...[t, 1]) * Math.min(1, ...[Math.sin(t)]);
}
/** max(g₀, 2g₁, g₂) · ‖(g₀, 1, g₂)‖. */
export function listedOver(g: number[]): number {
  return Math.max(...[g[0], 2 * g[1]], g[2]) * Math.hypot(...[g[0], 1, g[2]]);
}
`;

const source = `import { derivative, secondDerivative, gradient, valueAndGradient, hessian, jvp } from '@ddx/dual';
${functions}
export const grad = (x: number[]) => gradient(cases, x);
export const vg = (x: number[]) => valueAndGradient(cases, x);
export const h = (x: number[]) => hessian(cases, x);
export const jv = (x: number[], v: number[]) => jvp(cases, x, v);
export const d = (t: number) => derivative(listed, t);
export const d2 = (t: number) => secondDerivative(listed, t);
export const gl = (x: number[]) => gradient(listedOver, x);
export const hl = (x: number[]) => hessian(listedOver, x);
`;

type Fn = (...args: never[]) => unknown;

async function compiled(mode: EmitMode): Promise<Record<string, Fn>> {
  const r = transform(source, `/virtual/spread-cases-${mode}.ts`, { mode, sourceMap: false });
  expect(r.diagnostics.filter((x) => x.severity !== 'warning').map(formatDiagnostic)).toEqual([]);
  return (await run(r.code)) as never;
}

const norm = (x: readonly number[]): number => Math.hypot(...x);
const normGradient = (x: readonly number[]): number[] => x.map((v) => v / norm(x));
const normHessian = (x: readonly number[]): number[][] => x.map((a, i) => x.map((b, k) => ((i === k ? 1 : 0) - (a * b) / norm(x) ** 2) / norm(x)));
const add = (a: number[][], b: number[][]): number[][] => a.map((row, i) => row.map((v, k) => v + b[i][k]));

/** `cases` at g (three numbers): the clause entered and its value, gradient and Hessian. */
function casesClosedForm(g: number[]): { clause: string; value: number; gradient: number[]; hessian: number[][] } {
  const [a, b, c] = g;
  const last = { value: 3 * c * a, gradient: [3 * c, 0, 3 * a], hessian: [[0, 0, 3], [0, 0, 0], [3, 0, 0]] };
  if (a === Math.min(...g)) return { clause: 'min', value: b * b + 2 * a, gradient: [2, 2 * b, 0], hessian: [[0, 0, 0], [0, 2, 0], [0, 0, 0]] };
  if (a === 1) return { clause: '1', value: 2 * a, gradient: [2, 0, 0], hessian: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] };
  // (n = g.length) is 3: the clause of the assignment is entered at g₀ = 3, below the max.
  if (a === 3) return { clause: 'n', value: 3 * b, gradient: [0, 3, 0], hessian: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] };
  if (a === Math.max(...g)) return { clause: 'max', ...last };
  return {
    clause: 'default (falls into max)',
    value: norm(g) + last.value,
    gradient: normGradient(g).map((v, i) => v + last.gradient[i]),
    hessian: add(normHessian(g), last.hessian),
  };
}

describe('Math.hypot/max/min spreads in case tests, and spreads of array literals', () => {
  for (const mode of ['inline', 'dual'] as const) {
    it(`each clause of a switch whose case tests fold spreads: gradient, valueAndGradient, hessian, jvp (${mode})`, async () => {
      const m = await compiled(mode);
      const points = [[-1, 2, 3], [1, 0, 2], [3, 5, -1], [5, 2, 3], [2, 1, 3], [2, -1, 4]];
      const entered = new Set<string>();
      for (const g of points) {
        const want = casesClosedForm(g);
        entered.add(want.clause);
        expectClose(m.grad(g as never), want.gradient, 1e-15, `∇cases at ${g} (${want.clause})`);
        expectClose(m.vg(g as never), { value: want.value, gradient: want.gradient }, 1e-15, `valueAndGradient at ${g}`);
        expectClose(m.h(g as never), want.hessian, 1e-14, `∇²cases at ${g} (${want.clause})`);
        const v = [0.5, -1, 2];
        expectClose(m.jv(g as never, v as never), want.gradient.reduce((s, a, k) => s + a * v[k], 0), 1e-15, `jvp at ${g}`);
      }
      // Every clause is entered at some point (the test can tell them apart).
      expect([...entered].sort()).toEqual(['1', 'default (falls into max)', 'max', 'min', 'n']);
    });

    it(`spreads of array literals among Math arguments: derivative, secondDerivative, gradient, hessian (${mode})`, async () => {
      const m = await compiled(mode);
      // max(t², −t, ½) is t² at 2 and −3, −t at −0.6; min(1, sin t) is sin t at all three.
      for (const [t, dMax, d2Max] of [[2, 4, 2], [-3, -6, 2], [-0.6, -1, 0]]) {
        const h = Math.hypot(t, 1), dh = t / h, d2h = 1 / h ** 3;
        const s = Math.sin(t), ds = Math.cos(t), d2s = -Math.sin(t);
        expectClose(m.d(t as never), dMax + dh * s + h * ds, 1e-15, `derivative at ${t}`);
        expectClose(m.d2(t as never), d2Max + d2h * s + 2 * dh * ds + h * d2s, 1e-14, `second derivative at ${t}`);
      }
      for (const g of [[1, 2, 0.5], [3, -1, 2], [-1, -2, 0.25]]) {
        const items = [g[0], 2 * g[1], g[2]];
        const k = items.indexOf(Math.max(...items));
        const M = items[k], dM = [k === 0 ? 1 : 0, k === 1 ? 2 : 0, k === 2 ? 1 : 0];
        const r = [g[0], 1, g[2]], R = norm(r), dR = [g[0] / R, 0, g[2] / R];
        const nh = normHessian(r);
        const d2R = [[nh[0][0], 0, nh[0][2]], [0, 0, 0], [nh[2][0], 0, nh[2][2]]];
        expectClose(m.gl(g as never), dM.map((a, i) => a * R + M * dR[i]), 1e-15, `∇listedOver at ${g}`);
        expectClose(m.hl(g as never), d2R.map((row, i) => row.map((a, j) => M * a + dM[i] * dR[j] + dR[i] * dM[j])), 1e-14, `∇²listedOver at ${g}`);
      }
    });
  }

  it('the plain functions give the values the closed forms use', async () => {
    const m = await run(`${functions}`);
    for (const g of [[-1, 2, 3], [1, 0, 2], [3, 5, -1], [5, 2, 3], [2, 1, 3]]) expect((m.cases as Fn)(g as never)).toBe(casesClosedForm(g).value);
  });
});
