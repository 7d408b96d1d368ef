/**
 * Unconstrained minimisation two ways: Newton's method with exact Hessians from hyper-dual numbers,
 * and gradient descent. Both take a backtracking (Armijo) line search along their direction.
 */
import { valueAndGradient, valueGradientHessian, type Dual, type HyperDual, type Real } from '@ddx/dual';
import { cholesky, choleskySolve, dot, norm } from './linalg.js';

/** f: Rⁿ → R written over Real, so it accepts numbers, duals and hyper-duals. */
export type Objective = (x: readonly Real[]) => Real;

export interface Options {
  /** Stop when ‖∇f(x)‖ ≤ tolerance. */
  tolerance: number;
  maxIterations: number;
}

export interface Result {
  x: number[];
  value: number;
  gradientNorm: number;
  iterations: number;
  converged: boolean;
  milliseconds: number;
}

/**
 * Armijo backtracking: the largest t in {t0, t0/2, t0/4, …} with f(x + t·p) ≤ f(x) + c·t·∇f·p, so
 * every step decreases f by a fair share of what the slope promises.
 */
function lineSearch(f: Objective, x: number[], value: number, slope: number, p: number[], t0: number): { t: number; x: number[]; value: number } {
  const c = 1e-4;
  for (let t = t0; t > 1e-20; t /= 2) {
    const next = x.map((xi, i) => xi + t * p[i]);
    const v = f(next) as number;
    if (v <= value + c * t * slope) return { t, x: next, value: v };
  }
  return { t: 0, x, value }; // no decrease possible in floating point
}

/**
 * Newton's method: solve ∇²f·p = −∇f, then line search along p. Where the Hessian is not positive
 * definite (far from the minimum) τI is added until it is, which keeps p a descent direction.
 */
export function newton(f: Objective, x0: readonly number[], o: Options): Result {
  const start = performance.now();
  let x = x0.slice();
  for (let k = 0; ; k++) {
    const { value, gradient, hessian } = valueGradientHessian((v: HyperDual[]) => f(v), x);
    const gradientNorm = norm(gradient);
    if (gradientNorm <= o.tolerance || k === o.maxIterations) {
      return { x, value, gradientNorm, iterations: k, converged: gradientNorm <= o.tolerance, milliseconds: performance.now() - start };
    }
    const p = choleskySolve(positiveDefiniteFactor(hessian), gradient.map((g) => -g));
    x = lineSearch(f, x, value, dot(gradient, p), p, 1).x;
  }
}

/** The Cholesky factor of H + τI for the smallest τ in {0, 1e-3·scale, 2e-3·scale, …} that makes it positive definite. */
function positiveDefiniteFactor(H: number[][]): number[][] {
  const scale = Math.max(1, ...H.map((row, i) => Math.abs(row[i])));
  for (let tau = 0; ; tau = tau === 0 ? 1e-3 * scale : 2 * tau) {
    const L = cholesky(H.map((row, i) => row.map((h, j) => (i === j ? h + tau : h))));
    if (L) return L;
  }
}

/** Gradient descent: p = −∇f, with the line search starting from twice the last accepted step. */
export function gradientDescent(f: Objective, x0: readonly number[], o: Options): Result {
  const start = performance.now();
  let x = x0.slice();
  let t = 1;
  for (let k = 0; ; k++) {
    const { value, gradient } = valueAndGradient((v: Dual[]) => f(v), x);
    const gradientNorm = norm(gradient);
    if (gradientNorm <= o.tolerance || k === o.maxIterations) {
      return { x, value, gradientNorm, iterations: k, converged: gradientNorm <= o.tolerance, milliseconds: performance.now() - start };
    }
    const p = gradient.map((g) => -g);
    const step = lineSearch(f, x, value, -gradientNorm * gradientNorm, p, 2 * t);
    x = step.x;
    t = step.t || 1;
  }
}
