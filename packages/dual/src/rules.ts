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

/** The functions of two or more arguments; their rules are hand-written in `ops.ts`:
 * - `pow`: x^0 has derivative 0 everywhere, 0^y w.r.t. y is 0 where 0^y = 0 (y > 0);
 * - `atan2`: ∂/∂y = x/(x²+y²), ∂/∂x = -y/(x²+y²);
 * - `hypot`: ∂/∂xᵢ = xᵢ / hypot, computed from the primal to avoid overflow;
 * - `min`/`max`: the first argument that attains the result carries the derivative;
 * - `/` and `%`: quotient rule, and `a % b = a - trunc(a/b)·b`.
 */
export type NaryName = 'pow' | 'atan2' | 'hypot' | 'min' | 'max';

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
