// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[]): number[] {
  let v0 = (Math.sin(Number.EPSILON) * (x[0] + x[0]));
  return [Math.sin(Math.sin((x[0] | 0))), Math.sin(Math.log((1 + (v0 * v0))))];
}

function f0_ops(x: Real[]): Real[] {
  let v0: Real = ops.mul(ops.sin(Number.EPSILON), ops.add(x[0], x[0]));
  return [ops.sin(ops.sin((ops.primal(x[0]) | 0))), ops.sin(ops.log(ops.add(1, ops.mul(v0, v0))))];
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: valueAndJacobian(f0, [0.0001]).value, g: jacobian(f0, [0.0001]).flat() },
  ],
  rt: () => [
    { v: valueAndJacobian(f0_ops, [0.0001]).value, g: jacobian(f0_ops, [0.0001]).flat() },
  ],
};
