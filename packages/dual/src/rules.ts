/**
 * The rule table: one row per elementary function, keyed by its `Math.*` name.
 *
 * A row gives the first and second derivative of `Math[name]` at `x`, written once over an
 * abstract {@link Algebra}. The same row is evaluated
 * - on plain numbers (the {@link numberAlgebra}) by Dual and HyperDual when their parts are numbers,
 * - on Dual / HyperDual values (the generic algebra in `ops.ts`) when derivatives are nested,
 * - on code (the transform's emitter algebra) to print derivative source text.
 *
 * `y` is the already computed value `Math[name](x)`, so rows can reuse it (`exp' = exp`).
 * A hyper-dual `a + b·ε1 + c·ε2 + d·ε1ε2` maps through a row as
 * `f(a) + f'(a)b·ε1 + f'(a)c·ε2 + (f'(a)d + f''(a)bc)·ε1ε2`; a dual is the same with c = d = 0.
 */

import { besselJ0, besselJ1, digamma, tetragamma, trigamma } from './special.js';

/** The operations a rule may use. Every `Math` function of one argument is part of it. */
export interface Algebra<T> {
  constant(c: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  sqrt(a: T): T;
  cbrt(a: T): T;
  exp(a: T): T;
  sin(a: T): T;
  cos(a: T): T;
  sinh(a: T): T;
  cosh(a: T): T;
  /** `+1` when the sign bit of the primal value of `a` is clear (`a > 0` or `+0`), else `-1`. */
  signBit(a: T): T;
  log(a: T): T;
  trunc(a: T): T;
  pow(a: T, b: T): T;
  /** `then` where the primal value of `test` is exactly 0, else `otherwise` (a rule's special case). */
  ifZero(test: T, then: T, otherwise: T): T;
  /** A value a row uses several times, by a name (generated code computes it once; numbers are themselves). */
  share(a: T, name: string): T;
}

/** A derivative rule: first and second derivative of `f` at `x`, given `y = f(x)`. */
export interface Rule {
  df<T>(x: T, y: T, M: Algebra<T>): T;
  d2f<T>(x: T, y: T, M: Algebra<T>): T;
}

/** The names of the `Math` functions of one argument that have a row in the table. */
export type UnaryName =
  | 'abs' | 'acos' | 'acosh' | 'asin' | 'asinh' | 'atan' | 'atanh' | 'cbrt' | 'ceil' | 'cos'
  | 'cosh' | 'exp' | 'expm1' | 'floor' | 'fround' | 'log' | 'log10' | 'log1p' | 'log2'
  | 'round' | 'sign' | 'sin' | 'sinh' | 'sqrt' | 'tan' | 'tanh' | 'trunc';

const zero: Rule = { df: (_x, _y, M) => M.constant(0), d2f: (_x, _y, M) => M.constant(0) };

// 1 / (1 - x²)^(1/2) and friends recur below; `s` is the square root, `r` its reciprocal.
const invSqrt = <T>(M: Algebra<T>, u: T): T => M.div(M.constant(1), M.sqrt(u));
const oneMinusSq = <T>(M: Algebra<T>, x: T): T => M.sub(M.constant(1), M.mul(x, x));
const onePlusSq = <T>(M: Algebra<T>, x: T): T => M.add(M.constant(1), M.mul(x, x));
const sqMinusOne = <T>(M: Algebra<T>, x: T): T => M.sub(M.mul(x, x), M.constant(1));
const cube = <T>(M: Algebra<T>, x: T): T => M.mul(M.mul(x, x), x);

/**
 * One aligned row per function: f' and f'' (the maths is in the comment).
 * @example
 * rules.sin.df(0.5, Math.sin(0.5), numberAlgebra); // cos 0.5
 */
export const rules: Readonly<Record<UnaryName, Rule>> = {
  // exp' = exp'' = exp
  exp:   { df: (_x, y, M) => y,                              d2f: (_x, y, M) => y },
  // expm1' = expm1'' = exp
  expm1: { df: (x, _y, M) => M.exp(x),                       d2f: (x, _y, M) => M.exp(x) },
  // log' = 1/x, log'' = -1/x²
  log:   { df: (x, _y, M) => M.div(M.constant(1), x),        d2f: (x, _y, M) => M.neg(M.div(M.constant(1), M.mul(x, x))) },
  // log1p' = 1/(1+x), log1p'' = -1/(1+x)²
  log1p: { df: (x, _y, M) => M.div(M.constant(1), M.add(M.constant(1), x)),
           d2f: (x, _y, M) => M.neg(M.div(M.constant(1), M.mul(M.add(M.constant(1), x), M.add(M.constant(1), x)))) },
  // log2' = 1/(x ln 2), log2'' = -1/(x² ln 2)
  log2:  { df: (x, _y, M) => M.div(M.constant(1 / Math.LN2), x), d2f: (x, _y, M) => M.neg(M.div(M.constant(1 / Math.LN2), M.mul(x, x))) },
  // log10' = 1/(x ln 10), log10'' = -1/(x² ln 10)
  log10: { df: (x, _y, M) => M.div(M.constant(1 / Math.LN10), x), d2f: (x, _y, M) => M.neg(M.div(M.constant(1 / Math.LN10), M.mul(x, x))) },
  // sqrt' = 1/(2√x), sqrt'' = -1/(4x√x); sqrt'(0) = +Infinity
  sqrt:  { df: (_x, y, M) => M.div(M.constant(0.5), y),      d2f: (x, y, M) => M.div(M.constant(-0.25), M.mul(x, y)) },
  // cbrt' = 1/(3 ∛x²), cbrt'' = -2/(9 x ∛x²)
  cbrt:  { df: (_x, y, M) => M.div(M.constant(1 / 3), M.mul(y, y)), d2f: (x, y, M) => M.div(M.constant(-2 / 9), M.mul(x, M.mul(y, y))) },
  // sin' = cos, sin'' = -sin
  sin:   { df: (x, _y, M) => M.cos(x),                       d2f: (_x, y, M) => M.neg(y) },
  // cos' = -sin, cos'' = -cos
  cos:   { df: (x, _y, M) => M.neg(M.sin(x)),                d2f: (_x, y, M) => M.neg(y) },
  // tan' = 1 + tan², tan'' = 2 tan (1 + tan²)
  tan:   { df: (_x, y, M) => onePlusSq(M, y),                d2f: (_x, y, M) => M.mul(M.mul(M.constant(2), y), onePlusSq(M, y)) },
  // asin' = 1/√(1-x²), asin'' = x/(1-x²)^(3/2)
  asin:  { df: (x, _y, M) => invSqrt(M, oneMinusSq(M, x)),   d2f: (x, _y, M) => M.mul(x, cube(M, invSqrt(M, oneMinusSq(M, x)))) },
  // acos' = -1/√(1-x²), acos'' = -x/(1-x²)^(3/2)
  acos:  { df: (x, _y, M) => M.neg(invSqrt(M, oneMinusSq(M, x))), d2f: (x, _y, M) => M.neg(M.mul(x, cube(M, invSqrt(M, oneMinusSq(M, x))))) },
  // atan' = 1/(1+x²), atan'' = -2x/(1+x²)²
  atan:  { df: (x, _y, M) => M.div(M.constant(1), onePlusSq(M, x)),
           d2f: (x, _y, M) => M.div(M.mul(M.constant(-2), x), M.mul(onePlusSq(M, x), onePlusSq(M, x))) },
  // sinh' = cosh, sinh'' = sinh
  sinh:  { df: (x, _y, M) => M.cosh(x),                      d2f: (_x, y, M) => y },
  // cosh' = sinh, cosh'' = cosh
  cosh:  { df: (x, _y, M) => M.sinh(x),                      d2f: (_x, y, M) => y },
  // tanh' = 1 - tanh², tanh'' = -2 tanh (1 - tanh²)
  tanh:  { df: (_x, y, M) => oneMinusSq(M, y),               d2f: (_x, y, M) => M.mul(M.mul(M.constant(-2), y), oneMinusSq(M, y)) },
  // asinh' = 1/√(x²+1), asinh'' = -x/(x²+1)^(3/2)
  asinh: { df: (x, _y, M) => invSqrt(M, onePlusSq(M, x)),    d2f: (x, _y, M) => M.neg(M.mul(x, cube(M, invSqrt(M, onePlusSq(M, x))))) },
  // acosh' = 1/√(x²-1), acosh'' = -x/(x²-1)^(3/2)
  acosh: { df: (x, _y, M) => invSqrt(M, sqMinusOne(M, x)),   d2f: (x, _y, M) => M.neg(M.mul(x, cube(M, invSqrt(M, sqMinusOne(M, x))))) },
  // atanh' = 1/(1-x²), atanh'' = 2x/(1-x²)²
  atanh: { df: (x, _y, M) => M.div(M.constant(1), oneMinusSq(M, x)),
           d2f: (x, _y, M) => M.div(M.mul(M.constant(2), x), M.mul(oneMinusSq(M, x), oneMinusSq(M, x))) },

  // Piecewise constant: derivative 0 everywhere (DESIGN: conventions where a derivative does not exist).
  floor: zero, ceil: zero, round: zero, trunc: zero, sign: zero, fround: zero,

  // ---- Hand-written: non-smooth points follow a convention ----
  // abs' follows the sign bit: +1 for x > 0 and +0, -1 for x < 0 and -0; abs'' = 0.
  abs:   { df: (x, _y, M) => M.signBit(x),                   d2f: (_x, _y, M) => M.constant(0) },
};

/** The `Math` functions of two or more arguments. */
export type NaryName = 'pow' | 'atan2' | 'hypot' | 'min' | 'max';
/** The rows of two arguments: the operators `*`, `/`, `%`, and `**` alias `Math.pow`, and `Math.atan2`. */
export type BinaryName = 'mul' | 'div' | 'pow' | 'atan2' | 'mod';

/**
 * A rule of two arguments: its partial derivatives at (a, b), given y = f(a, b), written over the
 * {@link Algebra} (as DiffRules.jl's binary rows). The engine applies them in its chain rule,
 * generated code prints them; reverse mode will read them as adjoint factors.
 */
export interface BinaryRule {
  /** ∂f/∂a and ∂f/∂b. */
  da<T>(a: T, b: T, y: T, M: Algebra<T>): T;
  db<T>(a: T, b: T, y: T, M: Algebra<T>): T;
  /**
   * ∂²f/∂a², ∂²f/∂a∂b and ∂²f/∂b² (asked for only by second order). A second partial that is
   * identically zero is left out: its terms are not computed at all, so they contribute nothing
   * even where the parts they would multiply are infinite (the product's ∂aa, say).
   */
  daa?<T>(a: T, b: T, y: T, M: Algebra<T>): T;
  dab?<T>(a: T, b: T, y: T, M: Algebra<T>): T;
  dbb?<T>(a: T, b: T, y: T, M: Algebra<T>): T;
}

/** A rule of any number of arguments (hypot): ∂f/∂xᵢ and ∂²f/∂xᵢ∂xⱼ at x, given y = f(x). */
export interface NaryRule {
  partial<T>(i: number, x: readonly T[], y: T, M: Algebra<T>): T;
  second<T>(i: number, j: number, x: readonly T[], y: T, M: Algebra<T>): T;
}

const one = <T>(M: Algebra<T>): T => M.constant(1);
const sq = <T>(M: Algebra<T>, x: T): T => M.mul(x, x);
const r2Of = <T>(M: Algebra<T>, y: T, x: T): T => M.share(M.add(sq(M, x), sq(M, y)), 'r2');
const reciprocalOf = <T>(M: Algebra<T>, b: T): T => M.share(M.div(one(M), b), 'recip');
const reciprocalSquareOf = <T>(M: Algebra<T>, b: T): T => M.share(sq(M, reciprocalOf(M, b)), 'recip2');
const r4Of = <T>(M: Algebra<T>, y: T, x: T): T => M.share(sq(M, r2Of(M, y, x)), 'r4');

/**
 * The rows of two arguments: `*`, `/`, `**`, `atan2` and `%` (as `a - trunc(a/b)·b`). `min`/`max` have no row: the first
 * argument that attains the result carries the derivative (a convention, applied alike by the
 * engine and the emitters).
 * @example
 * binaryRules.atan2.da(1, 2, Math.atan2(1, 2), numberAlgebra); // 2/5: ∂/∂y atan2(y, x) = x/(x² + y²)
 */
export const binaryRules: Readonly<Record<BinaryName, BinaryRule>> = {
  // a·b: ∂a = b, ∂b = a, ∂ab = 1 (the product rule, with the cross terms a₁b₂ + a₂b₁ at second order).
  mul: {
    da: (_a, b) => b,
    db: (a) => a,
    dab: (_a, _b, _y, M) => one(M),
  },
  // q = a/b: ∂a = 1/b, ∂b = -q/b; ∂ab = -1/b², ∂bb = 2q/b² (= 2a/b³).
  div: {
    da: (_a, b, _q, M) => reciprocalOf(M, b),
    db: (_a, b, q, M) => M.neg(M.mul(q, reciprocalOf(M, b))),
    dab: (_a, b, _q, M) => M.neg(reciprocalSquareOf(M, b)),
    dbb: (_a, b, q, M) => M.mul(M.mul(M.constant(2), q), reciprocalSquareOf(M, b)),
  },
  // x^p: ∂x = p·x^(p-1), exactly 0 where p is 0 (x^0 is constant, also at x = 0);
  //      ∂p = y·ln x, and 0 where y = 0 (0^p for p > 0: the value does not move);
  //      ∂xx = p(p-1)·x^(p-2), 0 where p is 0 or 1; ∂pp = y·ln x·ln x, 0 where y = 0; ∂xp = x^(p-1)(1 + p ln x).
  pow: {
    da: (x, p, _y, M) => M.ifZero(p, M.constant(0), M.mul(p, M.pow(x, M.sub(p, one(M))))),
    db: (x, _p, y, M) => M.ifZero(y, M.constant(0), M.mul(y, M.log(x))),
    daa: (x, p, _y, M) => {
      const p1 = M.sub(p, one(M));
      return M.ifZero(p, M.constant(0), M.ifZero(p1, M.constant(0), M.mul(M.mul(p, p1), M.pow(x, M.sub(p, M.constant(2))))));
    },
    dab: (x, p, _y, M) => M.mul(M.pow(x, M.sub(p, one(M))), M.add(one(M), M.mul(p, M.log(x)))),
    dbb: (x, _p, y, M) => M.ifZero(y, M.constant(0), M.mul(M.mul(y, M.log(x)), M.log(x))),
  },
  // atan2(y, x): ∂y = x/r², ∂x = -y/r² (r² = x² + y²); ∂yy = -2xy/r⁴, ∂xx = 2xy/r⁴, ∂yx = (y² - x²)/r⁴.
  atan2: {
    da: (y, x, _t, M) => M.div(x, r2Of(M, y, x)),
    db: (y, x, _t, M) => M.neg(M.div(y, r2Of(M, y, x))),
    daa: (y, x, _t, M) => M.neg(M.div(M.mul(M.mul(M.constant(2), x), y), r4Of(M, y, x))),
    dab: (y, x, _t, M) => M.div(M.sub(sq(M, y), sq(M, x)), r4Of(M, y, x)),
    dbb: (y, x, _t, M) => M.div(M.mul(M.mul(M.constant(2), x), y), r4Of(M, y, x)),
  },
  // a % b = a - trunc(a/b)·b: ∂a = 1, ∂b = -trunc(a/b); piecewise linear, so no second partials.
  mod: {
    da: (_a, _b, _y, M) => one(M),
    db: (a, b, _y, M) => M.neg(M.trunc(M.div(a, b))),
  },
};

/**
 * hypot(x…) = h: ∂ᵢ = xᵢ/h, ∂ᵢⱼ = (δᵢⱼ - xᵢxⱼ/h²)/h, both 0 at the origin (h = 0).
 * @example
 * hypotRule.partial(0, [3, 4], 5, numberAlgebra); // 0.6
 */
export const hypotRule: NaryRule = {
  partial: (i, x, h, M) => M.ifZero(h, M.constant(0), M.div(x[i], h)),
  second: (i, j, x, h, M) =>
    M.ifZero(h, M.constant(0), M.div(M.sub(M.constant(i === j ? 1 : 0), M.div(M.mul(x[i], x[j]), M.share(sq(M, h), 'h2'))), h)),
};

/** What the chain rule needs of an algebra: sums, and products that respect exactly zero parts. */
export interface ChainAlgebra<T> {
  add(a: T, b: T): T;
  /** p·t for a partial p and a part t: exactly 0 where t is exactly 0 (an exactly zero tangent contributes nothing, even through an infinite partial). */
  scale(p: T, t: T): T;
  /** h·(a·b) for ε1 of one argument (a) and ε2 of another (b): exactly 0 where a or b is exactly 0. */
  cross(h: T, a: T, b: T): T;
}

/**
 * The chain rule for y = f(x₁, …, xₙ), from f's partials and the parts of its arguments (one part,
 * a dual's tangent; or three, a hyper-dual's ε1, ε2, ε1ε2; `undefined` for an argument without the
 * perturbation, which contributes nothing):
 *   y' = Σᵢ ∂ᵢf·xᵢ',  or  y₁ = Σᵢ ∂ᵢf·xᵢ₁,  y₂ = Σᵢ ∂ᵢf·xᵢ₂,  y₁₂ = Σᵢ (∂ᵢf·xᵢ₁₂ + Σⱼ ∂ᵢⱼf·xᵢ₁xⱼ₂),
 * each sum taken left to right in this order, so that the engine and generated code round alike.
 * `partial(i)` is asked once per argument with parts, `second(i, j)` once per pair of them and only
 * for hyper-duals; `second` gives undefined for a second partial that is identically zero, whose
 * term is then left out. The unary rows are the case n = 1; every rule of several arguments goes through it.
 * @example
 * chainRule(numberChain, [[2], [3]], (i) => [10, 100][i], () => 0); // [320]: 10·2 + 100·3
 */
export function chainRule<T>(
  M: ChainAlgebra<T>, parts: readonly (readonly T[] | undefined)[], partial: (i: number) => T, second: (i: number, j: number) => T | undefined,
): T[] {
  // Plain loops, no closures: the engine runs this for every operation on hyper-duals.
  const n = parts.length, g: T[] = new Array(n);
  let width = 0;
  for (let i = 0; i < n; i++) {
    const x = parts[i];
    if (x) { g[i] = partial(i); width = x.length; }
  }
  if (width === 0) throw new RangeError('chainRule: no argument carries the perturbation');
  const y: T[] = new Array(width);
  for (let k = 0; k < Math.min(width, 2); k++) {
    let sum: T | undefined;
    for (let i = 0; i < n; i++) {
      const x = parts[i];
      if (x) sum = sum === undefined ? M.scale(g[i], x[k]) : M.add(sum, M.scale(g[i], x[k]));
    }
    y[k] = sum!;
  }
  if (width === 1) return y;
  let e12: T | undefined;
  for (let i = 0; i < n; i++) {
    const xi = parts[i];
    if (!xi) continue;
    e12 = e12 === undefined ? M.scale(g[i], xi[2]) : M.add(e12, M.scale(g[i], xi[2]));
    for (let j = 0; j < n; j++) {
      const xj = parts[j];
      const h = xj && second(i, j);
      if (h !== undefined) e12 = M.add(e12, M.cross(h, xi[0], xj![1]));
    }
  }
  y[2] = e12!;
  return y;
}

/**
 * {@link chainRule} for one argument with number parts (a unary rule on a hyper-dual), unrolled
 * for the engine's hot path: the ε1ε2 part f'·x₁₂ + f''·x₁x₂, each product guarded as in
 * {@link numberChain}. rows.test.ts checks it against chainRule.
 */
export const unaryCrossPart = (d1: number, d2: number, x1: number, x2: number, x12: number): number =>
  (x12 === 0 ? 0 : d1 * x12) + (x1 === 0 || x2 === 0 ? 0 : d2 * (x1 * x2));

/** The chain rule's algebra on numbers. */
export const numberChain: ChainAlgebra<number> = {
  add: (a, b) => a + b,
  scale: (p, t) => (t === 0 ? 0 : p * t),
  cross: (h, a, b) => (a === 0 || b === 0 ? 0 : h * (a * b)),
};

/**
 * A binary row's second partials as the chain rule asks for them, ∂²f/∂xᵢ∂xⱼ for i, j in {0, 1}
 * (undefined where the row has none: identically zero).
 */
export const binarySecond = <T>(rule: BinaryRule, a: T, b: T, y: T, M: Algebra<T>) => (i: number, j: number): T | undefined =>
  (i === 0 && j === 0 ? rule.daa?.(a, b, y, M) : i === 1 && j === 1 ? rule.dbb?.(a, b, y, M) : rule.dab?.(a, b, y, M));

/**
 * {@link chainRule} for two arguments that both carry number parts, unrolled for the engine's hot
 * paths (one allocation-free function per part). `binaryPart` is a tangent, an ε1 or an ε2 part,
 * ∂a·a' + ∂b·b'; `binaryCrossPart` is the ε1ε2 part, with the second partials `haa`, `hab`, `hbb`
 * (undefined where identically zero), every product guarded as in {@link numberChain}. rows.test.ts
 * checks both against chainRule. (`binaryPart` tests "both parts are 0" first, which gives the same
 * value: V8 compiles a bare sum of two guarded products markedly slower in some functions.)
 */
export const binaryPart = (ga: number, gb: number, a: number, b: number): number =>
  (a === 0 && b === 0 ? 0 : (a === 0 ? 0 : ga * a) + (b === 0 ? 0 : gb * b));
export function binaryCrossPart(
  ga: number, gb: number, haa: number | undefined, hab: number | undefined, hbb: number | undefined,
  a1: number, a2: number, a12: number, b1: number, b2: number, b12: number,
): number {
  let e = a12 === 0 ? 0 : ga * a12;
  if (haa !== undefined) e += a1 === 0 || a2 === 0 ? 0 : haa * (a1 * a2);
  if (hab !== undefined) e += a1 === 0 || b2 === 0 ? 0 : hab * (a1 * b2);
  e += b12 === 0 ? 0 : gb * b12;
  if (hab !== undefined) e += b1 === 0 || a2 === 0 ? 0 : hab * (b1 * a2);
  if (hbb !== undefined) e += b1 === 0 || b2 === 0 ? 0 : hbb * (b1 * b2);
  return e;
}

/**
 * Every `Math` constant; they are plain numbers with derivative 0.
 * @example
 * derivative((x) => ops.mul(constants.PI, x), 1); // π
 */
export const constants = {
  E: Math.E, LN10: Math.LN10, LN2: Math.LN2, LOG10E: Math.LOG10E, LOG2E: Math.LOG2E,
  PI: Math.PI, SQRT1_2: Math.SQRT1_2, SQRT2: Math.SQRT2,
} as const;

const signBit = (a: number): number => (a > 0 || Object.is(a, 0) ? 1 : a < 0 || Object.is(a, -0) ? -1 : NaN);

/**
 * The algebra of plain numbers: rules evaluated on it give numeric derivatives.
 * @example
 * rules.exp.d2f(1, Math.E, numberAlgebra); // e
 */
export const numberAlgebra: Algebra<number> = {
  constant: (c) => c,
  log: Math.log,
  trunc: Math.trunc,
  // x^1 = x and x^2 = x·x exactly, without a `**` (which costs several multiplications).
  pow: (x, p) => (p === 1 ? x : p === 2 ? x * x : x ** p),
  ifZero: (test, then, otherwise) => (test === 0 ? then : otherwise),
  share: (a) => a,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  exp: Math.exp,
  sin: Math.sin,
  cos: Math.cos,
  sinh: Math.sinh,
  cosh: Math.cosh,
  signBit,
};

/**
 * The names of every unary rule, in table order.
 * @example
 * unaryNames.includes('sin'); // true
 */
export const unaryNames = Object.keys(rules) as UnaryName[];

// ---------------------------------------------------------------------------------------------
// Special functions of packages (as DiffRules.jl's rows for SpecialFunctions.jl).

/** The special functions with a built-in rule (the transform keys them by their npm modules, e.g. `@stdlib/math-base-special-erf`). */
export type SpecialName =
  | 'erf' | 'erfc' | 'erfinv' | 'gamma' | 'gammaln' | 'digamma' | 'expm1' | 'log1p' | 'sinc'
  | 'besselj0' | 'besselj1' | 'logit' | 'expit' | 'log1pexp' | 'beta';

/**
 * A special function's rule, on numbers: its partials and second partials at the arguments `x`
 * (one or two), given its value `y` there. Like a defineFunction rule, it is evaluated on plain
 * numbers only (the package's function is called for the value, never differentiated).
 */
export interface SpecialRule {
  readonly arity: 1 | 2;
  /** ∂f/∂xᵢ at (a) or (a, b). */
  partial(i: number, y: number, a: number, b?: number): number;
  /** ∂²f/∂xᵢ∂xⱼ at (a) or (a, b). */
  second(i: number, j: number, y: number, a: number, b?: number): number;
}

/** A rule of one argument from f′(x, y) and f″(x, y). */
const specialUnary = (df: (x: number, y: number) => number, d2f: (x: number, y: number) => number): SpecialRule =>
  ({ arity: 1, partial: (_i, y, x) => df(x, y), second: (_i, _j, y, x) => d2f(x, y) });

const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);
/** σ(x)(1 − σ(x)) = e/(1 + e)² with e = exp(−|x|), accurate where σ rounds to 1. */
const logisticDensity = (x: number): number => {
  const e = Math.exp(-Math.abs(x));
  return e / ((1 + e) * (1 + e));
};

/**
 * sinc(x) = sin(πx)/(πx) = g(πx): g′(t) = (cos t − g)/t, g″(t) = −g − 2g′/t, and the Taylor
 * series g′ = Σₖ≥₁ (−1)ᵏ 2k t²ᵏ⁻¹/(2k+1)!, g″ = Σₖ≥₁ (−1)ᵏ 2k(2k−1) t²ᵏ⁻²/(2k+1)! where |t| < 1
 * (cos t − g cancels there). Returns [sinc′, sinc″] = [πg′, π²g″].
 */
function sincDerivatives(x: number, y: number): [number, number] {
  const t = Math.PI * x;
  let d1: number, d2: number;
  if (Math.abs(t) < 1) {
    d1 = 0;
    d2 = 0;
    // Terms k = 12 … 1 (smallest first); c = (−1)ᵏ/(2k+1)!.
    const t2 = t * t;
    for (let k = 12; k >= 1; k--) {
      let c = 1;
      for (let m = 2; m <= 2 * k + 1; m++) c /= m;
      if (k % 2 === 1) c = -c;
      d1 += c * 2 * k * t ** (2 * k - 1);
      d2 += c * 2 * k * (2 * k - 1) * t2 ** (k - 1);
    }
  } else {
    d1 = (Math.cos(t) - y) / t;
    d2 = -y - (2 * d1) / t;
  }
  return [Math.PI * d1, Math.PI * Math.PI * d2];
}

/** J₁(x)/x, 1/2 at 0. */
const j1OverX = (x: number): number => (x === 0 ? 0.5 : besselJ1(x) / x);

/**
 * J₁″(x) = −J₁ − J₀/x + 2J₁/x², by its series Σₖ≥₁ (−1)ᵏ (2k+1)(2k)/4 (x/2)²ᵏ⁻¹/(k!(k+1)!) where
 * |x| < 2 (the closed form cancels there).
 */
function besselJ1Second(x: number, j1: number): number {
  if (Math.abs(x) >= 2) return -j1 - besselJ0(x) / x + (2 * j1) / (x * x);
  const h = x / 2;
  let sum = 0;
  for (let k = 16; k >= 1; k--) {
    let c = 1;
    for (let m = 2; m <= k; m++) c /= m;
    for (let m = 2; m <= k + 1; m++) c /= m;
    sum += (k % 2 === 1 ? -1 : 1) * ((2 * k + 1) * (2 * k) / 4) * c * h ** (2 * k - 1);
  }
  return sum;
}

/**
 * The rules of the special functions, on numbers (the maths is in the comments; ψ, ψ′, ψ″, J₀ and
 * J₁ are special.ts's).
 * @example
 * specialRules.erf.partial(0, 0, 0); // erf′(0) = 2/√π
 */
export const specialRules: Readonly<Record<SpecialName, SpecialRule>> = {
  // erf′ = 2/√π·e^(−x²), erf″ = −2x·erf′
  erf: specialUnary((x) => twoOverSqrtPi * Math.exp(-x * x), (x) => -2 * x * twoOverSqrtPi * Math.exp(-x * x)),
  // erfc′ = −erf′, erfc″ = −erf″
  erfc: specialUnary((x) => -twoOverSqrtPi * Math.exp(-x * x), (x) => 2 * x * twoOverSqrtPi * Math.exp(-x * x)),
  // erfinv′ = √π/2·e^(y²), erfinv″ = 2y·erfinv′²
  erfinv: specialUnary((_x, y) => Math.exp(y * y) / twoOverSqrtPi, (_x, y) => 2 * y * (Math.exp(y * y) / twoOverSqrtPi) ** 2),
  // Γ′ = Γψ, Γ″ = Γ(ψ² + ψ′)
  gamma: specialUnary((x, y) => y * digamma(x), (x, y) => y * (digamma(x) ** 2 + trigamma(x))),
  // (ln|Γ|)′ = ψ, (ln|Γ|)″ = ψ′
  gammaln: specialUnary((x) => digamma(x), (x) => trigamma(x)),
  // ψ′ and ψ″
  digamma: specialUnary((x) => trigamma(x), (x) => tetragamma(x)),
  // expm1′ = expm1″ = exp
  expm1: specialUnary((x) => Math.exp(x), (x) => Math.exp(x)),
  // log1p′ = 1/(1+x), log1p″ = −1/(1+x)²
  log1p: specialUnary((x) => 1 / (1 + x), (x) => -1 / ((1 + x) * (1 + x))),
  // sinc(x) = sin(πx)/(πx): see sincDerivatives
  sinc: specialUnary((x, y) => sincDerivatives(x, y)[0], (x, y) => sincDerivatives(x, y)[1]),
  // J₀′ = −J₁, J₀″ = J₁/x − J₀
  besselj0: specialUnary((x) => -besselJ1(x), (x, y) => j1OverX(x) - y),
  // J₁′ = J₀ − J₁/x, J₁″ = −J₁ − J₀/x + 2J₁/x² (besselJ1Second)
  besselj1: specialUnary((x, y) => besselJ0(x) - (x === 0 ? 0.5 : y / x), (x, y) => besselJ1Second(x, y)),
  // logit(p) = ln(p/(1−p)): ′ = 1/(p(1−p)), ″ = (2p−1)/(p(1−p))²
  logit: specialUnary((p) => 1 / (p * (1 - p)), (p) => (2 * p - 1) / (p * (1 - p)) ** 2),
  // expit = σ: σ′ = σ(1−σ), σ″ = σ(1−σ)(1−2σ) = −σ(1−σ)·tanh(x/2)
  expit: specialUnary((x) => logisticDensity(x), (x) => -logisticDensity(x) * Math.tanh(x / 2)),
  // log1pexp(x) = ln(1 + eˣ): ′ = σ(x), ″ = σ(1−σ)
  log1pexp: specialUnary((x) => 1 / (1 + Math.exp(-x)), (x) => logisticDensity(x)),
  // B(a, b) = y: ∂a = y(ψ(a) − ψ(a+b)), ∂b = y(ψ(b) − ψ(a+b));
  // ∂aa = y((ψ(a) − ψ(a+b))² + ψ′(a) − ψ′(a+b)), ∂ab = y((ψ(a) − ψ(a+b))(ψ(b) − ψ(a+b)) − ψ′(a+b)), ∂bb likewise.
  beta: {
    arity: 2,
    partial: (i, y, a, b = NaN) => y * (digamma(i === 0 ? a : b) - digamma(a + b)),
    second: (i, j, y, a, b = NaN) => {
      const da = digamma(a) - digamma(a + b), db = digamma(b) - digamma(a + b), t = trigamma(a + b);
      return i !== j ? y * (da * db - t) : i === 0 ? y * (da * da + trigamma(a) - t) : y * (db * db + trigamma(b) - t);
    },
  },
};
