/**
 * Peer: @thi.ng/dual-algebra, forward-mode dual numbers as plain arrays [value, d1, …, dn].
 * First derivatives only (no hyper-duals); a gradient is one sweep with n-part duals, O(n) per op.
 */
import { add, dual, div, exp, mul, neg, pow, sin, cos, sqrt, sub, type Dual } from '@thi.ng/dual-algebra';
import type { ScalarName } from '../workloads.js';

const constant = (c: number, n = 1): Dual => dual(c, n);
const ln1031 = Math.log(10.31);

const thingScalar: Record<ScalarName, (x: Dual) => Dual> = {
  martins: (x) => div(exp(x), sqrt(add(pow(sin(x), 3), pow(cos(x), 3)))),
  num2num_1: (x) => div(pow(sin(x), 2), pow(cos(x), 2)),
  num2num_2: (x) => add(mul(constant(2), x), sqrt(mul(mul(x, x), x))),
  // pow takes a number exponent only: 10.31^(2x) as e^(2x ln 10.31)
  num2num_3: (x) => sub(exp(mul(add(x, x), constant(ln1031))), x),
  num2num_4: () => constant(1),
  num2num_5: (x) => div(constant(1), add(constant(1), exp(neg(x)))),
};

export const thingFirst = (name: ScalarName, x: number): number => thingScalar[name](dual(x, 1, 1))[1];

function thingRosenbrock(x: readonly Dual[], n: number): Dual {
  let sum = constant(0, n);
  const one = constant(1, n), hundred = constant(100, n);
  for (let i = 0; i < x.length - 1; i++) {
    const a = sub(one, x[i]);
    const b = sub(x[i + 1], mul(x[i], x[i]));
    sum = add(sum, add(mul(a, a), mul(hundred, mul(b, b))));
  }
  return sum;
}

/** ∇ Rosenbrock in one sweep of n-variable duals. */
export function thingGradient(x: readonly number[]): number[] {
  const n = x.length;
  const y = thingRosenbrock(x.map((xi, i) => dual(xi, n, i + 1)), n);
  return Array.from(y).slice(1);
}
