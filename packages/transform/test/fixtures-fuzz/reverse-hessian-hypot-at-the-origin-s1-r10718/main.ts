// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[], data: readonly number[]): number {
  return Math.hypot((x[0] + x[0]), (x[0] * (x[0] || x[0])));
}

function f0_ops(x: Real[], data: readonly number[]): Real {
  return ops.hypot(ops.add(x[0], x[0]), ops.mul(x[0], (ops.primal(x[0]) ? x[0] : x[0])));
}

function ad0(D0: number[]) {
  return [
    { v: [valueAndGradient((x: number[]) => f0(x, D0), [0], { mode: 'forward' }).value], g: gradient((x: number[]) => f0(x, D0), [0], { mode: 'forward' }), h: hessian((x: number[]) => f0(x, D0), [0]).flat(), n: gradient((x2: number[]) => gradient((x: number[]) => f0(x, D0), x2)[0], [0], { mode: 'forward' }) },
  ];
}
function rt0(D0: number[]) {
  return [
    { v: [valueAndGradient((x: Real[]) => f0_ops(x, D0), [0], { mode: 'forward' }).value], g: gradient((x: Real[]) => f0_ops(x, D0), [0], { mode: 'forward' }), h: hessian((x: Real[]) => f0_ops(x, D0), [0]).flat(), n: gradient((x2: Real[]) => gradient((x: Real[]) => f0_ops(x, D0), x2)[0], [0], { mode: 'forward' }) },
  ];
}
export const p0 = {
  f: f0,
  ad: () => ad0([0]),
  rt: () => rt0([0]),
};
