/**
 * The run-time engine of @ddx/dual: each workload written once over `ops` (so it runs on numbers,
 * Duals and HyperDuals alike), differentiated by the library's API verbs.
 */
import { derivative, gradient, hessian, hvp, jacobian, ops, secondDerivative, type Real } from '@ddx/dual';
import type { ScalarName } from '../workloads.js';

const { add, sub, mul, div, neg, pow, exp, sin, cos, sqrt } = ops;

export const realScalar: Record<ScalarName, (x: Real) => Real> = {
  martins: (x) => div(exp(x), sqrt(add(pow(sin(x), 3), pow(cos(x), 3)))),
  num2num_1: (x) => div(pow(sin(x), 2), pow(cos(x), 2)),
  num2num_2: (x) => add(mul(2, x), sqrt(mul(mul(x, x), x))),
  num2num_3: (x) => sub(pow(10.31, add(x, x)), x),
  num2num_4: () => 1,
  num2num_5: (x) => div(1, add(1, exp(neg(x)))),
};

export function realRosenbrock(x: readonly Real[]): Real {
  let sum: Real = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = sub(1, x[i]);
    const b = sub(x[i + 1], mul(x[i], x[i]));
    sum = add(sum, add(mul(a, a), mul(100, mul(b, b))));
  }
  return sum;
}

export function realBrownAlmostLinear(x: readonly Real[]): Real[] {
  const n = x.length;
  let sum: Real = 0;
  let product: Real = 1;
  for (const xi of x) {
    sum = add(sum, xi);
    product = mul(product, xi);
  }
  const y: Real[] = [];
  for (let i = 0; i < n - 1; i++) y.push(sub(add(x[i], sum), n + 1));
  y.push(sub(product, 1));
  return y;
}

export const runtimeFirst = (name: ScalarName, x: number): number => derivative(realScalar[name], x);
export const runtimeSecond = (name: ScalarName, x: number): number => secondDerivative(realScalar[name], x);
export const runtimeGradient = (x: readonly number[]): number[] => gradient(realRosenbrock, x);
export const runtimeHessian = (x: readonly number[]): number[][] => hessian(realRosenbrock, x);
export const runtimeHvp = (x: readonly number[], v: readonly number[]): number[] => hvp(realRosenbrock, x, v);
export const runtimeJacobian = (x: readonly number[]): number[][] => jacobian(realBrownAlmostLinear, x);
