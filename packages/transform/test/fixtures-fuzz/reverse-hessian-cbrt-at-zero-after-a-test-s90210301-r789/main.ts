// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[]): number {
  return ((Math.exp(Math.sin(x[0])) % 1.5) && Math.cbrt(x[0]));
}

function f0_ops(x: Real[]): Real {
  return (ops.primal(ops.mod(ops.exp(ops.sin(x[0])), 1.5)) ? ops.cbrt(x[0]) : ops.mod(ops.exp(ops.sin(x[0])), 1.5));
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
