// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number): number {
  for (let i0 = 0; i0 < 4; i0++) {
    x /= (1 + ((((Math.PI / (1 + (x * x))) > +(1 + i0)) ? (i0 % 1.5) : i0) * (((Math.PI / (1 + (x * x))) > +(1 + i0)) ? (i0 % 1.5) : i0)));
  }
  let v1 = Math.acosh((1 + ((x / 3) * (x / 3))));
  return (x + (v1 || Math.sin(x)));
}

function f0_ops(x: Real): Real {
  for (let i0 = 0; i0 < 4; i0++) {
    x = ops.div(x, ops.add(1, ops.mul((ops.gt(ops.div(Math.PI, ops.add(1, ops.mul(x, x))), ops.add(1, i0)) ? ops.mod(i0, 1.5) : i0), (ops.gt(ops.div(Math.PI, ops.add(1, ops.mul(x, x))), ops.add(1, i0)) ? ops.mod(i0, 1.5) : i0))));
  }
  let v1: Real = ops.acosh(ops.add(1, ops.mul(ops.div(x, 3), ops.div(x, 3))));
  return ops.add(x, (ops.primal(v1) ? v1 : ops.sin(x)));
}

export const p0 = {
  f: f0,
  ad: () => [
    (() => { const r = valueAndDerivatives(f0, -0.5556); return { v: [r.value], g: [r.first], h: [r.second] }; })(),
    (() => { const r = valueAndDerivatives(f0, 1.9755); return { v: [r.value], g: [r.first], h: [r.second] }; })(),
  ],
  rt: () => [
    (() => { const r = valueAndDerivatives(f0_ops, -0.5556); return { v: [r.value], g: [r.first], h: [r.second] }; })(),
    (() => { const r = valueAndDerivatives(f0_ops, 1.9755); return { v: [r.value], g: [r.first], h: [r.second] }; })(),
  ],
};
