// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: { c0: number }): number {
  return Number.EPSILON;
}

function f0_ops(x: readonly Real[]): Real {
  return Number.EPSILON;
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, { c0: 0 }, { mode: 'forward' }).value], g: Object.values(gradient(f0, { mode: 'forward' })({ c0: 0 })), h: hessian(f0)({ c0: 0 }).flat() },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [0], { mode: 'forward' }).value], g: gradient(f0_ops, { mode: 'forward' })([0]), h: hessian(f0_ops)([0]).flat() },
  ],
};
