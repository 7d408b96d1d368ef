import { gradient, hessian } from '@ddx/dual';

/** The n-dimensional Rosenbrock function Σ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)², minimal (0) at (1, …, 1). */
export function rosenbrock(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = 1 - x[i];
    const b = x[i + 1] - x[i] * x[i];
    sum += a * a + 100 * b * b;
  }
  return sum;
}

export function rosenbrockGradient(x: readonly number[]): number[] {
  return gradient(rosenbrock, x);
}

export function rosenbrockHessian(x: readonly number[]): number[][] {
  return hessian(rosenbrock, x);
}

/** One Newton step x − H⁻¹∇f for the 2-D Rosenbrock function (2×2 solve by Cramer's rule). */
export function newtonStep(x: readonly [number, number]): [number, number] {
  const [g0, g1] = rosenbrockGradient(x);
  const [[h00, h01], [h10, h11]] = rosenbrockHessian(x);
  const det = h00 * h11 - h01 * h10;
  return [x[0] - (h11 * g0 - h01 * g1) / det, x[1] - (h00 * g1 - h10 * g0) / det];
}
