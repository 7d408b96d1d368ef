/**
 * The function shapes the API accepts. Each verb accepts a function written over ddx values
 * (run-time engine) and a plain numeric function (compiled by the @ddx/transform build plugin).
 * An inline arrow without annotations gets its parameter type from the first overload, whose
 * parameter is a dual and a number at once ({@link Either}): so `(x) => x * Math.sin(x)` (plain,
 * compiled) and `(x) => ops.mul(x, x)` or `(x) => x.mul(x)` (run-time engine) type-check alike
 * under `strict`, with no annotation. At run time the argument is one of the two, never both.
 */
import type { Dual, HyperDual, Real } from './dual.js';

/**
 * The type of an unannotated parameter: `D` (a Dual or HyperDual) and `number` at once, so that the
 * arrow's body may be written over either. Functions annotated with only one of them are accepted too.
 */
export type Either<D> = D & number;

/** A plain numeric f: R → R (for the build plugin). */
export type PlainFunction = (x: number) => number;
/** f: R → R over duals (or numbers, for the build plugin), for first derivatives. */
export type DualFunction = (x: Either<Dual>) => Real;
/** f: R → R over hyper-duals (or numbers, for the build plugin), for second derivatives. */
export type HyperDualFunction = (x: Either<HyperDual>) => Real;
/** f: R → R, for first derivatives. */
export type ScalarFunction = DualFunction | PlainFunction;
/** f: R → R, for second derivatives. */
export type ScalarFunction2 = HyperDualFunction | PlainFunction;

/** A plain numeric f: Rⁿ → R taking one vector, or n number parameters (for the build plugin). */
export type PlainVectorFunction = ((x: number[]) => number) | ((x: Float64Array) => number) | ((...x: number[]) => number);
/**
 * The first parameter of a vector function over duals: the whole vector (`([a, b]) => …`,
 * `(v) => …`) or, when f declares several parameters, the first coordinate (`(a, b) => …`).
 * Typed as both, so one overload gives an inline arrow its parameter types in either form.
 */
export type VectorOrFirst<D> = Either<D>[] & Either<D>;
/** f: Rⁿ → R over duals (`D` is the dual kind it receives): one array parameter, or n parameters. */
export type DualVectorFunction<D = Dual> = (x: VectorOrFirst<D>, ...rest: Either<D>[]) => Real;
/** f: Rⁿ → Rᵐ over duals: one array parameter, or n parameters. */
export type DualVectorValuedFunction = (x: VectorOrFirst<Dual>, ...rest: Either<Dual>[]) => ArrayLike<Real>;
/** f: Rⁿ → R taking one vector, or n number parameters; `D` is the dual kind it receives. */
export type VectorFunction<D = Dual> = DualVectorFunction<D> | PlainVectorFunction;

/** A plain numeric f: Rⁿ → Rᵐ (for the build plugin). */
export type PlainVectorValuedFunction =
  | ((x: number[]) => ArrayLike<number>)
  | ((x: Float64Array) => ArrayLike<number>)
  | ((...x: number[]) => ArrayLike<number>);
/** f: Rⁿ → Rᵐ, for Jacobians. */
export type VectorValuedFunction = DualVectorValuedFunction | PlainVectorValuedFunction;

/**
 * A plain numeric function of a record, a tuple or an array of records of numbers (`(p: Point) =>
 * …`, `(v: Vec3) => …`, `(chain: Point[]) => …`), for the build plugin, which lays the point out as
 * its numbers and builds results back into its shape: the gradient with respect to a `Point` is a
 * `Point`, with respect to a `Point[]` a `Point[]`. The run-time engine takes arrays of numbers only.
 */
export type RecordFunction<P extends object> = (x: P) => number;
/** A plain numeric function of a record, a tuple or an array of records whose value is a record or a tuple (`R`), for the build plugin. */
export type RecordValuedFunction<P extends object, R extends object> = (x: P) => R;

/**
 * A matrix point (`number[][]`, rows of any lengths) for gradient, valueAndGradient, jvp, hvp, vjp
 * and valueAndVjp, which give back the gradient (H·v, wᵀJ) as a matrix of the same shape; the other
 * vector verbs take a flat vector.
 */
export type Matrix = readonly (readonly number[])[];
/** f of a matrix over duals (`D` is the dual kind it receives): it receives the point's rows. */
export type DualMatrixFunction<D = Dual> = (x: Either<D>[][]) => Real;
/** A plain numeric f of a matrix (for the build plugin). */
export type PlainMatrixFunction = (x: number[][]) => number;
/** f of a matrix, either kind. */
export type MatrixFunction<D = Dual> = DualMatrixFunction<D> | PlainMatrixFunction;
/** f of a matrix over duals whose value is a vector (jvp, vjp): it receives the point's rows. */
export type DualMatrixVectorFunction = (x: Either<Dual>[][]) => ArrayLike<Real>;
/** A plain numeric f of a matrix whose value is a vector (for the build plugin). */
export type PlainMatrixVectorFunction = (x: number[][]) => number[];

/** A vector argument: a plain array or a Float64Array. */
export type Vector = readonly number[] | Float64Array;
