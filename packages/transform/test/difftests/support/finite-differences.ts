/**
 * The oracle of the acceptance suites: Richardson-extrapolated central differences (Ridders'
 * method, Numerical Recipes §5.7), independent of the code under test. Each estimate comes
 * with Ridders' own error estimate, so a test can check that the oracle itself is accurate
 * enough before comparing with it.
 */

export interface Estimate {
  value: number;
  error: number;
}

/**
 * Extrapolates `difference(h)` — an approximation whose error is a series in even powers of h —
 * to h → 0, from three starting steps (h0, h0/5, h0/25: a step too large for a steep function,
 * such as a degree-13 Chebyshev polynomial, stops the tableau early) keeping the best estimate.
 */
export function ridders(difference: (h: number) => number, h0: number): Estimate {
  let best = tableau(difference, h0);
  for (const start of [h0 / 5, h0 / 25]) {
    const estimate = tableau(difference, start);
    if (estimate.error < best.error) best = estimate;
  }
  return best;
}

/**
 * One Neville tableau over steps h0, h0/1.4, h0/1.4², …, keeping the entry with the smallest
 * estimated error, and stopping when rounding makes the tableau worse (Ridders).
 */
function tableau(difference: (h: number) => number, h0: number): Estimate {
  const shrink = 1.4;
  const shrink2 = shrink * shrink;
  const size = 12;
  const table: number[][] = [[difference(h0)]];
  let best: Estimate = { value: table[0][0], error: Infinity };
  let h = h0;
  for (let i = 1; i < size; i++) {
    h /= shrink;
    table[i] = [difference(h)];
    let factor = shrink2;
    for (let j = 1; j <= i; j++) {
      table[i][j] = (table[i][j - 1] * factor - table[i - 1][j - 1]) / (factor - 1);
      factor *= shrink2;
      const error = Math.max(Math.abs(table[i][j] - table[i][j - 1]), Math.abs(table[i][j] - table[i - 1][j - 1]));
      if (error <= best.error) best = { value: table[i][j], error };
    }
    if (Math.abs(table[i][i] - table[i - 1][i - 1]) >= 2 * best.error) break;
  }
  return best;
}

/** f'(x) from the central difference (f(x+h) − f(x−h)) / 2h. */
export function centralDerivative(f: (x: number) => number, x: number, h0 = 0.1): Estimate {
  return ridders((h) => (f(x + h) - f(x - h)) / (2 * h), h0);
}

/** f''(x) from the central second difference (f(x+2h) − 2f(x) + f(x−2h)) / 4h². */
export function centralSecondDerivative(f: (x: number) => number, x: number, h0 = 0.1): Estimate {
  return ridders((h) => (f(x + 2 * h) - 2 * f(x) + f(x - 2 * h)) / (4 * h * h), h0);
}

function shifted(x: readonly number[], i: number, di: number, j = i, dj = 0): number[] {
  const y = x.slice();
  y[i] += di;
  y[j] += dj;
  return y;
}

/** ∇f(x), one Ridders extrapolation per coordinate. */
export function centralGradient(f: (x: number[]) => number, x: readonly number[], h0 = 0.05): Estimate[] {
  return x.map((_, i) => ridders((h) => (f(shifted(x, i, h)) - f(shifted(x, i, -h))) / (2 * h), h0));
}

/** The Jacobian of f: Rⁿ → Rᵐ, row i = ∇fᵢ. */
export function centralJacobian(f: (x: number[]) => number[], x: readonly number[], h0 = 0.05): Estimate[][] {
  const m = f(x.slice()).length;
  const rows: Estimate[][] = [];
  for (let i = 0; i < m; i++) rows.push(centralGradient((y) => f(y)[i], x, h0));
  return rows;
}

/**
 * The Hessian from the central mixed difference
 * (f(x+h eᵢ+h eⱼ) − f(x+h eᵢ−h eⱼ) − f(x−h eᵢ+h eⱼ) + f(x−h eᵢ−h eⱼ)) / 4h²,
 * which for i = j is the second difference with step 2h; both have even-power error series.
 */
export function centralHessian(f: (x: number[]) => number, x: readonly number[], h0 = 0.05): Estimate[][] {
  return x.map((_, i) =>
    x.map((__, j) =>
      ridders(
        (h) => (f(shifted(x, i, h, j, h)) - f(shifted(x, i, h, j, -h)) - f(shifted(x, i, -h, j, h)) + f(shifted(x, i, -h, j, -h))) / (4 * h * h),
        h0,
      ),
    ),
  );
}
