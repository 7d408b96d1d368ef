// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[]): number[] {
  for (let i0 = 0; i0 < 1; i0++) {
    if ((i0 === (x[1] % 1.5))) return [x[1]];
  }
  return [((0 + Math.PI) / (1 + ((Math.atan2(x[1], x[0]) + Math.sin(x[0])) * (Math.atan2(x[1], x[0]) + Math.sin(x[0])))))];
}

function f0_ops(x: Real[]): Real[] {
  for (let i0 = 0; i0 < 1; i0++) {
    if (ops.eq(i0, ops.mod(x[1], 1.5))) return [x[1]];
  }
  return [ops.div(ops.add(0, Math.PI), ops.add(1, ops.mul(ops.add(ops.atan2(x[1], x[0]), ops.sin(x[0])), ops.add(ops.atan2(x[1], x[0]), ops.sin(x[0])))))];
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: valueAndJacobian(f0, [0, 0]).value, g: jacobian(f0, [0, 0]).flat() },
  ],
  rt: () => [
    { v: valueAndJacobian(f0_ops, [0, 0]).value, g: jacobian(f0_ops, [0, 0]).flat() },
  ],
};
