// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[]): number {
  let v0 = ((0 % 1.5) + Math.sin(Math.PI));
  for (let i1 = 0; i1 < 1; i1++) {
    if (((x[0] < x[0]) && (x[0] < x[0]))) {
      v0 = (Math.atan2(Math.PI, x[0]) ** 2);
    }
  }
  return ((x[0] + x[0]) % 1.5);
}

function f0_ops(x: Real[]): Real {
  let v0: Real = ops.add(ops.mod(0, 1.5), ops.sin(Math.PI));
  for (let i1 = 0; i1 < 1; i1++) {
    if ((ops.lt(x[0], x[0]) && ops.lt(x[0], x[0]))) {
      v0 = ops.pow(ops.atan2(Math.PI, x[0]), 2);
    }
  }
  return ops.mod(ops.add(x[0], x[0]), 1.5);
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, [0], { mode: 'forward' }).value], g: gradient(f0, [0], { mode: 'forward' }), h: hessian(f0, [0]).flat(), n: gradient((x: number[]) => gradient(f0, x)[0], [0], { mode: 'forward' }) },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [0], { mode: 'forward' }).value], g: gradient(f0_ops, [0], { mode: 'forward' }), h: hessian(f0_ops, [0]).flat(), n: gradient((x: Real[]) => gradient(f0_ops, x)[0], [0], { mode: 'forward' }) },
  ],
};
