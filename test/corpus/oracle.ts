/**
 * The corpus oracle, computed outside ddx: the entry's reference derivatives (a closed form or
 * mpmath's, entries.ts) where it gives them, otherwise central differences of the package's own function with one Richardson step (error O(h⁴)),
 * h = 10⁻³·max(1, |x|) for first derivatives and 2.5·10⁻³·max(1, |x|) for second ones
 * (their rounding error grows as ε/h²). `checkStencil` makes sure no stencil straddles a kink: the
 * differences at h and at h/4 must agree.
 */
import type { Entry } from './entries.js';

type F = (x: number) => number;

const step = (x: number, scale: number) => scale * Math.max(1, Math.abs(x));
const richardson = (d: (h: number) => number, h: number) => (4 * d(h / 2) - d(h)) / 3;

export function firstDifference(f: F, x: number, scale = 1e-3): number {
  return richardson((h) => (f(x + h) - f(x - h)) / (2 * h), step(x, scale));
}

export function secondDifference(f: F, x: number, scale = 2.5e-3): number {
  return richardson((h) => (f(x + h) - 2 * f(x) + f(x - h)) / (h * h), step(x, scale));
}

const moved = (x: readonly number[], i: number, t: number) => x.map((xi, j) => (j === i ? t : xi));
const moved2 = (x: readonly number[], i: number, s: number, j: number, t: number) => x.map((xk, k) => (k === i ? xk + s : k === j ? xk + t : xk));

export function gradientDifference(f: (x: number[]) => number, x: readonly number[], scale = 1e-3): number[] {
  return x.map((xi, i) => firstDifference((t) => f(moved(x, i, t)), xi, scale));
}

export function hessianDifference(f: (x: number[]) => number, x: readonly number[], scale = 2.5e-3): number[][] {
  return x.map((xi, i) => x.map((xj, j) => {
    if (i === j) return secondDifference((t) => f(moved(x, i, t)), xi, scale);
    // ∂²f/∂xi∂xj ≈ [f(+,+) − f(+,−) − f(−,+) + f(−,−)] / (4 hi hj)
    const hi = step(xi, scale), hj = step(xj, scale);
    return richardson((r) => {
      const a = r * hi, b = r * hj;
      return (f(moved2(x, i, a, j, b)) - f(moved2(x, i, a, j, -b)) - f(moved2(x, i, -a, j, b)) + f(moved2(x, i, -a, j, -b))) / (4 * a * b);
    }, 1);
  }));
}

export function jacobianDifference(f: (x: number[]) => number[], x: readonly number[], scale = 1e-3): number[][] {
  const m = f([...x]).length;
  const columns = x.map((xi, j) => Array.from({ length: m }, (_, i) => firstDifference((t) => f(moved(x, j, t))[i], xi, scale)));
  return Array.from({ length: m }, (_, i) => columns.map((column) => column[i]));
}

/** What the verbs must give at one point. */
export type Reference =
  | { shape: 'scalar'; value: number; first: number; second: number }
  | { shape: 'vector'; value: number; gradient: number[]; hessian: number[][] }
  | { shape: 'vector-valued'; value: number[]; jacobian: number[][] };

/** Whether a reference part is a closed form (tight tolerance) or a finite difference. */
export interface Sourced<T> {
  readonly value: T;
  readonly closed: boolean;
}

/**
 * Tolerances, |computed − reference| ≤ tol·max(1, |reference|): a closed form is exact but the
 * package's function is an approximation of it; a finite difference carries its own error.
 */
export const tolerance = {
  closed: { first: 1e-9, second: 1e-7 },
  difference: { first: 1e-6, second: 1e-4 },
} as const;

export function referenceAt(entry: Entry, f: (x: never) => unknown, point: number | readonly number[]): {
  value: number | number[]; first: Sourced<number | number[] | number[][]>; second?: Sourced<number | number[][]>;
} {
  const d1 = entry.d1 as ((x: unknown) => number | number[] | number[][]) | undefined;
  const d2 = entry.d2 as ((x: unknown) => number | number[][]) | undefined;
  if (entry.shape === 'scalar') {
    const g = f as F;
    const x = point as number;
    return {
      value: g(x),
      first: d1 ? { value: d1(x), closed: true } : { value: firstDifference(g, x), closed: false },
      second: d2 ? { value: d2(x), closed: true } : { value: secondDifference(g, x), closed: false },
    };
  }
  const x = point as readonly number[];
  if (entry.shape === 'vector') {
    const g = f as (x: number[]) => number;
    return {
      value: g([...x]),
      first: d1 ? { value: d1([...x]), closed: true } : { value: gradientDifference(g, x), closed: false },
      second: d2 ? { value: d2([...x]), closed: true } : { value: hessianDifference(g, x), closed: false },
    };
  }
  const g = f as (x: number[]) => number[];
  return {
    value: [...g([...x])],
    first: d1 ? { value: d1([...x]), closed: true } : { value: jacobianDifference((v) => [...g(v)], x), closed: false },
  };
}

/**
 * The entry's own consistency, which needs no compiled code: finite differences at two step
 * sizes agree (no kink inside the stencil, no rounding blow-up), and every closed form agrees
 * with the differences of the package's function. Returns the disagreements, described.
 */
export function checkStencil(entry: Entry, f: (x: never) => unknown, point: number | readonly number[]): string[] {
  const problems: string[] = [];
  const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
  const compare = (what: string, a: unknown, b: unknown, tol: number) => {
    const xs = [a].flat(2) as number[], ys = [b].flat(2) as number[];
    if (xs.length !== ys.length || xs.some((v, i) => !near(v, ys[i], tol))) {
      problems.push(`${entry.id} at ${JSON.stringify(point)}: ${what} ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  };
  const tol = tolerance.difference;
  if (entry.shape === 'scalar') {
    const g = f as F, x = point as number;
    compare('f′ by differences at h and h/4', firstDifference(g, x), firstDifference(g, x, 2.5e-4), tol.first / 10);
    compare('f″ by differences at h and h/4', secondDifference(g, x), secondDifference(g, x, 6.25e-4), tol.second / 10);
    if (entry.d1) compare('reference f′ vs differences', (entry.d1 as F)(x), firstDifference(g, x), tol.first / 10);
    if (entry.d2) compare('reference f″ vs differences', (entry.d2 as F)(x), secondDifference(g, x), tol.second / 10);
    return problems;
  }
  const x = point as readonly number[];
  if (entry.shape === 'vector') {
    const g = f as (x: number[]) => number;
    compare('∇f by differences at h and h/4', gradientDifference(g, x), gradientDifference(g, x, 2.5e-4), tol.first / 10);
    compare('∇²f by differences at h and h/4', hessianDifference(g, x), hessianDifference(g, x, 6.25e-4), tol.second / 10);
    if (entry.d1) compare('reference ∇f vs differences', (entry.d1 as (x: number[]) => number[])([...x]), gradientDifference(g, x), tol.first / 10);
    if (entry.d2) compare('reference ∇²f vs differences', (entry.d2 as (x: number[]) => number[][])([...x]), hessianDifference(g, x), tol.second / 10);
    return problems;
  }
  const g = (v: number[]) => Array.from((f as (x: number[]) => ArrayLike<number>)(v));
  compare('J by differences at h and h/4', jacobianDifference(g, x), jacobianDifference(g, x, 2.5e-4), tol.first / 10);
  if (entry.d1) compare('reference J vs differences', (entry.d1 as (x: number[]) => number[][])([...x]), jacobianDifference(g, x), tol.first / 10);
  return problems;
}
