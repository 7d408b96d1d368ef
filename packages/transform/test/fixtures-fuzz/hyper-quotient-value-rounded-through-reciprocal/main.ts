// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number, data: readonly number[]): number {
  x++;
  x++;
  return ((x / (1 + (x * x))) - x);
}

function f0_ops(x: Real, data: readonly number[]): Real {
  x = ops.add(x, 1);
  x = ops.add(x, 1);
  return ops.sub(ops.div(x, ops.add(1, ops.mul(x, x))), x);
}

function ad0(D0: number[]) {
  return [
    (() => { const r = valueAndDerivatives((x: number) => f0(x, D0), -1.9959); return { v: [r.value], g: [r.first], h: [r.second] }; })(),
    (() => { const r = valueAndDerivatives((x: number) => f0(x, D0), 0); return { v: [r.value], g: [r.first], h: [r.second] }; })(),
  ];
}
function rt0(D0: number[]) {
  return [
    (() => { const r = valueAndDerivatives((x: Real) => f0_ops(x, D0), -1.9959); return { v: [r.value], g: [r.first], h: [r.second] }; })(),
    (() => { const r = valueAndDerivatives((x: Real) => f0_ops(x, D0), 0); return { v: [r.value], g: [r.first], h: [r.second] }; })(),
  ];
}
export const p0 = {
  f: f0,
  ad: () => ad0([0]),
  rt: () => rt0([0]),
};
