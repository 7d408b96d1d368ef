// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number[], data: readonly number[]): number[] {
  return [(((x[0] ** 2) < Number.POSITIVE_INFINITY) ? (Math.sin(Number.EPSILON) | 0) : (!(x[0] < x[1]) ? (-0) : Number.EPSILON)), (Number.isFinite((x[1] / (1 + (Math.sin(0) * Math.sin(0))))) ? (Math.sin(0) % 1.5) : (x[1] + x[1])), Math.sin(Math.atan2(Math.sin(x[1]), x[1]))];
}

function f0_ops(x: Real[], data: readonly number[]): Real[] {
  return [(ops.lt(ops.pow(x[0], 2), Number.POSITIVE_INFINITY) ? (ops.primal(ops.sin(Number.EPSILON)) | 0) : (!ops.lt(x[0], x[1]) ? ops.neg(0) : Number.EPSILON)), (Number.isFinite(ops.primal(ops.div(x[1], ops.add(1, ops.mul(ops.sin(0), ops.sin(0)))))) ? ops.mod(ops.sin(0), 1.5) : ops.add(x[1], x[1])), ops.sin(ops.atan2(ops.sin(x[1]), x[1]))];
}

function ad0(D0: number[]) {
  return [
    { v: valueAndJacobian((x: number[]): number[] => {
      return [(((x[0] ** 2) < Number.POSITIVE_INFINITY) ? (Math.sin(Number.EPSILON) | 0) : (!(x[0] < x[1]) ? (-0) : Number.EPSILON)), (Number.isFinite((x[1] / (1 + (Math.sin(0) * Math.sin(0))))) ? (Math.sin(0) % 1.5) : (x[1] + x[1])), Math.sin(Math.atan2(Math.sin(x[1]), x[1]))];
    }, [0, 0.0001]).value, g: jacobian((x: number[]): number[] => {
      return [(((x[0] ** 2) < Number.POSITIVE_INFINITY) ? (Math.sin(Number.EPSILON) | 0) : (!(x[0] < x[1]) ? (-0) : Number.EPSILON)), (Number.isFinite((x[1] / (1 + (Math.sin(0) * Math.sin(0))))) ? (Math.sin(0) % 1.5) : (x[1] + x[1])), Math.sin(Math.atan2(Math.sin(x[1]), x[1]))];
    }, [0, 0.0001]).flat() },
  ];
}
function rt0(D0: number[]) {
  return [
    { v: valueAndJacobian((x: Real[]): Real[] => {
      return [(ops.lt(ops.pow(x[0], 2), Number.POSITIVE_INFINITY) ? (ops.primal(ops.sin(Number.EPSILON)) | 0) : (!ops.lt(x[0], x[1]) ? ops.neg(0) : Number.EPSILON)), (Number.isFinite(ops.primal(ops.div(x[1], ops.add(1, ops.mul(ops.sin(0), ops.sin(0)))))) ? ops.mod(ops.sin(0), 1.5) : ops.add(x[1], x[1])), ops.sin(ops.atan2(ops.sin(x[1]), x[1]))];
    }, [0, 0.0001]).value, g: jacobian((x: Real[]): Real[] => {
      return [(ops.lt(ops.pow(x[0], 2), Number.POSITIVE_INFINITY) ? (ops.primal(ops.sin(Number.EPSILON)) | 0) : (!ops.lt(x[0], x[1]) ? ops.neg(0) : Number.EPSILON)), (Number.isFinite(ops.primal(ops.div(x[1], ops.add(1, ops.mul(ops.sin(0), ops.sin(0)))))) ? ops.mod(ops.sin(0), 1.5) : ops.add(x[1], x[1])), ops.sin(ops.atan2(ops.sin(x[1]), x[1]))];
    }, [0, 0.0001]).flat() },
  ];
}
export const p0 = {
  f: f0,
  ad: () => ad0([0]),
  rt: () => rt0([0]),
};
