/**
 * The function shapes the API accepts. Each verb accepts a function written over ddx values
 * (run-time engine) and a plain numeric function (compiled by the @ddx/transform build plugin),
 * as separate overloads, the ddx one first: an inline arrow `(x) => x.mul(x)` then gets its
 * parameter type (Dual, HyperDual, or an array of them) from the overload.
 */
import type { Dual, HyperDual, Real } from './dual.js';

/** A plain numeric f: R → R (for the build plugin). */
export type PlainFunction = (x: number) => number;
/** f: R → R over duals, for first derivatives. */
export type DualFunction = (x: Dual) => Real;
/** f: R → R over hyper-duals, for second derivatives. */
export type HyperDualFunction = (x: HyperDual) => Real;
/** f: R → R, for first derivatives. */
export type ScalarFunction = DualFunction | PlainFunction;
/** f: R → R, for second derivatives. */
export type ScalarFunction2 = HyperDualFunction | PlainFunction;

/** A plain numeric f: Rⁿ → R taking one vector, or n number parameters (for the build plugin). */
export type PlainVectorFunction = ((x: number[]) => number) | ((x: Float64Array) => number) | ((...x: number[]) => number);
/** f: Rⁿ → R over one array of duals (`D` is the dual kind it receives). */
export type ArrayFunction<D = Dual> = (x: D[]) => Real;
/** f: Rⁿ → R over n dual parameters. */
export type SpreadFunction<D = Dual> = (...x: D[]) => Real;
/** f: Rⁿ → R taking one vector, or n number parameters; `D` is the dual kind it receives. */
export type VectorFunction<D = Dual> = ArrayFunction<D> | SpreadFunction<D> | PlainVectorFunction;

/** A plain numeric f: Rⁿ → Rᵐ (for the build plugin). */
export type PlainVectorValuedFunction =
  | ((x: number[]) => ArrayLike<number>)
  | ((x: Float64Array) => ArrayLike<number>)
  | ((...x: number[]) => ArrayLike<number>);
/** f: Rⁿ → Rᵐ, for Jacobians. */
export type VectorValuedFunction =
  | ((x: Dual[]) => ArrayLike<Real>)
  | ((...x: Dual[]) => ArrayLike<Real>)
  | PlainVectorValuedFunction;

/** A vector argument: a plain array or a Float64Array. */
export type Vector = readonly number[] | Float64Array;
