// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[]): number[] {
  let v0 = Math.min(Math.exp(Math.sin(x[0])), Math.atan2(x[0], x[0]));
  return [(Math.sin(((x[0] < x[0]) ? 0 : x[0])) / (1 + (((x[0] < x[0]) ? (x[0] ** 2) : x[0]) * ((x[0] < x[0]) ? (x[0] ** 2) : x[0])))), Math.sin(((x[0] < Math.sin(x[0])) ? (x[0] + 0) : x[0])), Math.sin((Math.hypot(v0, x[0]) + (x[0] + 0)))];
}

function f0_ops(x: Real[]): Real[] {
  let v0: Real = ops.min(ops.exp(ops.sin(x[0])), ops.atan2(x[0], x[0]));
  return [ops.div(ops.sin((ops.lt(x[0], x[0]) ? 0 : x[0])), ops.add(1, ops.mul((ops.lt(x[0], x[0]) ? ops.pow(x[0], 2) : x[0]), (ops.lt(x[0], x[0]) ? ops.pow(x[0], 2) : x[0])))), ops.sin((ops.lt(x[0], ops.sin(x[0])) ? ops.add(x[0], 0) : x[0])), ops.sin(ops.add(ops.hypot(v0, x[0]), ops.add(x[0], 0)))];
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: valueAndJacobian(f0, [0]).value, g: jacobian(f0, [0]).flat() },
  ],
  rt: () => [
    { v: valueAndJacobian(f0_ops, [0]).value, g: jacobian(f0_ops, [0]).flat() },
  ],
};
