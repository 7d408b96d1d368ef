// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function h0_0(u: number): number {
  let v0 = (0 % 1.5);
  v0 = ((0 < ((Math.PI < u) ? Math.PI : u)) ? (-u) : (u + u));
  return 0;
}

function f0(x: number): number {
  return h0_0((x + x));
}

function h0_0_ops(u: Real): Real {
  let v0: Real = ops.mod(0, 1.5);
  v0 = (ops.lt(0, (ops.lt(Math.PI, u) ? Math.PI : u)) ? ops.neg(u) : ops.add(u, u));
  return 0;
}

function f0_ops(x: Real): Real {
  return h0_0_ops(ops.add(x, x));
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
