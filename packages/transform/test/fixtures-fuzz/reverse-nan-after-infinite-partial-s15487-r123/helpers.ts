// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { defineFunction, ops, type Real } from '@ddx/dual';

export const softplusRule = defineFunction('softplus', (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  (x) => 1 / (1 + Math.exp(-x)), (x) => { const s = 1 / (1 + Math.exp(-x)); return s * (1 - s); });

function gauss(x: number): number {
  return Math.exp(-x * x / 2);
}
export const gaussRule = defineFunction('gauss', gauss, (x) => -x * gauss(x), (x) => (x * x - 1) * gauss(x));

const TABLE_P = [0.5, -0.25, 0.125, 1.5];
export function polyTable(x: number): number {
  const t = Math.tanh(x);
  let s = 0;
  for (let i = TABLE_P.length - 1; i >= 0; i--) s = s * t + TABLE_P[i];
  return s;
}
export function polyTable_ops(x: Real): Real {
  const t = ops.tanh(x);
  let s: Real = 0;
  for (let i = TABLE_P.length - 1; i >= 0; i--) s = ops.add(ops.mul(s, t), TABLE_P[i]);
  return s;
}

const TABLE_Q = [1, 0.5, 0.25];
export function ratTable(x: number): number {
  return (TABLE_Q[0] + TABLE_Q[1] * x) / (1 + TABLE_Q[2] * x * x);
}
export function ratTable_ops(x: Real): Real {
  return ops.div(ops.add(TABLE_Q[0], ops.mul(TABLE_Q[1], x)), ops.add(1, ops.mul(ops.mul(TABLE_Q[2], x), x)));
}

export interface FzPoint { x: number; y: number }
export type FzVec3 = [number, number, number];
export type FzBody = { pos: FzPoint; m: number };
type FzPointOps = { x: Real; y: Real };
export function fzPolar(r: number, t: number): FzPoint {
  return { x: r * Math.cos(t), y: r * Math.sin(t) };
}
export function fzPolar_ops(r: Real, t: Real): FzPointOps {
  return { x: ops.mul(r, ops.cos(t)), y: ops.mul(r, ops.sin(t)) };
}
export function fzMid(a: FzPoint, b: FzPoint): FzPoint {
  return { x: (a.x + b.x) / 2, y: a.y * b.y };
}
export function fzMid_ops(a: FzPointOps, b: FzPointOps): FzPointOps {
  return { x: ops.div(ops.add(a.x, b.x), 2), y: ops.mul(a.y, b.y) };
}
export function fzNormSq(p: FzPoint): number {
  return p.x * p.x + Math.sin(p.y) * p.y;
}
export function fzNormSq_ops(p: FzPointOps): Real {
  return ops.add(ops.mul(p.x, p.x), ops.mul(ops.sin(p.y), p.y));
}
export function fzCross(a: FzVec3, b: FzVec3): FzVec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
export function fzCross_ops(a: Real[], b: Real[]): Real[] {
  return [ops.sub(ops.mul(a[1], b[2]), ops.mul(a[2], b[1])), ops.sub(ops.mul(a[2], b[0]), ops.mul(a[0], b[2])), ops.sub(ops.mul(a[0], b[1]), ops.mul(a[1], b[0]))];
}
export function fzDot(a: FzVec3, b: FzVec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
export function fzDot_ops(a: Real[], b: Real[]): Real {
  return ops.add(ops.add(ops.mul(a[0], b[0]), ops.mul(a[1], b[1])), ops.mul(a[2], b[2]));
}
export class FzSpring {
  constructor(readonly k: number, readonly rest: number) {}
  energy(x: number): number {
    const d = x - this.rest;
    return 0.5 * this.k * d * d + this.wobble(x);
  }
  wobble(x: number): number {
    return Math.sin(this.k * x) / 4;
  }
}
export class FzSpring_ops {
  constructor(readonly k: Real, readonly rest: Real) {}
  energy(x: Real): Real {
    const d = ops.sub(x, this.rest);
    return ops.add(ops.mul(ops.mul(ops.mul(0.5, this.k), d), d), this.wobble(x));
  }
  wobble(x: Real): Real {
    return ops.div(ops.sin(ops.mul(this.k, x)), 4);
  }
}
/** A factory: the closure it returns captures its arguments. */
export function fzAffine(k: number, c: number): (u: number) => number {
  return (u: number): number => k * Math.sin(u) + c * u;
}
export function fzAffine_ops(k: Real, c: Real): (u: Real) => Real {
  return (u: Real): Real => ops.add(ops.mul(k, ops.sin(u)), ops.mul(c, u));
}

export const K0 = -1.5;
