// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0, type FzPoint, type FzVec3, type FzBody, fzPolar, fzPolar_ops, fzMid, fzMid_ops, fzNormSq, fzNormSq_ops, fzCross, fzCross_ops, fzDot, fzDot_ops, FzSpring, FzSpring_ops, fzAffine, fzAffine_ops } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: { c0: number; c1: number }): number {
  const r0: FzVec3 = [((Number.MIN_SAFE_INTEGER / Number.MAX_SAFE_INTEGER) - (x.c1 || x.c0)), Math.cos(x.c1), (x.c0 + x.c0)];
  let v1 = x.c0;
  const v2 = fzDot(r0, fzCross(r0, [0.5, x.c0, -1]));
  return Math.atan2((Math.atan(x.c0) % 1.5), Math.sin(v2));
}

function f0_ops(x: readonly Real[]): Real {
  const r0 = [ops.sub((Number.MIN_SAFE_INTEGER / Number.MAX_SAFE_INTEGER), (ops.primal(x[1]) ? x[1] : x[0])), ops.cos(x[1]), ops.add(x[0], x[0])];
  let v1: Real = x[0];
  const v2: Real = fzDot_ops(r0, fzCross_ops(r0, [0.5, x[0], -1]));
  return ops.atan2(ops.mod(ops.atan(x[0]), 1.5), ops.sin(v2));
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, { c0: 1.6504, c1: -0.9948 }, { mode: 'forward' }).value], g: Object.values(valueAndGradient(f0, { c0: 1.6504, c1: -0.9948 }, { mode: 'forward' }).gradient), h: hessian(f0, { c0: 1.6504, c1: -0.9948 }).flat(), jv: [jvp(f0, { c0: 1.6504, c1: -0.9948 }, { c0: 1, c1: -0.5 })], hv: Object.values(hvp(f0, { c0: 1.6504, c1: -0.9948 }, { c0: 1, c1: -0.5 })), hq: [{ c0: 1.6504000000009096, c1: -0.9947999999990905 }, { c0: 1.6503999999990906, c1: -0.9948000000009095 }].flatMap((q) => hessian(f0, q).flat()), hvq: [{ c0: 1.6504000000009096, c1: -0.9947999999990905 }, { c0: 1.6503999999990906, c1: -0.9948000000009095 }].flatMap((q) => Object.values(hvp(f0, q, { c0: 1, c1: -0.5 }))) },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [1.6504, -0.9948], { mode: 'forward' }).value], g: valueAndGradient(f0_ops, [1.6504, -0.9948], { mode: 'forward' }).gradient, h: hessian(f0_ops, [1.6504, -0.9948]).flat(), jv: [jvp(f0_ops, [1.6504, -0.9948], [1, -0.5])], hv: hvp(f0_ops, [1.6504, -0.9948], [1, -0.5]), hq: [[1.6504000000009096, -0.9947999999990905], [1.6503999999990906, -0.9948000000009095]].flatMap((q) => hessian(f0_ops, q).flat()), hvq: [[1.6504000000009096, -0.9947999999990905], [1.6503999999990906, -0.9948000000009095]].flatMap((q) => hvp(f0_ops, q, [1, -0.5])) },
  ],
};
