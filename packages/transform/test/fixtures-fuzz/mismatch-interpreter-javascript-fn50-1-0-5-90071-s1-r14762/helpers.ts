// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { ops, type Real } from '@ddx/dual';

const TABLE_P = [0.5, -0.25, 0.125, 1.5];
export function polyTable(x: number): number {
  const t = Math.tanh(x);
  let s = 0;
  for (let i = TABLE_P.length - 1; i >= 0; i--) s = s * t + TABLE_P[i];
  return s;
}
export function polyTable_ops(x: Real): Real {
  const t = ops.tanh(x);
  let s: Real = 0;
  for (let i = TABLE_P.length - 1; i >= 0; i--) s = ops.add(ops.mul(s, t), TABLE_P[i]);
  return s;
}

const TABLE_Q = [1, 0.5, 0.25];
export function ratTable(x: number): number {
  return (TABLE_Q[0] + TABLE_Q[1] * x) / (1 + TABLE_Q[2] * x * x);
}
export function ratTable_ops(x: Real): Real {
  return ops.div(ops.add(TABLE_Q[0], ops.mul(TABLE_Q[1], x)), ops.add(1, ops.mul(ops.mul(TABLE_Q[2], x), x)));
}

export const K0 = -1.5;

export const TI0: readonly number[] = [-1.25, 0];
export const TI0_ops: readonly number[] = [-1.25, 0];

export const h0_1 = (isFinite: number, NaN: number, n: number): number => {
  if (n <= 0) return isFinite;
  const b0 = true;
  for (var i1 = 0; i1 < 1; i1++) {
    let b2 = (0.001 <= Math.sin(2));
  }
  const b3 = (Math.cos((-1.25)) < ratTable(NaN));
  return ((0.5 * Math.log10((Math.abs(h0_1(isFinite, NaN, n - 1)) + 0.5))) + NaN);
};

export const h0_2 = (isFinite: number, up: boolean, n: number, ...xs: number[]): number => {
  if (n <= 0) return xs[0];
  up &&= (isFinite >= ((Number.MIN_SAFE_INTEGER / Number.MAX_SAFE_INTEGER) % (2 + Math.sin(3))));
  return ((0.5 * Math.acos((0.9 * Math.tanh(h0_2(isFinite, up, n - 1, ...xs))))) + xs[0]);
};

export const h0_1_ops = (u: Real, w: Real, n: number): Real => {
  if (n <= 0) return u;
  const b0 = true;
  for (var i1 = 0; i1 < 1; i1++) {
    let b2 = ops.le(0.001, ops.sin(2));
  }
  const b3 = ops.lt(ops.cos((-1.25)), ratTable_ops(w));
  return ops.add(ops.mul(0.5, ops.log10(ops.add(ops.abs(h0_1_ops(u, w, n - 1)), 0.5))), w);
};

export const h0_2_ops = (u: Real, up: boolean, n: number, ...xs: Real[]): Real => {
  if (n <= 0) return xs[0];
  up &&= ops.ge(u, ops.mod((Number.MIN_SAFE_INTEGER / Number.MAX_SAFE_INTEGER), ops.add(2, ops.sin(3))));
  return ops.add(ops.mul(0.5, ops.acos(ops.mul(0.9, ops.tanh(h0_2_ops(u, up, n - 1, ...xs))))), xs[0]);
};
