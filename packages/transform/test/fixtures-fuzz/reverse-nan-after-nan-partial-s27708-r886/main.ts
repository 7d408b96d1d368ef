// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(a: number, b: number, c: number): number {
  const arr0: number[] = [((a = (0 + a)), (b % 1.5))];
  return Math.atan2((b - (arr0[0] + a)), 0);
}

function f0_ops(a: Real, b: Real, c: Real): Real {
  const arr0: Real[] = [((a = ops.add(0, a)), ops.mod(b, 1.5))];
  return ops.atan2(ops.sub(b, ops.add(arr0[0], a)), 0);
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, [0, 0, 0], { mode: 'forward' }).value], g: gradient(f0, [0, 0, 0], { mode: 'forward' }), h: hessian(f0, [0, 0, 0]).flat() },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [0, 0, 0], { mode: 'forward' }).value], g: gradient(f0_ops, [0, 0, 0], { mode: 'forward' }), h: hessian(f0_ops, [0, 0, 0]).flat() },
  ],
};
