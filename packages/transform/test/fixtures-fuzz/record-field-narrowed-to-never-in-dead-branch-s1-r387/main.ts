// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0, type FzPoint, type FzVec3, type FzBody, fzPolar, fzPolar_ops, fzMid, fzMid_ops, fzNormSq, fzNormSq_ops, fzCross, fzCross_ops, fzDot, fzDot_ops, FzSpring, FzSpring_ops, fzAffine, fzAffine_ops } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: number, data: readonly number[]): number {
  for (let i0 = 0; i0 < 1; i0++) {
    if ((typeof x === 'number')) {
    } else {
      let r1 = { x: (Math.sin(x) ** 2), y: x };
    }
  }
  return Math.sin((x + (Math.PI | 0)));
}

function f0_ops(x: Real, data: readonly number[]): Real {
  for (let i0 = 0; i0 < 1; i0++) {
    if (true) {
    } else {
      let r1 = { x: ops.pow(ops.sin(x), 2), y: x };
    }
  }
  return ops.sin(ops.add(x, (ops.primal(Math.PI) | 0)));
}

function ad0(D0: number[]) {
  return [
    { v: [valueAndDerivative((x: number) => f0(x, D0), 0).value], g: [derivative((x: number) => f0(x, D0), 0)], h: [secondDerivative((x: number) => f0(x, D0), 0)], n: [derivative((t: number) => derivative((x: number) => f0(x, D0), t), 0)] },
  ];
}
function rt0(D0: number[]) {
  return [
    { v: [valueAndDerivative((x: Real) => f0_ops(x, D0), 0).value], g: [derivative((x: Real) => f0_ops(x, D0), 0)], h: [secondDerivative((x: Real) => f0_ops(x, D0), 0)], n: [derivative((t: Real) => derivative((x: Real) => f0_ops(x, D0), t), 0)] },
  ];
}
export const p0 = {
  f: f0,
  ad: () => ad0([0]),
  rt: () => rt0([0]),
};
