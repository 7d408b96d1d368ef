// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function h0_0(u: number): number {
  return Math.sin(Math.atan2(u, u));
}

function f0(a: number, b: number): number {
  return h0_0((b + Math.sin(a)));
}

function h0_0_ops(u: Real): Real {
  return ops.sin(ops.atan2(u, u));
}

function f0_ops(a: Real, b: Real): Real {
  return h0_0_ops(ops.add(b, ops.sin(a)));
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, [0.3573, 0.1124], { mode: 'forward' }).value], g: valueAndGradient(f0, [0.3573, 0.1124], { mode: 'forward' }).gradient, h: hessian(f0, [0.3573, 0.1124]).flat(), jv: [jvp(f0, [0.3573, 0.1124], [1, -0.5])], hv: hvp(f0, [0.3573, 0.1124], [1, -0.5]), hq: [[0.3573000000009095, 0.1124000000009095], [0.3572999999990905, 0.1123999999990905]].flatMap((q) => hessian(f0, q).flat()), hvq: [[0.3573000000009095, 0.1124000000009095], [0.3572999999990905, 0.1123999999990905]].flatMap((q) => hvp(f0, q, [1, -0.5])) },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [0.3573, 0.1124], { mode: 'forward' }).value], g: valueAndGradient(f0_ops, [0.3573, 0.1124], { mode: 'forward' }).gradient, h: hessian(f0_ops, [0.3573, 0.1124]).flat(), jv: [jvp(f0_ops, [0.3573, 0.1124], [1, -0.5])], hv: hvp(f0_ops, [0.3573, 0.1124], [1, -0.5]), hq: [[0.3573000000009095, 0.1124000000009095], [0.3572999999990905, 0.1123999999990905]].flatMap((q) => hessian(f0_ops, q).flat()), hvq: [[0.3573000000009095, 0.1124000000009095], [0.3572999999990905, 0.1123999999990905]].flatMap((q) => hvp(f0_ops, q, [1, -0.5])) },
  ],
};
