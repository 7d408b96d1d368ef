// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { ops, type Real } from '@ddx/dual';

export const K0 = 2;

export const h0_0 = (ddxOut_d: number): number => {
  return (-ddxOut_d);
};

export const h0_2 = (ddxOut_d: number, xs: readonly number[], n: number) => {
  if (n <= 0) return Object.is((--ddxOut_d), Math.pow(ddxOut_d, 3));
  return (h0_2(ddxOut_d, xs, n - 1) !== Object.is((--ddxOut_d), Math.pow(ddxOut_d, 3)));
};

export const h0_0_ops = (u: Real): Real => {
  return ops.neg(u);
};

export const h0_2_ops = (u: Real, xs: readonly Real[], n: number): boolean => {
  if (n <= 0) return Object.is(ops.primal((u = ops.sub(u, 1))), ops.primal(ops.pow(u, 3)));
  return (h0_2_ops(u, xs, n - 1) !== Object.is(ops.primal((u = ops.sub(u, 1))), ops.primal(ops.pow(u, 3))));
};
