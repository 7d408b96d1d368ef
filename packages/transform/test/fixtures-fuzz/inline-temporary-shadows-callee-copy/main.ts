// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0, h0_0, h0_0_ops } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number): number {
  let v0 = Math.sin(h0_0(x));
  let v1 = (h0_0(x) / (1 + ((-x) * (-x))));
  let v2 = (((Math.PI < 0) && (x < x)) ? (0 % 1.5) : h0_0(0));
  return (0 + h0_0(x));
}

function f0_ops(x: Real): Real {
  let v0: Real = ops.sin(h0_0_ops(x));
  let v1: Real = ops.div(h0_0_ops(x), ops.add(1, ops.mul(ops.neg(x), ops.neg(x))));
  let v2: Real = ((ops.lt(Math.PI, 0) && ops.lt(x, x)) ? ops.mod(0, 1.5) : h0_0_ops(0));
  return ops.add(0, h0_0_ops(x));
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
