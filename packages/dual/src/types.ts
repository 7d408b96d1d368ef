/**
 * The function shapes the API accepts. Each accepts a plain numeric function (compiled by the
 * @ddx/transform build plugin) as well as one written over ddx values (run-time engine), so the
 * same call type-checks in both uses.
 */
import type { Dual, HyperDual, Real } from './dual.js';

/** f: R → R, for first derivatives. */
export type ScalarFunction = ((x: number) => number) | ((x: Dual) => Real);
/** f: R → R, for second derivatives. */
export type ScalarFunction2 = ((x: number) => number) | ((x: HyperDual) => Real);

/** f: Rⁿ → R taking one vector, or n number parameters; `D` is the dual kind it receives. */
export type VectorFunction<D = Dual> =
  | ((x: number[]) => number)
  | ((x: Float64Array) => number)
  | ((...x: number[]) => number)
  | ((x: D[]) => Real)
  | ((...x: D[]) => Real);

/** f: Rⁿ → Rᵐ, for Jacobians. */
export type VectorValuedFunction =
  | ((x: number[]) => ArrayLike<number>)
  | ((x: Float64Array) => ArrayLike<number>)
  | ((...x: number[]) => ArrayLike<number>)
  | ((x: Dual[]) => ArrayLike<Real>)
  | ((...x: Dual[]) => ArrayLike<Real>);

/** A vector argument: a plain array or a Float64Array. */
export type Vector = readonly number[] | Float64Array;
