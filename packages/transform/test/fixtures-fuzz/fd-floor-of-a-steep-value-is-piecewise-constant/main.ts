// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(ddxOut_d: number): number {
  let v0 = (Math.max(0, 10) / (1 + (ddxOut_d * ddxOut_d)));
  if ((true === true)) {
    ddxOut_d = v0;
  }
  for (let i1 = 0; i1 < 3; i1++) {
    ddxOut_d **= 2;
  }
  return Math.floor(ddxOut_d);
}

function f0_ops(x: Real): Real {
  let v0: Real = ops.div(ops.max(0, 10), ops.add(1, ops.mul(x, x)));
  if ((true === true)) {
    x = v0;
  }
  for (let i1 = 0; i1 < 3; i1++) {
    x = ops.pow(x, 2);
  }
  return ops.floor(x);
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndDerivative(f0, 0.1316).value], g: [derivative(f0, 0.1316)], h: [secondDerivative(f0, 0.1316)], n: [derivative((t: number) => derivative(f0, t), 0.1316)] },
  ],
  rt: () => [
    { v: [valueAndDerivative(f0_ops, 0.1316).value], g: [derivative(f0_ops, 0.1316)], h: [secondDerivative(f0_ops, 0.1316)], n: [derivative((t: Real) => derivative(f0_ops, t), 0.1316)] },
  ],
};
