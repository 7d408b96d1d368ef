// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0, polyTable, polyTable_ops, ratTable, ratTable_ops } from './helpers.js';

const C0 = 0.75 * 2;

function f0(a: number, b: number): number {
  return (Math.cbrt(b) ?? polyTable(a));
}

function f0_ops(a: Real, b: Real): Real {
  return ops.cbrt(b);
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, [0, 0], { mode: 'forward' }).value], g: gradient(f0, [0, 0], { mode: 'forward' }), h: hessian(f0, [0, 0]).flat() },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [0, 0], { mode: 'forward' }).value], g: gradient(f0_ops, [0, 0], { mode: 'forward' }), h: hessian(f0_ops, [0, 0]).flat() },
  ],
};
