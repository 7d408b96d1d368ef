// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(a: number, b: number): number {
  const arr0: number[] = [b];
  a = Math.log10((Math.abs((b * a)) + 0.5));
  return (arr0[0] * (a + a));
}

function f0_ops(a: Real, b: Real): Real {
  const arr0: Real[] = [b];
  a = ops.log10(ops.add(ops.abs(ops.mul(b, a)), 0.5));
  return ops.mul(arr0[0], ops.add(a, a));
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, [-1, 0], { mode: 'forward' }).value], g: gradient(f0, [-1, 0], { mode: 'forward' }), h: hessian(f0, [-1, 0]).flat() },
    { v: [valueAndGradient(f0, [0, 0], { mode: 'forward' }).value], g: gradient(f0, [0, 0], { mode: 'forward' }), h: hessian(f0, [0, 0]).flat() },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [-1, 0], { mode: 'forward' }).value], g: gradient(f0_ops, [-1, 0], { mode: 'forward' }), h: hessian(f0_ops, [-1, 0]).flat() },
    { v: [valueAndGradient(f0_ops, [0, 0], { mode: 'forward' }).value], g: gradient(f0_ops, [0, 0], { mode: 'forward' }), h: hessian(f0_ops, [0, 0]).flat() },
  ],
};
