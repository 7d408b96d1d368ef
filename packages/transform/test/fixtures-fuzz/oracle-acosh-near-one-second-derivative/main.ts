// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(a: number, b: number): number {
  let v0 = (a * (a * b));
  let v1 = Math.sin(Math.sin(0));
  return ((0.5 + Math.abs(Math.acosh((1 + (v0 * v0))))) ** 0.5);
}

function f0_ops(a: Real, b: Real): Real {
  let v0: Real = ops.mul(a, ops.mul(a, b));
  let v1: Real = ops.sin(ops.sin(0));
  return ops.pow(ops.add(0.5, ops.abs(ops.acosh(ops.add(1, ops.mul(v0, v0))))), 0.5);
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, [-0.2313, -0.0011], { mode: 'forward' }).value], g: gradient(f0, [-0.2313, -0.0011], { mode: 'forward' }), h: hessian(f0, [-0.2313, -0.0011]).flat() },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [-0.2313, -0.0011], { mode: 'forward' }).value], g: gradient(f0_ops, [-0.2313, -0.0011], { mode: 'forward' }), h: hessian(f0_ops, [-0.2313, -0.0011]).flat() },
  ],
};
