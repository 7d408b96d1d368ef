/**
 * Newton's method with exact hyper-dual Hessians against gradient descent on the n-D Rosenbrock
 * function, the second-order optimality check at the minimum, and an equality-constrained problem
 * solved through its KKT conditions.
 */
import { ops, valueGradientHessian, type HyperDual, type Real } from '@ddx/dual';
import { cholesky, norm, type Matrix } from './linalg.js';
import { gradientDescent, newton, type Result } from './optimize.js';
import { rosenbrock, rosenbrockStart } from './rosenbrock.js';
import { reducedHessian, solveKkt, type KktResult } from './kkt.js';

export const dimensions = [2, 10, 20];
export const tolerance = 1e-8;

/** The constrained problem: minimise a·x on the sphere ‖x‖² = 14, a = (1, 2, 3). */
export const linearObjective = (x: readonly Real[]): Real => ops.add(ops.add(x[0], ops.mul(2, x[1])), ops.mul(3, x[2]));
export const sphereConstraint = (x: readonly Real[]): Real =>
  ops.sub(ops.add(ops.add(ops.mul(x[0], x[0]), ops.mul(x[1], x[1])), ops.mul(x[2], x[2])), 14);

export interface NewtonExampleResult {
  rosenbrock: { n: number; newton: Result; gradientDescent: Result }[];
  /** At Newton's minimum of the 10-D Rosenbrock function. */
  optimality: { x: number[]; gradientNorm: number; hessian: Matrix; choleskyPivots: number[] | undefined };
  /** From the two starts: the minimum and the other KKT point (the maximum). */
  constrained: { result: KktResult; reducedPositiveDefinite: boolean; reduced: Matrix }[];
}

const sci = (v: number) => v.toExponential(1);
const vec = (v: number[]) => `(${v.map((x) => Number(x.toPrecision(12))).join(', ')})`;

export function run(log: (line: string) => void): NewtonExampleResult {
  log(`Rosenbrock f(x) = Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², from (−1.2, …, −1.2), until ‖∇f‖ ≤ ${sci(tolerance)}`);
  log('   n  method                        iterations   time ms        f(x)   max|x_i − 1|');
  const table = dimensions.map((n) => {
    const x0 = rosenbrockStart(n);
    const options = { tolerance, maxIterations: 100_000 };
    const row = { n, newton: newton(rosenbrock, x0, options), gradientDescent: gradientDescent(rosenbrock, x0, options) };
    for (const [name, r] of [['Newton (hyper-dual Hessian)', row.newton], ['gradient descent', row.gradientDescent]] as const) {
      const distance = Math.max(...r.x.map((xi) => Math.abs(xi - 1)));
      log(`${String(n).padStart(4)}  ${name.padEnd(28)}${String(r.iterations).padStart(11)}${r.milliseconds.toFixed(0).padStart(10)}  ${sci(r.value).padStart(10)}  ${sci(distance).padStart(13)}${r.converged ? '' : '  (not converged)'}`);
    }
    return row;
  });
  const ratio = (n: number, key: 'iterations' | 'milliseconds') => {
    const row = table.find((r) => r.n === n)!;
    return row.gradientDescent[key] / row.newton[key];
  };
  log(`  at n = 10 gradient descent takes ${ratio(10, 'iterations').toFixed(0)}× the iterations and ${ratio(10, 'milliseconds').toFixed(0)}× the time (one run, shared machine).`);

  log('');
  const x = table.find((r) => r.n === 10)!.newton.x;
  const { gradient, hessian } = valueGradientHessian((v: HyperDual[]) => rosenbrock(v), x);
  const L = cholesky(hessian);
  const choleskyPivots = L?.map((row, i) => row[i] * row[i]);
  log('second-order optimality at Newton\'s minimum of the 10-D function:');
  log(`  ‖∇f(x*)‖ = ${sci(norm(gradient))}  (first order: the gradient vanishes)`);
  log(choleskyPivots
    ? `  ∇²f(x*) = LLᵀ exists: Cholesky pivots in [${Math.min(...choleskyPivots).toPrecision(4)}, ${Math.max(...choleskyPivots).toPrecision(4)}], all > 0 — positive definite, a strict local minimum`
    : '  ∇²f(x*) has no Cholesky factor: not positive definite');

  log('');
  log('minimise x + 2y + 3z subject to x² + y² + z² = 14, by Newton on ∇L(x, λ) = 0 with L = f − λc:');
  log('  the Hessian of L over (x, λ) is the KKT matrix [[∇²f − λ∇²c, −∇c], [−∇cᵀ, 0]], from one valueGradientHessian call');
  const constrained = ([[[-0.5, -1.5, -2], -1], [[1, 1, 1], 1]] as const).map(([start, lambda0]) => {
    const result = solveKkt(linearObjective, sphereConstraint, start, lambda0);
    const { reduced, positiveDefinite } = reducedHessian(result.hessianX, result.constraintGradient);
    log(`  from (x, λ) = (${start.join(', ')}, ${lambda0}): ‖∇L‖ per iteration ${result.residuals.map(sci).join(' → ')}`);
    log(`    KKT point x = ${vec(result.x)}, λ = ${Number(result.lambda.toPrecision(12))}; ` +
      `reduced Hessian on the tangent plane ${positiveDefinite ? 'positive definite → the constrained minimum' : 'not positive definite → not a minimum (here the maximum)'}`);
    return { result, reducedPositiveDefinite: positiveDefinite, reduced };
  });
  log('  closed form: the minimum is x = −√14·a/‖a‖ = (−1, −2, −3) with λ = −1/2 (∇f = λ∇c), the maximum (1, 2, 3) with λ = 1/2');

  return { rosenbrock: table, optimality: { x, gradientNorm: norm(gradient), hessian, choleskyPivots }, constrained };
}
