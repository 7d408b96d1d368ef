import { describe, expect, it } from 'vitest';
import { cholesky, choleskySolve, solve } from '../src/linalg.js';
import { dimensions, run, tolerance } from '../src/run.js';

/** The Rosenbrock Hessian by hand: tridiagonal, from ∂²/∂x_i² and ∂²/∂x_i∂x_{i+1} of each term. */
function rosenbrockHessian(x: number[]): number[][] {
  const n = x.length;
  const H = x.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i + 1 < n; i++) {
    H[i][i] += 1200 * x[i] ** 2 - 400 * x[i + 1] + 2;
    H[i + 1][i + 1] += 200;
    H[i][i + 1] = H[i + 1][i] = -400 * x[i];
  }
  return H;
}

describe('linear algebra', () => {
  it('Cholesky factors a positive definite matrix, refuses an indefinite one, and solves', () => {
    const A = [[4, 2], [2, 3]];
    const L = cholesky(A)!;
    expect(L).toEqual([[2, 0], [1, Math.sqrt(2)]]);
    const x = choleskySolve(L, [2, 1]); // 4x + 2y = 2, 2x + 3y = 1 → (0.5, 0)
    expect(x[0]).toBeCloseTo(0.5, 15);
    expect(x[1]).toBeCloseTo(0, 15);
    expect(cholesky([[1, 2], [2, 1]])).toBeUndefined();
    expect(solve([[0, 1], [1, 0]], [2, 3])).toEqual([3, 2]); // needs a row swap
    expect(() => solve([[1, 2], [2, 4]], [1, 1])).toThrow(/singular/);
  });
});

describe('Newton vs gradient descent on Rosenbrock, and a KKT solve', () => {
  const lines: string[] = [];
  const r = run((l) => lines.push(l));

  it('both methods reach (1, …, 1) with ‖∇f‖ ≤ 1e-8; Newton in far fewer iterations', () => {
    expect(r.rosenbrock.map((row) => row.n)).toEqual(dimensions);
    for (const row of r.rosenbrock) {
      for (const result of [row.newton, row.gradientDescent]) {
        expect(result.converged).toBe(true);
        expect(result.gradientNorm).toBeLessThanOrEqual(tolerance);
        for (const xi of result.x) expect(Math.abs(xi - 1)).toBeLessThan(1e-7);
      }
      expect(row.newton.iterations).toBeLessThan(100);
      expect(row.gradientDescent.iterations).toBeGreaterThan(100 * row.newton.iterations);
      expect(lines.some((l) => l.startsWith(`${String(row.n).padStart(4)}  Newton`) && l.includes(` ${row.newton.iterations} `))).toBe(true);
    }
  });

  it('at the minimum the gradient vanishes and the exact Hessian is the closed form, positive definite', () => {
    const { x, gradientNorm, hessian, choleskyPivots } = r.optimality;
    expect(gradientNorm).toBeLessThan(1e-8);
    const closedForm = rosenbrockHessian(x);
    hessian.forEach((row, i) => row.forEach((h, j) => expect(h).toBeCloseTo(closedForm[i][j], 9)));
    // Positive definite: the Cholesky pivots are positive, and LLᵀ rebuilds the Hessian.
    expect(choleskyPivots!.every((p) => p > 0)).toBe(true);
    const L = cholesky(closedForm)!;
    closedForm.forEach((row, i) => row.forEach((h, j) => expect(L[i].reduce((s, l, k) => s + l * L[j][k], 0)).toBeCloseTo(h, 9)));
    expect(lines.some((l) => l.includes('positive definite, a strict local minimum'))).toBe(true);
  });

  it('Newton on the KKT system finds the minimum (−1, −2, −3), λ = −1/2, and the maximum (1, 2, 3), λ = 1/2', () => {
    const [minimum, maximum] = r.constrained;
    [-1, -2, -3].forEach((v, i) => expect(minimum.result.x[i]).toBeCloseTo(v, 12));
    expect(minimum.result.lambda).toBeCloseTo(-0.5, 12);
    [1, 2, 3].forEach((v, i) => expect(maximum.result.x[i]).toBeCloseTo(v, 12));
    expect(maximum.result.lambda).toBeCloseTo(0.5, 12);
    // ∇²ₓₓL = −λ·2I, so the reduced Hessian is I at the minimum and −I at the maximum.
    for (const [point, sign] of [[minimum, 1], [maximum, -1]] as const) {
      point.reduced.forEach((row, i) => row.forEach((h, j) => expect(h).toBeCloseTo(i === j ? sign : 0, 12)));
    }
    expect(minimum.reducedPositiveDefinite).toBe(true);
    expect(maximum.reducedPositiveDefinite).toBe(false);
    expect(lines).toContain('    KKT point x = (-1, -2, -3), λ = -0.5; reduced Hessian on the tangent plane positive definite → the constrained minimum');
  });

  it('converges quadratically near the solution: each residual is at most a few times the square of the last', () => {
    for (const { result } of r.constrained) {
      const res = result.residuals;
      expect(res.at(-1)!).toBeLessThanOrEqual(1e-12);
      // The last steps from a residual below 1e-2: r_{k+1} ≤ 10·r_k² (linear convergence would give r_{k+1} ≈ c·r_k).
      const near = res.slice(0, -1).map((rk, k) => [rk, res[k + 1]]).filter(([rk]) => rk < 1e-2 && rk > 1e-7);
      expect(near.length).toBeGreaterThan(0);
      for (const [rk, next] of near) expect(next).toBeLessThan(10 * rk ** 2);
    }
  });
});
