/**
 * The workloads the bench differentiates, each with its evaluation point and reference values.
 *
 * Scalar references: the composite "martins" row of test/vectors/reference-derivatives.json
 * (mpmath, 25 digits). The DiffTests functions are not in that file; their references are the closed
 * forms below, evaluated with mpmath at 40-digit working precision (and cross-checked against
 * mpmath's own numerical `diff`, agreeing to better than 1e-37) and printed to 25 digits. They are
 * taken at x = 0.7, not at ForwardDiff's x = 1: there 10.31^(x + x) has the integer exponent 2, for
 * which V8's `**` takes a fast path that no perturbed evaluation (x ± h) gets, which would make
 * every ratio to the primal of num2num_3 misleading.
 *   num2num_1 = tan²x:           f' = 2 tan x sec²x,          f'' = 2 sec⁴x + 4 tan²x sec²x
 *   num2num_2 = 2x + x^(3/2):    f' = 2 + 1.5 √x,             f'' = 0.75 / √x
 *   num2num_3 = 10.31^(2x) − x:  f' = 2 ln(10.31) 10.31^(2x) − 1, f'' = 4 ln²(10.31) 10.31^(2x)
 *   num2num_4 = 1:               f' = f'' = 0
 *   num2num_5 = σ(x):            f' = σ(1 − σ),               f'' = σ(1 − σ)(1 − 2σ)
 * Vector workloads use exact closed forms in double precision (polynomials of small integers and
 * the point; see `rosenbrockGradient` etc.).
 */
import { brownAlmostLinear, martins, num2num_1, num2num_2, num2num_3, num2num_4, num2num_5, rosenbrock } from './functions.js';

export interface ScalarWorkload {
  /** The export name in functions.ts (also the name the transform and every method use). */
  readonly name: ScalarName;
  readonly formula: string;
  readonly x: number;
  readonly f: (x: number) => number;
  /** Reference f(x), f'(x), f''(x). */
  readonly reference: { readonly f: number; readonly first: number; readonly second: number };
  readonly referenceSource: string;
}

export type ScalarName = 'martins' | 'num2num_1' | 'num2num_2' | 'num2num_3' | 'num2num_4' | 'num2num_5';

const mpmath = 'closed form, mpmath 40 digits';

export const scalarWorkloads: readonly ScalarWorkload[] = [
  {
    name: 'martins', formula: 'e^x / sqrt(sin³x + cos³x)', x: 1.5, f: martins,
    reference: { f: 4.49778005394616195025177, first: 4.053427893898620657714188, second: 9.463073681596603352536433 },
    referenceSource: 'test/vectors/reference-derivatives.json (composite "martins")',
  },
  {
    name: 'num2num_1', formula: 'sin²x / cos²x', x: 0.7, f: num2num_1,
    reference: { f: 0.7094497158631172765647243, first: 2.879699265314832767304806, second: 10.69551112293448523743266 },
    referenceSource: mpmath,
  },
  {
    name: 'num2num_2', formula: '2x + sqrt(x·x·x)', x: 0.7, f: num2num_2,
    reference: { f: 1.98566201857385288358472, first: 3.254990039801113321967258, second: 0.8964214570007952299766129 },
    referenceSource: mpmath,
  },
  {
    name: 'num2num_3', formula: '10.31^(x + x) − x', x: 0.7, f: num2num_3,
    reference: { f: 25.51574061608694273380441, first: 121.3286385296171710253118, second: 570.8133912237099389848531 },
    referenceSource: mpmath,
  },
  {
    name: 'num2num_4', formula: '1 (constant)', x: 0.7, f: num2num_4,
    reference: { f: 1, first: 0, second: 0 },
    referenceSource: mpmath,
  },
  {
    name: 'num2num_5', formula: '1 / (1 + e^(−x))', x: 0.7, f: num2num_5,
    reference: { f: 0.6681877721681661065307883, first: 0.2217128732931090504050643, second: -0.07457878844034180962023922 },
    referenceSource: mpmath,
  },
];

export function scalarWorkload(name: ScalarName): ScalarWorkload {
  return scalarWorkloads.find((w) => w.name === name)!;
}

/** The classic Rosenbrock start point (−1.2, 1, −1.2, 1, …). */
export function rosenbrockPoint(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
}

/** Per length, zeros that the JIT holds as doubles (a fraction's literal, emptied, then pushed onto). */
const doubleZerosTemplates = new Map<number, number[]>();

/**
 * A copy of n zeros held as doubles, as ddx's generated gradients make theirs: `new Array(n).fill(0)`
 * holds small integers, converted to doubles by the first fractional write, inside the timed call.
 * Every hand-written derivative of the bench starts its result from these.
 */
export function doubleZeros(n: number): number[] {
  let template = doubleZerosTemplates.get(n);
  if (template === undefined) {
    template = [0.5];
    template.pop();
    for (let i = 0; i < n; i++) template.push(0);
    doubleZerosTemplates.set(n, template);
  }
  return template.slice();
}

/** ∇ of `rosenbrock`, by hand: ∂/∂xᵢ of the terms i−1 and i. */
export function rosenbrockGradient(x: readonly number[]): number[] {
  const n = x.length;
  const g = doubleZeros(n);
  for (let i = 0; i < n - 1; i++) {
    const b = x[i + 1] - x[i] * x[i];
    g[i] += -2 * (1 - x[i]) - 400 * x[i] * b;
    g[i + 1] += 200 * b;
  }
  return g;
}

/** ∇² of `rosenbrock`, by hand: tridiagonal. */
export function rosenbrockHessian(x: readonly number[]): number[][] {
  const n = x.length;
  const H = new Array<number[]>(n);
  for (let i = 0; i < n; i++) H[i] = doubleZeros(n);
  for (let i = 0; i < n - 1; i++) {
    H[i][i] += 2 - 400 * (x[i + 1] - x[i] * x[i]) + 800 * x[i] * x[i];
    H[i][i + 1] += -400 * x[i];
    H[i + 1][i] += -400 * x[i];
    H[i + 1][i + 1] += 200;
  }
  return H;
}

/**
 * H v of Rosenbrock, by hand: H is tridiagonal (the band of `rosenbrockHessian`), so H v is one
 * pass over the pairs (xᵢ, xᵢ₊₁), O(n) like the gradient.
 */
export function rosenbrockHvp(x: readonly number[], v: readonly number[]): number[] {
  const n = x.length;
  const hv = doubleZeros(n);
  for (let i = 0; i < n - 1; i++) {
    const off = -400 * x[i];
    hv[i] += (2 - 400 * (x[i + 1] - x[i] * x[i]) + 800 * x[i] * x[i]) * v[i] + off * v[i + 1];
    hv[i + 1] += off * v[i] + 200 * v[i + 1];
  }
  return hv;
}

/** A direction for Hessian-vector products: −0.5, 0, 0.5, −0.5, … (no zero tangent at most inputs). */
export function rosenbrockDirection(n: number): number[] {
  return Array.from({ length: n }, (_, i) => ((i % 3) - 1) * 0.5);
}

/** A point for the Brown almost-linear function: 0.5, 0.6, … (no zero, so Πx has full partials). */
export function brownPoint(n: number): number[] {
  return Array.from({ length: n }, (_, i) => 0.5 + 0.1 * (i % 10));
}

/**
 * J of `brownAlmostLinear`, by hand: rows i < n are eᵢ + 1ᵀ, the last row is ∂Πx/∂xⱼ = Π_{k≠j} xₖ,
 * from prefix and suffix products (O(n), no division, so exact also where some xₖ = 0).
 */
export function brownJacobian(x: readonly number[]): number[][] {
  const n = x.length;
  const J = new Array<number[]>(n);
  for (let i = 0; i < n; i++) {
    const row = doubleZeros(n);
    for (let j = 0; j < n; j++) row[j] = 1;
    row[i] = 2;
    J[i] = row;
  }
  const last = J[n - 1];
  let prefix = 1;
  for (let j = 0; j < n; j++) {
    last[j] = prefix;
    prefix *= x[j];
  }
  let suffix = 1;
  for (let j = n - 1; j >= 0; j--) {
    last[j] *= suffix;
    suffix *= x[j];
  }
  return J;
}

export { brownAlmostLinear, rosenbrock };
