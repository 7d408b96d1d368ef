// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0, softplusRule, gaussRule, polyTable, polyTable_ops, ratTable, ratTable_ops, type FzPoint, type FzVec3, type FzBody, fzPolar, fzPolar_ops, fzMid, fzMid_ops, fzNormSq, fzNormSq_ops, fzCross, fzCross_ops, fzDot, fzDot_ops, FzSpring, FzSpring_ops, fzAffine, fzAffine_ops } from './helpers.js';

const C0 = -1.5 * 2;

function h0_0(ddxOut_d: number, Array: number, xs: readonly number[], n: number): boolean {
  if (n <= 0) return true;
  const b2 = xs.some((x0, i1) => { if ((Math.sin(xs[0]) < (1 - (-1.25)))) return true; });
  if (Object.is(ddxOut_d, ((Number.MIN_SAFE_INTEGER / Number.MAX_SAFE_INTEGER) + 0.001))) {
    const g3 = (u4: number): number => (polyTable((0 >>> 1)) * gaussRule(3));
    let b6 = !(Number.MIN_VALUE > xs[0]);
  } else {
    const ps7: FzPoint[] = [{ x: Math.log10((Math.abs((Array * 0.1)) + 0.5)), y: Math.hypot(xs[0], Math.cbrt((5 & 0)), 1) }, { x: 0.001, y: Math.hypot((1 << 2), polyTable(xs[0])) }];
    Array *= xs[0];
  }
  return (h0_0(ddxOut_d, Array, xs, n - 1) !== b2);
}

function h0_2(ddxOut_d: number, Array: number, xs: readonly number[], up: boolean, n: number): number {
  if (n <= 0) return ((ddxOut_d % 1.5) || Math.sin(Array));
  let r0 = { x: (Math.trunc(ddxOut_d) || Array), y: (1 / (2 + Math.sin((Math.log2((2 + Math.sin(0.1))) + Math.E)))) };
  return ((0.5 * Math.expm1(Math.tanh(h0_2(ddxOut_d, Array, xs, up, n - 1)))) + ((ddxOut_d % 1.5) || Math.sin(r0.y)));
}

function f0(seed: readonly number[]): number {
  const h0_1 = (ddxOut_d: number, Array: number, n: number): number => {
    if (n <= 0) return (((ddxOut_d > Math.E) ? ddxOut_d : 0) + Math.abs(ddxOut_d));
    return ((0.5 * Math.tanh(h0_1(ddxOut_d, Array, n - 1))) + (((ddxOut_d > Math.E) ? ddxOut_d : 0) + Math.abs(ddxOut_d)));
  };
  return Math.expm1(Math.tanh(Math.cbrt((seed[2] - seed[2]))));
}

function h0_0_ops(u: Real, w: Real, xs: readonly Real[], n: number): boolean {
  if (n <= 0) return true;
  const b2 = xs.some((x0, i1) => { if (ops.lt(ops.sin(xs[0]), ops.sub(1, (-1.25)))) return true; });
  if (Object.is(ops.primal(u), ops.primal(ops.add((Number.MIN_SAFE_INTEGER / Number.MAX_SAFE_INTEGER), 0.001)))) {
    const g3 = (u4: Real): Real => ops.mul(polyTable_ops((0 >>> 1)), gaussRule(3));
    let b6 = !ops.gt(Number.MIN_VALUE, xs[0]);
  } else {
    const ps7 = [{ x: ops.log10(ops.add(ops.abs(ops.mul(w, 0.1)), 0.5)), y: ops.hypot(xs[0], ops.cbrt((5 & 0)), 1) }, { x: 0.001, y: ops.hypot((1 << 2), polyTable_ops(xs[0])) }];
    w = ops.mul(w, xs[0]);
  }
  return (h0_0_ops(u, w, xs, n - 1) !== b2);
}

function h0_2_ops(u: Real, w: Real, xs: readonly Real[], up: boolean, n: number): Real {
  if (n <= 0) return (ops.primal(ops.mod(u, 1.5)) ? ops.mod(u, 1.5) : ops.sin(w));
  let r0 = { x: (ops.primal(ops.trunc(u)) ? ops.trunc(u) : w), y: ops.div(1, ops.add(2, ops.sin(ops.add(ops.log2(ops.add(2, ops.sin(0.1))), Math.E)))) };
  return ops.add(ops.mul(0.5, ops.expm1(ops.tanh(h0_2_ops(u, w, xs, up, n - 1)))), (ops.primal(ops.mod(u, 1.5)) ? ops.mod(u, 1.5) : ops.sin(r0.y)));
}

function f0_ops(x: readonly Real[]): Real {
  const h0_1_ops = (u: Real, w: Real, n: number): Real => {
    if (n <= 0) return ops.add((ops.gt(u, Math.E) ? u : 0), ops.abs(u));
    return ops.add(ops.mul(0.5, ops.tanh(h0_1_ops(u, w, n - 1))), ops.add((ops.gt(u, Math.E) ? u : 0), ops.abs(u)));
  };
  return ops.expm1(ops.tanh(ops.cbrt(ops.sub(x[2], x[2]))));
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, [1.6821, -0.6195, 0.164], { mode: 'forward' }).value], g: gradient(f0, { mode: 'forward' })([1.6821, -0.6195, 0.164]), h: hessian(f0)([1.6821, -0.6195, 0.164]).flat() },
    { v: [valueAndGradient(f0, [1.9992, -1.5847, 0], { mode: 'forward' }).value], g: gradient(f0, { mode: 'forward' })([1.9992, -1.5847, 0]), h: hessian(f0)([1.9992, -1.5847, 0]).flat() },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [1.6821, -0.6195, 0.164], { mode: 'forward' }).value], g: gradient(f0_ops, { mode: 'forward' })([1.6821, -0.6195, 0.164]), h: hessian(f0_ops)([1.6821, -0.6195, 0.164]).flat() },
    { v: [valueAndGradient(f0_ops, [1.9992, -1.5847, 0], { mode: 'forward' }).value], g: gradient(f0_ops, { mode: 'forward' })([1.9992, -1.5847, 0]), h: hessian(f0_ops)([1.9992, -1.5847, 0]).flat() },
  ],
};
