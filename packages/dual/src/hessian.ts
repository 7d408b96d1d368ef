/** Hessians and Hessian-vector products of f: Rⁿ → R, with hyper-dual numbers. */
import { HyperDual, newTag, type Real } from './dual.js';
import {
  checkAlong, checkFunction, checkOptions, checkScalarResult, checkVector, explainVectorFailure, inShapeOf, isCurried, secondOrderOptionNames, spreadsPoint,
} from './check.js';
import { callVector, resultPart, sweepTemplate, withOptions, type SecondOrderOptions } from './perturbation.js';
import type { DualMatrixFunction, DualVectorFunction, Matrix, MatrixFunction, PlainMatrixFunction, PlainVectorFunction, RecordFunction, Vector, VectorFunction } from './types.js';

/**
 * The Hessian ∇²f(x), exact up to rounding: for each pair i ≤ j one evaluation on hyper-duals
 * seeded with ε1 on xᵢ and ε2 on xⱼ, whose ε1ε2 part is ∂²f/∂xᵢ∂xⱼ (n(n+1)/2 evaluations).
 *
 * @example
 * hessian(([x, y]) => ops.mul(ops.mul(x, x), y), [1, 2]);  // [[4, 2], [2, 0]]
 */
export function hessian(f: DualVectorFunction<HyperDual>, x: Vector, options?: SecondOrderOptions): number[][];
export function hessian(f: PlainVectorFunction, x: Vector, options?: SecondOrderOptions): number[][];
export function hessian(f: DualVectorFunction<HyperDual>, options?: SecondOrderOptions): (x: Vector) => number[][];
export function hessian(f: PlainVectorFunction, options?: SecondOrderOptions): (x: Vector) => number[][];
/** Compiled by the build plugin: a matrix in the order of the record's numbers (its fields, depth first). */
export function hessian<P extends object>(f: RecordFunction<P>, x: P, options?: SecondOrderOptions): number[][];
export function hessian<P extends object>(f: RecordFunction<P>, options?: SecondOrderOptions): (x: P) => number[][];
export function hessian(f: VectorFunction<HyperDual>, x?: Vector | SecondOrderOptions, options?: SecondOrderOptions): number[][] | ((x: Vector) => number[][]) {
  if (isCurried('hessian', x, arguments.length, 'an array of numbers', secondOrderOptionNames)) {
    const g = checkFunction('hessian', f);
    const opts = x as SecondOrderOptions | undefined;
    return (at: Vector) => hessian(g as DualVectorFunction<HyperDual>, at, opts);
  }
  return valueGradientHessianOf('hessian', f, x, options).hessian;
}

/**
 * f(x), ∇f(x) and ∇²f(x) from the same hyper-dual evaluations.
 * @example
 * valueGradientHessian(([x, y]) => ops.mul(ops.mul(x, x), y), [1, 2]);
 * // { value: 2, gradient: [4, 1], hessian: [[4, 2], [2, 0]] }
 */
export function valueGradientHessian(f: DualVectorFunction<HyperDual>, x: Vector, options?: SecondOrderOptions): { value: number; gradient: number[]; hessian: number[][] };
export function valueGradientHessian(f: PlainVectorFunction, x: Vector, options?: SecondOrderOptions): { value: number; gradient: number[]; hessian: number[][] };
/** Compiled by the build plugin: the gradient has the shape of the record `x`, the hessian is in the order of its numbers. */
export function valueGradientHessian<P extends object>(f: RecordFunction<P>, x: P, options?: SecondOrderOptions): { value: number; gradient: P; hessian: number[][] };
export function valueGradientHessian(
  f: VectorFunction<HyperDual>,
  x: Vector,
  options?: SecondOrderOptions,
): { value: number; gradient: number[]; hessian: number[][] } {
  return valueGradientHessianOf('valueGradientHessian', f, x, options);
}

/** f(x), ∇f(x) and ∇²f(x) for `verb`. */
function valueGradientHessianOf(
  verb: string,
  f: VectorFunction<HyperDual>,
  x: unknown,
  options: unknown,
): { value: number; gradient: number[]; hessian: number[][] } {
  f = checkFunction(verb, f);
  const xs = checkVector(verb, x);
  const n = xs.length;
  const spread = spreadsPoint(verb, f, n);
  return withOptions(checkOptions(verb, options, secondOrderOptionNames), () => {
    const t = newTag();
    const H: Real[][] = Array.from({ length: n }, () => new Array<Real>(n));
    const g: Real[] = new Array(n);
    let value: Real = NaN;
    const template = sweepTemplate(xs);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const args = template.slice();
        if (i === j) args[i] = new HyperDual(xs[i], 1, 1, 0, t);
        else {
          args[i] = new HyperDual(xs[i], 1, 0, 0, t);
          args[j] = new HyperDual(xs[j], 0, 1, 0, t);
        }
        const y = checkScalarResult(verb, callVector(f, args, spread));
        H[i][j] = H[j][i] = resultPart(y, t, 'e12', xs);
        if (i === j) g[i] = resultPart(y, t, 'e1', xs);
        if (i === 0 && j === 0) value = resultPart(y, t, 'value', xs);
      }
    }
    return { value: value as number, gradient: g as number[], hessian: H as number[][] };
  }, explainVectorFailure(verb, f, spread));
}

/**
 * The Hessian-vector product ∇²f(x)·v without forming the Hessian: n hyper-dual evaluations,
 * each seeded with ε1 on xᵢ and ε2 along v. At a matrix `x` (`number[][]`), `v` and the result
 * are matrices of the same shape.
 *
 * @example
 * hvp(([x, y]) => ops.mul(ops.mul(x, x), y), [1, 2], [1, 0]);  // [4, 2]
 */
export function hvp(f: DualVectorFunction<HyperDual>, x: Vector, v: Vector, options?: SecondOrderOptions): number[];
export function hvp(f: PlainVectorFunction, x: Vector, v: Vector, options?: SecondOrderOptions): number[];
export function hvp(f: DualMatrixFunction<HyperDual>, x: Matrix, v: Matrix, options?: SecondOrderOptions): number[][];
export function hvp(f: PlainMatrixFunction, x: Matrix, v: Matrix, options?: SecondOrderOptions): number[][];
/** Compiled by the build plugin: at a record (or an array of records) `x` along `v` of the same shape, a value of that shape. */
export function hvp<P extends object>(f: RecordFunction<P>, x: P, v: P, options?: SecondOrderOptions): P;
export function hvp(f: VectorFunction<HyperDual> | MatrixFunction<HyperDual>, x: Vector | Matrix, v: Vector | Matrix, options?: SecondOrderOptions): number[] | number[][] {
  const { point, xs, vs, call, spread, explain } = checkAlong('hvp', f, x, v);
  const product = withOptions(checkOptions('hvp', options, secondOrderOptionNames), () => {
    const t = newTag();
    return xs.map((_, i) => {
      const y = checkScalarResult('hvp', callVector(call, xs.map((xk, k) => new HyperDual(xk, k === i ? 1 : 0, vs[k], 0, t)), spread));
      return resultPart(y, t, 'e12', xs, vs) as number;
    });
  }, explain);
  return inShapeOf(point, product);
}
