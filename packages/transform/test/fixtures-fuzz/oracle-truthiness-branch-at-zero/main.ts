// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number): number {
  x = ((x ** 2) || x);
  return x;
}

function f0_ops(x: Real): Real {
  x = (ops.primal(ops.pow(x, 2)) ? ops.pow(x, 2) : x);
  return x;
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndDerivative(f0, 0).value], g: [derivative(f0, 0)], h: [secondDerivative(f0, 0)], n: [derivative((t: number) => derivative(f0, t), 0)] },
  ],
  rt: () => [
    { v: [valueAndDerivative(f0_ops, 0).value], g: [derivative(f0_ops, 0)], h: [secondDerivative(f0_ops, 0)], n: [derivative((t: Real) => derivative(f0_ops, t), 0)] },
  ],
};
