// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, ops, type Real } from '@ddx/dual';

export function fzSlopes_ops(f: (x: Real) => Real, xs: readonly Real[]): Real {
  let s: Real = 0;
  for (const v of xs) s = ops.add(s, ops.mul(f(v), derivative(f, v)));
  return s;
}

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

export const K0 = 0.75;
