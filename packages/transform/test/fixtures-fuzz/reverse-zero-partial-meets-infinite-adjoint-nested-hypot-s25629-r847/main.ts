// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0, fzSlopes_ops, polyTable, polyTable_ops, ratTable, ratTable_ops } from './helpers.js';

function fzSlopes(f: (x: number) => number, xs: readonly number[]): number {
  let s = 0;
  for (const v of xs) s += f(v) * derivative(f, v);
  return s;
}

const C0 = 0.75 * 2;

function f0(x: number[], data: readonly number[]): number[] {
  const v1 = fzSlopes((u0: number): number => polyTable(Math.hypot(u0, u0)), x);
  return [(x[0] + v1)];
}

function f0_ops(x: Real[], data: readonly number[]): Real[] {
  const v1: Real = fzSlopes_ops((u0: Real): Real => polyTable_ops(ops.hypot(u0, u0)), x);
  return [ops.add(x[0], v1)];
}

function ad0(D0: number[]) {
  return [
    { v: valueAndJacobian((x: number[]): number[] => {
      const v1 = fzSlopes((u0: number): number => polyTable(Math.hypot(u0, u0)), x);
      return [(x[0] + v1)];
    }, [0]).value, g: jacobian((x: number[]): number[] => {
      const v1 = fzSlopes((u0: number): number => polyTable(Math.hypot(u0, u0)), x);
      return [(x[0] + v1)];
    }, [0]).flat() },
  ];
}
function rt0(D0: number[]) {
  return [
    { v: valueAndJacobian((x: Real[]): Real[] => {
      const v1: Real = fzSlopes_ops((u0: Real): Real => polyTable_ops(ops.hypot(u0, u0)), x);
      return [ops.add(x[0], v1)];
    }, [0]).value, g: jacobian((x: Real[]): Real[] => {
      const v1: Real = fzSlopes_ops((u0: Real): Real => polyTable_ops(ops.hypot(u0, u0)), x);
      return [ops.add(x[0], v1)];
    }, [0]).flat() },
  ];
}
export const p0 = {
  f: f0,
  ad: () => ad0([0]),
  rt: () => rt0([0]),
};
