// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0, type FzPoint, type FzVec3, type FzBody, fzPolar, fzPolar_ops, fzMid, fzMid_ops, fzNormSq, fzNormSq_ops, fzCross, fzCross_ops, fzDot, fzDot_ops, FzSpring, FzSpring_ops, fzAffine, fzAffine_ops } from './helpers.js';

const C0 = 0.75 * 2;

class Model0 {
  constructor(readonly k: number, readonly c: number) {}
  run(ddxOut_d: number[]): number {
    const g0 = fzAffine(ddxOut_d[0], (((Number.EPSILON < (0 | 0)) === true) ? Math.sin(ddxOut_d[0]) : (0 + Math.min(...ddxOut_d))));
    return Math.acosh((1 + (Math.sin(g0(Number.MIN_VALUE)) * Math.sin(g0(Number.MIN_VALUE)))));
  }
}
const model0 = new Model0(K0, 0.5);

class Model0_ops {
  constructor(readonly k: Real, readonly c: Real) {}
  run(x: Real[]): Real {
    const g0 = fzAffine_ops(x[0], ((ops.lt(Number.EPSILON, (0 | 0)) === true) ? ops.sin(x[0]) : ops.add(0, ops.min(...x))));
    return ops.acosh(ops.add(1, ops.mul(ops.sin(g0(Number.MIN_VALUE)), ops.sin(g0(Number.MIN_VALUE)))));
  }
}
const model0_ops = new Model0_ops(K0, 0.5);

export const p0 = {
  f: model0.run.bind(model0),
  ad: () => [
    { v: [valueAndGradient((ddxOut_d: number[]) => model0.run(ddxOut_d), [-0.5001], { mode: 'forward' }).value], g: gradient((ddxOut_d: number[]) => model0.run(ddxOut_d), [-0.5001], { mode: 'forward' }), h: hessian((ddxOut_d: number[]) => model0.run(ddxOut_d), [-0.5001]).flat(), n: gradient((x: number[]) => gradient((ddxOut_d: number[]) => model0.run(ddxOut_d), x)[0], [-0.5001], { mode: 'forward' }) },
    { v: [valueAndGradient((ddxOut_d: number[]) => model0.run(ddxOut_d), [0], { mode: 'forward' }).value], g: gradient((ddxOut_d: number[]) => model0.run(ddxOut_d), [0], { mode: 'forward' }), h: hessian((ddxOut_d: number[]) => model0.run(ddxOut_d), [0]).flat(), n: gradient((x: number[]) => gradient((ddxOut_d: number[]) => model0.run(ddxOut_d), x)[0], [0], { mode: 'forward' }) },
  ],
  rt: () => [
    { v: [valueAndGradient((x: Real[]) => model0_ops.run(x), [-0.5001], { mode: 'forward' }).value], g: gradient((x: Real[]) => model0_ops.run(x), [-0.5001], { mode: 'forward' }), h: hessian((x: Real[]) => model0_ops.run(x), [-0.5001]).flat(), n: gradient((x2: Real[]) => gradient((x: Real[]) => model0_ops.run(x), x2)[0], [-0.5001], { mode: 'forward' }) },
    { v: [valueAndGradient((x: Real[]) => model0_ops.run(x), [0], { mode: 'forward' }).value], g: gradient((x: Real[]) => model0_ops.run(x), [0], { mode: 'forward' }), h: hessian((x: Real[]) => model0_ops.run(x), [0]).flat(), n: gradient((x2: Real[]) => gradient((x: Real[]) => model0_ops.run(x), x2)[0], [0], { mode: 'forward' }) },
  ],
};
