/** Jacobians of f: Rⁿ → Rᵐ. */
import { Dual, newTag, type Real } from './dual.js';
import { checkFunction, checkOptions, checkVector, checkVectorResult, explainVectorFailure, isCurried, spreadsPoint } from './check.js';
import { callVector, resultPart, sweepTemplate, withOptions, type Options } from './perturbation.js';
import type { DualVectorValuedFunction, PlainVectorValuedFunction, RecordValuedFunction, Vector, VectorValuedFunction } from './types.js';

/**
 * The Jacobian J(x) of f: Rⁿ → Rᵐ as m rows of n numbers (J[i][j] = ∂fᵢ/∂xⱼ): one forward
 * sweep per input column.
 *
 * @example
 * jacobian(([r, θ]) => [ops.mul(r, ops.cos(θ)), ops.mul(r, ops.sin(θ))], [2, 0]);
 * // [[1, 0], [0, 2]]
 */
export function jacobian(f: DualVectorValuedFunction, x: Vector, options?: Options): number[][];
export function jacobian(f: PlainVectorValuedFunction, x: Vector, options?: Options): number[][];
export function jacobian(f: DualVectorValuedFunction, options?: Options): (x: Vector) => number[][];
export function jacobian(f: PlainVectorValuedFunction, options?: Options): (x: Vector) => number[][];
/** Compiled by the build plugin: rows in the order of the value's numbers, columns in the order of the point's. */
export function jacobian<P extends object, R extends object>(f: RecordValuedFunction<P, R>, x: P, options?: Options): number[][];
export function jacobian<P extends object, R extends object>(f: RecordValuedFunction<P, R>, options?: Options): (x: P) => number[][];
export function jacobian(f: VectorValuedFunction, x?: Vector | Options, options?: Options): number[][] | ((x: Vector) => number[][]) {
  if (isCurried('jacobian', x, arguments.length, 'an array of numbers')) {
    const g = checkFunction('jacobian', f);
    const opts = x as Options | undefined;
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
export function valueAndJacobian(f: DualVectorValuedFunction, x: Vector, options?: Options): { value: number[]; jacobian: number[][] };
export function valueAndJacobian(f: PlainVectorValuedFunction, x: Vector, options?: Options): { value: number[]; jacobian: number[][] };
/** Compiled by the build plugin: the value is a record (or a tuple) as f returns it. */
export function valueAndJacobian<P extends object, R extends object>(f: RecordValuedFunction<P, R>, x: P, options?: Options): { value: R; jacobian: number[][] };
export function valueAndJacobian(f: VectorValuedFunction, x: Vector, options?: Options): { value: number[]; jacobian: number[][] } {
  return valueAndJacobianOf('valueAndJacobian', f, x, options);
}

/** f(x) and J(x) for `verb`. */
function valueAndJacobianOf(verb: string, f: VectorValuedFunction, x: unknown, options: unknown): { value: number[]; jacobian: number[][] } {
  f = checkFunction(verb, f);
  const xs = checkVector(verb, x);
  const spread = spreadsPoint(verb, f, xs.length);
  return withOptions(checkOptions(verb, options), () => {
    const t = newTag();
    const template = sweepTemplate(xs);
    let rows: Real[][] = [];
    let value: Real[] = [];
    for (let j = 0; j < xs.length; j++) {
      const args = template.slice();
      args[j] = new Dual(xs[j], 1, t);
      const y = checkVectorResult(verb, callVector(f, args, spread), j === 0 ? undefined : rows.length);
      if (j === 0) {
        rows = y.map(() => new Array<Real>(xs.length));
        value = y.map((yi) => resultPart(yi, t, 'value', xs));
      }
      y.forEach((yi, i) => (rows[i][j] = resultPart(yi, t, 'tangent', xs)));
    }
    return { value: value as number[], jacobian: rows as number[][] };
  }, explainVectorFailure(verb, f, spread));
}
