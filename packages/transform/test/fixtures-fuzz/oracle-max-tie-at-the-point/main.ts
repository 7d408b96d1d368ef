// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[]): number[] {
  let v0 = x[0];
  let i1 = 0;
  while (i1 < 1) {
    i1++;
    v0 = Math.atan2(Math.max(i1, x[0], x[0]), x[0]);
  }
  v0 /= (1 + (v0 * v0));
  return [(Math.sin(Math.sin(x[0])) + Math.sin(Math.atan2(x[0], v0)))];
}

function f0_ops(x: Real[]): Real[] {
  let v0: Real = x[0];
  let i1 = 0;
  while (i1 < 1) {
    i1++;
    v0 = ops.atan2(ops.max(i1, x[0], x[0]), x[0]);
  }
  v0 = ops.div(v0, ops.add(1, ops.mul(v0, v0)));
  return [ops.add(ops.sin(ops.sin(x[0])), ops.sin(ops.atan2(x[0], v0)))];
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: valueAndJacobian(f0, [1]).value, g: jacobian(f0, [1]).flat() },
  ],
  rt: () => [
    { v: valueAndJacobian(f0_ops, [1]).value, g: jacobian(f0_ops, [1]).flat() },
  ],
};
