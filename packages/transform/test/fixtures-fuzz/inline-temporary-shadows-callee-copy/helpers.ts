// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { ops, type Real } from '@ddx/dual';

export const K0 = 0.75;

export function h0_0(u: number): number {
  return 0;
}

export function h0_0_ops(u: Real): Real {
  return 0;
}
