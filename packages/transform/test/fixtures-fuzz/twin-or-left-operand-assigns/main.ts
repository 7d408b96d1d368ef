// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[]): number[] {
  let v0 = Math.sin(x[0]);
  return [((v0 = Math.sin(v0)) || Math.sin(x[0]))];
}

function f0_ops(x: Real[]): Real[] {
  let v0: Real = ops.sin(x[0]);
  return [((l: Real) => (ops.primal(l) ? l : ops.sin(x[0])))((v0 = ops.sin(v0)))];
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: valueAndJacobian(f0, [-1]).value, g: jacobian(f0, [-1]).flat() },
  ],
  rt: () => [
    { v: valueAndJacobian(f0_ops, [-1]).value, g: jacobian(f0_ops, [-1]).flat() },
  ],
};
