// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number): number {
  for (let i0 = 0; i0 < 3; i0++) {
    x **= 2;
  }
  if (((Math.PI + 0) < (Math.PI + x))) {
    if (((x + Math.PI) >= x)) return Math.hypot(Math.min(x, x), Math.sin(x));
  }
  return Math.atan2((x ** 2), Math.sin(Math.atan2(x, x)));
}

function f0_ops(x: Real): Real {
  for (let i0 = 0; i0 < 3; i0++) {
    x = ops.pow(x, 2);
  }
  if (ops.lt(ops.add(Math.PI, 0), ops.add(Math.PI, x))) {
    if (ops.ge(ops.add(x, Math.PI), x)) return ops.hypot(ops.min(x, x), ops.sin(x));
  }
  return ops.atan2(ops.pow(x, 2), ops.sin(ops.atan2(x, x)));
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndDerivative(f0, -1.8321).value], g: [derivative(f0, -1.8321)], h: [secondDerivative(f0, -1.8321)], n: [derivative((t: number) => derivative(f0, t), -1.8321)] },
  ],
  rt: () => [
    { v: [valueAndDerivative(f0_ops, -1.8321).value], g: [derivative(f0_ops, -1.8321)], h: [secondDerivative(f0_ops, -1.8321)], n: [derivative((t: Real) => derivative(f0_ops, t), -1.8321)] },
  ],
};
