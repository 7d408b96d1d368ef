// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function h0_0(u: number, w: number, n: number): number {
  if (n <= 0) return (-(u + u));
  if (((u / (1 + (0 * 0))) < (Math.PI + u))) {
  } else {
    w = ((0 + u) + (u ** 2));
  }
  return ((0.5 * Math.sin(h0_0(u, w, n - 1))) + (-(u + u)));
}

function f0(x: number): number {
  return (h0_0(x, Math.sin(Math.PI), 1) ** 2);
}

function h0_0_ops(u: Real, w: Real, n: number): Real {
  if (n <= 0) return ops.neg(ops.add(u, u));
  if (ops.lt(ops.div(u, ops.add(1, ops.mul(0, 0))), ops.add(Math.PI, u))) {
  } else {
    w = ops.add(ops.add(0, u), ops.pow(u, 2));
  }
  return ops.add(ops.mul(0.5, ops.sin(h0_0_ops(u, w, n - 1))), ops.neg(ops.add(u, u)));
}

function f0_ops(x: Real): Real {
  return ops.pow(h0_0_ops(x, ops.sin(Math.PI), 1), 2);
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
