/** The n-dimensional Rosenbrock function Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1). */
import { ops, type Real } from '@ddx/dual';

export function rosenbrock(x: readonly Real[]): Real {
  let sum: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const valley = ops.sub(x[i + 1], ops.mul(x[i], x[i]));
    const offset = ops.sub(1, x[i]);
    sum = ops.add(sum, ops.add(ops.mul(100, ops.mul(valley, valley)), ops.mul(offset, offset)));
  }
  return sum;
}

/** The start (−1.2, …, −1.2): from it both methods reach (1, …, 1). (From (−1.2, 1, −1.2, 1, …) with
 * n ≥ 4 they can end in the other local minimum near (−1, 1, …, 1).) */
export const rosenbrockStart = (n: number) => new Array<number>(n).fill(-1.2);
