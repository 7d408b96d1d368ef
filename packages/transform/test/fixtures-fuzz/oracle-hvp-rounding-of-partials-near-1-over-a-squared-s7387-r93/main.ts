// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0 } from './helpers.js';

const C0 = 0.75 * 2;

function f0(e1: number, e2: number, data: readonly number[]): number {
  let fin0 = data[3];
  try {
    fin0 = (fin0 * e2);
  } finally {
    fin0 = (fin0 + Math.sin(fin0));
  }
  return Math.atan2((e1 + e1), (e1 / (1 + (e2 * e2))));
}

function f0_ops(a: Real, b: Real, data: readonly number[]): Real {
  let fin0: Real = data[3];
  try {
    fin0 = ops.mul(fin0, b);
  } finally {
    fin0 = ops.add(fin0, ops.sin(fin0));
  }
  return ops.atan2(ops.add(a, a), ops.div(a, ops.add(1, ops.mul(b, b))));
}

const ops_0 = [0.5, 10, 0.001, -1.25];
const D_0 = [0.5, 10, 0.001, -1.25];
export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient((e1: number, e2: number) => f0(e1, e2, ops_0), [-0.0009, 0.8378], { mode: 'forward' }).value], g: valueAndGradient((e1: number, e2: number) => f0(e1, e2, ops_0), [-0.0009, 0.8378], { mode: 'forward' }).gradient, h: hessian((e1: number, e2: number) => f0(e1, e2, ops_0), [-0.0009, 0.8378]).flat(), jv: [jvp((e1: number, e2: number) => f0(e1, e2, ops_0), [-0.0009, 0.8378], [1, -0.5])], hv: hvp((e1: number, e2: number) => f0(e1, e2, ops_0), [-0.0009, 0.8378], [1, -0.5]), hq: [[-0.0008999999990905053, 0.8378000000009095], [-0.0009000000009094947, 0.8377999999990905]].flatMap((q) => hessian((e1: number, e2: number) => f0(e1, e2, ops_0), q).flat()), hvq: [[-0.0008999999990905053, 0.8378000000009095], [-0.0009000000009094947, 0.8377999999990905]].flatMap((q) => hvp((e1: number, e2: number) => f0(e1, e2, ops_0), q, [1, -0.5])) },
  ],
  rt: () => [
    { v: [valueAndGradient((a: Real, b: Real) => f0_ops(a, b, D_0), [-0.0009, 0.8378], { mode: 'forward' }).value], g: valueAndGradient((a: Real, b: Real) => f0_ops(a, b, D_0), [-0.0009, 0.8378], { mode: 'forward' }).gradient, h: hessian((a: Real, b: Real) => f0_ops(a, b, D_0), [-0.0009, 0.8378]).flat(), jv: [jvp((a: Real, b: Real) => f0_ops(a, b, D_0), [-0.0009, 0.8378], [1, -0.5])], hv: hvp((a: Real, b: Real) => f0_ops(a, b, D_0), [-0.0009, 0.8378], [1, -0.5]), hq: [[-0.0008999999990905053, 0.8378000000009095], [-0.0009000000009094947, 0.8377999999990905]].flatMap((q) => hessian((a: Real, b: Real) => f0_ops(a, b, D_0), q).flat()), hvq: [[-0.0008999999990905053, 0.8378000000009095], [-0.0009000000009094947, 0.8377999999990905]].flatMap((q) => hvp((a: Real, b: Real) => f0_ops(a, b, D_0), q, [1, -0.5])) },
  ],
};
