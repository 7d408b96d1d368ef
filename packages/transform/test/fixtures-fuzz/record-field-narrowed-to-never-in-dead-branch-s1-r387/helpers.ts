// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { ops, type Real } from '@ddx/dual';

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

export const K0 = 0.75;
