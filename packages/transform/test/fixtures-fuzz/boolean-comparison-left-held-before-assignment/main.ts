// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0, h0_0, h0_2, h0_0_ops, h0_2_ops } from './helpers.js';

const C0 = 2 * 2;

const h0_1 = (ddxOut_d: number, Array: number, xs: readonly number[], up: boolean): number => {
  const [v0 = Array] = xs;
  Array **= 2;
  for (let i1 = 0; i1 < 3; i1++) {
    if ((((2 + Math.cos((-1.25))) ** (3 * Math.tanh(K0))) > Number.MIN_VALUE)) return xs[0];
  }
  return (0.1 + (1 >> 3));
};

function f0(seed: readonly number[]): number {
  var v0 = 0.5;
  var v0 = (h0_0(3) + (1 / (2 + Math.sin((seed[0] + seed[0])))));
  for (let i1 = 0; i1 < seed.length; i1++) {
    if (h0_2(Math.pow((Number.MIN_SAFE_INTEGER / Number.MAX_SAFE_INTEGER), 3), seed, 1)) {
      let v2 = ((i1 + v0) - (10 - seed[0]));
      const v3 = (Math.sign(v2) * Math.log10((Math.abs(v2) + 0.5)));
      let v4 = seed[0];
    } else {
      const v5 = v0;
    }
    for (var i6 = 0; i6 < 2; i6++) {
      v0 %= 1.5;
    }
    let i7 = 0;
    do {
      i7++;
    } while (i7 < 3);
  }
  return (v0 += Math.trunc(seed[0]));
}

const h0_1_ops = (u: Real, w: Real, xs: readonly Real[], up: boolean): Real => {
  const [v0 = w] = xs;
  w = ops.pow(w, 2);
  for (let i1 = 0; i1 < 3; i1++) {
    if (ops.gt(ops.pow(ops.add(2, ops.cos((-1.25))), ops.mul(3, ops.tanh(K0))), Number.MIN_VALUE)) return xs[0];
  }
  return ops.add(0.1, (1 >> 3));
};

function f0_ops(x: readonly Real[]): Real {
  var v0: Real = 0.5;
  var v0: Real = ops.add(h0_0_ops(3), ops.div(1, ops.add(2, ops.sin(ops.add(x[0], x[0])))));
  for (let i1 = 0; i1 < x.length; i1++) {
    if (h0_2_ops(ops.pow((Number.MIN_SAFE_INTEGER / Number.MAX_SAFE_INTEGER), 3), x, 1)) {
      let v2: Real = ops.sub(ops.add(i1, v0), ops.sub(10, x[0]));
      const v3: Real = ops.mul(ops.sign(v2), ops.log10(ops.add(ops.abs(v2), 0.5)));
      let v4: Real = x[0];
    } else {
      const v5: Real = v0;
    }
    for (var i6 = 0; i6 < 2; i6++) {
      v0 = ops.mod(v0, 1.5);
    }
    let i7 = 0;
    do {
      i7++;
    } while (i7 < 3);
  }
  return (v0 = ops.add(v0, ops.trunc(x[0])));
}

export const p0 = {
  f: f0,
  ad: () => [
    { v: [valueAndGradient(f0, [1.9995], { mode: 'forward' }).value], g: gradient(f0, { mode: 'forward' })([1.9995]), h: hessian(f0)([1.9995]).flat() },
  ],
  rt: () => [
    { v: [valueAndGradient(f0_ops, [1.9995], { mode: 'forward' }).value], g: gradient(f0_ops, { mode: 'forward' })([1.9995]), h: hessian(f0_ops)([1.9995]).flat() },
  ],
};
