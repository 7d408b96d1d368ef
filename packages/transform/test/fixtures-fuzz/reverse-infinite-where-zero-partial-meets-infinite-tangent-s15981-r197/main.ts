// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0, B0, polyTable, polyTable_ops, ratTable, ratTable_ops } from './helpers.js';

const C0 = 0.75 * 2;

const M0 = Math;
const A0 = M0.SQRT2 * (K0 | 0) + 1 / (1 << 4);

function h0_0(ddxOut_d: number): number {
  return (-Math.cbrt(ddxOut_d));
}

function f0(seed: readonly number[], data: readonly number[]): number {
  const arr0: number[] = [data[2], Math.ceil(((7 << 3) * seed[1])), seed[1]];
  arr0[1] = h0_0(seed[1]);
  return polyTable(h0_0(seed[1]));
}

function h0_0_ops(u: Real): Real {
  return ops.neg(ops.cbrt(u));
}

function f0_ops(x: readonly Real[], data: readonly number[]): Real {
  const arr0: Real[] = [data[2], ops.ceil(ops.mul((7 << 3), x[1])), x[1]];
  arr0[1] = h0_0_ops(x[1]);
  return polyTable_ops(h0_0_ops(x[1]));
}

const value_0 = [1, 1, 10];
const D_0 = [1, 1, 10];
export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient((seed: readonly number[]) => f0(seed, value_0), [0.5666, 0], { mode: 'forward' }).value], g: valueAndGradient((seed: readonly number[]) => f0(seed, value_0), [0.5666, 0], { mode: 'forward' }).gradient, h: hessian((seed: readonly number[]) => f0(seed, value_0), [0.5666, 0]).flat(), jv: [jvp((seed: readonly number[]) => f0(seed, value_0), [0.5666, 0], [1, -0.5])], hv: hvp((seed: readonly number[]) => f0(seed, value_0), [0.5666, 0], [1, -0.5]), hq: [[0.5666000000009095, 9.094947017729282e-13], [0.5665999999990905, -9.094947017729282e-13]].flatMap((q) => hessian((seed: readonly number[]) => f0(seed, value_0), q).flat()), hvq: [[0.5666000000009095, 9.094947017729282e-13], [0.5665999999990905, -9.094947017729282e-13]].flatMap((q) => hvp((seed: readonly number[]) => f0(seed, value_0), q, [1, -0.5])) },
    { v: [valueAndGradient((seed: readonly number[]) => f0(seed, value_0), [0.5, 0.5], { mode: 'forward' }).value], g: valueAndGradient((seed: readonly number[]) => f0(seed, value_0), [0.5, 0.5], { mode: 'forward' }).gradient, h: hessian((seed: readonly number[]) => f0(seed, value_0), [0.5, 0.5]).flat(), jv: [jvp((seed: readonly number[]) => f0(seed, value_0), [0.5, 0.5], [1, -0.5])], hv: hvp((seed: readonly number[]) => f0(seed, value_0), [0.5, 0.5], [1, -0.5]), hq: [[0.5000000000009095, 0.5000000000009095], [0.4999999999990905, 0.4999999999990905]].flatMap((q) => hessian((seed: readonly number[]) => f0(seed, value_0), q).flat()), hvq: [[0.5000000000009095, 0.5000000000009095], [0.4999999999990905, 0.4999999999990905]].flatMap((q) => hvp((seed: readonly number[]) => f0(seed, value_0), q, [1, -0.5])) },
  ],
  rt: () => [
    { v: [valueAndGradient((x: readonly Real[]) => f0_ops(x, D_0), [0.5666, 0], { mode: 'forward' }).value], g: valueAndGradient((x: readonly Real[]) => f0_ops(x, D_0), [0.5666, 0], { mode: 'forward' }).gradient, h: hessian((x: readonly Real[]) => f0_ops(x, D_0), [0.5666, 0]).flat(), jv: [jvp((x: readonly Real[]) => f0_ops(x, D_0), [0.5666, 0], [1, -0.5])], hv: hvp((x: readonly Real[]) => f0_ops(x, D_0), [0.5666, 0], [1, -0.5]), hq: [[0.5666000000009095, 9.094947017729282e-13], [0.5665999999990905, -9.094947017729282e-13]].flatMap((q) => hessian((x: readonly Real[]) => f0_ops(x, D_0), q).flat()), hvq: [[0.5666000000009095, 9.094947017729282e-13], [0.5665999999990905, -9.094947017729282e-13]].flatMap((q) => hvp((x: readonly Real[]) => f0_ops(x, D_0), q, [1, -0.5])) },
    { v: [valueAndGradient((x: readonly Real[]) => f0_ops(x, D_0), [0.5, 0.5], { mode: 'forward' }).value], g: valueAndGradient((x: readonly Real[]) => f0_ops(x, D_0), [0.5, 0.5], { mode: 'forward' }).gradient, h: hessian((x: readonly Real[]) => f0_ops(x, D_0), [0.5, 0.5]).flat(), jv: [jvp((x: readonly Real[]) => f0_ops(x, D_0), [0.5, 0.5], [1, -0.5])], hv: hvp((x: readonly Real[]) => f0_ops(x, D_0), [0.5, 0.5], [1, -0.5]), hq: [[0.5000000000009095, 0.5000000000009095], [0.4999999999990905, 0.4999999999990905]].flatMap((q) => hessian((x: readonly Real[]) => f0_ops(x, D_0), q).flat()), hvq: [[0.5000000000009095, 0.5000000000009095], [0.4999999999990905, 0.4999999999990905]].flatMap((q) => hvp((x: readonly Real[]) => f0_ops(x, D_0), q, [1, -0.5])) },
  ],
};
