// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { ops, type Real } from '@ddx/dual';

export function fzSumOf_ops(f: (x: Real) => Real, xs: readonly Real[]): Real {
  let s: Real = 0;
  for (const v of xs) s = ops.add(s, f(v));
  return s;
}

export const K0 = 0.75;

export const TI0: readonly number[] = [0, 0];
export const TI0_ops: readonly number[] = [0, 0];
