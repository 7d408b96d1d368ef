/**
 * The bench workloads as plain numeric TypeScript: the primal baseline, the input of the
 * finite differences, and the input of @ddx/transform (which reads this module). Nothing here
 * knows about derivatives.
 */

/** Martins et al. 2003, Fike & Alonso 2011: f(x) = e^x / sqrt(sin³x + cos³x). */
export function martins(x: number): number {
  return Math.exp(x) / Math.sqrt(Math.sin(x) ** 3 + Math.cos(x) ** 3);
}

// DiffTests.jl number → number functions (JuliaDiff/DiffTests.jl, src/DiffTests.jl).

export function num2num_1(x: number): number {
  return Math.sin(x) ** 2 / Math.cos(x) ** 2;
}

export function num2num_2(x: number): number {
  return 2 * x + Math.sqrt(x * x * x);
}

export function num2num_3(x: number): number {
  return 10.31 ** (x + x) - x;
}

/** A constant: its derivative is 0, not an error. */
export function num2num_4(_x: number): number {
  return 1;
}

export function num2num_5(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** n-D Rosenbrock (DiffTests rosenbrock_1): Σᵢ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)². */
export function rosenbrock(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = 1 - x[i];
    const b = x[i + 1] - x[i] * x[i];
    sum += a * a + 100 * b * b;
  }
  return sum;
}

/**
 * Brown almost-linear function in its classic Moré–Garbow–Hillstrom form (as NLsolve.jl writes it;
 * DiffTests.jl credits it): yᵢ = xᵢ + Σx − (n + 1) for i < n, yₙ = Πx − 1. Returned, not in place.
 */
export function brownAlmostLinear(x: readonly number[]): number[] {
  const n = x.length;
  let sum = 0;
  let product = 1;
  for (let i = 0; i < n; i++) {
    sum += x[i];
    product *= x[i];
  }
  const y: number[] = [];
  for (let i = 0; i < n - 1; i++) y.push(x[i] + sum - (n + 1));
  y.push(product - 1);
  return y;
}
