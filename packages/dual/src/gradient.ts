/** Gradients of f: Rⁿ → R, and directional derivatives (jvp) of f: Rⁿ → R or Rᵐ. */
import { Dual, newTag, type Real } from './dual.js';
import {
  checkAlong, checkFunction, checkOptions, checkPointOrMatrix, checkScalarResult, checkVectorResult, explainPointFailure, gradientOptionNames,
  inShapeOf, isCurried, isReal, pointCall,
} from './check.js';
import { ChunkedNotApplicable, Partials, densePartials, unitPartials } from './partials.js';
import { callVector, isNested, partOf, resultPart, sweepTemplate, withOptions, type GradientOptions, type Options } from './perturbation.js';
import type {
  DualMatrixFunction, DualMatrixVectorFunction, DualVectorFunction, DualVectorValuedFunction, Matrix, MatrixFunction, PlainMatrixFunction, PlainMatrixVectorFunction, PlainVectorFunction, PlainVectorValuedFunction, RecordFunction, RecordValuedFunction, Vector, VectorFunction,
  VectorValuedFunction,
} from './types.js';

/**
 * The gradient ∇f(x), exact up to rounding. If f declares two or more parameters, the
 * coordinates are passed as separate arguments: `gradient((a, b) => …, [a, b])`.
 *
 * Two strategies give the same numbers (option `strategy`): one forward sweep per input
 * (`'sweeps'`: that input a dual, the others plain numbers, so constants cost nothing), or a
 * single sweep whose tangents are sparse vectors over all inputs (`'chunked'`: a term touching
 * two inputs costs two multiplications). `'auto'`, the default, takes the chunked sweep from
 * {@link CHUNKED_FROM} inputs on, unless this call is nested inside another ddx call.
 *
 * Without `x`, returns the gradient as a function. At a matrix `x` (`number[][]`, rows of any
 * lengths), f receives the matrix and the gradient is a matrix of the same shape.
 *
 * @example
 * gradient(([a, b]) => ops.mul(a, ops.sin(b)), [2, 0]);   // [0, 2]
 * gradient((W) => ops.mul(W[0][1], W[1][0]), [[1, 2], [3]]); // [[0, 3], [2]]
 * gradient((a, b) => ops.mul(a, b), [3, 4]);              // [4, 3]
 * gradient((v) => rosenbrock(v), x, { strategy: 'sweeps' });
 */
export function gradient(f: DualVectorFunction, x: Vector, options?: GradientOptions): number[];
export function gradient(f: PlainVectorFunction, x: Vector, options?: GradientOptions): number[];
export function gradient(f: DualVectorFunction, options?: GradientOptions): (x: Vector) => number[];
export function gradient(f: PlainVectorFunction, options?: GradientOptions): (x: Vector) => number[];
export function gradient(f: DualMatrixFunction, x: Matrix, options?: GradientOptions): number[][];
export function gradient(f: PlainMatrixFunction, x: Matrix, options?: GradientOptions): number[][];
export function gradient(f: DualMatrixFunction, options?: GradientOptions): (x: Matrix) => number[][];
export function gradient(f: PlainMatrixFunction, options?: GradientOptions): (x: Matrix) => number[][];
/** Compiled by the build plugin: the gradient with respect to a record (an array of records) is a record (an array of records) of the same shape. */
export function gradient<P extends object>(f: RecordFunction<P>, x: P, options?: GradientOptions): P;
export function gradient<P extends object>(f: RecordFunction<P>, options?: GradientOptions): (x: P) => P;
export function gradient(
  f: VectorFunction | MatrixFunction,
  x?: Vector | Matrix | GradientOptions,
  options?: GradientOptions,
): number[] | number[][] | ((x: never) => number[] | number[][]) {
  if (isCurried('gradient', x, arguments.length, 'an array of numbers', gradientOptionNames)) {
    const g = checkFunction('gradient', f);
    const opts = x as GradientOptions | undefined;
    return (at: Vector) => gradient(g as DualVectorFunction, at, opts);
  }
  return valueAndGradientOf('gradient', f as VectorFunction, x, options).gradient;
}

/**
 * The number of inputs from which `strategy: 'auto'` uses the chunked sweep. Measured with
 * `bench/micro.ts` (Rosenbrock, and a dense exp(Σ sin xᵢ)·Σ xᵢ²): sweeps on plain numbers are
 * faster below about 6 inputs, the two are even at 6–8, and chunked wins from there on.
 * @example
 * gradient(f, x, { strategy: x.length >= CHUNKED_FROM ? 'chunked' : 'sweeps' }); // what 'auto' does
 */
export const CHUNKED_FROM = 8;

/**
 * f(x) and ∇f(x) from the same evaluations.
 *
 * @example
 * valueAndGradient(([a, b]) => ops.mul(a, b), [3, 4]);  // { value: 12, gradient: [4, 3] }
 */
export function valueAndGradient(f: DualVectorFunction, x: Vector, options?: GradientOptions): { value: number; gradient: number[] };
export function valueAndGradient(f: PlainVectorFunction, x: Vector, options?: GradientOptions): { value: number; gradient: number[] };
/** At a matrix `x` (`number[][]`), the gradient is a matrix of the same shape. */
export function valueAndGradient(f: DualMatrixFunction, x: Matrix, options?: GradientOptions): { value: number; gradient: number[][] };
export function valueAndGradient(f: PlainMatrixFunction, x: Matrix, options?: GradientOptions): { value: number; gradient: number[][] };
/** Compiled by the build plugin: the gradient has the shape of the record (or array of records) `x`. */
export function valueAndGradient<P extends object>(f: RecordFunction<P>, x: P, options?: GradientOptions): { value: number; gradient: P };
export function valueAndGradient(f: VectorFunction | MatrixFunction, x: Vector | Matrix, options?: GradientOptions): { value: number; gradient: number[] | number[][] } {
  return valueAndGradientOf('valueAndGradient', f as VectorFunction, x, options);
}

/** f(x) and ∇f(x) for `verb`, the gradient in the shape of `x`. */
function valueAndGradientOf(verb: string, f: VectorFunction, x: unknown, options: unknown): { value: number; gradient: number[] | number[][] } {
  f = checkFunction(verb, f);
  const point = checkPointOrMatrix(verb, x);
  const xs = point.xs;
  const { f: call, spread } = pointCall(verb, f, point);
  const opts = checkOptions<GradientOptions>(verb, options, gradientOptionNames);
  const strategy = opts?.strategy ?? 'auto';
  const { value, gradient } = withOptions(opts, () => {
    const chunked = strategy === 'chunked' || (strategy === 'auto' && xs.length >= CHUNKED_FROM);
    if (chunked && !isNested() && xs.every((xi) => typeof xi === 'number')) {
      const result = chunkedGradient(verb, call as VectorFunction, xs as number[], spread);
      if (result !== undefined) return result;
    }
    return sweepGradient(verb, call as VectorFunction, xs, spread);
  }, explainPointFailure(verb, f, point, spread));
  return { value, gradient: inShapeOf(point, gradient) };
}

/** n sweeps: input i is the dual xᵢ + ε, the others plain numbers. */
function sweepGradient(verb: string, f: VectorFunction, xs: Real[], spread: boolean): { value: number; gradient: number[] } {
  const t = newTag();
  const g: Real[] = new Array(xs.length);
  let value: Real = NaN;
  const template = sweepTemplate(xs);
  for (let i = 0; i < xs.length; i++) {
    const args = template.slice();
    args[i] = new Dual(xs[i], 1, t);
    const y = checkScalarResult(verb, callVector(f, args, spread));
    g[i] = resultPart(y, t, 'tangent', xs);
    if (i === 0) value = resultPart(y, t, 'value', xs);
  }
  return { value: value as number, gradient: g as number[] };
}

/** One sweep: input i is the dual xᵢ + εᵢ with a sparse tangent; undefined when it does not apply. */
function chunkedGradient(verb: string, f: VectorFunction, xs: number[], spread: boolean): { value: number; gradient: number[] } | undefined {
  const t = newTag();
  const args = xs.map((xi, i) => new Dual(xi, unitPartials(i) as unknown as Real, t));
  let y: Real;
  try {
    y = checkScalarResult(verb, callVector(f, args, spread));
  } catch (e) {
    if (e instanceof ChunkedNotApplicable) return undefined;
    throw e;
  }
  const value = partOf(y, t, 'value');
  const tangent: unknown = partOf(y, t, 'tangent');
  if (typeof value !== 'number') return undefined;
  if (tangent instanceof Partials) return { value, gradient: densePartials(tangent, xs.length) };
  // A result without the perturbation is constant.
  return tangent === 0 ? { value, gradient: new Array<number>(xs.length).fill(0) } : undefined;
}

/**
 * The Jacobian-vector product J(x)·v: the directional derivative of f at x along v, in one
 * sweep. For f: Rⁿ → R it is a number, for f: Rⁿ → Rᵐ an array of m numbers. At a matrix `x`
 * (`number[][]`), `v` is a matrix of the same shape.
 *
 * @example
 * jvp(([a, b]) => ops.mul(a, b), [3, 4], [1, 1]);  // 7
 */
export function jvp(f: DualVectorFunction, x: Vector, v: Vector, options?: Options): number;
export function jvp(f: DualVectorValuedFunction, x: Vector, v: Vector, options?: Options): number[];
export function jvp(f: PlainVectorFunction, x: Vector, v: Vector, options?: Options): number;
export function jvp(f: PlainVectorValuedFunction, x: Vector, v: Vector, options?: Options): number[];
export function jvp(f: DualMatrixFunction, x: Matrix, v: Matrix, options?: Options): number;
export function jvp(f: PlainMatrixFunction, x: Matrix, v: Matrix, options?: Options): number;
export function jvp(f: DualMatrixVectorFunction, x: Matrix, v: Matrix, options?: Options): number[];
export function jvp(f: PlainMatrixVectorFunction, x: Matrix, v: Matrix, options?: Options): number[];
/** Compiled by the build plugin: at a record `x` along a record `v` of the same shape; a record-valued f gives a record. */
export function jvp<P extends object>(f: RecordFunction<P>, x: P, v: P, options?: Options): number;
export function jvp<P extends object, R extends object>(f: RecordValuedFunction<P, R>, x: P, v: P, options?: Options): R;
export function jvp(f: VectorFunction | VectorValuedFunction | MatrixFunction | DualMatrixVectorFunction, x: Vector | Matrix, v: Vector | Matrix, options?: Options): number | number[] {
  const { xs, vs, call, spread, explain } = checkAlong('jvp', f, x, v);
  return withOptions(checkOptions('jvp', options), () => {
    const t = newTag();
    const y = callVector(call, xs.map((xi, i) => new Dual(xi, vs[i], t)), spread);
    if (isReal(y)) return resultPart(y, t, 'tangent', xs, vs) as number;
    return checkVectorResult('jvp', y).map((yk) => resultPart(yk, t, 'tangent', xs, vs) as number);
  }, explain);
}
