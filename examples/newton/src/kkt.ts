/**
 * Equality-constrained minimisation through the KKT conditions: minimise f(x) subject to c(x) = 0
 * by Newton's method on the stationarity of the Lagrangian L(x, λ) = f(x) − λ·c(x).
 *
 * ∇L = (∇f − λ∇c, −c) = 0 is exactly the KKT system, and the Hessian of L over (x, λ) is the KKT
 * matrix [[∇²f − λ∇²c, −∇c], [−∇cᵀ, 0]]: one `valueGradientHessian` call on L gives both. The KKT
 * matrix is indefinite, so each Newton step solves it by Gaussian elimination, not Cholesky.
 */
import { ops, valueGradientHessian, type HyperDual } from '@ddx/dual';
import { cholesky, norm, solve, type Matrix } from './linalg.js';
import type { Objective } from './optimize.js';

export interface KktResult {
  x: number[];
  lambda: number;
  /** ‖∇L‖ before each Newton step, and at the end. */
  residuals: number[];
  /** The Hessian of L with respect to x alone, and ∇c, at the solution. */
  hessianX: Matrix;
  constraintGradient: number[];
}

export function solveKkt(f: Objective, c: Objective, x0: readonly number[], lambda0: number, tolerance = 1e-12, maxIterations = 50): KktResult {
  const n = x0.length;
  const lagrangian = (v: HyperDual[]) => ops.sub(f(v.slice(0, n)), ops.mul(v[n], c(v.slice(0, n))));
  let v = [...x0, lambda0];
  const residuals: number[] = [];
  for (let k = 0; ; k++) {
    const { gradient, hessian } = valueGradientHessian(lagrangian, v);
    residuals.push(norm(gradient));
    if (residuals[k] <= tolerance || k === maxIterations) {
      return {
        x: v.slice(0, n),
        lambda: v[n],
        residuals,
        hessianX: hessian.slice(0, n).map((row) => row.slice(0, n)),
        constraintGradient: hessian.slice(0, n).map((row) => -row[n]), // ∂²L/∂x∂λ = −∇c
      };
    }
    const step = solve(hessian, gradient.map((g) => -g));
    v = v.map((vi, i) => vi + step[i]);
  }
}

/**
 * Second-order sufficient condition: the Hessian of L restricted to the tangent space of the
 * constraint, ZᵀHZ with Z an orthonormal basis of {d : ∇c·d = 0}, is positive definite.
 */
export function reducedHessian(hessianX: Matrix, constraintGradient: number[]): { reduced: Matrix; positiveDefinite: boolean } {
  const n = hessianX.length;
  // Gram–Schmidt on ∇c followed by the unit vectors; keep what is orthogonal to ∇c and not degenerate.
  const basis: number[][] = [];
  const candidates = [constraintGradient, ...hessianX.map((_, i) => hessianX.map((_, j) => (i === j ? 1 : 0)))];
  for (const u of candidates) {
    let w = u.slice();
    for (const b of basis) {
      const proj = w.reduce((s, wi, i) => s + wi * b[i], 0);
      w = w.map((wi, i) => wi - proj * b[i]);
    }
    const length = norm(w);
    if (length > 1e-8 && basis.length < n) basis.push(w.map((wi) => wi / length));
  }
  const Z = basis.slice(1); // drop the direction of ∇c itself
  const reduced = Z.map((zi) => Z.map((zj) => hessianX.reduce((s, row, a) => s + zi[a] * row.reduce((t, h, b) => t + h * zj[b], 0), 0)));
  return { reduced, positiveDefinite: cholesky(reduced) !== undefined };
}
