// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number): number {
  let v0 = Math.sin(Math.log((1 + (x * x))));
  x = Math.hypot((v0 + v0), (v0 ** 2));
  return x;
}

function f0_ops(x: Real): Real {
  let v0: Real = ops.sin(ops.log(ops.add(1, ops.mul(x, x))));
  x = ops.hypot(ops.add(v0, v0), ops.pow(v0, 2));
  return x;
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndDerivative(f0, -0.0001).value], g: [derivative(f0, -0.0001)], h: [secondDerivative(f0, -0.0001)], n: [derivative((t: number) => derivative(f0, t), -0.0001)] },
  ],
  rt: () => [
    { v: [valueAndDerivative(f0_ops, -0.0001).value], g: [derivative(f0_ops, -0.0001)], h: [secondDerivative(f0_ops, -0.0001)], n: [derivative((t: Real) => derivative(f0_ops, t), -0.0001)] },
  ],
};
