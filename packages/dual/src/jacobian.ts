/** Jacobians of f: Rⁿ → Rᵐ. */
import { Dual, newTag, type Real } from './dual.js';
import { add, mul } from './ops.js';
import { checkFunction, checkOptions, checkPointOrMatrix, checkVector, checkVectorResult, explainPointFailure, inShapeOf, isCurried, jacobianOptionNames, pointCall, type Point } from './check.js';
import { callVector, resultPart, sweepTemplate, withOptions, type JacobianOptions, type Options } from './perturbation.js';
import type { DualMatrixVectorFunction, DualVectorValuedFunction, Matrix, PlainMatrixVectorFunction, PlainVectorValuedFunction, RecordValuedFunction, Vector, VectorValuedFunction } from './types.js';

/**
 * The Jacobian J(x) of f: Rⁿ → Rᵐ as m rows of n numbers (J[i][j] = ∂fᵢ/∂xⱼ): one forward
 * sweep per input column.
 *
 * @example
 * jacobian(([r, θ]) => [ops.mul(r, ops.cos(θ)), ops.mul(r, ops.sin(θ))], [2, 0]);
 * // [[1, 0], [0, 2]]
 */
export function jacobian(f: DualVectorValuedFunction, x: Vector, options?: JacobianOptions): number[][];
export function jacobian(f: PlainVectorValuedFunction, x: Vector, options?: JacobianOptions): number[][];
export function jacobian(f: DualVectorValuedFunction, options?: JacobianOptions): (x: Vector) => number[][];
export function jacobian(f: PlainVectorValuedFunction, options?: JacobianOptions): (x: Vector) => number[][];
/** Compiled by the build plugin: rows in the order of the value's numbers, columns in the order of the point's. */
export function jacobian<P extends object, R extends object>(f: RecordValuedFunction<P, R>, x: P, options?: JacobianOptions): number[][];
export function jacobian<P extends object, R extends object>(f: RecordValuedFunction<P, R>, options?: JacobianOptions): (x: P) => number[][];
export function jacobian(f: VectorValuedFunction, x?: Vector | JacobianOptions, options?: JacobianOptions): number[][] | ((x: Vector) => number[][]) {
  if (isCurried('jacobian', x, arguments.length, 'an array of numbers', jacobianOptionNames)) {
    const g = checkFunction('jacobian', f);
    const opts = x as JacobianOptions | undefined;
    return (at: Vector) => jacobian(g as DualVectorValuedFunction, at, opts);
  }
  return valueAndJacobianOf('jacobian', f, x, options).jacobian;
}

/**
 * f(x) and J(x) from the same sweeps.
 * @example
 * valueAndJacobian(([a, b]) => [ops.mul(a, b), ops.add(a, b)], [3, 4]);
 * // { value: [12, 7], jacobian: [[4, 3], [1, 1]] }
 */
export function valueAndJacobian(f: DualVectorValuedFunction, x: Vector, options?: JacobianOptions): { value: number[]; jacobian: number[][] };
export function valueAndJacobian(f: PlainVectorValuedFunction, x: Vector, options?: JacobianOptions): { value: number[]; jacobian: number[][] };
/** Compiled by the build plugin: the value is a record (or a tuple) as f returns it. */
export function valueAndJacobian<P extends object, R extends object>(f: RecordValuedFunction<P, R>, x: P, options?: JacobianOptions): { value: R; jacobian: number[][] };
export function valueAndJacobian(f: VectorValuedFunction, x: Vector, options?: JacobianOptions): { value: number[]; jacobian: number[][] } {
  const { value, jacobian } = valueAndJacobianOf('valueAndJacobian', f, x, options);
  return { value, jacobian };
}

/**
 * f(x) and J(x) for `verb`; `outputs`: the number of values f must return (vjp's `w` has one weight
 * per value). `matrix`: x may be a matrix (vjp's), whose numbers are J's columns in order.
 */
function valueAndJacobianOf(verb: string, f: VectorValuedFunction, x: unknown, options: unknown, outputs?: number, matrix = false): { value: number[]; jacobian: number[][]; point: Point } {
  f = checkFunction(verb, f);
  const point = matrix ? checkPointOrMatrix(verb, x) : { xs: checkVector(verb, x) };
  const { xs } = point;
  const { f: call, spread } = pointCall(verb, f, point);
  return withOptions(checkOptions(verb, options, jacobianOptionNames), () => {
    const t = newTag();
    const template = sweepTemplate(xs);
    let rows: Real[][] = [];
    let value: Real[] = [];
    for (let j = 0; j < xs.length; j++) {
      const args = template.slice();
      args[j] = new Dual(xs[j], 1, t);
      const y = checkVectorResult(verb, callVector(call, args, spread), j === 0 ? undefined : rows.length);
      if (j === 0) {
        if (outputs !== undefined && y.length !== outputs) {
          throw new RangeError(`${verb}: \`w\` has length ${outputs} but \`f\` returned ${y.length} values; w must have one weight per value of f`);
        }
        rows = y.map(() => new Array<Real>(xs.length));
        value = y.map((yi) => resultPart(yi, t, 'value', xs));
      }
      y.forEach((yi, i) => (rows[i][j] = resultPart(yi, t, 'tangent', xs)));
    }
    return { value: value as number[], jacobian: rows as number[][], point };
  }, explainPointFailure(verb, f, point, spread));
}

/**
 * The vector–Jacobian product wᵀJ(x) of f: Rⁿ → Rᵐ, n numbers (entry j: Σᵢ wᵢ ∂fᵢ/∂xⱼ): what one
 * backward sweep seeded with w gives in reverse mode. The run-time engine is forward mode: one
 * sweep per input column, as `jacobian`, then the weighted sum of the rows in the order of i. A
 * term with wᵢ or ∂fᵢ/∂xⱼ exactly 0 contributes nothing (the zero convention: 0 · ∞ is 0, as
 * a zero adjoint contributes nothing in reverse mode).
 *
 * @example
 * vjp(([r, θ]) => [ops.mul(r, ops.cos(θ)), ops.mul(r, ops.sin(θ))], [2, 0], [1, 1]);
 * // [1, 2]
 */
export function vjp(f: DualVectorValuedFunction, x: Vector, w: Vector, options?: Options): number[];
export function vjp(f: PlainVectorValuedFunction, x: Vector, w: Vector, options?: Options): number[];
/** At a matrix `x` (`number[][]`), wᵀJ is a matrix of the same shape. */
export function vjp(f: DualMatrixVectorFunction, x: Matrix, w: Vector, options?: Options): number[][];
export function vjp(f: PlainMatrixVectorFunction, x: Matrix, w: Vector, options?: Options): number[][];
/** Compiled by the build plugin: w in the shape of f's value (a record, a tuple, an array of records), wᵀJ in the point's. */
export function vjp<P extends object, R extends object>(f: RecordValuedFunction<P, R>, x: P, w: R, options?: Options): P;
export function vjp(f: VectorValuedFunction | DualMatrixVectorFunction, x: Vector | Matrix, w: Vector, options?: Options): number[] | number[][] {
  return valueAndVjpOf('vjp', f, x, w, options).vjp;
}

/**
 * f(x) and wᵀJ(x) from the same sweeps.
 * @example
 * valueAndVjp(([a, b]) => [ops.mul(a, b), ops.add(a, b)], [3, 4], [1, 2]);
 * // { value: [12, 7], vjp: [6, 5] }
 */
export function valueAndVjp(f: DualVectorValuedFunction, x: Vector, w: Vector, options?: Options): { value: number[]; vjp: number[] };
export function valueAndVjp(f: PlainVectorValuedFunction, x: Vector, w: Vector, options?: Options): { value: number[]; vjp: number[] };
/** At a matrix `x` (`number[][]`), wᵀJ is a matrix of the same shape. */
export function valueAndVjp(f: DualMatrixVectorFunction, x: Matrix, w: Vector, options?: Options): { value: number[]; vjp: number[][] };
export function valueAndVjp(f: PlainMatrixVectorFunction, x: Matrix, w: Vector, options?: Options): { value: number[]; vjp: number[][] };
/** Compiled by the build plugin: w and the value in the shape of f's value, wᵀJ in the point's. */
export function valueAndVjp<P extends object, R extends object>(f: RecordValuedFunction<P, R>, x: P, w: R, options?: Options): { value: R; vjp: P };
export function valueAndVjp(f: VectorValuedFunction | DualMatrixVectorFunction, x: Vector | Matrix, w: Vector, options?: Options): { value: number[]; vjp: number[] | number[][] } {
  return valueAndVjpOf('valueAndVjp', f, x, w, options);
}

/** f(x) and wᵀJ(x) for `verb`: every argument checked before the sweeps, w's length against f's output after the first. */
function valueAndVjpOf(verb: string, f: unknown, x: unknown, w: unknown, options: unknown): { value: number[]; vjp: number[] | number[][] } {
  checkFunction(verb, f as VectorValuedFunction);
  checkPointOrMatrix(verb, x);
  const ws = checkVector(verb, w, 'w');
  checkOptions(verb, options);
  const { value, jacobian: rows, point } = valueAndJacobianOf(verb, f as VectorValuedFunction, x, options, ws.length, true);
  const term = (wi: Real, jij: Real): Real => (wi === 0 || jij === 0 ? 0 : mul(wi, jij));
  const product = rows[0].map((_, j) => rows.reduce<Real>((s, row, i) => (i === 0 ? term(ws[0], row[j]) : add(s, term(ws[i], row[j]))), 0));
  return { value, vjp: inShapeOf(point, product as number[]) };
}
