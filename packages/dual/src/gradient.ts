/** Gradients of f: Rⁿ → R, and directional derivatives (jvp) of f: Rⁿ → R or Rᵐ. */
import { Dual, newTag, type Real } from './dual.js';
import { checkFunction, checkSameLength, checkScalarResult, checkVector, checkVectorResult, isReal } from './check.js';
import { callVector, partOf, withOptions, type Options } from './perturbation.js';
import type { Vector, VectorFunction, VectorValuedFunction } from './types.js';

/**
 * The gradient ∇f(x): one forward sweep per input, each seeding one coordinate with a dual
 * and passing the others as plain numbers (constants cost nothing). If f declares two or more
 * parameters, the coordinates are passed as separate arguments: `gradient((a, b) => …, [a, b])`.
 *
 * @example
 * gradient(([a, b]) => ops.mul(a, ops.sin(b)), [2, 0]);   // [0, 2]
 * gradient((a, b) => ops.mul(a, b), [3, 4]);              // [4, 3]
 */
export function gradient(f: VectorFunction, x: Vector, options?: Options): number[];
export function gradient(f: VectorFunction, options?: Options): (x: Vector) => number[];
export function gradient(f: VectorFunction, x?: Vector | Options, options?: Options): number[] | ((x: Vector) => number[]) {
  checkFunction('gradient', f);
  if (x === undefined || (!Array.isArray(x) && !ArrayBuffer.isView(x))) {
    const opts = x as Options | undefined;
    return (at: Vector) => gradient(f, at, opts);
  }
  return valueAndGradient(f, x, options, 'gradient').gradient;
}

/** f(x) and ∇f(x) from the same sweeps. */
export function valueAndGradient(
  f: VectorFunction,
  x: Vector,
  options?: Options,
  verb = 'valueAndGradient',
): { value: number; gradient: number[] } {
  checkFunction(verb, f);
  const xs = checkVector(verb, x);
  return withOptions(options, () => {
    const t = newTag();
    const g: Real[] = new Array(xs.length);
    let value: Real = NaN;
    const args = xs.slice();
    for (let i = 0; i < xs.length; i++) {
      args[i] = new Dual(xs[i], 1, t);
      const y = checkScalarResult(verb, callVector(f, args));
      args[i] = xs[i];
      g[i] = partOf(y, t, 'tangent');
      if (i === 0) value = partOf(y, t, 'value');
    }
    return { value: value as number, gradient: g as number[] };
  });
}

/**
 * The Jacobian-vector product J(x)·v: the directional derivative of f at x along v, in one
 * sweep. For f: Rⁿ → R it is a number, for f: Rⁿ → Rᵐ an array of m numbers.
 *
 * @example
 * jvp(([a, b]) => ops.mul(a, b), [3, 4], [1, 1]);  // 7
 */
export function jvp(f: VectorFunction | VectorValuedFunction, x: Vector, v: Vector, options?: Options): number | number[] {
  checkFunction('jvp', f);
  const xs = checkVector('jvp', x);
  const vs = checkVector('jvp', v, 'v');
  checkSameLength('jvp', xs, vs);
  return withOptions(options, () => {
    const t = newTag();
    const y = callVector(f, xs.map((xi, i) => new Dual(xi, vs[i], t)));
    if (isReal(y)) return partOf(y, t, 'tangent') as number;
    return checkVectorResult('jvp', y).map((yk) => partOf(yk, t, 'tangent') as number);
  });
}
