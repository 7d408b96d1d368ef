// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0, TI0, TI0_ops, fzSumOf_ops } from './helpers.js';

function fzSumOf(f: (x: number) => number, xs: readonly number[]): number {
  let s = 0;
  for (const v of xs) s += f(v);
  return s;
}

const C0 = 0.75 * 2;

const TB0 = [0, 0];
const TB0_ops = [0, 0];

const OB0 = { k: 0, w: [0, 0] };
const OB0_ops = { k: 0, w: [0, 0] };

function f0(x: number, v: number, n: number, i: number): number {
  let fin0 = Math.sin(0);
  try {
    fin0 = (fin0 * ((1.25 + Math.sin(OB0.k)) ** (-2)));
  } finally {
    fin0 = (fin0 + Math.sin(fin0));
  }
  const v2 = fzSumOf((u1: number): number => (0 + Math.atan2(i, Math.min(...OB0.w))), TI0);
  return ((0 | 0) + v2);
}

function f0_ops(a: Real, b: Real, c: Real, d: Real): Real {
  let fin0: Real = ops.sin(0);
  try {
    fin0 = ops.mul(fin0, ops.pow(ops.add(1.25, ops.sin(OB0_ops.k)), (-2)));
  } finally {
    fin0 = ops.add(fin0, ops.sin(fin0));
  }
  const v2: Real = fzSumOf_ops((u1: Real): Real => ops.add(0, ops.atan2(d, ops.min(...OB0_ops.w))), TI0_ops);
  return ops.add((0 | 0), v2);
}

export const p0 = {
  f: f0,
  ad: () => [
    (() => { const r = valueGradientHessian(f0, [0, 0, 0, 0]); return { v: [r.value], g: r.gradient, h: r.hessian.flat() }; })(),
  ],
  rt: () => [
    (() => { const r = valueGradientHessian(f0_ops, [0, 0, 0, 0]); return { v: [r.value], g: r.gradient, h: r.hessian.flat() }; })(),
  ],
};
