// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[]): number[] {
  const arr0: number[] = [x[0]];
  return [Math.hypot(...x), Math.min(...arr0)];
}

function f0_ops(x: Real[]): Real[] {
  const arr0: Real[] = [x[0]];
  return [ops.hypot(...x), ops.min(...arr0)];
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
