// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { derivative, secondDerivative, valueAndDerivative, valueAndDerivatives, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp, ops, type Real } from '@ddx/dual';
import { K0, TI0, TI0_ops, h0_1, h0_2, h0_1_ops, h0_2_ops, polyTable, polyTable_ops, ratTable, ratTable_ops } from './helpers.js';

const C0 = -1.5 * 2;

const TB0 = [0, -1.25];
const TB0_ops = [0, -1.25];

const OB0 = { k: 0, w: [0, -1.25] };
const OB0_ops = { k: 0, w: [0, -1.25] };

function f0(NaN: readonly number[], data: readonly (readonly number[])[]): number[] {
  function h0_0(isFinite: number, NaN: number, up: boolean, ...xs: number[]): number {
    return 0.5;
  }
  L1: for (var i0 = 0; i0 < data[1].length; i0++) {
    if (true) continue L1;
  }
  let fin2 = Math.sin(Math.hypot(...data[0]));
  try {
    fin2 = (fin2 * (Math.hypot(...OB0.w) - 1));
  } finally {
    fin2 = (fin2 + Math.sin(fin2));
  }
  const out: number[] = [];
  out.push(TB0[1]);
  return out;
}

function f0_ops(x: readonly Real[], data: readonly (readonly number[])[]): Real[] {
  function h0_0_ops(u: Real, w: Real, up: boolean, ...xs: Real[]): Real {
    return 0.5;
  }
  L1: for (var i0 = 0; i0 < data[1].length; i0++) {
    if (true) continue L1;
  }
  let fin2: Real = ops.sin(ops.hypot(...data[0]));
  try {
    fin2 = ops.mul(fin2, ops.sub(ops.hypot(...OB0_ops.w), 1));
  } finally {
    fin2 = ops.add(fin2, ops.sin(fin2));
  }
  const out: Real[] = [];
  out.push(TB0_ops[1]);
  return out;
}

function ad0(isFinite: readonly (readonly number[])[]) {
  return [
    { g: jacobian((NaN: readonly number[]): number[] => {
      function h0_0(isFinite: number, NaN: number, up: boolean, ...xs: number[]): number {
        return 0.5;
      }
      L1: for (var i0 = 0; i0 < isFinite[1].length; i0++) {
        if (true) continue L1;
      }
      let fin2 = Math.sin(Math.hypot(...isFinite[0]));
      try {
        fin2 = (fin2 * (Math.hypot(...OB0.w) - 1));
      } finally {
        fin2 = (fin2 + Math.sin(fin2));
      }
      const out: number[] = [];
      out.push(TB0[1]);
      return out;
    })([-1.7777, 0]).flat() },
  ];
}
function rt0(D0: readonly (readonly number[])[]) {
  return [
    { g: jacobian((x: readonly Real[]): Real[] => {
      function h0_0_ops(u: Real, w: Real, up: boolean, ...xs: Real[]): Real {
        return 0.5;
      }
      L1: for (var i0 = 0; i0 < D0[1].length; i0++) {
        if (true) continue L1;
      }
      let fin2: Real = ops.sin(ops.hypot(...D0[0]));
      try {
        fin2 = ops.mul(fin2, ops.sub(ops.hypot(...OB0_ops.w), 1));
      } finally {
        fin2 = ops.add(fin2, ops.sin(fin2));
      }
      const out: Real[] = [];
      out.push(TB0_ops[1]);
      return out;
    })([-1.7777, 0]).flat() },
  ];
}
export const p0 = {
  f: f0,
  ad: () => ad0([[10], [10, 3]]),
  rt: () => rt0([[10], [10, 3]]),
};
