/**
 * Reverse mode applies rules it does not derive itself (issue 15): a function made by
 * defineFunction (its given df), a special function of a package (its row of specialRules), and
 * `Math.hypot(...g)` over an array (hypot's n-argument row, rules.ts), each as adjoint factors
 * d_arg += d_y·∂f/∂arg at the forward values.
 *
 * Oracles, never reverse mode: closed forms (∇‖g‖ = g/‖g‖, 0 at g = 0 by rules.ts; erf′ =
 * 2/√π·e^(−x²); a rule whose given derivative differs from its body's, so only the rule gives the
 * expected numbers), and forward (inline) mode's gradient of the same function within the
 * tolerance between the modes (close.ts's modeDifferences: reverse mode sums in another order).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform } from '../src/index.js';
import { expectClose, modeDifferences } from './close.js';
import { run } from './run.js';

type Fn = (...args: never[]) => unknown;

async function compiled(source: string, name: string): Promise<Record<string, Fn>> {
  const r = transform(source, `/virtual/${name}.ts`, { mode: 'inline', sourceMap: false });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  expect(r.code).toMatch(/_reverse\(/);
  return (await run(r.code)) as never;
}

/** Each of `verbs` (a line `export const NAME = (x) => VERB(F, x…)`) by reverse mode and by forward mode. */
const bothModes = (lines: string[]): string => lines.flatMap((l) => [
  l.replace(/\);$/, ", { mode: 'reverse' });"),
  l.replace(/^export const (\w+)/, 'export const $1_forward').replace(/\);$/, ", { mode: 'forward' });"),
]).join('\n');

describe('reverse mode: a function made by defineFunction', () => {
  // The rule's df is 3 where the body's derivative would be 2: only the rule gives 3.
  const source = `import { defineFunction, gradient, valueAndGradient, jacobian } from '@ddx/dual';
export const triple = defineFunction('triple', (x) => 2 * x, () => 3, () => 0);
const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = defineFunction('softplus', (x) => Math.log1p(Math.exp(x)), sigma);

/** Σᵢ softplus(triple(wᵢ)·wᵢ), in a loop. */
function loss(w: number[]): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += softplus(triple(w[i]) * w[i]);
  return s;
}
/** A callee's adjoint applies the rule too. */
function inner(a: number, b: number): number {
  return triple(a * b) + softplus(a);
}
function outer(v: number[]): number {
  return inner(v[0], v[1]) * v[1];
}
/** Of an inactive argument the rule is only evaluated. */
function constant(v: number[]): number {
  return softplus(2) * v[0] + triple(v[1]);
}
/** triple(v₀)·v₁, whose rule has a second derivative. */
function product(v: number[]): number {
  return triple(v[0]) * v[1];
}
function rows(v: number[]): number[] {
  return [softplus(v[0] * v[1]), triple(v[1])];
}
${bothModes([
    'export const gLoss = (x: number[]) => gradient(loss, x);',
    'export const gOuter = (x: number[]) => valueAndGradient(outer, x);',
    'export const gConstant = (x: number[]) => gradient(constant, x);',
    'export const jRows = (x: number[]) => jacobian(rows, x);',
  ])}
`;
  const sigma = (x: number): number => 1 / (1 + Math.exp(-x));

  it('gives the closed forms with the rule\'s derivatives, and forward mode\'s numbers', async () => {
    const m = await compiled(source, 'reverse-custom');
    for (const w of [[0.5, -0.25, 1], [0, 2, -3]]) {
      // d/dw softplus(2w·w) = σ(2w²)·(3w + 2w): the product rule with triple′ = 3.
      expectClose(m.gLoss(w as never), w.map((v) => sigma(2 * v * v) * 5 * v), 1e-14, `loss at ${w}`);
      expect(modeDifferences(m.gLoss(w as never), m.gLoss_forward(w as never))).toEqual([]);
    }
    const [a, b] = [0.7, -1.2];
    const f = 2 * a * b + Math.log1p(Math.exp(a));
    // outer = inner(a, b)·b: ∂/∂a = (3b + σ(a))·b, ∂/∂b = 3a·b + inner.
    expectClose(m.gOuter([a, b] as never), { value: f * b, gradient: [(3 * b + sigma(a)) * b, 3 * a * b + f] }, 1e-14, 'outer');
    expectClose(m.gConstant([a, b] as never), [Math.log1p(Math.exp(2)), 3], 1e-15, 'constant');
    expectClose(m.jRows([a, b] as never), [[sigma(a * b) * b, sigma(a * b) * a], [0, 3]], 1e-14, 'jacobian by rows');
    for (const name of ['gOuter', 'gConstant', 'jRows']) expect(modeDifferences(m[name]([a, b] as never), m[`${name}_forward`]([a, b] as never)), name).toEqual([]);
  });

  it('its Hessian over reverse mode takes the rule\'s d2f: triple″ = 0, so ∂²/∂v₀² = 0 where the body\'s would be 4', async () => {
    const m = await compiled(`${source}\n${bothModes([
      'export const hProduct = (x: number[]) => hessian(product, x);',
      'export const hLoss = (x: number[]) => hessian(twice, x);',
      'export const vLoss = (x: number[], v: number[]) => hvp(twice, x, v);',
    ])}\nimport { hessian, hvp } from '@ddx/dual';\nfunction twice(w: number[]): number {\n  return triple(w[0] * w[1]) * w[1] + triple(w[1]);\n}\n`, 'reverse-custom-hessian');
    // product = triple(v₀)·v₁: ∂² = [[0, 3], [3, 0]].
    expect(m.hProduct([0.5, 2] as never)).toEqual([[0, 3], [3, 0]]);
    // twice = triple(w₀w₁)·w₁ + triple(w₁), with triple′ = 3, triple″ = 0: ∂/∂w₀ = 3w₁², ∂/∂w₁ = 6w₀w₁ + 3.
    for (const w of [[0.5, 2], [-1.5, 0.25], [0, 0]]) {
      expectClose(m.hLoss(w as never), [[0, 6 * w[1]], [6 * w[1], 6 * w[0]]], 1e-15, `twice at ${w}`);
      expectClose(m.vLoss(w as never, [1, -2] as never), [-12 * w[1], 6 * w[1] - 12 * w[0]], 1e-15, `hvp at ${w}`);
      expect(modeDifferences(m.hLoss(w as never), m.hLoss_forward(w as never))).toEqual([]);
    }
  });
});

describe('reverse mode: a special function of a package', () => {
  const source = `import { gradient, valueAndGradient } from '@ddx/dual';
import erf from '@stdlib/math-base-special-erf';
import beta from '@stdlib/math-base-special-beta';
import gamma from '@stdlib/math-base-special-gamma';

function f(v: number[]): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += erf(v[i] * v[0]);
  return s;
}
/** A function of two arguments, active in both, in one, and of a constant. */
function g(a: number, b: number): number {
  return beta(a, b) * gamma(a) + beta(a, 2) + beta(1.5, b) + gamma(3);
}
${bothModes([
    'export const gf = (x: number[]) => gradient(f, x);',
    'export const gg = (x: number[]) => valueAndGradient(g, x);',
  ])}
`;
  const dErf = (x: number): number => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);

  it('gives erf′ = 2/√π·e^(−x²), and forward mode\'s numbers for beta and gamma', async () => {
    const m = await compiled(source, 'reverse-special');
    const v = [0.5, -0.3, 1.1];
    // ∂/∂v₀ Σᵢ erf(vᵢv₀) = Σᵢ erf′(vᵢv₀)·vᵢ + erf′(v₀²)·v₀; ∂/∂vᵢ (i > 0) = erf′(vᵢv₀)·v₀.
    const want = v.map((vi, i) => (i === 0 ? v.reduce((s, vk) => s + dErf(vk * v[0]) * vk, 0) + dErf(v[0] * v[0]) * v[0] : dErf(vi * v[0]) * v[0]));
    expectClose(m.gf(v as never), want, 1e-14, 'erf');
    for (const x of [[2, 3], [0.7, 1.4]]) {
      expect(modeDifferences(m.gg(x as never), m.gg_forward(x as never)), `beta·gamma at ${x}`).toEqual([]);
      expect(modeDifferences(m.gf(x as never), m.gf_forward(x as never)), `erf at ${x}`).toEqual([]);
    }
  });
});

describe('reverse mode: the Hessian of a special function', () => {
  const source = `import { hessian, hvp } from '@ddx/dual';
import erf from '@stdlib/math-base-special-erf';
import beta from '@stdlib/math-base-special-beta';
import gamma from '@stdlib/math-base-special-gamma';
function e2(v: number[]): number {
  return erf(v[0]);
}
function g(a: number, b: number): number {
  return beta(a, b) * gamma(a) + beta(a, 2) + erf(a * b);
}
${bothModes([
    'export const hErf = (x: number[]) => hessian(e2, x);',
    'export const hg = (x: number[]) => hessian(g, x);',
    'export const vg = (x: number[], v: number[]) => hvp(g, x, v);',
  ])}
`;
  const dErf = (x: number): number => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);

  it('erf″ = −2x·erf′, and forward mode\'s second-order rows for beta and gamma', async () => {
    const m = await compiled(source, 'reverse-special-hessian');
    for (const x of [0.3, -1.2, 0]) expectClose(m.hErf([x, 1] as never), [[-2 * x * dErf(x), 0], [0, 0]], 1e-14, `erf at ${x}`);
    for (const x of [[2, 3], [0.7, 1.4]]) {
      expect(modeDifferences(m.hg(x as never), m.hg_forward(x as never)), `Hessian at ${x}`).toEqual([]);
      expect(modeDifferences(m.vg(x as never, [1, -0.5] as never), m.vg_forward(x as never, [1, -0.5] as never)), `hvp at ${x}`).toEqual([]);
    }
  });
});

describe('reverse mode: Math.hypot(...g) over an array', () => {
  const source = `import { gradient, hessian, hvp, jacobian } from '@ddx/dual';
export function norm(g: number[]): number {
  return Math.hypot(...g);
}
/** ‖g‖·g₀ + ‖2g‖ (an active local array), and a callee's adjoint of an array parameter. */
function mixed(g: number[]): number {
  const twice = g.map((v) => 2 * v);
  return Math.hypot(...g) * g[0] + norm(twice);
}
/** An array grown by push. */
function pushed(g: number[]): number {
  const a: number[] = [];
  for (let i = 0; i < g.length; i++) a.push(g[i] * g[i]);
  return Math.hypot(...a);
}
/** Math.max(...g), Math.min(...g): the first element that attains the result. */
function extremes(g: number[]): number {
  return Math.max(...g) - 2 * Math.min(...g);
}
function pair(g: number[]): number[] {
  return [Math.hypot(...g), g[1] * Math.hypot(...g)];
}
${bothModes([
    'export const gNorm = (x: number[]) => gradient(norm, x);',
    'export const gMixed = (x: number[]) => gradient(mixed, x);',
    'export const gPushed = (x: number[]) => gradient(pushed, x);',
    'export const gExtremes = (x: number[]) => gradient(extremes, x);',
    'export const jPair = (x: number[]) => jacobian(pair, x);',
    'export const hNorm = (x: number[]) => hessian(norm, x);',
    'export const vNorm = (x: number[], v: number[]) => hvp(norm, x, v);',
    'export const hMixed = (x: number[]) => hessian(mixed, x);',
    'export const hPushed = (x: number[]) => hessian(pushed, x);',
  ])}
`;
  const norm = (x: number[]): number => Math.hypot(...x);
  const normGradient = (x: number[]): number[] => x.map((v) => (norm(x) === 0 ? 0 : v / norm(x)));
  const points = [[3, -4, 12], [0, 0, 3, 4], [1e-3, -2, 0.5], [0, -0, 7], [5]];

  it('∇‖g‖ = g/‖g‖, leading zeros too; 0 at the origin (rules.ts)', async () => {
    const m = await compiled(source, 'reverse-hypot');
    for (const x of points) {
      const n = norm(x), unit = normGradient(x);
      expectClose(m.gNorm(x as never), unit, 1e-15, `norm at ${x}`);
      // mixed = ‖g‖g₀ + 2‖g‖: ∂ᵢ = ĝᵢ(g₀ + 2) + [i = 0]‖g‖.
      expectClose(m.gMixed(x as never), unit.map((u, i) => u * (x[0] + 2) + (i === 0 ? n : 0)), 1e-14, `mixed at ${x}`);
      // ‖(gᵢ²)‖: ∂ᵢ = 2gᵢ·gᵢ²/‖(gᵢ²)‖.
      const sq = x.map((v) => v * v), m2 = norm(sq);
      expectClose(m.gPushed(x as never), x.map((v, i) => (m2 === 0 ? 0 : (2 * v * sq[i]) / m2)), 1e-14, `pushed at ${x}`);
      if (x.length > 1) expectClose(m.jPair(x as never), [unit, unit.map((u, i) => u * x[1] + (i === 1 ? n : 0))], 1e-14, `jacobian at ${x}`);
      for (const name of ['gNorm', 'gMixed', 'gPushed', ...(x.length > 1 ? ['jPair'] : [])]) expect(modeDifferences(m[name](x as never), m[`${name}_forward`](x as never)), `${name} at ${x}`).toEqual([]);
    }
    expect(m.gNorm([0, 0, 0] as never)).toEqual([0, 0, 0]);
    expect(m.gMixed([0, 0] as never)).toEqual([0, 0]);
  });

  it('its Hessian over reverse mode is (I − ĝĝᵀ)/‖g‖ (rules.ts\'s second-order row), leading zeros too; 0 at the origin', async () => {
    const m = await compiled(source, 'reverse-hypot-hessian');
    const normHessian = (x: number[]): number[][] => x.map((a, i) => x.map((b, k) => ((i === k ? 1 : 0) - (a * b) / norm(x) ** 2) / norm(x)));
    for (const x of points) {
      expectClose(m.hNorm(x as never), normHessian(x), 1e-14, `Hessian at ${x}`);
      const v = x.map((_, i) => i + 1);
      expectClose(m.vNorm(x as never, v as never), normHessian(x).map((row) => row.reduce((s, a, k) => s + a * v[k], 0)), 1e-14, `hvp at ${x}`);
      for (const name of ['hNorm', 'hMixed', 'hPushed']) expect(modeDifferences(m[name](x as never), m[`${name}_forward`](x as never)), `${name} at ${x}`).toEqual([]);
    }
    expect((m.hNorm([0, 0, 0] as never) as number[][]).flat().map((h) => h === 0)).toEqual(new Array(9).fill(true));
  });

  it('max and min: the first element that attains the result carries the derivative (ties too)', async () => {
    const m = await compiled(source, 'reverse-extremes');
    expect(m.gExtremes([1, 5, -2, 5, -2] as never)).toEqual([0, 1, -2, 0, 0]);
    expect(m.gExtremes([3, 3] as never)).toEqual([-1, 0]);
    expect(m.gExtremes([-0, 0] as never)).toEqual(m.gExtremes_forward([-0, 0] as never));
  });
});

describe('reverse mode: an array filled with an active value', () => {
  const source = `import { gradient, hessian, jacobian, vjp } from '@ddx/dual';
/** Σᵢ sin(aᵢ), a = (p, p·x₁, p), p = x₀x₁: one element overwritten. */
function f(x: number[]): number {
  const a = new Array(3).fill(x[0] * x[1]);
  a[1] = a[1] * x[1];
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.sin(a[i]);
  return s;
}
/** Made again on each iteration, and grown by push. */
function g(x: number[]): number {
  let s = 0;
  for (let k = 0; k < 2; k++) {
    const b = new Array(x.length).fill(x[k] * x[k]);
    b.push(x[0]);
    for (let i = 0; i < b.length; i++) s += b[i] * x[i % x.length];
  }
  return s;
}
function r(x: number[]): number[] {
  const a = new Array(2).fill(Math.exp(x[0]) * x[1]);
  a[0] += x[0];
  return a;
}
${bothModes([
    'export const gf = (x: number[]) => gradient(f, x);',
    'export const hf = (x: number[]) => hessian(f, x);',
    'export const gg = (x: number[]) => gradient(g, x);',
    'export const jr = (x: number[]) => jacobian(r, x);',
  ])}
export const vr = (x: number[], w: number[]) => vjp(r, x, w);
`;

  it('adds the sum of the elements\' adjoints into the value: closed forms, and forward mode\'s numbers', async () => {
    const m = await compiled(source, 'reverse-fill');
    for (const x of [[0.5, -1.5, 2], [0, 1, 3]]) {
      const p = x[0] * x[1], q = p * x[1];
      // f = 2 sin p + sin(p·x₁): ∂₀ = (2 cos p + cos q·x₁)·x₁, ∂₁ = 2 cos p·x₀ + cos q·2x₀x₁.
      expectClose(m.gf(x as never), [(2 * Math.cos(p) + Math.cos(q) * x[1]) * x[1], 2 * Math.cos(p) * x[0] + Math.cos(q) * 2 * x[0] * x[1], 0], 1e-14, `f at ${x}`);
      for (const name of ['gf', 'hf', 'gg', 'jr']) expect(modeDifferences(m[name](x as never), m[`${name}_forward`](x as never)), `${name} at ${x}`).toEqual([]);
      const w = [2, -1], J = m.jr_forward(x as never) as number[][];
      expectClose(m.vr(x as never, w as never), x.map((_, j) => w[0] * J[0][j] + w[1] * J[1][j]), 1e-14, `vjp at ${x}`);
    }
  });
});

describe('reverse mode: returning the array parameter', () => {
  const source = `import { jacobian, vjp } from '@ddx/dual';
function id(x: number[]): number[] {
  return x;
}
/** The parameter through a local, or a new array, by a branch. */
function branch(x: number[]): number[] {
  let y = [x[1], x[0] * 3];
  if (x[0] > 0) y = x;
  return y;
}
function early(x: number[]): number[] {
  if (x[0] > 0) return x;
  return [x[0] * 2, x[1] * x[0]];
}
${bothModes([
    'export const jId = (x: number[]) => jacobian(id, x);',
    'export const jBranch = (x: number[]) => jacobian(branch, x);',
    'export const jEarly = (x: number[]) => jacobian(early, x);',
  ])}
export const vId = (x: number[], w: number[]) => vjp(id, x, w);
export const vEarly = (x: number[], w: number[]) => vjp(early, x, w);
`;

  it('adds the seed into the point\'s adjoint: J = I where it returns x, forward mode\'s Jacobian elsewhere', async () => {
    const m = await compiled(source, 'reverse-return-parameter');
    for (const x of [[2, 3], [-1, 4]]) {
      expect(m.jId(x as never)).toEqual([[1, 0], [0, 1]]);
      expect(m.vId(x as never, [1, 10] as never)).toEqual([1, 10]);
      expect(m.jBranch(x as never)).toEqual(x[0] > 0 ? [[1, 0], [0, 1]] : [[0, 1], [3, 0]]);
      expect(m.jEarly(x as never)).toEqual(x[0] > 0 ? [[1, 0], [0, 1]] : [[2, 0], [x[1], x[0]]]);
      for (const name of ['jId', 'jBranch', 'jEarly']) expect(modeDifferences(m[name](x as never), m[`${name}_forward`](x as never)), `${name} at ${x}`).toEqual([]);
      const J = m.jEarly_forward(x as never) as number[][];
      expectClose(m.vEarly(x as never, [1, 10] as never), [J[0][0] + 10 * J[1][0], J[0][1] + 10 * J[1][1]], 1e-15, `vjp at ${x}`);
    }
  });
});
