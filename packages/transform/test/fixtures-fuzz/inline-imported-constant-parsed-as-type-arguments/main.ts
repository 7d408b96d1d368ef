// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[]): number[] {
  if (((0 + x[0]) < ((x[0] > K0) ? x[0] : x[0]))) {
  }
  return [x[0]];
}

function f0_ops(x: Real[]): Real[] {
  if (ops.lt(ops.add(0, x[0]), (ops.gt(x[0], K0) ? x[0] : x[0]))) {
  }
  return [x[0]];
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
