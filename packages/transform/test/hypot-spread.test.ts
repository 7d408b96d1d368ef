/**
 * `Math.hypot(...g)` of an array of numbers (issue 14): one function of all the elements (ir.ts,
 * `mathOver`), differentiated by hypot's n-argument row of rules.ts — not a chain of two-argument
 * hypots, whose second derivative is wrong where leading elements are 0.
 *
 * Oracles, never the code under test: the closed forms ∇‖g‖ = g/‖g‖ and ∇²‖g‖ = (I − ĝĝᵀ)/‖g‖,
 * rules.ts's convention at the origin (0), and the run-time engine's `ops.hypot(...g)` over dual
 * and hyper-dual numbers, which the forward modes match to the last bit (but for the sign of a
 * zero: the engine leaves the elements it does not seed unperturbed and adds nothing for them,
 * where generated code adds their zero terms, +0 — as for hypot of listed elements).
 */
import { describe, expect, it } from 'vitest';
import { gradient as engineGradient, hessian as engineHessian, ops, type Real } from '@ddx/dual';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { expectClose, numbers } from './close.js';
import { run } from './run.js';

const source = `import { derivative, secondDerivative, gradient, valueAndGradient, hessian, hvp, jvp, jacobian } from '@ddx/dual';

/** ‖g‖. */
export function norm(g: number[]): number {
  return Math.hypot(...g);
}
/** ‖g‖·g₀ + ‖2g‖: the norm of an active local array and of the parameter, in one function. */
export function mixed(g: number[]): number {
  const twice = g.map((v) => 2 * v);
  return Math.hypot(...g) * g[0] + Math.hypot(...twice);
}
/** ‖(t, 2t, 2)‖ = √(5t² + 4). */
export function lifted(t: number): number {
  const g = [t, 2 * t, 2];
  return Math.hypot(...g);
}
/** (‖g‖, g₁). */
export function pair(g: number[]): number[] {
  return [Math.hypot(...g), g[1]];
}

export const g = (x: number[]) => gradient(norm, x);
export const vg = (x: number[]) => valueAndGradient(norm, x);
export const h = (x: number[]) => hessian(norm, x);
export const hv = (x: number[], v: number[]) => hvp(norm, x, v);
export const jv = (x: number[], v: number[]) => jvp(norm, x, v);
export const j = (x: number[]) => jacobian(pair, x);
export const mg = (x: number[]) => gradient(mixed, x);
export const mh = (x: number[]) => hessian(mixed, x);
export const d = (t: number) => derivative(lifted, t);
export const d2 = (t: number) => secondDerivative(lifted, t);
`;

type Fn = (...args: never[]) => unknown;

async function compiled(mode: EmitMode): Promise<Record<string, Fn>> {
  const r = transform(source, `/virtual/hypot-spread-${mode}.ts`, { mode, sourceMap: false });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return (await run(r.code)) as never;
}

const norm = (x: number[]): number => Math.hypot(...x);
const normGradient = (x: number[]): number[] => x.map((v) => v / norm(x));
const normHessian = (x: number[]): number[][] => x.map((a, i) => x.map((b, k) => ((i === k ? 1 : 0) - (a * b) / norm(x) ** 2) / norm(x)));
const engineNorm = (x: Real[]): Real => ops.hypot(...x);
const engineMixed = (x: Real[]): Real => ops.add(ops.mul(ops.hypot(...x), x[0]), ops.hypot(...x.map((v) => ops.mul(2, v))));

/** The numbers of a result, a zero of either sign as 0. */
const bits = (x: unknown): number[] => numbers(x).map((v) => (v === 0 ? 0 : v));

const points = [[3, -4, 12], [0, 0, 3, 4], [1e-3, -2, 0.5], [0, -0, 7]];

describe('Math.hypot(...g) over an array', () => {
  for (const mode of ['inline', 'dual'] as const) {
    it(`∇‖g‖ = g/‖g‖ and ∇²‖g‖ = (I − ĝĝᵀ)/‖g‖, leading zeros too (${mode})`, async () => {
      const m = await compiled(mode);
      for (const x of points) {
        expectClose(m.g(x as never), normGradient(x), 1e-15, `gradient at ${x}`);
        expectClose(m.vg(x as never), { value: norm(x), gradient: normGradient(x) }, 1e-15, `valueAndGradient at ${x}`);
        expectClose(m.h(x as never), normHessian(x), 1e-14, `Hessian at ${x}`);
        const v = x.map((_, i) => i + 1);
        expectClose(m.hv(x as never, v as never), normHessian(x).map((row) => row.reduce((s, a, k) => s + a * v[k], 0)), 1e-14, `hvp at ${x}`);
        expectClose(m.jv(x as never, v as never), normGradient(x).reduce((s, a, k) => s + a * v[k], 0), 1e-15, `jvp at ${x}`);
        expectClose(m.j(x as never), [normGradient(x), x.map((_, k) => (k === 1 ? 1 : 0))], 1e-15, `jacobian at ${x}`);
      }
    });

    it(`at the origin the derivatives are rules.ts's: 0 (${mode})`, async () => {
      const m = await compiled(mode);
      expect(m.g([0, 0, 0] as never)).toEqual([0, 0, 0]);
      expect((m.h([0, 0] as never) as number[][]).flat()).toEqual([0, 0, 0, 0]);
    });

    it(`a local array of one number: d/dt √(5t² + 4) and its second derivative (${mode})`, async () => {
      const m = await compiled(mode);
      for (const t of [1, -0.3, 2.5]) {
        const r = Math.sqrt(5 * t * t + 4);
        expectClose(m.d(t as never), (5 * t) / r, 1e-15, `derivative at ${t}`);
        expectClose(m.d2(t as never), 5 / r - (25 * t * t) / r ** 3, 1e-14, `second derivative at ${t}`);
      }
    });

    it(`agrees with the run-time engine's ops.hypot(...g) to the last bit (${mode})`, async () => {
      const m = await compiled(mode);
      for (const x of points) {
        expect(bits(m.g(x as never)), `gradient at ${x}`).toEqual(bits(engineGradient(engineNorm, x)));
        expect(bits(m.h(x as never)), `Hessian at ${x}`).toEqual(bits(engineHessian(engineNorm, x)));
        expect(bits(m.mg(x as never)), `mixed gradient at ${x}`).toEqual(bits(engineGradient(engineMixed, x)));
        expect(bits(m.mh(x as never)), `mixed Hessian at ${x}`).toEqual(bits(engineHessian(engineMixed, x)));
      }
    });
  }

  for (const mode of ['inline', 'dual'] as const) {
    it(`inside a nested derivative, its partials gᵢ/‖g‖ are differentiated (closed form, ${mode})`, async () => {
      const r = transform(`${source}\nexport const n = (t: number) => derivative((s: number) => gradient(norm, [s, 2])[0], t);\n`, `/virtual/hypot-spread-nested-${mode}.ts`, { mode, sourceMap: false });
      expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
      const m = (await run(r.code)) as Record<string, (t: number) => number>;
      // d/dt t/√(t² + 4) = 4/(t² + 4)^(3/2) (nested-rules.test.ts has more).
      for (const t of [-3, 0, 1, 2.5]) expectClose(m.n(t), 4 / (t * t + 4) ** 1.5, 1e-15, `at ${t}`);
    });
  }

  it('a spread beside other arguments, or of an array literal holding a spread, is DDX1003 saying what compiles', () => {
    // (A spread of an array literal of numbers lists them: spread-cases.test.ts.)
    const compiled = /Math\.hypot\(\.\.\.xs\).*the spread their only argument, and spreads of array literals without spreads or holes of their own in a Math function's arguments are compiled/;
    const cases: [string, RegExp][] = [
      ['Math.hypot(1, ...g)', compiled],
      ['Math.hypot(...[g[0], ...g])', compiled],
    ];
    for (const [call, message] of cases) {
      const r = transform(`import { gradient } from '@ddx/dual';\nexport const a = gradient((g: number[]) => ${call}, [1, 2]);\n`, '/virtual/hypot-spread-rejected.ts', { sourceMap: false });
      expect(r.diagnostics.map((x) => x.code), call).toEqual(['DDX1003']);
      expect(r.diagnostics[0].message, call).toMatch(message);
    }
  });
});
