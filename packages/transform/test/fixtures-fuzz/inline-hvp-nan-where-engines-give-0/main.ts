// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(x: readonly number[]): number {
  return ((Math.sin(x[0]) + Math.atan2(x[1], x[1])) * Math.sin(Math.max(x[1], 2)));
}

function f0_ops(x: readonly Real[]): Real {
  return ops.mul(ops.add(ops.sin(x[0]), ops.atan2(x[1], x[1])), ops.sin(ops.max(x[1], 2)));
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, [0, 0], { mode: 'forward' }).value], g: valueAndGradient(f0, [0, 0], { mode: 'forward' }).gradient, h: hessian(f0, [0, 0]).flat(), jv: [jvp(f0, [0, 0], [1, -0.5])], hv: hvp(f0, [0, 0], [1, -0.5]), hq: [[9.094947017729282e-13, 9.094947017729282e-13], [-9.094947017729282e-13, -9.094947017729282e-13]].flatMap((q) => hessian(f0, q).flat()), hvq: [[9.094947017729282e-13, 9.094947017729282e-13], [-9.094947017729282e-13, -9.094947017729282e-13]].flatMap((q) => hvp(f0, q, [1, -0.5])) },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [0, 0], { mode: 'forward' }).value], g: valueAndGradient(f0_ops, [0, 0], { mode: 'forward' }).gradient, h: hessian(f0_ops, [0, 0]).flat(), jv: [jvp(f0_ops, [0, 0], [1, -0.5])], hv: hvp(f0_ops, [0, 0], [1, -0.5]), hq: [[9.094947017729282e-13, 9.094947017729282e-13], [-9.094947017729282e-13, -9.094947017729282e-13]].flatMap((q) => hessian(f0_ops, q).flat()), hvq: [[9.094947017729282e-13, 9.094947017729282e-13], [-9.094947017729282e-13, -9.094947017729282e-13]].flatMap((q) => hvp(f0_ops, q, [1, -0.5])) },
  ],
};
