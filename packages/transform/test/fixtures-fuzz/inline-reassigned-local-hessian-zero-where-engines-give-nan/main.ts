// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[]): number {
  let v0 = (Math.PI + Math.cbrt(x[1]));
  v0++;
  let v1 = Math.atan2(Math.atan2(x[0], x[0]), (x[1] % 1.5));
  return Math.sin(Math.acosh((1.5 + (v0 * v0))));
}

function f0_ops(x: Real[]): Real {
  let v0: Real = ops.add(Math.PI, ops.cbrt(x[1]));
  v0 = ops.add(v0, 1);
  let v1: Real = ops.atan2(ops.atan2(x[0], x[0]), ops.mod(x[1], 1.5));
  return ops.sin(ops.acosh(ops.add(1.5, ops.mul(v0, v0))));
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, [0, 0], { mode: 'forward' }).value], g: gradient(f0, [0, 0], { mode: 'forward' }), h: hessian(f0, [0, 0]).flat(), n: gradient((x: number[]) => gradient(f0, x)[0], [0, 0], { mode: 'forward' }) },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [0, 0], { mode: 'forward' }).value], g: gradient(f0_ops, [0, 0], { mode: 'forward' }), h: hessian(f0_ops, [0, 0]).flat(), n: gradient((x: Real[]) => gradient(f0_ops, x)[0], [0, 0], { mode: 'forward' }) },
  ],
};
