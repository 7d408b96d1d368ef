// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[]): number[] {
  return [Math.sin(x[0]), ((((0 + x[0]) < x[0]) ? x[0] : x[0]) * Number.MIN_VALUE)];
}

function f0_ops(x: Real[]): Real[] {
  return [ops.sin(x[0]), ops.mul((ops.lt(ops.add(0, x[0]), x[0]) ? x[0] : x[0]), Number.MIN_VALUE)];
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: valueAndJacobian(f0, [-0.0001]).value, g: jacobian(f0, [-0.0001]).flat() },
    { v: valueAndJacobian(f0, [0]).value, g: jacobian(f0, [0]).flat() },
  ],
  rt: () => [
    { v: valueAndJacobian(f0_ops, [-0.0001]).value, g: jacobian(f0_ops, [-0.0001]).flat() },
    { v: valueAndJacobian(f0_ops, [0]).value, g: jacobian(f0_ops, [0]).flat() },
  ],
};
