/**
 * Renders a fuzz program twice from the same data: as plain numeric TypeScript (what the
 * transform compiles) and as its twin written with @ddx/dual `ops` (what the run-time engine
 * evaluates). Both renderings go through one walker over a `Lang`, so they cannot drift apart.
 */
import type { Cond, Expr, Extra, Helper, Program, Stmt } from './program.js';

/** The two surface syntaxes of one program. */
interface Lang {
  readonly twin: boolean;
  num(v: number): string;
  add(a: string, b: string): string;
  sub(a: string, b: string): string;
  mul(a: string, b: string): string;
  div(a: string, b: string): string;
  mod(a: string, b: string): string;
  pow(a: string, b: string, mathPow: boolean): string;
  neg(a: string): string;
  math(name: string, ...args: string[]): string;
}

const plain: Lang = {
  twin: false,
  num: (v) => (v < 0 ? `(${v})` : String(v)),
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  mul: (a, b) => `(${a} * ${b})`,
  div: (a, b) => `(${a} / ${b})`,
  mod: (a, b) => `(${a} % ${b})`,
  pow: (a, b, mathPow) => (mathPow ? `Math.pow(${a}, ${b})` : `(${a} ** ${b})`),
  neg: (a) => `(-${a})`,
  math: (name, ...args) => `Math.${name}(${args.join(', ')})`,
};

const twin: Lang = {
  twin: true,
  num: (v) => (v < 0 ? `(${v})` : String(v)),
  add: (a, b) => `ops.add(${a}, ${b})`,
  sub: (a, b) => `ops.sub(${a}, ${b})`,
  mul: (a, b) => `ops.mul(${a}, ${b})`,
  div: (a, b) => `ops.div(${a}, ${b})`,
  mod: (a, b) => `ops.mod(${a}, ${b})`,
  pow: (a, b) => `ops.pow(${a}, ${b})`,
  neg: (a) => `ops.neg(${a})`,
  math: (name, ...args) => `ops.${name}(${args.join(', ')})`,
};

type Form = (L: Lang, a: string) => string;
type Form2 = (L: Lang, a: string, b: string) => string;

/**
 * Every row of the rule table, each on arguments kept inside its domain (and away from the
 * poles of its derivative, except a few deliberate edge forms such as acosh(1 + a²) and cbrt).
 */
export const unaryForms: readonly Form[] = [
  (L, a) => L.math('sin', a),
  (L, a) => L.math('cos', a),
  (L, a) => L.math('tan', L.math('sin', a)),
  (L, a) => L.math('asin', L.math('tanh', a)),
  (L, a) => L.math('acos', L.mul(L.num(0.9), L.math('tanh', a))),
  (L, a) => L.math('atan', a),
  (L, a) => L.math('sinh', L.math('sin', a)),
  (L, a) => L.math('cosh', L.math('atan', a)),
  (L, a) => L.math('tanh', a),
  (L, a) => L.math('asinh', a),
  (L, a) => L.math('acosh', L.add(L.num(1.5), L.mul(a, a))),
  (L, a) => L.math('acosh', L.add(L.num(1), L.mul(a, a))),
  (L, a) => L.math('atanh', L.mul(L.num(0.9), L.math('tanh', a))),
  (L, a) => L.math('exp', L.math('sin', a)),
  (L, a) => L.math('exp', L.div(a, L.add(L.num(1), L.mul(a, a)))),
  (L, a) => L.math('expm1', L.math('tanh', a)),
  (L, a) => L.math('log', L.add(L.num(1), L.mul(a, a))),
  (L, a) => L.math('log1p', L.mul(a, a)),
  (L, a) => L.math('log2', L.add(L.num(2), L.math('sin', a))),
  (L, a) => L.math('log10', L.add(L.math('abs', a), L.num(0.5))),
  (L, a) => L.math('sqrt', L.add(L.mul(a, a), L.num(0.25))),
  (L, a) => L.math('cbrt', a),
  (L, a) => L.math('abs', a),
  (L, a) => L.math('floor', a),
  (L, a) => L.math('ceil', a),
  (L, a) => L.math('round', a),
  (L, a) => L.math('trunc', a),
  (L, a) => L.math('sign', a),
];

/**
 * Functions made by defineFunction, declared in the helpers module of a batch that calls them:
 * their given derivatives are exact (finite differences agree), defined on every real.
 */
export const ruleForms: readonly { name: string; declaration: string }[] = [
  {
    name: 'softplusRule',
    declaration: `export const softplusRule = defineFunction('softplus', (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  (x) => 1 / (1 + Math.exp(-x)), (x) => { const s = 1 / (1 + Math.exp(-x)); return s * (1 - s); });\n`,
  },
  {
    name: 'gaussRule',
    declaration: `function gauss(x: number): number {\n  return Math.exp(-x * x / 2);\n}\nexport const gaussRule = defineFunction('gauss', gauss, (x) => -x * gauss(x), (x) => (x * x - 1) * gauss(x));\n`,
  },
];

/**
 * Helpers that read a module-level coefficient table by name (a polynomial by Horner's rule over
 * the table's length, a rational function of fixed elements), as @stdlib's special functions read
 * theirs; declared in the helpers module of a batch that calls them, with their twins.
 */
export const tableForms: readonly { name: string; declaration: string }[] = [
  {
    name: 'polyTable',
    declaration: `const TABLE_P = [0.5, -0.25, 0.125, 1.5];\n` +
      `export function polyTable(x: number): number {\n  const t = Math.tanh(x);\n  let s = 0;\n  for (let i = TABLE_P.length - 1; i >= 0; i--) s = s * t + TABLE_P[i];\n  return s;\n}\n` +
      `export function polyTable_ops(x: Real): Real {\n  const t = ops.tanh(x);\n  let s: Real = 0;\n  for (let i = TABLE_P.length - 1; i >= 0; i--) s = ops.add(ops.mul(s, t), TABLE_P[i]);\n  return s;\n}\n`,
  },
  {
    name: 'ratTable',
    declaration: `const TABLE_Q = [1, 0.5, 0.25];\n` +
      `export function ratTable(x: number): number {\n  return (TABLE_Q[0] + TABLE_Q[1] * x) / (1 + TABLE_Q[2] * x * x);\n}\n` +
      `export function ratTable_ops(x: Real): Real {\n  return ops.div(ops.add(TABLE_Q[0], ops.mul(TABLE_Q[1], x)), ops.add(1, ops.mul(ops.mul(TABLE_Q[2], x), x)));\n}\n`,
  },
];

/**
 * Helpers that write their results into an array argument (out-parameters, as gl-matrix and ODE
 * steps write them), declared in the helpers module of a batch that calls them, with their twins
 * over ddx values. They return nothing: a callee returning its array (gl-matrix's `return out`) is
 * not compiled under second-order verbs yet (DDX1010), and every program is differentiated by them.
 */
export const outForms: readonly { name: string; declaration: string }[] = [
  {
    name: 'scaleInto',
    declaration: `export function scaleInto(out: number[], k: number, a: number): void {\n  out[0] = k * a;\n  out[1] = Math.sin(a) + k;\n}\n` +
      `export function scaleInto_ops(out: Real[], k: Real, a: Real): void {\n  out[0] = ops.mul(k, a);\n  out[1] = ops.add(ops.sin(a), k);\n}\n`,
  },
  {
    name: 'polarInto',
    declaration: `export function polarInto(out: number[], r: number, t: number): void {\n  out[0] = r * Math.cos(t);\n  out[1] += r * Math.sin(t);\n}\n` +
      `export function polarInto_ops(out: Real[], r: Real, t: Real): void {\n  out[0] = ops.mul(r, ops.cos(t));\n  out[1] = ops.add(out[1], ops.mul(r, ops.sin(t)));\n}\n`,
  },
];

/**
 * A helper returning a new array (Stmt `arrayCall`), declared in the helpers module of a batch that
 * calls it, with its twin over ddx values: built by push, one element per element of `a`.
 */
export const arrayCallDeclaration = `export function fzScaled(a: readonly number[], k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) out.push(k * a[i] + Math.sin(a[i]));
  return out;
}
export function fzScaled_ops(a: readonly Real[], k: Real): Real[] {
  const out: Real[] = [];
  for (let i = 0; i < a.length; i++) out.push(ops.add(ops.mul(k, a[i]), ops.sin(a[i])));
  return out;
}
`;

/**
 * Solvers: functions taking a function (Extra.solve), whose own locals (`s`, `v`, `x`, `i`) the
 * main function's may be named like (Extra.clash), given an arrow capturing the scope. The plain
 * ones are declared in the differentiated module of a batch that calls them (a call is compiled
 * per arrow, cf42831), their twins over ddx values in the helpers module; `fzSlopes` differentiates
 * the function it is given (a nested derivative, compiled inside each version).
 */
export const solverForms: readonly { name: string; array: boolean; plain: string; twin: string }[] = [
  {
    name: 'fzSumOf', array: true,
    plain: `function fzSumOf(f: (x: number) => number, xs: readonly number[]): number {\n  let s = 0;\n  for (const v of xs) s += f(v);\n  return s;\n}\n`,
    twin: `export function fzSumOf_ops(f: (x: Real) => Real, xs: readonly Real[]): Real {\n  let s: Real = 0;\n  for (const v of xs) s = ops.add(s, f(v));\n  return s;\n}\n`,
  },
  {
    name: 'fzIterate', array: false,
    plain: `function fzIterate(f: (x: number) => number, x0: number): number {\n  let x = x0;\n  for (let i = 0; i < 3; i++) x = 0.5 * x + Math.sin(f(x)) / 4;\n  return x;\n}\n`,
    twin: `export function fzIterate_ops(f: (x: Real) => Real, x0: Real): Real {\n  let x = x0;\n  for (let i = 0; i < 3; i++) x = ops.add(ops.mul(0.5, x), ops.div(ops.sin(f(x)), 4));\n  return x;\n}\n`,
  },
  {
    name: 'fzSlopes', array: true,
    plain: `function fzSlopes(f: (x: number) => number, xs: readonly number[]): number {\n  let s = 0;\n  for (const v of xs) s += f(v) * derivative(f, v);\n  return s;\n}\n`,
    twin: `export function fzSlopes_ops(f: (x: Real) => Real, xs: readonly Real[]): Real {\n  let s: Real = 0;\n  for (const v of xs) s = ops.add(s, ops.mul(f(v), derivative(f, v)));\n  return s;\n}\n`,
  },
];

/**
 * Names generated code and the solvers use (Extra.clash), given to a program's number locals in
 * turn: an input's tangent and adjoint names (`d_x`, `x_d`, `dx`), the record call sites' `ddxR`,
 * a temporary's `t0`, reverse mode's tape (`codes`, `codeTop`, `values`, `valueTop`), the solvers'
 * locals, normalise's and lowering's temporaries. Not a name of the program's own (inputs,
 * parameters, data, in either rendering) nor one the twin needs (`ops`, `Real`).
 */
function clashNames(prog: Program): string[] {
  const own = new Set<string>(['ops', 'Real', 'xs', 'up', 'n', 'data', 'out', 'this']);
  for (const set of [NAME_SETS[0], namesOf(prog, plain)]) for (const n of [set.x, ...set.params, ...set.helper, set.data]) own.add(n);
  const inputs = mainInputs(prog, plain);
  const first = inputs[0] ?? namesOf(prog, plain).x;
  const names = [
    `d_${first}`, 't0', 'ddxR', 'codes', 'top', 'v', 's', `${first}_d`, `d${first}`, 'f', 'x', 'i', 'codeTop', 'values', 'valueTop',
    ...inputs.slice(1).map((n) => `d_${n}`), 'ddxP', 'ddxF', 'ddxI', 'result', 'exit', 'sum1', 'sin1', 'prod1', 'cond1', 'v_', 'seed',
    'direction', 'zero_d', 'value', 'held', 'rec', 'chosen', 'acc', 'found', 'entry', 'key', 'self', 'ddxOut_d', 'ddxAdjoint_1',
    'products', 'returned', 'forward', 'column', 'matrix', 'count1', 'left1',
  ];
  return [...new Set(names)].filter((n) => !own.has(n));
}

/**
 * Records, tuples and a class over numbers, with helpers taking and returning them, declared in the
 * helpers module of a batch whose programs make records (the `record`, `useRecord`, `points`
 * statements), with their twins over ddx values (the run-time engine's records hold ddx values).
 */
export const recordDeclarations = `export interface FzPoint { x: number; y: number }
export type FzVec3 = [number, number, number];
export type FzBody = { pos: FzPoint; m: number };
type FzPointOps = { x: Real; y: Real };
export function fzPolar(r: number, t: number): FzPoint {
  return { x: r * Math.cos(t), y: r * Math.sin(t) };
}
export function fzPolar_ops(r: Real, t: Real): FzPointOps {
  return { x: ops.mul(r, ops.cos(t)), y: ops.mul(r, ops.sin(t)) };
}
export function fzMid(a: FzPoint, b: FzPoint): FzPoint {
  return { x: (a.x + b.x) / 2, y: a.y * b.y };
}
export function fzMid_ops(a: FzPointOps, b: FzPointOps): FzPointOps {
  return { x: ops.div(ops.add(a.x, b.x), 2), y: ops.mul(a.y, b.y) };
}
export function fzNormSq(p: FzPoint): number {
  return p.x * p.x + Math.sin(p.y) * p.y;
}
export function fzNormSq_ops(p: FzPointOps): Real {
  return ops.add(ops.mul(p.x, p.x), ops.mul(ops.sin(p.y), p.y));
}
export function fzCross(a: FzVec3, b: FzVec3): FzVec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
export function fzCross_ops(a: Real[], b: Real[]): Real[] {
  return [ops.sub(ops.mul(a[1], b[2]), ops.mul(a[2], b[1])), ops.sub(ops.mul(a[2], b[0]), ops.mul(a[0], b[2])), ops.sub(ops.mul(a[0], b[1]), ops.mul(a[1], b[0]))];
}
export function fzDot(a: FzVec3, b: FzVec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
export function fzDot_ops(a: Real[], b: Real[]): Real {
  return ops.add(ops.add(ops.mul(a[0], b[0]), ops.mul(a[1], b[1])), ops.mul(a[2], b[2]));
}
export class FzSpring {
  constructor(readonly k: number, readonly rest: number) {}
  energy(x: number): number {
    const d = x - this.rest;
    return 0.5 * this.k * d * d + this.wobble(x);
  }
  wobble(x: number): number {
    return Math.sin(this.k * x) / 4;
  }
}
export class FzSpring_ops {
  constructor(readonly k: Real, readonly rest: Real) {}
  energy(x: Real): Real {
    const d = ops.sub(x, this.rest);
    return ops.add(ops.mul(ops.mul(ops.mul(0.5, this.k), d), d), this.wobble(x));
  }
  wobble(x: Real): Real {
    return ops.div(ops.sin(ops.mul(this.k, x)), 4);
  }
}
/** A factory: the closure it returns captures its arguments. */
export function fzAffine(k: number, c: number): (u: number) => number {
  return (u: number): number => k * Math.sin(u) + c * u;
}
export function fzAffine_ops(k: Real, c: Real): (u: Real) => Real {
  return (u: Real): Real => ops.add(ops.mul(k, ops.sin(u)), ops.mul(c, u));
}
`;

/** Records with array fields (Stmt `model`), declared in the helpers module of a batch whose programs make them, with their twins. */
export const modelDeclarations = `export interface FzModel { weights: number[]; bias: number }
type FzModelOps = { weights: Real[]; bias: Real };
export function fzPredict(m: FzModel, t: number): number {
  let s = m.bias;
  for (let i = 0; i < m.weights.length; i++) s += m.weights[i] * Math.sin(t + i);
  return s;
}
export function fzPredict_ops(m: FzModelOps, t: Real): Real {
  let s = m.bias;
  for (let i = 0; i < m.weights.length; i++) s = ops.add(s, ops.mul(m.weights[i], ops.sin(ops.add(t, i))));
  return s;
}
export function fzUnpack(a: number, b: number): FzModel {
  const w = [a, 0.5];
  w[1] = a * b;
  return { weights: w, bias: b };
}
export function fzUnpack_ops(a: Real, b: Real): FzModelOps {
  const w: Real[] = [a, 0.5];
  w[1] = ops.mul(a, b);
  return { weights: w, bias: b };
}
`;

/**
 * The main module's own callee returning a record with array fields (Stmt `model` with `here`),
 * declared in the differentiated module of a batch that calls it: every call where no tangent is
 * needed calls its packed copy (74e14c6). Its twin is fzUnpack_ops (the same numbers).
 */
export const unpackHere = `function fzUnpackHere(a: number, b: number): FzModel {
  return { weights: [a, a * b], bias: b };
}
`;

/**
 * A record with an optional field (Extra.optional), a helper making it and two reading it (one by a
 * destructured parameter given its default in the body), with their twins over ddx values.
 */
export const optionalDeclarations = `export interface FzOpt { x: number; y?: number }
export type FzOptOps = { x: Real; y?: Real };
export function fzOpt(a: number, b: number): FzOpt {
  const p: FzOpt = { x: a };
  if (b > 0) p.y = a * b;
  return p;
}
export function fzOpt_ops(a: Real, b: Real): FzOptOps {
  const p: FzOptOps = { x: a };
  if (ops.gt(b, 0)) p.y = ops.mul(a, b);
  return p;
}
export function fzOptSum(p: FzOpt): number {
  return p.y === undefined ? p.x * 2 : p.x + Math.sin(p.y);
}
export function fzOptSum_ops(p: FzOptOps): Real {
  return p.y === undefined ? ops.mul(p.x, 2) : ops.add(p.x, ops.sin(p.y));
}
export function fzOptOr({ x, y }: FzOpt): number {
  if (y === undefined) y = 1;
  return x * y;
}
export function fzOptOr_ops({ x, y }: FzOptOps): Real {
  if (y === undefined) y = 1;
  return ops.mul(x, y);
}
`;

/**
 * Callees of record parameters with no type (Extra.untyped), as culori writes its conversions: the
 * transform compiles each for the record its caller passes (shape43). Their twins are typed.
 */
export const untypedDeclarations = `export function fzLin(c: number): number { return c * c + 0.5 * c; }
export function fzToLin(rgb) { return { r: fzLin(rgb.r), g: fzLin(rgb.g), b: Math.sin(rgb.b) }; }
export function fzFromLin(c) { return { r: c.r * c.g, g: c.g + c.b, b: Math.cos(c.r) }; }
export function fzToLab(rgb) { const lab = fzFromLin(fzToLin(rgb)); return lab; }
export function fzLum({ r, g, b }) { return 0.2 * r + 0.7 * g + 0.1 * b; }
export const fzLumA = ({ r, g, b, alpha }) => { if (alpha === undefined) alpha = 1; return alpha * (r + g) + b; };
export function fzAreaU(p) { return p.x * p.y + Math.sin(p.x); }
type FzRgbOps = { r: Real; g: Real; b: Real };
const fzLin_ops = (c: Real): Real => ops.add(ops.mul(c, c), ops.mul(0.5, c));
export function fzToLin_ops(rgb: FzRgbOps): FzRgbOps { return { r: fzLin_ops(rgb.r), g: fzLin_ops(rgb.g), b: ops.sin(rgb.b) }; }
const fzFromLin_ops = (c: FzRgbOps): FzRgbOps => ({ r: ops.mul(c.r, c.g), g: ops.add(c.g, c.b), b: ops.cos(c.r) });
export function fzToLab_ops(rgb: FzRgbOps): FzRgbOps { return fzFromLin_ops(fzToLin_ops(rgb)); }
export function fzLum_ops({ r, g, b }: FzRgbOps): Real { return ops.add(ops.add(ops.mul(0.2, r), ops.mul(0.7, g)), ops.mul(0.1, b)); }
export const fzLumA_ops = ({ r, g, b, alpha }: FzRgbOps & { alpha?: Real }): Real => ops.add(ops.mul(alpha ?? 1, ops.add(r, g)), b);
export function fzAreaU_ops(p: { x: Real; y: Real }): Real { return ops.add(ops.mul(p.x, p.y), ops.sin(p.x)); }
`;

/** The names the differentiated module imports from \`recordDeclarations\` (types and helpers with their twins). */
const recordImports = ['type FzPoint', 'type FzVec3', 'type FzBody', ...['fzPolar', 'fzMid', 'fzNormSq', 'fzCross', 'fzDot', 'FzSpring', 'fzAffine'].flatMap((n) => [n, `${n}_ops`])];

/** a / d(b) with d > 0. */
export const divVariants: readonly Form2[] = [
  (L, a, b) => L.div(a, L.add(L.num(1), L.mul(b, b))),
  (L, a, b) => L.div(a, L.add(L.num(1.5), L.math('cos', b))),
  (L, a) => L.div(a, L.num(3)),
  (L, a, b) => L.div(L.num(1), L.add(L.num(2), L.math('sin', L.add(a, b)))),
];

/** a % d(b) with d > 0. */
export const modVariants: readonly Form2[] = [
  (L, a) => L.mod(a, L.num(1.5)),
  (L, a, b) => L.mod(a, L.add(L.num(2), L.math('sin', b))),
];

/** Integer, zero, negative and real exponents, positive bases wherever the exponent is not an integer. */
export const powVariants: readonly ((L: Lang, a: string, b: string, mathPow: boolean) => string)[] = [
  (L, a, _b, m) => L.pow(a, L.num(2), m),
  (L, a, _b, m) => L.pow(a, L.num(3), m),
  (L, a, _b, m) => L.pow(a, L.num(0), m),
  (L, a, b, m) => L.pow(L.add(L.num(1), L.mul(a, a)), L.math('sin', b), m),
  (L, a, _b, m) => L.pow(L.add(L.num(0.5), L.math('abs', a)), L.num(0.5), m),
  (L, a, b, m) => L.pow(L.add(L.num(2), L.math('cos', a)), L.mul(L.num(3), L.math('tanh', b)), m),
  (L, a, _b, m) => L.pow(L.add(L.num(1.25), L.math('sin', a)), L.num(-2), m),
];

/**
 * Assignments and increments used as values (plain, twin): the twin assigns the same value with
 * ops and gives what JavaScript gives — the new value, or the old one for `t++`.
 */
export const effectForms: readonly ((L: Lang, t: string, e: string) => string)[] = [
  (L, t, e) => `(${t} = ${e})`,
  (L, t, e) => (L.twin ? `(${t} = ${L.add(t, e)})` : `(${t} += ${e})`),
  (L, t, e) => (L.twin ? `(${t} = ${L.mul(t, e)})` : `(${t} *= ${e})`),
  (L, t) => (L.twin ? `(${t} = ${L.add(t, '1')})` : `(++${t})`),
  (L, t) => (L.twin ? `(() => { const old = ${t}; ${t} = ${L.add(t, '1')}; return old; })()` : `(${t}++)`),
  (L, t) => (L.twin ? `(${t} = ${L.sub(t, '1')})` : `(--${t})`),
];

const cmpOps = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '===': 'eq', '!==': 'ne' } as const;

/** Number constants read as values: small ones, so the numbers stay finite (the same text in both renderings). */
export const numberConstantForms: readonly string[] = [
  'Number.EPSILON', 'Number.MIN_VALUE', '(Number.MIN_SAFE_INTEGER / Number.MAX_SAFE_INTEGER)',
];

/** Tests of a number in conditions; the global isNaN/isFinite become Number's where a name hides them. */
export const numberTests: readonly string[] = ['Number.isFinite', 'Number.isNaN', 'Number.isInteger', 'Number.isSafeInteger', 'isNaN', 'isFinite'];

/** `a op c` with c infinite, NaN or a Number constant (Infinity and NaN become Number's where a name hides them). */
export const boundForms: readonly [keyof typeof cmpOps, string][] = [
  ['<', 'Number.POSITIVE_INFINITY'], ['>', 'Number.NEGATIVE_INFINITY'], ['<', 'Infinity'], ['>', '-Infinity'], ['!==', 'NaN'],
  ['!==', 'Number.NaN'], ['<', 'Number.MAX_VALUE'], ['>=', 'Number.MIN_SAFE_INTEGER'], ['<=', 'Number.MAX_SAFE_INTEGER'],
  ['>', 'Number.MIN_VALUE'],
];

/** What a global that a name of the program hides is replaced with (the same in both renderings). */
const unhidden: Record<string, string> = { Infinity: 'Number.POSITIVE_INFINITY', '-Infinity': 'Number.NEGATIVE_INFINITY', NaN: 'Number.NaN', isNaN: 'Number.isNaN', isFinite: 'Number.isFinite' };

interface NumVar { name: string; assignable: boolean }
/**
 * `row`: a row of a data matrix (`D[1]`) or of a local matrix (`matrixRow`), read by index and
 * length and spread, never iterated, destructured, given to a method nor passed on (closures and
 * solvers' arrows read them too, 9b2b524).
 */
interface ArrayVar { name: string; length: number; local: boolean; row?: true; matrixRow?: true; table?: true }
interface Scope {
  nums: NumVar[];
  /** Boolean locals and parameters (plain booleans in both renderings). */
  flags: NumVar[];
  counters: string[];
  arrays: ArrayVar[];
  /** Counters of loops over an array, by array name (valid indices). */
  loopIndex: Map<string, string[]>;
  inLoop: boolean;
  /** Inside a switch (where `break` leaves the switch). */
  inSwitch?: boolean;
  /** The enclosing loops, innermost last: each loop's index in the function's lines and its label once a jump names it. */
  loops?: { line: number; counter: string; label?: string }[];
  /** Local records, tuples and class instances (the `record` statement's). */
  records?: RecordVar[];
  /** Local arrays of records `FzPoint[]` and how many records they hold at least. */
  pointArrays?: { name: string; length: number }[];
  /** Closures callable here; `factory`: made by a factory (called only where it was made, not from another closure). */
  closures?: { name: string; factory: boolean }[];
}

/** What a local record is: its kind names its type and how its numbers are read (render.ts: `recordNumbers`). */
type RecordKind = 'point' | 'vec3' | 'body' | 'spring' | 'pair';
interface RecordVar { name: string; kind: RecordKind }

/** The numbers of a record of each kind, as read from its name, and whether JavaScript lets them be written. */
const recordNumbers: Record<RecordKind, { paths: string[]; writable: boolean }> = {
  point: { paths: ['.x', '.y'], writable: true },
  vec3: { paths: ['[0]', '[1]', '[2]'], writable: true },
  body: { paths: ['.pos.x', '.pos.y', '.m'], writable: true },
  // A class's fields are readonly.
  spring: { paths: ['.k', '.rest'], writable: false },
  // An object type whose fields are declared in another order than its literals write them.
  pair: { paths: ['.b', '.a'], writable: true },
};

const copy = (s: Scope): Scope => ({
  nums: [...s.nums], flags: [...s.flags], counters: [...s.counters], arrays: [...s.arrays], loopIndex: new Map(s.loopIndex), inLoop: s.inLoop,
  inSwitch: s.inSwitch, loops: [...(s.loops ?? [])],
  records: [...(s.records ?? [])], pointArrays: [...(s.pointArrays ?? [])], closures: [...(s.closures ?? [])],
});

/**
 * The helpers a function may call: earlier ones, and no call from the other module back into the
 * main one. `boolean`: it returns a boolean (called in conditions); `flag`: it takes one;
 * `defaultLast`: its second parameter has a default (a call may omit it).
 */
interface Callable { name: string; arity: 1 | 2; depth: number | null; array: boolean; boolean?: boolean; flag?: boolean; defaultLast?: boolean; rest?: boolean; local?: boolean }

/** Renders one function body (plain or twin) of program `p`. */
class FunctionWriter {
  private lines: string[] = [];
  private next = 0;
  /** The function's `var`s declared so far in the source (function-scoped: hoisted to its start). */
  private vars: string[] = [];
  /** Counters of finished `for (var …)` loops (one may be declared again by a later loop). */
  private varCounters: string[] = [];
  /** How many assignments used as values were rendered so far. */
  private effects = 0;
  /**
   * Above 0 in the default of an array destructuring, the one place where an array literal argument
   * or a rest parameter's trailing arguments cannot be made first (DDX1055).
   */
  private destructuringDefault = 0;

  /**
   * Above 0 while rendering what JavaScript evaluates conditionally where an assignment is still
   * rejected (a default value, the right of &&= ||=); a branch of ?: and the right of && || ?? may assign.
   */
  private conditional = 0;

  /** Writing a function of the helpers module, which cannot call the main module's fzUnpackHere. */
  inHelpersModule = false;

  /** Writing a nested verb's arrow, which calls no local helper of the main function (Extra.nested). */
  private noLocalCalls = false;

  conditionally<T>(render: () => T): T {
    this.conditional++;
    try {
      return render();
    } finally {
      this.conditional--;
    }
  }

  constructor(
    private readonly L: Lang,
    private readonly callables: Callable[],
    private readonly constants: readonly string[],
    /** For array-output programs: how a `return e` is made into an array. */
    private readonly row: ((e: string) => string) | null,
    /** Globals the plain program's names hide (decided on the plain names, so both renderings agree). */
    private readonly hidden: ReadonlySet<string>,
    /** Writing a helper that returns a boolean. */
    private readonly boolean = false,
    /** A package-style program: its assignable boolean locals are `var`s (Program.packageStyle). */
    private readonly varFlags = false,
    /** Names the number locals take first (Extra.clash: clashNames), used up in turn. */
    private readonly clash: string[] = [],
  ) {}

  /** `name`, or what replaces it where the program hides a global it reads. */
  private global(name: string): string {
    const base = name.replace(/^-/, '');
    return this.hidden.has(base) ? unhidden[name] : name;
  }

  /** A loop counter in scope or a small integer: an integer-valued operand without tangent. */
  private intOperand(i: number, s: Scope): string {
    const pool = [...s.counters, '0', '1', '2', '3', '5', '7'];
    return pool[i % pool.length];
  }

  private fresh(prefix: string): string {
    if (prefix === 'v' && this.clash.length > 0) return this.clash.shift()!;
    return `${prefix}${this.next++}`;
  }

  expr(e: Expr, s: Scope): string {
    const L = this.L;
    switch (e.k) {
      case 'var': {
        const pool = [...s.nums.map((v) => v.name), ...s.counters];
        return pool[e.i % pool.length];
      }
      case 'num': return L.num(e.v);
      case 'const': return this.constants[e.which % this.constants.length];
      case 'neg': return L.neg(this.expr(e.a, s));
      case 'unary': return unaryForms[e.form % unaryForms.length](L, this.expr(e.a, s));
      // The same function for the plain code and the twin: it takes numbers and duals alike (never
      // with fzSlopes, whose nested derivative a second-order verb would differentiate twice: a rule
      // gives two derivatives, not three, DDX1020; seed 24418 run 1263; noNestedVerb).
      case 'rule': return `${ruleForms[e.which % ruleForms.length].name}(${this.expr(e.a, s)})`;
      case 'table': return `${tableForms[e.which % tableForms.length].name}${L.twin ? '_ops' : ''}(${this.expr(e.a, s)})`;
      case 'arith': {
        const a = this.expr(e.a, s);
        const b = this.expr(e.b, s);
        return e.op === '+' ? L.add(a, b) : e.op === '-' ? L.sub(a, b) : L.mul(a, b);
      }
      case 'div': return divVariants[e.variant % divVariants.length](L, this.expr(e.a, s), this.expr(e.b, s));
      case 'mod': return modVariants[e.variant % modVariants.length](L, this.expr(e.a, s), this.expr(e.b, s));
      case 'pow': return powVariants[e.variant % powVariants.length](L, this.expr(e.a, s), this.expr(e.b, s), e.mathPow);
      case 'nary': {
        const args = (e.f === 'atan2' ? e.args.slice(0, 2) : e.args).map((a) => this.expr(a, s));
        return L.math(e.f, ...args);
      }
      case 'cond': {
        const c = this.cond(e.c, s);
        // A branch may assign: lowered to an if statement, it is evaluated only where it is taken.
        return `(${c} ? ${this.expr(e.a, s)} : ${this.expr(e.b, s)})`;
      }
      case 'effect': {
        const targets = s.nums.filter((v) => v.assignable);
        if (targets.length === 0 || this.conditional > 0) return this.expr({ k: 'var', i: e.t }, s);
        const value = this.expr(e.e, s);
        this.effects++;
        return effectForms[e.form % effectForms.length](L, targets[e.t % targets.length].name, value);
      }
      case 'logic': {
        const effectsBefore = this.effects;
        const a = this.expr(e.a, s);
        const b = this.expr(e.b, s);
        if (!L.twin) return `(${a} ${e.op} ${b})`;
        if (e.op === '??') return a;
        // The twin tests the left operand and then gives it: evaluated once, where it assigns.
        if (this.effects !== effectsBefore) {
          return e.op === '||' ? `((l: Real) => (ops.primal(l) ? l : ${b}))(${a})` : `((l: Real) => (ops.primal(l) ? ${b} : l))(${a})`;
        }
        return e.op === '||' ? `(ops.primal(${a}) ? ${a} : ${b})` : `(ops.primal(${a}) ? ${b} : ${a})`;
      }
      case 'call': {
        const args = e.args.map((a) => this.expr(a, s));
        // An array literal is made before the statement (in a branch of ?: or the right of && || ?? ||= &&=,
        // in an if statement there): never where no statement can go before it (DDX1055).
        const literal = e.literal === true && this.destructuringDefault === 0;
        const h = this.callee(e.h, s, false, literal);
        return (h && this.call(h, e.h, args, e.flag ? this.cond(e.flag, s) : 'true', s, literal)) ?? L.math('sin', args[0]);
      }
      case 'elem': {
        if (s.arrays.length === 0) return this.expr({ k: 'var', i: e.idx }, s);
        const arr = s.arrays[e.arr % s.arrays.length];
        const indices = [...Array.from({ length: arr.length }, (_, i) => String(i)), ...(s.loopIndex.get(arr.name) ?? [])];
        return `${arr.name}[${indices[e.idx % indices.length]}]`;
      }
      case 'spread': {
        if (s.arrays.length === 0) return this.expr({ k: 'var', i: e.arr }, s);
        const arr = s.arrays[e.arr % s.arrays.length];
        // A fold (max, min) or a copy of a row goes before the statement: not where nothing can (a default value).
        if (this.conditional > 0 && (e.f !== 'hypot' || arr.row)) return this.expr({ k: 'var', i: e.arr }, s);
        return L.math(e.f, `...${arr.name}`);
      }
      case 'nullish': {
        // An index up to one past the end: there the element is undefined and ?? takes e (a branch:
        // what it makes first, as a rest parameter's trailing arguments, is made there; seed 24418 run 474).
        const fallback = this.expr(e.e, s);
        if (s.arrays.length === 0) return fallback;
        const arr = s.arrays[e.arr % s.arrays.length];
        return `(${arr.name}[${e.idx % (arr.length + 1)}] ?? ${fallback})`;
      }
      case 'numberConst': return numberConstantForms[e.which % numberConstantForms.length];
      // Inactive integers in both renderings: computed as written.
      case 'bits': {
        const a = this.intOperand(e.a, s);
        return e.op === '~' ? `(~${a})` : `(${a} ${e.op} ${this.intOperand(e.b, s)})`;
      }
      case 'int32': {
        const a = this.expr(e.a, s);
        return L.twin ? `(ops.primal(${a}) | 0)` : `(${a} | 0)`;
      }
      case 'comma': {
        // `(t += e, b)`: the assignment done first, the value b's (a read alone is left out).
        const effectsBefore = this.effects;
        const a = this.expr({ k: 'effect', t: e.t, form: e.form, e: e.e }, s);
        const b = this.expr(e.b, s);
        return this.effects === effectsBefore ? b : `(${a}, ${b})`;
      }
      case 'hoisted': return this.vars.length === 0 ? L.num(e.c) : `(${this.vars[e.i % this.vars.length]} ?? ${L.num(e.c)})`;
      case 'apply': {
        const a = this.expr(e.a, s);
        const closures = s.closures ?? [];
        return closures.length === 0 ? L.math('sin', a) : `${closures[e.c % closures.length].name}(${a})`;
      }
    }
  }

  /** The `h`th helper returning a number (or a boolean) callable here: one taking an array only where an array is in scope (passed by name). */
  private callee(h: number, s: Scope, boolean: boolean, literal = false): Callable | undefined {
    const pool = this.callables.filter((c) => (c.boolean === true) === boolean && (!c.array || literal || this.passable(s).length > 0) && !(this.noLocalCalls && c.local));
    return pool.length === 0 ? undefined : pool[h % pool.length];
  }

  /**
   * The arrays an argument may name: not a row of a data matrix, which lowering copies before the
   * statement, so that it is DDX1023 where JavaScript evaluates the argument conditionally (also on
   * the right of a || between numbers, which `conditional` does not count); test/matrices.test.ts
   * passes rows to helpers.
   */
  private passable(s: Scope): ArrayVar[] {
    return whole(s.arrays);
  }

  /** The call of `h`; undefined where it takes a rest array and none can be passed here (the caller writes something of the same kind instead). */
  private call(h: Callable, pick: number, args: string[], flag: string, s: Scope, literal = false): string | undefined {
    const used = h.arity === 1 ? [args[0]] : args.slice(0, h.defaultLast && pick % 2 === 1 ? 1 : 2);
    // A literal of the arguments' values (the first again, so it has two elements) or an array in scope by name.
    const arrays = this.passable(s);
    // A rest parameter (Extra.rest) comes last: the literal's elements as arguments, or an array spread,
    // not a module-level table (refused there, DDX1051: the callee would hold it in its rest parameter).
    const elements = [args[1] ?? args[0], this.L.num(0.5)];
    // Trailing arguments make the rest parameter's array before the statement (in a branch, inside the
    // if statement it becomes), as an array literal argument is.
    const spreadable = arrays.filter((a) => !a.table);
    const trailing = literal;
    // (Not a number in its place: a boolean helper's call is a condition.)
    if (h.rest && !trailing && spreadable.length === 0) return undefined;
    const array = !h.array ? [] : h.rest ? (trailing ? elements : [`...${spreadable[pick % spreadable.length].name}`])
      : [literal ? `[${elements.join(', ')}]` : arrays[pick % arrays.length].name];
    if (!h.rest) used.push(...array);
    if (h.flag) used.push(flag);
    if (h.depth !== null) used.push(String(h.depth));
    if (h.rest) used.push(...array);
    return `${h.name}(${used.join(', ')})`;
  }

  cond(c: Cond, s: Scope): string {
    switch (c.k) {
      case 'flag': return s.flags.length === 0 ? 'true' : s.flags[c.i % s.flags.length].name;
      case 'iff': return `(${this.cond(c.a, s)} ${c.ne ? '!==' : '==='} ${this.cond(c.b, s)})`;
      case 'pred': {
        const args = c.args.map((a) => this.expr(a, s));
        const h = this.callee(c.h, s, true);
        return (h && this.call(h, c.h, args, c.h % 2 === 0 ? 'true' : 'false', s)) ?? this.cond({ k: 'cmp', op: '<', a: c.args[0], b: c.args[1] }, s);
      }
      case 'typeof': {
        // Of a number: 'number' (the twin's Real is not one, so it states the folded value).
        const v = s.nums[c.i % s.nums.length].name;
        if (this.L.twin) return String(!c.ne);
        return `(typeof ${v} ${c.ne ? '!==' : '==='} 'number')`;
      }
      case 'cmp': {
        const a = this.expr(c.a, s);
        const b = this.expr(c.b, s);
        if (this.L.twin) return `ops.${cmpOps[c.op]}(${a}, ${b})`;
        // TypeScript reads `x < y > (z)` as a call with type arguments, also with the `<` further
        // left: a `>` is never followed by `(` (a unary + changes nothing for a number).
        return `(${a} ${c.op} ${c.op === '>' && b.startsWith('(') ? `+${b}` : b})`;
      }
      case 'and': return `(${this.cond(c.a, s)} && ${this.cond(c.b, s)})`;
      case 'or': return `(${this.cond(c.a, s)} || ${this.cond(c.b, s)})`;
      case 'not': return `!${this.cond(c.a, s)}`;
      case 'test': {
        const test = this.global(numberTests[c.test % numberTests.length]);
        const a = this.expr(c.a, s);
        return `${test}(${this.L.twin ? `ops.primal(${a})` : a})`;
      }
      case 'same': {
        const a = this.expr(c.a, s);
        const b = this.expr(c.b, s);
        if (this.hidden.has('Object')) return this.L.twin ? `ops.eq(${a}, ${b})` : `(${a} === ${b})`;
        return this.L.twin ? `Object.is(ops.primal(${a}), ops.primal(${b}))` : `Object.is(${a}, ${b})`;
      }
      case 'bound': {
        const [op, constant] = boundForms[c.which % boundForms.length];
        const a = this.expr(c.a, s);
        const k = this.global(constant);
        return this.L.twin ? `ops.${cmpOps[op]}(${a}, ${k})` : `(${a} ${op} ${k})`;
      }
    }
  }

  private emit(indent: string, line: string): void {
    this.lines.push(indent + line);
  }

  private get numType(): string {
    return this.L.twin ? 'Real' : 'number';
  }

  /** Writes statements; returns whether the list ended in an unconditional return (never: returns are guarded). */
  stmts(list: Stmt[], s: Scope, indent: string): void {
    for (const st of list) this.stmt(st, s, indent);
  }

  private stmt(st: Stmt, s: Scope, indent: string): void {
    const L = this.L;
    switch (st.k) {
      case 'let': {
        const name = this.fresh('v');
        const e = this.expr(st.e, s);
        this.emit(indent, `${st.isConst ? 'const' : 'let'} ${name}${L.twin ? ': Real' : ''} = ${e};`);
        s.nums.push({ name, assignable: !st.isConst });
        return;
      }
      case 'assign': {
        const targets = s.nums.filter((v) => v.assignable);
        if (targets.length === 0) return;
        const t = targets[st.t % targets.length].name;
        const e = this.expr(st.e, s);
        if (st.op === '/=') {
          const den = L.add(L.num(1), L.mul(e, e));
          this.emit(indent, L.twin ? `${t} = ${L.div(t, den)};` : `${t} /= ${den};`);
        } else if (st.op === '%=') {
          this.emit(indent, L.twin ? `${t} = ${L.mod(t, '1.5')};` : `${t} %= 1.5;`);
        } else if (st.op === '**=') {
          this.emit(indent, L.twin ? `${t} = ${L.pow(t, '2', false)};` : `${t} **= 2;`);
        } else if (st.op === '=') {
          this.emit(indent, `${t} = ${e};`);
        } else if (st.op === '|=') {
          this.emit(indent, L.twin ? `${t} = (ops.primal(${t}) | ops.primal(${e}));` : `${t} |= ${e};`);
        } else {
          const whole = st.op === '+=' ? L.add(t, e) : st.op === '-=' ? L.sub(t, e) : L.mul(t, e);
          this.emit(indent, L.twin ? `${t} = ${whole};` : `${t} ${st.op} ${e};`);
        }
        return;
      }
      case 'inc': {
        const targets = s.nums.filter((v) => v.assignable);
        if (targets.length === 0) return;
        const t = targets[st.t % targets.length].name;
        if (L.twin) this.emit(indent, `${t} = ${st.dec ? L.sub(t, '1') : L.add(t, '1')};`);
        else {
          const op = st.dec ? '--' : '++';
          this.emit(indent, st.prefix ? `${op}${t};` : `${t}${op};`);
        }
        return;
      }
      case 'if': {
        this.emit(indent, `if (${this.cond(st.c, s)}) {`);
        this.stmts(st.then, copy(s), indent + '  ');
        if (st.else) {
          this.emit(indent, '} else {');
          this.stmts(st.else, copy(s), indent + '  ');
        }
        this.emit(indent, '}');
        return;
      }
      case 'for': {
        // Never the counter of an enclosing loop (that loop would start over, maybe for ever).
        const reusable = this.varCounters.filter((c) => !(s.loops ?? []).some((l) => l.counter === c));
        const reused = st.varCounter && reusable.length > 0 ? reusable[st.n % reusable.length] : undefined;
        const i = reused ?? this.fresh('i');
        const keyword = st.varCounter ? 'var' : 'let';
        // Over the input array or the data array (whichever `n` picks), else a fixed count.
        const candidates = s.arrays.filter((a) => !a.local);
        const input = st.overInput && candidates.length > 0 ? candidates[st.n % candidates.length] : undefined;
        const inner = copy(s);
        inner.inLoop = true;
        inner.inSwitch = false;
        inner.counters.push(i);
        const loop = { line: this.lines.length, counter: i };
        inner.loops = [...(s.loops ?? []), loop];
        if (input) {
          inner.loopIndex.set(input.name, [...(inner.loopIndex.get(input.name) ?? []), i]);
          this.emit(indent, `for (${keyword} ${i} = 0; ${i} < ${input.name}.length; ${i}++) {`);
        } else {
          this.emit(indent, `for (${keyword} ${i} = 0; ${i} < ${st.n}; ${i}++) {`);
        }
        this.stmts(st.body, inner, indent + '  ');
        this.emit(indent, '}');
        this.labelLoop(loop, indent);
        if (st.varCounter) {
          // Read after the loop (its last value); a later `for (var …)` may declare it again.
          if (!reused) this.varCounters.push(i);
          if (!input) s.counters.push(i);
        }
        return;
      }
      case 'while': {
        const i = this.fresh('i');
        this.emit(indent, `let ${i} = 0;`);
        const inner = copy(s);
        inner.inLoop = true;
        inner.inSwitch = false;
        inner.counters.push(i);
        const loop = { line: this.lines.length, counter: i };
        inner.loops = [...(s.loops ?? []), loop];
        if (st.assignTest && !st.doWhile) this.emit(indent, `while (++${i} <= ${st.n}) {`);
        else {
          this.emit(indent, st.doWhile ? 'do {' : `while (${i} < ${st.n}) {`);
          this.emit(indent + '  ', `${i}++;`);
        }
        this.stmts(st.body, inner, indent + '  ');
        this.emit(indent, st.doWhile ? `} while (${i} < ${st.n});` : '}');
        this.labelLoop(loop, indent);
        s.counters.push(i);
        return;
      }
      case 'forOf': {
        const arrays = whole(s.arrays);
        if (arrays.length === 0) return;
        const arr = arrays[st.arr % arrays.length];
        const v = this.fresh('v');
        const inner = copy(s);
        inner.inLoop = true;
        inner.nums.push({ name: v, assignable: false });
        this.emit(indent, `for (const ${v} of ${arr.name}) {`);
        this.stmts(st.body, inner, indent + '  ');
        this.emit(indent, '}');
        return;
      }
      case 'destructure': {
        const arrays = whole(s.arrays);
        if (arrays.length === 0) return;
        const arr = arrays[st.arr % arrays.length];
        // Positions 0…last; the last one (past the end of the array at most by one) has a default.
        const last = st.count % (arr.length + 1);
        this.destructuringDefault++;
        let fallback: string;
        try {
          fallback = this.conditionally(() => this.expr(st.e, s));
        } finally {
          this.destructuringDefault--;
        }
        const names: string[] = [];
        const parts = Array.from({ length: last + 1 }, (_, p) => {
          if (st.hole && p === 1 && p < last) return '';
          const name = this.fresh('v');
          names.push(name);
          return p === last ? `${name} = ${fallback}` : name;
        });
        this.emit(indent, `const [${parts.join(', ')}] = ${arr.name};`);
        for (const name of names) s.nums.push({ name, assignable: false });
        return;
      }
      case 'jump': {
        const loops = s.loops ?? [];
        if (st.label != null && loops.length > 0) {
          const target = loops[st.label % loops.length];
          target.label ??= this.fresh('L');
          this.emit(indent, `if (${this.cond(st.c, s)}) ${st.kind} ${target.label};`);
          return;
        }
        if (!s.inLoop && !(s.inSwitch && st.kind === 'break')) return;
        this.emit(indent, `if (${this.cond(st.c, s)}) ${st.kind};`);
        return;
      }
      case 'var': {
        const e = this.expr(st.e, s);
        const name = st.again !== null && this.vars.length > 0 ? this.vars[st.again % this.vars.length] : this.fresh('v');
        this.emit(indent, `var ${name}${L.twin ? ': Real' : ''} = ${e};`);
        if (!this.vars.includes(name)) this.vars.push(name);
        // Assigned from here on in this block: read and assigned as a let would be.
        if (!s.nums.some((v) => v.name === name)) s.nums.push({ name, assignable: true });
        return;
      }
      case 'switch': {
        // A variable as it is (the primal value picks the case), anything else made an integer.
        const raw = this.expr(st.key, s);
        const key = st.key.k !== 'var' ? this.expr({ k: 'int32', a: st.key }, s) : L.twin ? `ops.primal(${raw})` : raw;
        this.emit(indent, `switch (${key}) {`);
        const clauses: ({ label: number; body: Stmt[]; brk: boolean } | null)[] = [...st.cases];
        if (st.def !== null) clauses.splice(st.def % (clauses.length + 1), 0, null);
        for (const c of clauses) {
          this.emit(indent + '  ', c === null ? 'default:' : `case ${L.num(c.label)}:`);
          if (c === null) continue;
          const inner = copy(s);
          inner.inSwitch = true;
          this.stmts(c.body, inner, indent + '    ');
          if (c.brk) this.emit(indent + '    ', 'break;');
        }
        this.emit(indent, '}');
        return;
      }
      case 'return': {
        // A boolean helper returns a comparison of the expression.
        const e = this.boolean ? this.cond({ k: 'cmp', op: '>', a: st.e, b: { k: 'num', v: 0 } }, s) : this.expr(st.e, s);
        this.emit(indent, `if (${this.cond(st.c, s)}) return ${this.row ? this.row(e) : e};`);
        return;
      }
      case 'flag': {
        const name = this.fresh('b');
        this.emit(indent, `${st.isConst ? 'const' : this.varFlags ? 'var' : 'let'} ${name} = ${this.cond(st.c, s)};`);
        s.flags.push({ name, assignable: !st.isConst });
        return;
      }
      case 'setFlag': {
        const targets = s.flags.filter((v) => v.assignable);
        if (targets.length === 0) return;
        // The right of &&= and ||= is evaluated only when the left does not decide.
        const c = st.op === '=' ? this.cond(st.c, s) : this.conditionally(() => this.cond(st.c, s));
        this.emit(indent, `${targets[st.t % targets.length].name} ${st.op} ${c};`);
        return;
      }
      case 'rebind': {
        const arrays = whole(s.arrays);
        if (arrays.length === 0) return;
        const arr = arrays[st.arr % arrays.length];
        const r = this.fresh('arr'), k = this.fresh('k'), x = this.fresh('x'), i = this.fresh('i');
        const inner = copy(s);
        inner.nums.push({ name: x, assignable: false });
        inner.counters.push(i);
        inner.loopIndex.set(r, [...(inner.loopIndex.get(r) ?? []), i]);
        inner.arrays = [...inner.arrays, { name: r, length: arr.length, local: true }];
        this.emit(indent, `let ${r}: ${this.numType}[] = ${arr.name}.slice();`);
        this.emit(indent, `for (let ${k} = 0; ${k} < ${st.n}; ${k}++) ${r} = ${r}.map((${x}, ${i}) => ${this.expr(st.e, inner)});`);
        s.arrays.push({ name: r, length: arr.length, local: true });
        return;
      }
      case 'method': {
        const arrays = whole(s.arrays);
        if (arrays.length === 0) return;
        const arr = arrays[st.arr % arrays.length];
        const x = this.fresh('x');
        const i = this.fresh('i');
        // The callback's scope: the value, the index (a counter, and an index of the array), the accumulator.
        const inner = copy(s);
        inner.nums.push({ name: x, assignable: false });
        inner.counters.push(i);
        inner.loopIndex.set(arr.name, [...(inner.loopIndex.get(arr.name) ?? []), i]);
        const call = (params: string, body: string, init = ''): string => `${arr.name}.${st.method}((${params}) => ${body}${init})`;
        if (st.method === 'reduce') {
          const acc = this.fresh('s');
          inner.nums.push({ name: acc, assignable: false });
          const init = st.init === null ? '' : `, ${this.expr(st.init, s)}`;
          const value = this.expr(st.e, inner);
          const body = st.block ? `{ if (${this.cond(st.c, inner)}) return ${acc}; return ${value}; }` : value;
          const name = this.fresh('v');
          this.emit(indent, `const ${name}${L.twin ? ': Real' : ''} = ${call(`${acc}, ${x}, ${i}`, body, init)};`);
          s.nums.push({ name, assignable: false });
        } else if (st.method === 'map') {
          const value = this.expr(st.e, inner);
          const body = st.block ? `{ if (${this.cond(st.c, inner)}) return ${x}; return ${value}; }` : value;
          const name = this.fresh('arr');
          this.emit(indent, `const ${name} = ${call(`${x}, ${i}`, body)};`);
          s.arrays.push({ name, length: arr.length, local: true });
        } else if (st.method === 'forEach') {
          const targets = s.nums.filter((v) => v.assignable);
          if (targets.length === 0) return;
          const t = targets[st.t % targets.length].name;
          const add = L.twin ? `${t} = ${L.add(t, this.expr(st.e, inner))};` : `${t} += ${this.expr(st.e, inner)};`;
          const body = st.block ? `{ if (${this.cond(st.c, inner)}) return; ${add} }` : `{ ${add} }`;
          this.emit(indent, `${call(`${x}, ${i}`, body)};`);
        } else {
          const test = this.cond(st.c, inner);
          const body = st.block ? `{ if (${test}) return true; }` : test;
          const name = this.fresh('b');
          this.emit(indent, `const ${name} = ${call(`${x}, ${i}`, body)};`);
          s.flags.push({ name, assignable: false });
        }
        return;
      }
      case 'array': {
        const name = this.fresh('arr');
        const elems = st.elems.map((e) => this.expr(e, s));
        this.emit(indent, `const ${name}: ${this.numType}[] = [${elems.join(', ')}];`);
        s.arrays.push({ name, length: elems.length, local: true });
        return;
      }
      case 'pushed': {
        const name = this.fresh('pushed');
        const elems = st.elems.map((e) => this.expr(e, s));
        this.emit(indent, `const ${name}: ${this.numType}[] = [];`);
        for (const e of elems) this.emit(indent, `${name}.push(${e});`);
        s.arrays.push({ name, length: elems.length, local: true });
        return;
      }
      case 'arrayCall': {
        const arrays = this.passable(s);
        if (arrays.length === 0) return;
        const arr = arrays[st.arr % arrays.length];
        const name = this.fresh('w');
        this.emit(indent, `const ${name} = fzScaled${L.twin ? '_ops' : ''}(${arr.name}, ${this.expr(st.e, s)});`);
        s.arrays.push({ name, length: arr.length, local: true });
        return;
      }
      case 'outCall': {
        const form = outForms[st.which % outForms.length];
        const callee = `${form.name}${L.twin ? '_ops' : ''}`;
        const out = this.fresh('out');
        this.emit(indent, `const ${out}: ${this.numType}[] = [0, 0.5];`);
        this.emit(indent, `${callee}(${out}, ${this.expr(st.a, s)}, ${this.expr(st.b, s)});`);
        const v = this.fresh('v');
        this.emit(indent, `const ${v}${L.twin ? ': Real' : ''} = ${L.add(`${out}[0]`, L.mul(`${out}[1]`, `${out}[1]`))};`);
        s.nums.push({ name: v, assignable: false });
        s.arrays.push({ name: out, length: 2, local: true });
        return;
      }
      case 'record': return this.record(st, s, indent);
      case 'model': return this.model(st, s, indent);
      case 'useRecord': {
        const records = s.records ?? [];
        if (records.length === 0) return;
        const r = records[st.r % records.length];
        const e = this.expr(st.e, s);
        const ops = L.twin ? '_ops' : '';
        const P = (point: string): string => `fzNormSq${ops}(${point})`;
        const uses: Record<RecordKind, string[]> = {
          point: [P(r.name), P(`{ x: ${r.name}.y, y: ${e} }`), P(`fzMid${ops}(${r.name}, { x: ${e}, y: 0.5 })`)],
          body: [L.mul(P(`${r.name}.pos`), `${r.name}.m`), L.add(P(`{ x: ${r.name}.m, y: ${e} }`), `${r.name}.pos.y`)],
          vec3: [`fzDot${ops}(${r.name}, [${e}, 1, 0.5])`, `fzDot${ops}(${r.name}, fzCross${ops}(${r.name}, [0.5, ${e}, -1]))`],
          spring: [`${r.name}.energy(${e})`, L.add(`${r.name}.wobble(${e})`, `${r.name}.k`)],
          pair: [L.mul(`${r.name}.a`, L.add(`${r.name}.b`, e)), L.sub(`${r.name}.b`, e)],
        };
        const forms = uses[r.kind];
        const name = this.fresh('v');
        this.emit(indent, `const ${name}${L.twin ? ': Real' : ''} = ${forms[st.form % forms.length]};`);
        s.nums.push({ name, assignable: false });
        return;
      }
      case 'points': {
        const name = this.fresh('ps');
        const vals = st.elems.map((e) => this.expr(e, s));
        const count = Math.ceil(vals.length / 2);
        const records = Array.from({ length: count }, (_, j) => `{ x: ${vals[2 * j]}, y: ${vals[2 * j + 1] ?? L.num(0.5)} }`);
        this.emit(indent, `const ${name}${L.twin ? '' : ': FzPoint[]'} = [${records.join(', ')}];`);
        (s.pointArrays ??= []).push({ name, length: count });
        for (let j = 0; j < count; j++) s.nums.push({ name: `${name}[${j}].x`, assignable: true }, { name: `${name}[${j}].y`, assignable: true });
        return;
      }
      case 'overPoints': return this.overPoints(st, s, indent);
      case 'closure': return this.closure(st, s, indent);
      case 'matrix': return this.matrix(st, s, indent);
      case 'setElem': {
        const locals = s.arrays.filter((a) => a.local);
        if (locals.length === 0) return;
        const arr = locals[st.arr % locals.length];
        this.emit(indent, `${arr.name}[${st.idx % arr.length}] = ${this.expr(st.e, s)};`);
        return;
      }
    }
  }

  /** A record with array fields (Stmt `model`), read by fzPredict or destructured into a number local. */
  private model(st: Extract<Stmt, { k: 'model' }>, s: Scope, indent: string): void {
    const L = this.L;
    const ops = L.twin ? '_ops' : '';
    const [a, b, c] = st.elems.map((e) => this.expr(e, s));
    const m = this.fresh('m'), v = this.fresh('v');
    const typed = L.twin ? '' : ': FzModel';
    const locals = s.arrays.filter((x) => x.local && !x.row);
    // With `here`, the main module's callee (its twin is the helpers module's fzUnpack_ops, the same
    // numbers), held and written (1) or destructured (2), or called with constant arguments (3).
    const here = this.inHelpersModule ? 0 : (st.here ?? 0) % 4;
    const unpack = here === 0 ? `fzUnpack${ops}` : L.twin ? 'fzUnpack_ops' : 'fzUnpackHere';
    if (here === 3) {
      const k = this.constants[st.form % this.constants.length];
      const [u, w] = [this.fresh('m'), this.fresh('w')];
      this.emit(indent, `const ${u} = ${unpack}(${k}, 0.5);`);
      this.emit(indent, `const { weights: ${w} } = ${unpack}(${L.num(-1.25)}, ${k});`);
      this.emit(indent, `const ${v}${L.twin ? ': Real' : ''} = ${L.add(L.mul(L.add(`${u}.weights[1]`, `${w}[0]`), a), L.mul(`${u}.bias`, b))};`);
      s.nums.push({ name: v, assignable: false });
      return;
    }
    const form = here > 0 ? here : st.form % 4 === 3 && locals.length === 0 ? 0 : st.form % 4;
    if (form === 0) {
      this.emit(indent, `const ${m}${typed} = { weights: [${a}, ${L.mul(a, b)}], bias: ${c} };`);
    } else if (form === 1) {
      this.emit(indent, `const ${m} = ${unpack}(${a}, ${b});`);
      this.emit(indent, `${m}.weights[1] = ${c};`);
    } else if (form === 2) {
      const [w, bias] = [this.fresh('w'), this.fresh('b')];
      this.emit(indent, `const { weights: ${w}, bias: ${bias} } = ${unpack}(${a}, ${b});`);
      this.emit(indent, `const ${v}${L.twin ? ': Real' : ''} = ${L.add(L.mul(`${w}[0]`, bias), `${w}[1]`)};`);
      s.nums.push({ name: v, assignable: false });
      return;
    } else {
      // The field is the local array itself: a write through the record is a write of the array.
      const arr = locals[Math.floor(st.form / 4) % locals.length];
      this.emit(indent, `const ${m}${typed} = { bias: ${a}, weights: ${arr.name} };`);
      this.emit(indent, `${m}.weights[${Math.floor(st.form / 16) % arr.length}] = ${b};`);
    }
    this.emit(indent, `const ${v}${L.twin ? ': Real' : ''} = ${L.add(`fzPredict${ops}(${m}, ${c})`, `${m}.weights[0]`)};`);
    s.nums.push({ name: v, assignable: false });
  }

  /** Declares a local record (Stmt `record`): its numbers join the scope. */
  private record(st: Extract<Stmt, { k: 'record' }>, s: Scope, indent: string): void {
    const L = this.L;
    const twin = L.twin;
    const ops = twin ? '_ops' : '';
    const records = s.records ?? [];
    // Forms 10 and 11 need a record in scope (else form 0).
    const form = st.form % 12 >= 10 && records.length === 0 ? 0 : st.form % 12;
    if (form >= 10) {
      // Another name for a record in scope (the same object), or its numbers unpacked.
      const r = records[Math.floor(st.form / 12) % records.length];
      // A tuple named again (const t2 = t) is the same array.
      if (form === 10 || (r.kind !== 'point' && r.kind !== 'body')) {
        const name = this.fresh('r');
        this.emit(indent, `const ${name} = ${r.name};`);
        this.addRecord({ name, kind: r.kind }, s);
        return;
      }
      const [a, b] = [this.fresh('v'), this.fresh('v')];
      this.emit(indent, r.kind === 'point' ? `const { x: ${a}, y: ${b} } = ${r.name};` : `const { m: ${a}, pos: ${b} } = ${r.name};`);
      s.nums.push({ name: a, assignable: false });
      if (r.kind === 'point') s.nums.push({ name: b, assignable: false });
      else this.addRecord({ name: b, kind: 'point' }, s);
      return;
    }
    const v = st.elems.map((e) => this.expr(e, s));
    while (v.length < 3) v.push(L.num(0.5));
    const name = this.fresh('r');
    // kind, declaration (with its plain type annotation), initialiser
    const made: [RecordKind, string, string][] = [
      ['point', `const ${name}${twin ? '' : ': FzPoint'}`, `{ x: ${v[0]}, y: ${v[1]} }`],
      ['point', `let ${name}`, `{ x: ${v[0]}, y: ${v[1]} }`],
      ['vec3', `const ${name}${twin ? '' : ': FzVec3'}`, `[${v.join(', ')}]`],
      ['vec3', `let ${name}${twin ? '' : ': [number, number, number]'}`, `[${v.join(', ')}]`],
      ['body', `const ${name}${twin ? '' : ': FzBody'}`, `{ pos: { x: ${v[0]}, y: ${v[1]} }, m: ${v[2]} }`],
      ['pair', `const ${name}${twin ? '' : ': { b: number; a: number }'}`, `{ a: ${v[0]}, b: ${v[1]} }`],
      ['point', `const ${name}`, `fzPolar${ops}(${v[0]}, ${v[1]})`],
      ['point', `const ${name}`, `fzMid${ops}({ x: ${v[0]}, y: ${v[1]} }, { x: ${v[2]}, y: 0.5 })`],
      ['vec3', `const ${name}`, `fzCross${ops}([${v.join(', ')}], [0.5, -1, 2])`],
      ['spring', `const ${name}`, `new FzSpring${ops}(${v[0]}, ${v[1]})`],
    ];
    const [kind, declaration, init] = made[form];
    this.emit(indent, `${declaration} = ${init};`);
    this.addRecord({ name, kind }, s);
  }

  private addRecord(r: RecordVar, s: Scope): void {
    (s.records ??= []).push(r);
    const { paths, writable } = recordNumbers[r.kind];
    for (const path of paths) s.nums.push({ name: `${r.name}${path}`, assignable: writable });
  }

  /**
   * A local matrix (Stmt `matrix`) made by one of five forms, read into a number local, its
   * elements then assignable numbers of the scope (test/local-matrices.test.ts).
   */
  private matrix(st: Extract<Stmt, { k: 'matrix' }>, s: Scope, indent: string): void {
    const L = this.L;
    const T = this.numType;
    const [a, b, c] = st.elems.map((e) => this.expr(e, s));
    const m = this.fresh('mat');
    const i = this.fresh('i');
    const ret = L.twin ? ': Real[]' : '';
    let rows: number[];
    // Where the program's names hide the global Array (a helper's parameter `Array`), only the
    // literal of rows: the other forms would call the parameter (fuzz seed 424601 runs 165 and 433).
    switch (this.hidden.has('Array') ? 0 : st.form % 5) {
      case 0:
        this.emit(indent, `const ${m}: ${T}[][] = [[${a}, ${b}], [${c}]];`);
        rows = [2, 1];
        break;
      case 1:
        this.emit(indent, `const ${m} = Array.from({ length: 2 }, (_, ${i})${ret} => [${a}, ${L.mul(b, i)}]);`);
        rows = [2, 2];
        break;
      case 2:
        this.emit(indent, `const ${m}: ${T}[][] = [];`);
        this.emit(indent, `${m}.push([${a}, ${b}]);`);
        this.emit(indent, `${m}.push(new Array(3).fill(${c}));`);
        rows = [2, 3];
        break;
      case 3:
        this.emit(indent, `const ${m} = new Array(2).fill(0).map((_, ${i})${ret} => [${L.add(a, i)}, ${c}]);`);
        rows = [2, 2];
        break;
      default:
        this.emit(indent, `const ${m}${L.twin ? ': Real[][]' : ''} = Array.from({ length: 2 }, () => new Array(2).fill(0));`);
        this.emit(indent, `${m}[0][1] = ${a};`);
        this.emit(indent, `${m}[1][0] = ${L.add(`${m}[1][0]`, b)};`);
        this.emit(indent, `${m}[1][1] = ${L.mul(c, `${m}[0][1]`)};`);
        rows = [2, 2];
    }
    const v = this.fresh('v');
    if (Math.floor(st.form / 5) % 2 === 0) {
      const [row, j] = [this.fresh('row'), this.fresh('j')];
      this.emit(indent, `let ${v}${L.twin ? ': Real' : ''} = 0;`);
      this.emit(indent, `for (const ${row} of ${m}) for (let ${j} = 0; ${j} < ${row}.length; ${j}++) ${v} = ${L.add(v, L.mul(`${row}[${j}]`, `(${j} + 1)`))};`);
    } else {
      const r = this.fresh('r');
      this.emit(indent, `const ${r} = ${m}[${m}.length - 1];`);
      this.emit(indent, `const ${v}${L.twin ? ': Real' : ''} = ${L.add(`${r}[0]`, L.mul(`${r}.length`, `${m}[0][1]`))};`);
    }
    s.nums.push({ name: v, assignable: false });
    rows.forEach((n, r) => {
      for (let j = 0; j < n; j++) s.nums.push({ name: `${m}[${r}][${j}]`, assignable: true });
      // Its rows are arrays of the scope too, read by index and spread (`Math.hypot(...m[1])`).
      if (st.rows) s.arrays.push({ name: `${m}[${r}]`, length: n, local: true, row: true, matrixRow: true });
    });
  }

  /** A loop or a method over an array of records in scope (Stmt `overPoints`). */
  private overPoints(st: Extract<Stmt, { k: 'overPoints' }>, s: Scope, indent: string): void {
    const L = this.L;
    const arrays = s.pointArrays ?? [];
    if (arrays.length === 0) return;
    const ps = arrays[st.arr % arrays.length];
    const inner = copy(s);
    const loop = (head: string, fields: (string)[], counter?: string): void => {
      inner.inLoop = true;
      inner.inSwitch = false;
      // Not pushed to while it is iterated (for…of and i < ps.length would then run for ever, as in JavaScript).
      inner.pointArrays = (inner.pointArrays ?? []).filter((a) => a.name !== ps.name);
      // The fields of the record of one: written through it, the array's record is written (the same object).
      for (const f of fields) inner.nums.push({ name: f, assignable: true });
      if (counter) inner.counters.push(counter);
      this.emit(indent, `${head} {`);
      this.stmts(st.body, inner, indent + '  ');
      this.emit(indent, '}');
    };
    switch (st.form % 6) {
      case 0: {
        const q = this.fresh('q');
        loop(`for (const ${q} of ${ps.name})`, [`${q}.x`, `${q}.y`]);
        return;
      }
      case 1: {
        const i = this.fresh('i');
        loop(`for (let ${i} = 0; ${i} < ${ps.name}.length; ${i}++)`, [`${ps.name}[${i}].x`, `${ps.name}[${i}].y`], i);
        return;
      }
      case 2: {
        const [acc, q, i] = [this.fresh('s'), this.fresh('q'), this.fresh('i')];
        inner.nums.push({ name: acc, assignable: false }, { name: `${q}.x`, assignable: false }, { name: `${q}.y`, assignable: false });
        inner.counters.push(i);
        const init = this.expr(st.init, s);
        const name = this.fresh('v');
        this.emit(indent, `const ${name}${L.twin ? ': Real' : ''} = ${ps.name}.reduce((${acc}${L.twin ? ': Real' : ''}, ${q}, ${i}) => ${this.expr(st.e, inner)}, ${init});`);
        s.nums.push({ name, assignable: false });
        return;
      }
      case 3: {
        const q = this.fresh('q');
        inner.nums.push({ name: `${q}.x`, assignable: false }, { name: `${q}.y`, assignable: false });
        const name = this.fresh('arr');
        this.emit(indent, `const ${name} = ${ps.name}.map((${q}) => ${this.expr(st.e, inner)});`);
        (s.arrays).push({ name, length: ps.length, local: true });
        return;
      }
      case 4: {
        // A new record appended (reads stay below the length it had when made).
        this.emit(indent, `${ps.name}.push({ x: ${this.expr(st.e, s)}, y: ${this.expr(st.init, s)} });`);
        return;
      }
      default: {
        const targets = s.nums.filter((v) => v.assignable && !v.name.includes(ps.name));
        if (targets.length === 0) return;
        const t = targets[st.arr % targets.length].name;
        const q = this.fresh('q');
        inner.nums.push({ name: `${q}.x`, assignable: false }, { name: `${q}.y`, assignable: false });
        const e = this.expr(st.e, inner);
        this.emit(indent, `${ps.name}.forEach((${q}) => { ${L.twin ? `${t} = ${L.add(t, e)}` : `${t} += ${e}`}; });`);
      }
    }
  }

  /**
   * A closure (Stmt `closure`): an arrow reading the scope, an immediately called factory, or a
   * factory of the helpers module. Its body reads numbers by plain name and the fields of records
   * in scope (not of a record of an array of records, DDX1022: arrowScope), writes none (DDX1011), and calls only
   * closures that are arrows (a factory's instance is called where it was made, DDX1006).
   */
  private closure(st: Extract<Stmt, { k: 'closure' }>, s: Scope, indent: string): void {
    const L = this.L;
    const T = L.twin ? 'Real' : 'number';
    const name = this.fresh('g');
    const u = this.fresh('u');
    const inner = arrowScope(s, u);
    const form = st.form % 4;
    if (form === 0 || form === 1) {
      const body = this.expr(st.e, inner);
      const w = this.fresh('w');
      this.emit(indent, `const ${name} = (${u}: ${T}): ${T} => ${form === 0 ? body : `{ const ${w} = ${body}; return ${L.add(w, L.mul(w, u))}; }`};`);
    } else if (form === 2) {
      const k = this.fresh('k');
      const a = this.expr(st.a, s);
      inner.nums.unshift({ name: k, assignable: false });
      this.emit(indent, `const ${name} = ((${k}: ${T}) => (${u}: ${T}): ${T} => ${this.expr(st.e, inner)})(${a});`);
    } else {
      this.emit(indent, `const ${name} = fzAffine${L.twin ? '_ops' : ''}(${this.expr(st.a, s)}, ${this.expr(st.e, s)});`);
    }
    (s.closures ??= []).push({ name, factory: form >= 2 });
  }

  /**
   * A call of a solver given an arrow capturing the scope (Extra.solve), into a new number local;
   * returns its name (none where the solver needs an array and there is none in scope).
   */
  solve(st: NonNullable<Extra['solve']>, s: Scope, indent: string, nested = true): string | undefined {
    const L = this.L;
    const T = L.twin ? 'Real' : 'number';
    const arrays = this.passable(s).filter((a) => !a.matrixRow);
    // fzSlopes puts a nested derivative in the function that calls it: where nested verbs are kept
    // away (noNestedVerb: a defineFunction rule, an out-parameter helper anywhere in the program,
    // DDX1020, DDX1058; seed 1 runs 323 and 15738, seed 25422 run 819), fzSumOf instead.
    const chosen = solverForms[st.which % solverForms.length];
    const form = chosen.name === 'fzSlopes' && !nested ? solverForms[0] : chosen;
    if (form.array && arrays.length === 0) return undefined;
    const u = this.fresh('u');
    // The arrow is compiled in the solver's version, which lifts the main function's local helpers
    // it calls (cd441fd; they read the main function's inputs only, no record: as the arrow, a
    // helper in fzSlopes's version reading a field is DDX1003) and takes the rows of a matrix
    // (9b2b524: a data matrix's and a local matrix's) and a data object's array field (`OB0.w`,
    // b62e076).
    // fzSlopes's arrow reads no record's field: its nested derivative's version does not take
    // one (DDX1003 at 'r.x', a compiler gap), where fzSumOf's and fzIterate's arrows do.
    const inner = arrowScope(s, u, form.name !== 'fzSlopes');
    // Given to fzSlopes, the arrow is compiled in the solver's version, which types what it captures
    // from how it is declared: also an array made by `A.map(…)` and a number a spread makes
    // (`Math.hypot(...x)`), which the analysis, without a lib, types itself.
    const arrow = `(${u}: ${T}): ${T} => ${this.expr(st.e, inner)}`;
    const arg = form.array ? arrays[st.arr % arrays.length].name : this.expr(st.x0, s);
    const name = this.fresh('v');
    this.emit(indent, `const ${name}${L.twin ? ': Real' : ''} = ${form.name}${L.twin ? '_ops' : ''}(${arrow}, ${arg});`);
    return name;
  }

  /**
   * A number local computed in a `try` block and changed by its `finally` block (Extra.fin), the
   * subset the transform compiles: the blocks run in turn; then in scope, assignable.
   */
  tryFinally(st: NonNullable<Extra['fin']>, s: Scope, indent: string): void {
    const L = this.L;
    const name = this.fresh('fin');
    this.emit(indent, `let ${name}${L.twin ? ': Real' : ''} = ${this.expr(st.a, s)};`);
    this.emit(indent, 'try {');
    this.emit(`${indent}  `, `${name} = ${L.mul(name, this.expr(st.b, s))};`);
    this.emit(indent, '} finally {');
    this.emit(`${indent}  `, `${name} = ${L.add(name, L.math('sin', name))};`);
    this.emit(indent, '}');
    s.nums.push({ name, assignable: true });
  }

  /**
   * A nested verb in the main body (Extra.nested): a local matrix and a row of it by name, then the
   * derivative at x0 of an arrow capturing both and reading the scope, into a new number local
   * (where nested verbs are kept away, `nested` false: the arrow called at x0).
   */
  nestedVerb(st: NonNullable<Extra['nested']>, s: Scope, indent: string, nested: boolean): void {
    const L = this.L;
    const T = L.twin ? 'Real' : 'number';
    const before = s.arrays.length;
    this.matrix({ k: 'matrix', form: st.form, elems: st.elems, rows: true }, s, indent);
    // The matrix's name, from the rows the matrix statement put in scope (`mat3[0]`, `mat3[1]`).
    const M = s.arrays[before].name.replace(/\[0\]$/, '');
    // Row 0 has two elements in every form; row 1 at least one.
    const [row, r] = [this.fresh('row'), Math.floor(st.form / 10) % 2];
    this.emit(indent, `const ${row}${L.twin ? ': Real[]' : ': number[]'} = ${M}[${r}];`);
    s.arrays.push({ name: row, length: 2 - r, local: false, row: true, matrixRow: true });
    const u = this.fresh('u');
    // The fields of records and tuples in scope too (a tuple `r[2]` was DDX1017 until 553f6d4); not
    // closures (one calling a local helper, DDX1030, or reading a data object, DDX1007): gaps of the
    // nested verb's captures (seed 4311 runs 439, 466, 680 of the family).
    // (Module-level data, a table TB0/TI0 or an object OB0.k/OB0.w, is read since 1987dba and the commit
    // after it: fuzz.test's seed 20261123 runs 292, 32 and 320 were DDX1007 before.)
    const inner = { ...arrowScope(s, u), closures: [] };
    // Nor the main function's local helpers (a recursive one with a rest parameter: DDX1030, seed 4313 run 294 of the family).
    this.noLocalCalls = true;
    const e = this.expr(st.e, inner);
    this.noLocalCalls = false;
    const body = L.add(e, L.mul(L.add(`${M}[1][0]`, `${row}[0]`), L.mul(u, u)));
    const arrow = `(${u}: ${T}): ${T} => ${body}`;
    const x0 = this.expr(st.x0, s);
    const name = this.fresh('v');
    if (nested) this.emit(indent, `const ${name}${L.twin ? ': Real' : ''} = derivative(${arrow}, ${x0});`);
    else {
      // An arrow called where it is written is not compiled (DDX1006): a closure called by name.
      const g = this.fresh('g');
      this.emit(indent, `const ${g} = ${arrow};`);
      this.emit(indent, `const ${name}${L.twin ? ': Real' : ''} = ${g}(${x0});`);
    }
    s.nums.push({ name, assignable: false });
  }

  /**
   * A function-level object literal with methods (Extra.object) reading `this` and the scope (as an
   * arrow does: by plain name), and a number local of one of its uses; its fields then in scope.
   */
  localObject(st: NonNullable<Extra['object']>, s: Scope, indent: string): void {
    const L = this.L;
    const T = L.twin ? 'Real' : 'number';
    const o = this.fresh('ob');
    const k = this.expr(st.k, s);
    const c = this.expr(st.c, s);
    const v = this.fresh('u');
    const inner = arrowScope(s, v, false);
    inner.nums.push({ name: 'this.k', assignable: false }, { name: 'this.c', assignable: false });
    const e = this.expr(st.e, inner);
    // The arrow member reads no `this` (DDX1022): its scope without this.k, this.c.
    const sq = this.expr(st.e, { ...inner, nums: inner.nums.filter((n) => !n.name.startsWith('this.')) });
    this.emit(indent, `const ${o} = {`);
    this.emit(indent, `  k: ${k},`);
    this.emit(indent, `  c: ${c},`);
    this.emit(indent, `  e(${v}: ${T}): ${T} { return ${L.add(L.mul('this.k', L.math('sin', v)), L.mul('this.c', e))}; },`);
    this.emit(indent, `  twice(${v}: ${T}): ${T} { return this.e(this.e(${v})); },`);
    this.emit(indent, `  sq: (${v}: ${T}): ${T} => ${L.add(L.mul(v, v), sq)},`);
    this.emit(indent, '};');
    const a = this.expr(st.a, s);
    const uses = [`${o}.e(${a})`, L.mul(`${o}.e(${a})`, `${o}.k`), `${o}.twice(${a})`, L.add(`${o}.sq(${a})`, `${o}.c`)];
    const name = this.fresh('v');
    this.emit(indent, `const ${name}${L.twin ? ': Real' : ''} = ${uses[st.form % uses.length]};`);
    s.nums.push({ name, assignable: false }, { name: `${o}.k`, assignable: false }, { name: `${o}.c`, assignable: false });
  }

  /**
   * A record with an optional field (Extra.optional): made by `fzOpt` of the helpers module or as a
   * local set on some paths only, then read by `form`; absent, the field is undefined in both
   * renderings (the twin's records hold ddx values), so `??` and `=== undefined` take the same branch.
   */
  optionalFields(st: NonNullable<Extra['optional']>, s: Scope, indent: string): void {
    const L = this.L;
    const ops = L.twin ? '_ops' : '';
    const T = L.twin ? ': Real' : '';
    const o = this.fresh('op');
    const [a, b] = [this.expr(st.a, s), this.expr(st.b, s)];
    if (st.form % 2 === 0) this.emit(indent, `const ${o} = fzOpt${ops}(${a}, ${b});`);
    else {
      this.emit(indent, `const ${o}: ${L.twin ? 'FzOptOps' : 'FzOpt'} = { x: ${a} };`);
      const c = this.cond(st.c, s);
      this.emit(indent, `if (${c}) ${o}.y = ${b};`);
    }
    const name = this.fresh('v');
    const e = this.expr(st.e, s);
    switch (Math.floor(st.form / 2) % 6) {
      case 0: this.emit(indent, `const ${name}${T} = ${o}.y ?? ${e};`); break;
      case 1: this.emit(indent, `const ${name}${T} = ${o}.y === undefined ? ${L.add(`${o}.x`, e)} : ${L.mul(`${o}.x`, `${o}.y`)};`); break;
      case 2: {
        const [x, y] = [this.fresh('v'), this.fresh('v')];
        this.emit(indent, `const { x: ${x}, y: ${y} } = ${o};`);
        this.emit(indent, `const ${name}${T} = ${L.add(x, `(${y} ?? ${e})`)};`);
        s.nums.push({ name: x, assignable: false });
        break;
      }
      case 3: this.emit(indent, `const ${name}${T} = ${L.add(`fzOptSum${ops}(${o})`, e)};`); break;
      case 4: this.emit(indent, `const ${name}${T} = fzOptOr${ops}(${o});`); break;
      default:
        this.emit(indent, `if (${o}.y !== undefined) ${o}.y = ${L.mul(`${o}.y`, e)};`);
        this.emit(indent, `const ${name}${T} = ${L.add(`${o}.x`, `(${o}.y ?? ${L.num(0.5)})`)};`);
    }
    s.nums.push({ name, assignable: false }, { name: `${o}.x`, assignable: true });
  }

  /**
   * Records passed to the helpers module's callees of parameters with no type (Extra.untyped),
   * culori's style: a literal or the record `fzToLin`/`fzToLab` return, a field written or not, read
   * by a callee; its fields then in scope (assignable).
   */
  untypedRecords(st: NonNullable<Extra['untyped']>, s: Scope, indent: string): void {
    const L = this.L;
    const ops = L.twin ? '_ops' : '';
    const T = L.twin ? ': Real' : '';
    const literal = `{ r: ${this.expr(st.a, s)}, g: ${this.expr(st.b, s)}, b: ${this.expr(st.e, s)} }`;
    const c = this.fresh('cu');
    this.emit(indent, `const ${c} = ${[literal, `fzToLin${ops}(${literal})`, `fzToLab${ops}(${literal})`][st.form % 3]};`);
    if (st.w) this.emit(indent, `${c}.g = ${this.expr(st.w, s)};`);
    const name = this.fresh('v');
    const points = (s.records ?? []).filter((r) => r.kind === 'point');
    const use = Math.floor(st.form / 3) % 5;
    const value = use === 0 ? `fzLum${ops}(${c})`
      : use === 1 ? L.add(`fzLum${ops}(fzToLin${ops}(${c}))`, `${c}.r`)
      : use === 2 ? `fzLumA${ops}(${c})`
      : use === 3 ? `fzLumA${ops}({ r: ${c}.r, g: ${c}.b, b: ${this.expr(st.a, s)}, alpha: ${c}.g })`
      : `fzAreaU${ops}(${points.length > 0 ? points[st.form % points.length].name : `{ x: ${c}.b, y: ${c}.r }`})`;
    this.emit(indent, `const ${name}${T} = ${value};`);
    s.nums.push({ name, assignable: false }, ...['r', 'g', 'b'].map((f) => ({ name: `${c}.${f}`, assignable: true })));
  }

  /** Puts the label a jump gave the loop on its first line. */
  private labelLoop(loop: { line: number; counter: string; label?: string }, indent: string): void {
    if (loop.label !== undefined) this.lines[loop.line] = `${indent}${loop.label}: ${this.lines[loop.line].slice(indent.length)}`;
  }

  body(): string[] {
    return this.lines;
  }
}

/**
 * The scope of an arrow's body: its parameter `u` and the numbers it may read (none written,
 * DDX1011) by plain name and, with `fields`, the fields of the local records, tuples and class
 * instances in scope (`r.x`, `r.pos.y`, `t[2]`, `s.k`) — not a record of an array of records
 * (`q.x`, `ps[i].y`: DDX1022) —, the arrays and the matrices' rows (9b2b524; a local matrix's
 * elements as `m[i][j]` reads of a row), no records to pass on (DDX1022), and the closures that are arrows (a factory's
 * instance is called where it was made, DDX1006).
 */
function arrowScope(s: Scope, u: string, fields = true): Scope {
  const inner = copy(s);
  const records = new Set(fields ? (s.records ?? []).map((r) => r.name) : []);
  const readable = (name: string): boolean => /^[\w$]+$/.test(name) || records.has(/^[\w$]+/.exec(name)?.[0] ?? '');
  inner.nums = [{ name: u, assignable: false }, ...s.nums.filter((v) => readable(v.name)).map((v) => ({ name: v.name, assignable: false }))];
  inner.arrays = [...s.arrays];
  inner.records = [];
  inner.pointArrays = [];
  inner.closures = (s.closures ?? []).filter((c) => !c.factory);
  return inner;
}

export interface Rendered {
  /** The differentiated module (plain functions, twins, call sites). */
  main: string;
  /** The imported module of helpers and the module constant. */
  helpers: string;
}

/**
 * Names of a program's inputs (`x`, or `params` for a function of several numbers), of its helpers'
 * parameters and of its captured data, by set: the usual ones first, then names that generated code
 * or the run-time engine use too (its drivers' locals, the returned parts, ops, Real, globals).
 * Each set's names differ from each other (the data must not be hidden by the arrow's parameters).
 */
export const NAME_SETS = [
  { x: 'x', params: ['a', 'b', 'c', 'd'], helper: ['u', 'w'], data: 'D' },
  { x: 'ops', params: ['ops', 'Real', 'ddxOut_d', 'seed'], helper: ['ops', 'Real'], data: 'x' },
  { x: 'seed', params: ['x', 'v', 'n', 'i'], helper: ['ddxOut_d', 'Array'], data: 'value' },
  { x: 'Real', params: ['e1', 'e2', 'e12', 'dy'], helper: ['x', 'Object'], data: 'ops' },
  { x: 'ddxOut_d', params: ['gradient2', 'hessian2', 'jacobian2', 'result'], helper: ['seed', 'dx'], data: 'n' },
  { x: 'NaN', params: ['Infinity', 'isNaN', 'NaN', 'b'], helper: ['isFinite', 'NaN'], data: 'isFinite' },
] as const;
/** The globals a program's plain names hide (both renderings replace them alike). */
const hiddenGlobals = (prog: Program): ReadonlySet<string> => {
  const { x, params, helper, data } = NAME_SETS[(prog.names ?? 0) % NAME_SETS.length];
  return new Set<string>([x, ...params, ...helper, data]);
};
/** The names of program `prog` in rendering `L` (the twin keeps the usual ones). */
const namesOf = (prog: Program, L: Lang) => NAME_SETS[L.twin ? 0 : (prog.names ?? 0) % NAME_SETS.length];
/**
 * The captured data's name: a module-level array gets the program's number (names there are shared),
 * after an underscore, as the writer's fresh names (`x2`, `i3`: a prefix and a counter, which the
 * callbacks' parameters take) never have one: a module-level `x2` was hidden by a callback's `x2`
 * when the program was the third of a batch (seed 70412, run 2).
 */
const dataNameOf = (prog: Program, p: number, L: Lang): string => {
  const name = namesOf(prog, L).data;
  return prog.dataModule ? `${name}_${p}` : name === 'D' ? `D${p}` : name;
};
/** Directions for jvp/hvp. */
export const DIRECTION = [1, -0.5, 0.25, 2];

/**
 * Two points beside `pt`, every coordinate moved by +2⁻⁴⁰ and by −2⁻⁴⁰ (about 2,000 ulps of a
 * coordinate in [−2, 2]): the sweeps round differently there, while hvp − H·v of a wrong hvp, a
 * smooth function of the point, moves by about 10⁻¹² of its size.
 */
export const probes = (pt: readonly number[]): number[][] => [1, -1].map((s) => pt.map((c) => c + s * 2 ** -40));

/** Names of program `p`'s functions: `f3` and its twin `f3_ops`. */
export const mainName = (p: number, isTwin = false): string => `f${p}${isTwin ? '_ops' : ''}`;

/** A helper whose second parameter has a default (only a two-number helper without array, flag or recursion parameters after it). */
const hasDefaultLast = (h: Helper): boolean => Boolean(h.defaultLast && h.arity === 2 && !h.arrayParam && !h.recursion && !h.flagParam && !h.local);

/** How a function is held (Extra.members): a method of the object literal or a static method of the class `container`. */
interface Member { kind: 'object' | 'static'; container: string }

/** A function's declaration from its parts: a function or an arrow constant, or a member (Extra.members). */
function declaration(name: string, signature: string, returns: string, lines: string[], arrow: boolean, exported: boolean, member?: Member): string {
  const body = `{\n${lines.join('\n')}\n}`;
  if (member?.kind === 'object') return arrow ? `${name}: (${signature})${returns} => ${body},\n` : `${name}(${signature})${returns} ${body},\n`;
  if (member) return `static ${name}(${signature})${returns} ${body}\n`;
  const ex = exported ? 'export ' : '';
  return arrow ? `${ex}const ${name} = (${signature})${returns} => ${body};\n` : `${ex}function ${name}(${signature})${returns} ${body}\n`;
}

function renderHelper(h: Helper, name: string, L: Lang, callables: Callable[], constants: readonly string[], exported: boolean, prog: Program, member?: Member): string {
  const type = L.twin ? 'Real' : 'number';
  const params = namesOf(prog, L).helper.slice(0, h.arity);
  // A local helper also reads the main function's number inputs it does not hide (never writes them).
  // Which ones is decided on the plain names (a twin's names differ), so both renderings agree.
  // Not one a parameter of any helper hides: a local helper calling this one would name another
  // variable by it (rejected, DDX1030).
  const plainParams: readonly string[] = namesOf(prog, plain).helper;
  const visible = mainInputs(prog, plain).map((n) => !plainParams.includes(n) && n !== 'xs' && n !== 'up' && n !== 'n');
  const outer = h.local ? mainInputs(prog, L).filter((_, i) => visible[i]).map((n) => ({ name: n, assignable: false })) : [];
  // An array parameter's length is unknown here: only xs[0] and loops over xs.length index it.
  const arrays: ArrayVar[] = h.arrayParam ? [{ name: 'xs', length: 1, local: false }] : [];
  const boolean = h.returnsBoolean === true && h.retCond !== undefined;
  const flags: NumVar[] = h.flagParam ? [{ name: 'up', assignable: true }] : [];
  const scope: Scope = { nums: [...params.map((n) => ({ name: n, assignable: true })), ...outer], flags, counters: [], arrays, loopIndex: new Map(), inLoop: false };
  const w = new FunctionWriter(L, callables, constants, null, hiddenGlobals(prog), boolean, prog.packageStyle === true, prog.extra?.clash ? clashNames(prog) : []);
  w.inHelpersModule = exported;
  const defaultLast = hasDefaultLast(h)
    ? ((dw) => dw.conditionally(() => dw.expr(h.defaultLast!, { ...scope, nums: scope.nums.slice(0, 1) })))(new FunctionWriter(L, [], constants, null, hiddenGlobals(prog))) : undefined;
  // Written as an optional parameter, the default is given by the statement compilers write for it.
  const optional = defaultLast !== undefined && (h.optionalForm ?? 0) > 0;
  // A rest parameter (Extra.rest) comes after the others.
  const rest = h.arrayParam === true && prog.extra?.rest === true;
  const signature = [
    ...params.map((p, i) => (i === 1 && defaultLast ? (optional ? `${p}?: ${type}` : `${p}: ${type} = ${defaultLast}`) : `${p}: ${type}`)), ...(h.arrayParam && !rest ? [`xs: readonly ${type}[]`] : []),
    ...(h.flagParam ? ['up: boolean'] : []), ...(h.recursion ? ['n: number'] : []), ...(rest ? [`...xs: ${type}[]`] : []),
  ].join(', ');
  // A boolean helper returns its condition; recursive, it compares it with its own value one level down.
  const value = (): string => (boolean ? w.cond(h.retCond!, scope) : w.expr(h.ret, scope));
  const lines: string[] = [];
  if (optional) lines.push(`  if (${params[1]} ${['', '=== undefined', '== null', '=== void 0'][h.optionalForm!]}) ${params[1]} = ${defaultLast};`);
  if (h.recursion) {
    // Base case first, then a call of itself one level down, mixed into the return value.
    lines.push(`  if (n <= 0) return ${value()};`);
  }
  w.stmts(h.body, scope, '  ');
  lines.push(...w.body());
  let ret = value();
  if (h.recursion) {
    const callee = member ? `${member.container}.${name}` : name;
    const self = `${callee}(${[...params, ...(h.arrayParam && !rest ? ['xs'] : []), ...(h.flagParam ? ['up'] : []), 'n - 1', ...(rest ? ['...xs'] : [])].join(', ')})`;
    if (boolean) ret = `(${self} !== ${ret})`;
    else ret = L.add(L.mul(L.num(0.5), unaryForms[h.recursion.step % unaryForms.length](L, self)), ret);
  }
  lines.push(`  return ${ret};`);
  const returns = !boolean ? `: ${type}` : h.inferred && !L.twin ? '' : ': boolean';
  return declaration(name, signature, returns, lines, h.arrow, exported, member);
}

/** The names of the main function's number inputs (none for an array input). */
function mainInputs(prog: Program, L: Lang): string[] {
  const { x, params } = namesOf(prog, L);
  return prog.shape === 'scalar' ? [x] : prog.shape === 'params' ? params.slice(0, prog.n) : [];
}

/** The type of an array program's input `x`. */
function inputArrayType(prog: Program, L: Lang): string {
  const type = L.twin ? 'Real' : 'number';
  const array = prog.verbVariant % 2 === 1 ? `readonly ${type}[]` : `${type}[]`;
  return prog.float64 && prog.shape === 'array' && !L.twin ? 'Float64Array' : array;
}

/** A main function as parts: its parameters, return type and body lines. */
interface MainParts { params: string[]; ret: string; lines: string[] }

/**
 * The main function of a program, plain or twin. Its data array (if any) is read under the name
 * `dataName`: the parameter `data`, or the captured array itself when the body is an arrow's.
 */
function mainParts(prog: Program, p: number, L: Lang, callables: Callable[], constants: readonly string[], dataName: string, locals: readonly string[]): MainParts {
  const self = isMethod(prog) ? [{ name: 'this.k', assignable: false }, { name: 'this.c', assignable: false }] : [];
  const type = L.twin ? 'Real' : 'number';
  const nums: NumVar[] = [];
  const arrays: ArrayVar[] = [];
  let params: string[];
  const { x, params: names } = namesOf(prog, L);
  if (prog.shape === 'scalar') {
    params = [`${x}: ${type}`];
    nums.push({ name: x, assignable: true });
  } else if (prog.shape === 'params') {
    params = names.slice(0, prog.n).map((n) => `${n}: ${type}`);
    nums.push(...names.slice(0, prog.n).map((name) => ({ name, assignable: true })));
  } else if (prog.record) {
    // A record input: its fields are read by name (the twin reads the same numbers by index).
    params = [`${x}: ${L.twin ? inputArrayType(prog, L) : recordType('c', prog.n)}`];
    nums.push(...Array.from({ length: prog.n }, (_, i) => ({ name: L.twin ? `${x}[${i}]` : `${x}.c${i}`, assignable: false })));
  } else {
    params = [`${x}: ${inputArrayType(prog, L)}`];
    arrays.push({ name: x, length: prog.n, local: false });
    nums.push({ name: `${x}[${prog.n - 1}]`, assignable: false });
  }
  // Data: numbers without tangents in both renderings, read like the input array.
  if (prog.data && prog.dataMatrix) {
    arrays.push({ name: `${dataName}[0]`, length: 1, local: false, row: true }, { name: `${dataName}[1]`, length: prog.data.length, local: false, row: true });
  } else if (prog.data) arrays.push({ name: dataName, length: prog.data.length, local: false });
  // Module-level coefficient tables, of this module and imported (Extra.table).
  const table = prog.extra?.table;
  const ops = L.twin ? '_ops' : '';
  if (table) arrays.push({ name: `TB${p}${ops}`, length: table.length, local: false, table: true }, { name: `TI${p}${ops}`, length: table.length, local: false, table: true });
  // A module-level const object of data read by field (`OB0.w[i]`, `OB0.k`): its array field read
  // as a row is (by index and length), its number field as a number of the scope.
  if (table) arrays.push({ name: `OB${p}${ops}.w`, length: table.length, local: false, row: true, table: true });
  nums.push(...self);
  if (table) nums.push({ name: `OB${p}${ops}.k`, assignable: false });
  const scope: Scope = { nums, flags: [], counters: [], arrays, loopIndex: new Map(), inLoop: false };
  const m = prog.m;
  const recordOut = prog.shape === 'arrayOut' && prog.record === true && !L.twin;
  const row = prog.shape === 'arrayOut'
    ? (e: string) => {
      const values = Array.from({ length: m }, (_, i) => (i === 0 ? e : L.mul(e, L.num(i + 1))));
      return recordOut ? `{ ${values.map((v, i) => `o${i}: ${v}`).join(', ')} }` : `[${values.join(', ')}]`;
    }
    : null;
  const w = new FunctionWriter(L, callables, constants, row, hiddenGlobals(prog), false, prog.packageStyle === true, prog.extra?.clash ? clashNames(prog) : []);
  w.stmts(prog.body, scope, '  ');
  if (prog.extra?.fin) w.tryFinally(prog.extra.fin, scope, '  ');
  // A solver's value, added to every returned value (Extra.solve).
  const solved = prog.extra?.solve ? w.solve(prog.extra.solve, scope, '  ', !noNestedVerb(prog)) : undefined;
  // After the solver: fzSlopes's version cannot type a number a nested verb or a method call makes
  // (DDX1007, a compiler gap; seed 4311 run 316 of the family).
  if (prog.extra?.nested) w.nestedVerb(prog.extra.nested, scope, '  ', !noNestedVerb(prog));
  if (prog.extra?.object) w.localObject(prog.extra.object, scope, '  ');
  if (prog.extra?.optional) w.optionalFields(prog.extra.optional, scope, '  ');
  if (prog.extra?.untyped) w.untypedRecords(prog.extra.untyped, scope, '  ');
  // Local helpers first (a function declaration would be hoisted anyway).
  const lines = [...locals.flatMap((text) => text.trimEnd().split('\n').map((l) => `  ${l}`)), ...w.body()];
  const rets = prog.ret.map((e) => (solved ? L.add(w.expr(e, scope), solved) : w.expr(e, scope)));
  if (prog.shape !== 'arrayOut') lines.push(`  return ${rets[0]};`);
  else if (recordOut) lines.push(`  return { ${rets.map((r, i) => `o${i}: ${r}`).join(', ')} };`);
  else if (prog.verbVariant % 2 === 1) {
    lines.push(`  const out: ${type}[] = [];`);
    for (const r of rets) lines.push(`  out.push(${r});`);
    lines.push('  return out;');
  } else lines.push(`  return [${rets.join(', ')}];`);
  return { params, ret: recordOut ? recordType('o', prog.m) : prog.shape === 'arrayOut' ? `${type}[]` : type, lines };
}

/** `{ c0: number; c1: number }`: the record type of `n` numbers named `prefix` and their index. */
const recordType = (prefix: string, n: number): string => `{ ${Array.from({ length: n }, (_, i) => `${prefix}${i}: number`).join('; ')} }`;

/** `{ c0: 1, c1: 2 }`: a record literal of numbers. */
const recordOf = (prefix: string, values: readonly number[]): string => `{ ${values.map((v, i) => `${prefix}${i}: ${v}`).join(', ')} }`;

/** The type of a program's data: an array of numbers, or a matrix of them (Program.dataMatrix). */
const dataType = (prog: Program, readonly: boolean): string =>
  (prog.dataMatrix ? (readonly ? 'readonly (readonly number[])[]' : 'number[][]') : readonly ? 'readonly number[]' : 'number[]');

/** The arrays a for…of, a destructuring or an array method may take: not the rows of a data matrix. */
const whole = (arrays: readonly ArrayVar[]): ArrayVar[] => arrays.filter((a) => !a.row);

/** The main function of a program, plain or twin. */
function renderMain(prog: Program, p: number, L: Lang, callables: Callable[], constants: readonly string[], locals: readonly string[], member?: Member): string {
  const { params, ret, lines } = mainParts(prog, p, L, callables, constants, 'data', locals);
  if (prog.data) params.push(`data: ${dataType(prog, true)}`);
  if (isMethod(prog) && prog.method! >= 3) {
    // A module-level const object literal of numbers whose method `run` is the program, reading them through `this`.
    return `const ${instanceName(p, L.twin)} = {\n  k: K${p},\n  c: 0.5,\n  run(${params.join(', ')}): ${ret} {\n${lines.map((l) => '  ' + l).join('\n')}\n  },\n};\n`;
  }
  if (isMethod(prog)) {
    // A class of numbers (readonly parameter-property fields) whose method `run` is the program, and a module-level instance.
    const T = L.twin ? 'Real' : 'number';
    const cls = `Model${p}${L.twin ? '_ops' : ''}`;
    return `class ${cls} {\n  constructor(readonly k: ${T}, readonly c: ${T}) {}\n  run(${params.join(', ')}): ${ret} {\n${lines.map((l) => '  ' + l).join('\n')}\n  }\n}\n` +
      `const ${instanceName(p, L.twin)} = new ${cls}(K${p}, 0.5);\n`;
  }
  return declaration(mainName(p, L.twin), params.join(', '), `: ${ret}`, lines, false, false, member);
}

/** How the container of program `p`'s members is declared (Extra.members), and whether the main function is one of them. */
const memberOf = (prog: Program, p: number, isTwin: boolean): Member | undefined =>
  (prog.extra?.members ? { kind: prog.extra.members === 1 ? 'object' : 'static', container: `H${p}${isTwin ? '_ops' : ''}` } : undefined);
const mainIsMember = (prog: Program): boolean => Boolean(prog.extra?.members && prog.extra.memberMain && !isMethod(prog));

/** How program `p`'s main function is named where it is called: `f3`, or as a member `H3.f3` (Extra.members). */
const mainRef = (prog: Program, p: number, isTwin = false): string =>
  (mainIsMember(prog) ? `${memberOf(prog, p, isTwin)!.container}.${mainName(p, isTwin)}` : mainName(p, isTwin));

/** Whether program `prog`'s main function is the method `run` of a module-level instance (Program.method). */
const isMethod = (prog: Program): boolean => (prog.method ?? 0) > 0 && !prog.data && prog.shape !== 'arrayOut' && !prog.record;

/** The module-level instance whose method `run` is program `p`'s main function. */
const instanceName = (p: number, isTwin = false): string => `model${p}${isTwin ? '_ops' : ''}`;

/**
 * What the call sites differentiate: the main function by name, or, for a program with data, an
 * arrow reading the captured array `D`. It passes `D` on (`(x: number[]) => f0(x, D)`), except for
 * array outputs, where a callee returning an array is not supported (DDX1010): there the arrow
 * holds the main function's body itself, reading `D` directly.
 */
function differentiated(prog: Program, p: number, L: Lang, callables: Callable[], constants: readonly string[], D: string, locals: readonly string[]): string {
  const F = mainRef(prog, p, L.twin);
  if (isMethod(prog)) {
    // The method taken from the instance, or an arrow calling it (the twin's: always an arrow, as the engine loses `this`).
    const M = instanceName(p, L.twin);
    if ((prog.method === 1 || prog.method === 3) && !L.twin) return `${M}.run`;
    const { params } = mainParts(prog, p, L, callables, constants, D, locals);
    return `(${params.join(', ')}) => ${M}.run(${params.map((q) => q.slice(0, q.indexOf(':'))).join(', ')})`;
  }
  if (!prog.data) return F;
  const { params, ret, lines } = mainParts(prog, p, L, callables, constants, D, locals);
  if (prog.shape === 'arrayOut') return `(${params.join(', ')}): ${ret} => {\n${lines.map((l) => '    ' + l).join('\n')}\n    }`;
  const names = params.map((q) => q.slice(0, q.indexOf(':')));
  return `(${params.join(', ')}) => ${F}(${[...names, D].join(', ')})`;
}

/** The call sites of program `p` on function `F` at every point: an array of `{ v, g, h, jv, hv }` per point. */
/**
 * Whether a program calls a defineFunction rule or a helper that writes its array argument anywhere
 * (its main function or a helper): a nested derivative rejects them (DDX1058 for the writer,
 * DDX1006 for the rule), so neither the call sites' nested verbs nor the solver fzSlopes (a nested
 * derivative inside the main function) are written.
 */
const noNestedVerb = (prog: Program): boolean => /"k":"(rule|outCall)"/.test(JSON.stringify(prog));


function callSites(prog: Program, F: string, twin: boolean, reverse = false): string {
  // Options at the call site reach both transform modes and the run-time engine alike.
  const O = '';
  // The gradient in forward mode, compared with the engine to the last bit (without { mode } the
  // transform picks reverse mode for 2 number parameters or 4 entries: the reverse variant's check).
  const G = ", { mode: 'forward' }";
  if (reverse && !twin) return reverseSites(prog, F);
  // The nested forms' own parameter must not hide a name F reads (captured data named x: seed 10547319 run 283).
  const unused = (base: string): string => [base, `${base}2`, `${base}3`].find((n) => !new RegExp(`\\b${n}\\b`).test(F))!;
  const nt = unused('t'), nx = unused('x');
  // A record program's call sites pass records (the twin's, arrays) and read records back as arrays of their values.
  const record = prog.record === true && !twin;
  const values = (e: string): string => (record ? `Object.values(${e})` : e);
  const outValues = (e: string): string => (record && prog.shape === 'arrayOut' ? `Object.values(${e})` : e);
  const literal = (pt: readonly number[]): string => (record ? recordOf('c', pt) : `[${pt.map(String).join(', ')}]`);
  const perPoint = prog.points.map((pt) => {
    const P = literal(pt);
    const V = record ? recordOf('c', DIRECTION.slice(0, prog.n)) : `[${DIRECTION.slice(0, prog.n).join(', ')}]`;
    const x = String(pt[0]);
    // Every variant also gives f(x) as compiled (check.ts compares it with the plain program): the
    // value of a valueAnd… form where the variant's verbs return none.
    const scalarValue = `v: [valueAndDerivative(${F}, ${x}${O}).value], `;
    const vectorValue = `v: [valueAndGradient(${F}, ${P}${G}).value], `;
    const outValue = `v: ${outValues(`valueAndJacobian(${F}, ${P}${O}).value`)}, `;
    switch (prog.shape) {
      case 'scalar':
        return [
          // n: the second derivative again, as a derivative of a derivative (nested verbs; not
          // through defineFunction rules or out-parameter helpers, which a nested derivative rejects).
          noNestedVerb(prog)
            ? `{ ${scalarValue}g: [derivative(${F}, ${x}${O})], h: [secondDerivative(${F}, ${x}${O})] }`
            : `{ ${scalarValue}g: [derivative(${F}, ${x}${O})], h: [secondDerivative(${F}, ${x}${O})], n: [derivative((${nt}: ${twin ? 'Real' : 'number'}) => derivative(${F}, ${nt}), ${x})] }`,
          `{ ${scalarValue}g: [derivative(${F}${O})(${x})], h: [secondDerivative(${F}${O})(${x})] }`,
          `(() => { const r = valueAndDerivatives(${F}, ${x}${O}); return { v: [r.value], g: [r.first], h: [r.second] }; })()`,
          `{ v: [valueAndDerivative(${F}, ${x}${O}).value], g: [valueAndDerivative(${F}, ${x}${O}).derivative], h: [secondDerivative(${F}, ${x}${O})] }`,
        ][prog.verbVariant % 4];
      case 'params':
      case 'array':
        return [
          // n: the first row of the Hessian again, as a gradient of a gradient's first component
          // (nested verbs, for a function of one array; not through defineFunction rules or
          // out-parameter helpers, which a nested derivative rejects).
          prog.shape === 'array' && !record && !noNestedVerb(prog)
            ? `{ ${vectorValue}g: gradient(${F}, ${P}${G}), h: hessian(${F}, ${P}${O}).flat(), n: gradient((${nx}: ${twin ? 'Real[]' : 'number[]'}) => gradient(${F}, ${nx})[0], ${P}${G}) }`
            : `{ ${vectorValue}g: ${values(`gradient(${F}, ${P}${G})`)}, h: hessian(${F}, ${P}${O}).flat() }`,
          `{ ${vectorValue}g: ${values(`gradient(${F}${G})(${P})`)}, h: hessian(${F}${O})(${P}).flat() }`,
          // n: the first row of the Hessian again, as a gradient of the gradient a nested
          // valueGradientHessian gives (its record, matrix field and all, differentiated; the twin
          // nests gradient, which gives the same numbers).
          prog.shape === 'array' && !record && !noNestedVerb(prog)
            ? `(() => { const r = valueGradientHessian(${F}, ${P}${O}); return { v: [r.value], g: r.gradient, h: r.hessian.flat(), n: gradient((${nx}: ${twin ? 'Real[]' : 'number[]'}) => ${twin ? `gradient(${F}, ${nx})[0]` : `valueGradientHessian(${F}, ${nx}).gradient[0]`}, ${P}${G}) }; })()`
            : `(() => { const r = valueGradientHessian(${F}, ${P}${O}); return { v: [r.value], g: ${values('r.gradient')}, h: r.hessian.flat() }; })()`,
          // hq, hvq: the Hessian and hvp again at probes(pt), points nudged by 2⁻⁴⁰, where hvp − H·v
          // measures the rounding noise of the two sweeps (check.ts: consistent).
          `{ v: [valueAndGradient(${F}, ${P}${G}).value], g: ${values(`valueAndGradient(${F}, ${P}${G}).gradient`)}, h: hessian(${F}, ${P}${O}).flat(), jv: [jvp(${F}, ${P}, ${V}${O})], hv: ${values(`hvp(${F}, ${P}, ${V}${O})`)}, ` +
            `hq: [${probes(pt).map(literal).join(', ')}].flatMap((q) => hessian(${F}, q${O}).flat()), hvq: [${probes(pt).map(literal).join(', ')}].flatMap((q) => ${values(`hvp(${F}, q, ${V}${O})`)}) }`,
        ][prog.verbVariant % 4];
      case 'arrayOut':
        return [
          `{ ${outValue}g: jacobian(${F}, ${P}${O}).flat() }`,
          `{ ${outValue}g: jacobian(${F}${O})(${P}).flat() }`,
          `(() => { const r = valueAndJacobian(${F}, ${P}${O}); return { v: ${outValues('r.value')}, g: r.jacobian.flat() }; })()`,
          `{ ${outValue}g: jacobian(${F}, ${P}${O}).flat(), jv: ${outValues(`jvp(${F}, ${P}, ${V}${O})`)} }`,
        ][prog.verbVariant % 4];
    }
  });
  return `[\n    ${perPoint.join(',\n    ')},\n  ]`;
}

/**
 * `export const p<i> = { f, ad, rt }`: the plain function, and thunks running the call sites of
 * the transform (`ad`) and of the run-time engine on the twin (`rt`). With data, the call sites'
 * arrows capture `D<i>`: a module-level array, or a parameter of the functions enclosing them.
 */
/** The weights of vjp in reverse mode's call sites (one per value of an array output, m ≤ 3). */
export const WEIGHTS = [0.5, -2, 1.25];

/**
 * Reverse mode's call sites (renderBatch's `reverse` variant): the value and the gradient by `{ mode: 'reverse' }`
 * (the value by `valueAndGradient`, also for even variants, which add the Hessian over reverse mode) of a program with
 * a vector input; of a program returning an array, the Jacobian by rows and `vjp` with
 * {@link WEIGHTS} (for odd variants `valueAndJacobian` and `valueAndVjp`, whose value `vv` is the
 * Jacobian's `v` again; even ones take the value of `valueAndJacobian` too); nothing for the others. A record program passes records (the point, and
 * vjp's weights of a record output) and reads records back as arrays of their values, as callSites.
 */
function reverseSites(prog: Program, F: string): string {
  const reversible = prog.shape === 'params' || prog.shape === 'array' || prog.shape === 'arrayOut';
  const record = prog.record === true;
  const values = (e: string): string => (record ? `Object.values(${e})` : e);
  const perPoint = prog.points.map((pt) => {
    if (!reversible) return '{}';
    const P = record ? recordOf('c', pt) : `[${pt.map(String).join(', ')}]`;
    if (prog.shape === 'arrayOut') {
      const weights = WEIGHTS.slice(0, prog.m);
      const W = record ? recordOf('o', weights) : `[${weights.join(', ')}]`;
      return prog.verbVariant % 2 === 1
        ? `(() => { const r = valueAndJacobian(${F}, ${P}, { mode: 'reverse' }); const s = valueAndVjp(${F}, ${P}, ${W}); return { v: ${values('r.value')}, g: r.jacobian.flat(), vj: ${values('s.vjp')}, vv: ${values('s.value')} }; })()`
        : `{ v: ${values(`valueAndJacobian(${F}, ${P}, { mode: 'reverse' }).value`)}, g: jacobian(${F}, ${P}, { mode: 'reverse' }).flat(), vj: ${values(`vjp(${F}, ${P}, ${W})`)} }`;
    }
    return prog.verbVariant % 2 === 1
      ? `(() => { const r = valueAndGradient(${F}, ${P}, { mode: 'reverse' }); return { v: [r.value], g: ${values('r.gradient')} }; })()`
      : `{ v: [valueAndGradient(${F}, ${P}, { mode: 'reverse' }).value], g: ${values(`gradient(${F}, ${P}, { mode: 'reverse' })`)}, h: hessian(${F}, ${P}, { mode: 'reverse' }).flat() }`;
  });
  // Each point first tells the fuzzer's recorder (check.ts, reverseProducts) that its products begin.
  const marked = perPoint.map((e) => `((globalThis as any).ddxFuzzReverseProducts?.atPoint(), ${e})`);
  return `[\n    ${marked.join(',\n    ')},\n  ]`;
}

function renderExport(prog: Program, p: number, D: { plain: string; twin: string }, F: { plain: string; twin: string }, reverse = false): string {
  const sites = (L: Lang) => callSites(prog, L.twin ? F.twin : F.plain, L.twin, reverse);
  // (An object literal's method called on it: bound to it without naming the object as a value, which would refuse its members.)
  const f = !isMethod(prog) ? mainRef(prog, p) : prog.method! >= 3 ? `(...a: any[]) => (${instanceName(p)}.run as any)(...a)` : `${instanceName(p)}.run.bind(${instanceName(p)})`;
  const exported = (ad: string, rt: string) => `export const p${p} = {\n  f: ${f},\n  ad: ${ad},\n  rt: ${rt},\n};\n`;
  if (!prog.data) return exported(`() => ${sites(plain)}`, `() => ${sites(twin)}`);
  const row = `[${prog.data.map(String).join(', ')}]`;
  const literal = prog.dataMatrix ? `[[${prog.data[0]}], ${row}]` : row;
  if (prog.dataModule) {
    const declared = [...new Set([D.plain, D.twin])].map((name) => `const ${name} = ${literal};\n`).join('');
    return `${declared}${exported(`() => ${sites(plain)}`, `() => ${sites(twin)}`)}`;
  }
  const type = dataType(prog, prog.verbVariant % 2 === 1);
  const enclosing = (name: string, L: Lang) => `function ${name}(${L.twin ? D.twin : D.plain}: ${type}) {\n  return ${sites(L)};\n}\n`;
  return `${enclosing(`ad${p}`, plain)}${enclosing(`rt${p}`, twin)}${exported(`() => ad${p}(${literal})`, `() => rt${p}(${literal})`)}`;
}

export const VERBS = [
  'derivative', 'secondDerivative', 'valueAndDerivative', 'valueAndDerivatives', 'gradient', 'valueAndGradient',
  'hessian', 'valueGradientHessian', 'jacobian', 'valueAndJacobian', 'jvp', 'hvp',
];

/**
 * One batch of programs as two modules: `main.ts` (differentiated, exports `p<i>` = { f, ad, rt })
 * and `helpers.ts` (imported; holds other-module helpers and module constants).
 */
export function renderBatch(programs: { prog: Program; p: number }[], reverse = false): Rendered {
  const main: string[] = [];
  const helpers: string[] = [];
  const imports: string[] = [];
  for (const { prog, p } of programs) {
    helpers.push(`export const K${p} = ${prog.k};\n`);
    imports.push(`K${p}`);
    const constants = ['Math.PI', 'Math.E', `K${p}`, `C${p}`];
    const helperConstants = ['Math.PI', 'Math.E', 'Math.LN2', 'Math.SQRT2'];
    main.push(`const C${p} = ${prog.k} * 2;\n`);
    if (prog.extra?.table) {
      // The twin's own copies: a table is constant data only where every use in its module is a read
      // the transform sees (the twin spreads it into ops.max, DDX1051).
      const [b, i] = [prog.extra.table.join(', '), [...prog.extra.table].reverse().join(', ')];
      main.push(`const TB${p} = [${b}];\nconst TB${p}_ops = [${b}];\n`);
      main.push(`const OB${p} = { k: ${prog.extra.table[0]}, w: [${b}] };\nconst OB${p}_ops = { k: ${prog.extra.table[0]}, w: [${b}] };\n`);
      // Exported: readonly, or any module could write it (DDX1051).
      helpers.push(`export const TI${p}: readonly number[] = [${i}];\nexport const TI${p}_ops: readonly number[] = [${i}];\n`);
      imports.push(`TI${p}`, `TI${p}_ops`);
    }
    if (prog.packageStyle) {
      // As packages write constants: through aliases of Math and Number, with bitwise operators,
      // from a constant of the other module (read by value).
      helpers.push(`const N${p} = Number;\nexport const B${p} = ((0x7f | 0) & 6) / 4 + N${p}.EPSILON;\n`);
      imports.push(`B${p}`);
      main.push(`const M${p} = Math;\nconst A${p} = M${p}.SQRT2 * (K${p} | 0) + 1 / (1 << 4);\n`);
      constants.push(`A${p}`, `B${p}`);
    }
    // With data: the captured array's name, and the arrows (plain, twin) that the call sites differentiate.
    const D = { plain: dataNameOf(prog, p, plain), twin: dataNameOf(prog, p, twin) };
    const F = { plain: '', twin: '' };
    for (const L of [plain, twin]) {
      const callablesMain: Callable[] = [];
      const callablesOther: Callable[] = [];
      const callablesLocal: Callable[] = [];
      const locals: string[] = [];
      // The main module's helpers (and its main function) as members of one object or class (Extra.members).
      const member = memberOf(prog, p, L.twin);
      const members: string[] = [];
      prog.helpers.forEach((h, j) => {
        const name = `h${p}_${j}${L.twin ? '_ops' : ''}`;
        const other = h.otherModule && !h.local;
        const own = h.local ? callablesLocal : other ? callablesOther : callablesMain;
        const held = !h.local && !other ? member : undefined;
        // Module helpers cannot see local ones; local ones see every helper before them.
        const text = renderHelper(h, name, L, other ? [...callablesOther] : [...callablesMain, ...(h.local ? callablesLocal : []), ...callablesOther],
          other ? helperConstants : constants, other, prog, held);
        (held ? members : h.local ? locals : other ? helpers : main).push(text);
        if (other) imports.push(name);
        own.push({
          name: held ? `${held.container}.${name}` : name, arity: h.arity, depth: h.recursion ? h.recursion.depth : null, array: h.arrayParam === true,
          boolean: h.returnsBoolean === true && h.retCond !== undefined, flag: h.flagParam === true, defaultLast: hasDefaultLast(h),
          rest: h.arrayParam === true && prog.extra?.rest === true, local: h.local === true,
        });
      });
      const callables = [...callablesMain, ...callablesLocal, ...callablesOther];
      const mainText = renderMain(prog, p, L, callables, constants, locals, mainIsMember(prog) ? member : undefined);
      (mainIsMember(prog) ? members : main).push(mainText);
      if (member && members.length > 0) {
        main.push(member.kind === 'object' ? `const ${member.container} = {\n${members.join('')}};\n` : `class ${member.container} {\n${members.join('')}}\n`);
      }
      F[L.twin ? 'twin' : 'plain'] = differentiated(prog, p, L, callables, constants, D[L.twin ? 'twin' : 'plain'], locals);
    }
    main.push(renderExport(prog, p, D, F, reverse));
  }
  const header = `import { ${[...VERBS, ...(reverse ? ['vjp', 'valueAndVjp'] : [])].join(', ')}, ops, type Real } from '@ddx/dual';\n`;
  // The solvers a batch calls (Extra.solve): the plain ones in this module, their twins imported.
  const solvers = solverForms.filter((f) => main.some((text) => text.includes(` = ${f.name}(`)));
  imports.push(...solvers.map((f) => `${f.name}_ops`));
  const slopes = solvers.some((f) => f.name === 'fzSlopes');
  // Only a batch that calls rules declares them (older fixtures render as they always did).
  const rules = programs.some(({ prog }) => JSON.stringify(prog).includes('"k":"rule"'));
  if (rules) imports.push(...ruleForms.map((r) => r.name));
  const outs = programs.some(({ prog }) => JSON.stringify(prog).includes('"k":"outCall"'));
  if (outs) imports.push(...outForms.flatMap((f) => [f.name, `${f.name}_ops`]));
  const arrayCalls = programs.some(({ prog }) => JSON.stringify(prog).includes('"k":"arrayCall"'));
  if (arrayCalls) imports.push('fzScaled', 'fzScaled_ops');
  const tables = programs.some(({ prog }) => JSON.stringify(prog).includes('"k":"table"'));
  if (tables) imports.push(...tableForms.flatMap((f) => [f.name, `${f.name}_ops`]));
  // Records, tuples, the class and the factory: only in a batch that makes them (older fixtures render as they always did).
  const records = programs.some(({ prog }) => /"k":"(record|useRecord|points|closure)"/.test(JSON.stringify(prog)));
  if (records) imports.push(...recordImports);
  const models = programs.some(({ prog }) => JSON.stringify(prog).includes('"k":"model"'));
  if (models) imports.push('type FzModel', 'fzPredict', 'fzPredict_ops', 'fzUnpack', 'fzUnpack_ops');
  // (A local record of the type calls none of them: the type alone needs them too.)
  const optional = main.some((text) => /fzOpt|FzOpt/.test(text));
  if (optional) imports.push('type FzOpt', 'type FzOptOps', ...['fzOpt', 'fzOptSum', 'fzOptOr'].flatMap((n) => [n, `${n}_ops`]));
  const untyped = main.some((text) => /fz(ToLin|ToLab|Lum|LumA|AreaU)\(/.test(text));
  if (untyped) imports.push(...['fzToLin', 'fzToLab', 'fzLum', 'fzLumA', 'fzAreaU'].flatMap((n) => [n, `${n}_ops`]));
  const here = main.some((text) => text.includes('fzUnpackHere('));
  return {
    main: `${header}import { ${imports.join(', ')} } from './helpers.js';\n\n${[...solvers.map((f) => f.plain), ...(here ? [unpackHere] : []), ...main].join('\n')}`,
    helpers: `import { ${rules ? 'defineFunction, ' : ''}${slopes ? 'derivative, ' : ''}ops, type Real } from '@ddx/dual';\n\n${[...solvers.map((f) => f.twin), ...(rules ? ruleForms.map((r) => r.declaration) : []), ...(outs ? outForms.map((f) => f.declaration) : []), ...(tables ? tableForms.map((f) => f.declaration) : []), ...(arrayCalls ? [arrayCallDeclaration] : []), ...(records ? [recordDeclarations] : []), ...(models ? [modelDeclarations] : []), ...(optional ? [optionalDeclarations] : []), ...(untyped ? [untypedDeclarations] : []), ...helpers].join('\n')}`,
  };
}

/** The families a program's plain rendering may write, each with the text that shows it (familiesOf). */
export const FAMILIES: readonly (readonly [string, RegExp])[] = [
  ['records', /: FzPoint =|let r\d+ = \{|: FzBody|\{ b: number; a: number \}|fzPolar\(|fzMid\(|fzNormSq\(/],
  ['nested records', /: FzBody/],
  ['tuples', /: FzVec3|: \[number, number, number\]|fzCross\(|fzDot\(/],
  ['class instances', /new FzSpring\(/],
  ['records with array fields', /fzPredict\(|fzUnpack\(/],
  ['classes', /^class Model0 \{/m],
  ['object methods', /^const model0 = \{/m],
  ['arrays of records', /: FzPoint\[\]/],
  ['closures', /const g\d+ = /],
  // A closure or a solver's arrow reading a local record's fields (`r1.x`, `r2.pos.y`, `r3[1]`, the point `v4` destructured from a body).
  ['closures reading records', /(const g\d+ = | = fz(SumOf|Iterate)\().*\b(r\d+(\.[a-z]|\[\d)|v\d+\.[xy]\b)/],
  ['matrices', /readonly \(readonly number\[\]\)\[\]|: number\[\]\[\]\)/],
  ['local matrices', /const mat\d+/],
  ['spreads', /Math\.(hypot|max|min)\(\.\.\./],
  ['array calls', /fzScaled\(/],
  ['pushed arrays', /const pushed\d+/],
  ['members', /^(const H0 = \{|class H0 \{)/m],
  ['rest parameters', /\.\.\.xs: number\[\]/],
  ['coefficient tables', /^const TB0 = /m],
  ['data objects', /\bOB0\.[kw]\b/],
  ['try/finally', /^\s*try \{/m],
  ['clash names', /\b(const|let|var) (d_\w+|\w+_d|dx|t0|ddxR|codes|top|v|s|f|x|i|codeTop|values|valueTop) /],
  ['solvers', / = fz(SumOf|Iterate|Slopes)\(/],
  ['nested solvers', / = fzSlopes\(/],
  ['main-module record callees', /fzUnpackHere\(/],
  ['nested verbs capturing matrices', / = derivative\(\(u\d+: number\)/],
  ['local objects', /^\s*const ob\d+ = \{/m],
  ['optional fields', /fzOpt|: FzOpt =/],
  ['untyped records', /fz(ToLin|ToLab|Lum|LumA|AreaU)\(/],
];

/**
 * The families of records, closures and arrays a program's plain rendering uses (counted by `main.ts`):
 * what was written, not what was generated (a use of a record with none in scope writes nothing).
 */
export function familiesOf(prog: Program): string[] {
  // The program's own text: not the solvers' declarations, whose locals the clash names are.
  const text = solverForms.reduce((t, f) => t.replace(f.plain, ''), renderBatch([{ prog, p: 0 }]).main.split('\nfunction f0_ops')[0]);
  return FAMILIES.filter(([, re]) => re.test(text)).map(([name]) => name);
}

