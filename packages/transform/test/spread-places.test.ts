/**
 * `Math.hypot/max/min(...xs)` where they were DDX1003 (issue 14): a row of a matrix (`m[i]`, a
 * row's name, a matrix parameter's or a local matrix's), an array method's new array, and places
 * JavaScript evaluates them only sometimes — a branch of `?:`, the right of `&&`/`||`/`??`, a loop
 * test, a `for` update, the right of `||=`/`&&=` — which lowering turns into statements before
 * (a copy of the row, the fold of max/min) inside ifs and loops as JavaScript evaluates them.
 *
 * Oracles, never the code under test: closed forms (∇‖g‖ = g/‖g‖, ∇²‖g‖ = (I − ĝĝᵀ)/‖g‖, and
 * max/min's derivative the unit vector of the first element attaining them, their second
 * derivative 0), for every forward verb, in inline and dual mode.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { expectClose } from './close.js';
import { run } from './run.js';

const source = `import { derivative, secondDerivative, gradient, valueAndGradient, hessian, hvp, jvp, jacobian } from '@ddx/dual';

/** ‖(g₀, g₁)‖ + ‖(g₂, 2g₀, g₁)‖ + max(g₂, 2g₀, g₁): the rows of a local matrix, by index and by for…of. */
export function rows(g: number[]): number {
  const m = [[g[0], g[1]], [g[2], 2 * g[0], g[1]]];
  let s = 0;
  for (let i = 0; i < m.length; i++) s += Math.hypot(...m[i]);
  for (const r of m) if (r.length > 2) s += Math.max(...r);
  return s;
}
/** (max(g₂, 2g₀, g₁), min(g₀, g₁)): a jacobian through rows. */
export function rowPair(g: number[]): number[] {
  const m = [[g[0], g[1]], [g[2], 2 * g[0], g[1]]];
  return [Math.max(...m[1]), Math.min(...m[0])];
}
/** ‖data₁‖·g₀ + min(data₀)·g₁: the rows of a matrix parameter (data). */
export function weighted(g: number[], data: readonly (readonly number[])[]): number {
  return Math.hypot(...data[1]) * g[0] + Math.min(...data[0]) * g[1];
}
/** 2‖g‖ + min(g₁, …): an array method's new array. */
export function made(g: number[]): number {
  return Math.hypot(...g.map((v) => 2 * v)) + Math.min(...g.slice(1));
}
/** max(g) where g₀ > 0, else min(g): a branch of ?:. */
export function branch(g: number[]): number {
  return g[0] > 0 ? Math.max(...g) : Math.min(...g);
}
/** g₁ where it is not 0, else ‖g‖: the right of ||. */
export function either(g: number[]): number {
  return g[1] || Math.hypot(...g);
}
/** g₃ where g has one, else max(g): the right of ??. */
export function missing(g: number[]): number {
  return g[3] ?? Math.max(...g);
}
/** s·‖g‖, s the least power of 2 ≥ ‖g‖ (at least 1): a loop test. */
export function doubling(g: number[]): number {
  let s = 1;
  while (s < Math.hypot(...g)) s *= 2;
  return s * Math.hypot(...g);
}
/** g₁ · ⌈4 / max(g)⌉ for max(g) > 0: a for update. */
export function strides(g: number[]): number {
  let s = 0;
  for (let k = 0; k < 4; k += Math.max(...g)) s += g[1];
  return s;
}
/** ‖g‖·min(g) (where ‖g‖ ≠ 0): the right of ||= and &&=. */
export function assigns(g: number[]): number {
  let t = g[0] - g[0];
  t ||= Math.hypot(...g);
  t &&= t * Math.min(...g);
  return t;
}
/** ‖(t, 1)‖·max(2t, −t, 3), through rows of a local matrix. */
export function lifted(t: number): number {
  const m = [[t, 1], [2 * t, -t, 3]];
  return Math.hypot(...m[0]) * Math.max(...m[1]);
}

const data = [[1.5, -2, 0.25], [3, 4]];
export const d = (t: number) => derivative(lifted, t);
export const d2 = (t: number) => secondDerivative(lifted, t);
export const grad = (name: string, x: number[]) => {
  switch (name) {
    case 'rows': return gradient(rows, x);
    case 'made': return gradient(made, x);
    case 'branch': return gradient(branch, x);
    case 'either': return gradient(either, x);
    case 'missing': return gradient(missing, x);
    case 'doubling': return gradient(doubling, x);
    case 'strides': return gradient(strides, x);
    case 'assigns': return gradient(assigns, x);
    default: return gradient((x: number[]) => weighted(x, data), x);
  }
};
export const vg = (x: number[]) => valueAndGradient(rows, x);
export const h = (x: number[]) => hessian(rows, x);
export const hd = (x: number[]) => hessian(doubling, x);
export const hv = (x: number[], v: number[]) => hvp(made, x, v);
export const jv = (x: number[], v: number[]) => jvp(assigns, x, v);
export const j = (x: number[]) => jacobian(rowPair, x);
`;

type Fn = (...args: never[]) => unknown;

async function compiled(mode: EmitMode): Promise<Record<string, Fn>> {
  const r = transform(source, `/virtual/spread-places-${mode}.ts`, { mode, sourceMap: false });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return (await run(r.code)) as never;
}

// ---- closed forms ------------------------------------------------------------------------------

const norm = (x: readonly number[]): number => Math.hypot(...x);
/** ∇‖x‖ = x/‖x‖ (0 at the origin). */
const normGradient = (x: readonly number[]): number[] => x.map((v) => (norm(x) === 0 ? 0 : v / norm(x)));
/** ∇²‖x‖ = (I − x̂x̂ᵀ)/‖x‖. */
const normHessian = (x: readonly number[]): number[][] => x.map((a, i) => x.map((b, k) => ((i === k ? 1 : 0) - (a * b) / norm(x) ** 2) / norm(x)));
/** The unit vector of length n at k. */
const unit = (n: number, k: number): number[] => Array.from({ length: n }, (_, i) => (i === k ? 1 : 0));
/** ∇max(x): the unit vector of the first element attaining it (∇min alike). */
const maxGradient = (x: readonly number[]): number[] => unit(x.length, x.indexOf(Math.max(...x)));
const minGradient = (x: readonly number[]): number[] => unit(x.length, x.indexOf(Math.min(...x)));
const zeros = (n: number): number[][] => Array.from({ length: n }, () => new Array<number>(n).fill(0));
const add = (a: number[], b: number[]): number[] => a.map((v, i) => v + b[i]);
const scale = (k: number, a: number[]): number[] => a.map((v) => k * v);
/** A gradient over a subset of the inputs (`at`: where each of `parts` sits), spread into n entries. */
const spreadInto = (n: number, at: number[], parts: number[]): number[] => {
  const out = new Array<number>(n).fill(0);
  at.forEach((k, i) => (out[k] += parts[i]));
  return out;
};

/** rows: ‖(g₀, g₁)‖ + ‖(g₂, 2g₀, g₁)‖ + max(g₂, 2g₀, g₁). */
const rowsGradient = (g: number[]): number[] => {
  const second = [g[2], 2 * g[0], g[1]];
  return add(spreadInto(3, [0, 1], normGradient([g[0], g[1]])), spreadInto(3, [2, 0, 1], add(normGradient(second), maxGradient(second)).map((v, i) => (i === 1 ? 2 * v : v))));
};
const rowsHessian = (g: number[]): number[][] => {
  const H = zeros(3);
  const first = normHessian([g[0], g[1]]);
  [0, 1].forEach((a, i) => [0, 1].forEach((b, k) => (H[a][b] += first[i][k])));
  // ‖(g₂, 2g₀, g₁)‖: the chain through the linear map J = ∂(g₂, 2g₀, g₁)/∂g, Jᵀ H J.
  const at = [2, 0, 1], w = [1, 2, 1];
  const second = normHessian([g[2], 2 * g[0], g[1]]);
  at.forEach((a, i) => at.forEach((b, k) => (H[a][b] += w[i] * w[k] * second[i][k])));
  return H;
};

describe('Math.hypot/max/min(...xs) over rows, new arrays and conditional places', () => {
  for (const mode of ['inline', 'dual'] as const) {
    it(`rows of a local matrix and of a matrix parameter: gradient, valueAndGradient, hessian, jacobian (${mode})`, async () => {
      const m = await compiled(mode);
      for (const g of [[1, 2, 3], [-1.5, 0.5, 4], [2, -3, 1], [0.25, 0, -1]]) {
        const second = [g[2], 2 * g[0], g[1]];
        const value = norm([g[0], g[1]]) + norm(second) + Math.max(...second);
        expectClose(m.grad('rows' as never, g as never), rowsGradient(g), 1e-15, `∇rows at ${g}`);
        expectClose(m.vg(g as never), { value, gradient: rowsGradient(g) }, 1e-15, `valueAndGradient of rows at ${g}`);
        expectClose(m.h(g as never), rowsHessian(g), 1e-14, `∇²rows at ${g}`);
        const jMax = spreadInto(3, [2, 0, 1], maxGradient(second).map((v, i) => (i === 1 ? 2 * v : v)));
        expectClose(m.j(g as never), [jMax, spreadInto(3, [0, 1], minGradient([g[0], g[1]]))], 0, `jacobian of rowPair at ${g}`);
        expectClose(m.grad('weighted' as never, g as never), [5, -2, 0], 0, `∇weighted at ${g}`);
      }
    });

    it(`d/dt ‖(t, 1)‖·max(2t, −t, 3) and its second derivative, each element attaining the max (${mode})`, async () => {
      const m = await compiled(mode);
      for (const [t, M, dM] of [[2, 4, 2], [1, 3, 0], [-4, 4, -1]]) {
        const h = Math.hypot(t, 1), dh = t / h, d2h = 1 / h ** 3;
        expectClose(m.d(t as never), dh * M + h * dM, 1e-15, `derivative at ${t}`);
        expectClose(m.d2(t as never), d2h * M + 2 * dh * dM, 1e-14, `second derivative at ${t}`);
      }
    });

    it(`an array method's new array: gradient and hvp (${mode})`, async () => {
      const m = await compiled(mode);
      for (const g of [[1, 2, 3], [-1.5, 0.5, 4, -2]]) {
        const rest = g.slice(1);
        expectClose(m.grad('made' as never, g as never), add(scale(2, normGradient(g)), [0, ...minGradient(rest)]), 1e-15, `∇made at ${g}`);
        const v = g.map((_, i) => i - 0.5);
        const want = normHessian(g).map((row) => 2 * row.reduce((s, a, k) => s + a * v[k], 0));
        expectClose(m.hv(g as never, v as never), want, 1e-14, `hvp of made at ${g}`);
      }
    });

    it(`a branch of ?:, the right of || and ??, a loop test, a for update (${mode})`, async () => {
      const m = await compiled(mode);
      for (const g of [[1, 2, 3], [-1.5, 0.5, 4], [2, 0, -1]]) {
        expectClose(m.grad('branch' as never, g as never), g[0] > 0 ? maxGradient(g) : minGradient(g), 0, `∇branch at ${g}`);
        expectClose(m.grad('either' as never, g as never), g[1] !== 0 ? unit(3, 1) : normGradient(g), 1e-15, `∇either at ${g}`);
        expectClose(m.grad('missing' as never, g as never), maxGradient(g), 0, `∇missing at ${g}`);
        expectClose(m.grad('missing' as never, [...g, 7] as never), unit(4, 3), 0, `∇missing at ${[...g, 7]}`);
        let s = 1;
        while (s < norm(g)) s *= 2;
        expectClose(m.grad('doubling' as never, g as never), scale(s, normGradient(g)), 1e-15, `∇doubling at ${g}`);
        expectClose(m.hd(g as never), normHessian(g).map((row) => scale(s, row)), 1e-14, `∇²doubling at ${g}`);
        expectClose(m.grad('strides' as never, g as never), scale(Math.ceil(4 / Math.max(...g)), unit(3, 1)), 0, `∇strides at ${g}`);
      }
    });

    it(`the right of ||= and &&=: gradient and jvp of ‖g‖·min(g) (${mode})`, async () => {
      const m = await compiled(mode);
      for (const g of [[1, 2, 3], [-1.5, 0.5, 4], [2, 0, -1]]) {
        const want = add(scale(Math.min(...g), normGradient(g)), scale(norm(g), minGradient(g)));
        expectClose(m.grad('assigns' as never, g as never), want, 1e-15, `∇assigns at ${g}`);
        const v = [0.5, -1, 2];
        expectClose(m.jv(g as never, v as never), want.reduce((s, a, k) => s + a * v[k], 0), 1e-15, `jvp of assigns at ${g}`);
      }
    });
  }

  it('a spread where no statement can go before it, or of what is not an array of numbers, is DDX1003 saying why', () => {
    // (In a case test and of an array literal they compile: spread-cases.test.ts; in a default value, default-spreads.test.ts.)
    const cases: [string, RegExp][] = [
      ['g: number[]): number { return Math.hypot(...[...g, 1]); }', /spread arguments are not supported; .* spreads of array literals without spreads or holes of their own in a Math function's arguments are compiled/],
    ];
    for (const [signatureAndBody, message] of cases) {
      const r = transform(`import { gradient } from '@ddx/dual';\nexport function f(${signatureAndBody}\nexport const a = gradient((g: number[]) => f(g), [1, 2]);\n`, '/virtual/spread-places-rejected.ts', { sourceMap: false });
      expect(r.diagnostics.map((x) => x.code), signatureAndBody).toEqual(['DDX1003']);
      expect(r.diagnostics[0].message, signatureAndBody).toMatch(message);
    }
  });
});
