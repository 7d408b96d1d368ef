/** Oracles shared by the tests: relative closeness, and Richardson-extrapolated differences. */
import { expect } from 'vitest';

/** |actual − expected| ≤ rel·|expected|, or ≤ abs near zero. NaN only matches NaN, ±∞ only itself. */
export function isClose(actual: number, expected: number, rel = 1e-14, abs = 1e-15): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= Math.max(rel * Math.abs(expected), abs);
}

export function expectClose(actual: unknown, expected: number, rel = 1e-14, abs = 1e-15, what = ''): void {
  expect(typeof actual, `${what}: a number`).toBe('number');
  const ok = isClose(actual as number, expected, rel, abs);
  if (!ok) expect.fail(`${what}: got ${String(actual)}, expected ${expected} (rel ${rel}, abs ${abs})`);
}

export function expectAllClose(actual: unknown, expected: readonly number[], rel = 1e-14, abs = 1e-15, what = ''): void {
  expect(Array.isArray(actual), `${what}: an array`).toBe(true);
  const a = actual as number[];
  expect(a.length, `${what}: length`).toBe(expected.length);
  expected.forEach((e, i) => expectClose(a[i], e, rel, abs, `${what}[${i}]`));
}

/**
 * Richardson extrapolation of a difference quotient D(h) whose error is a series in h²
 * (central differences): D(h), D(h/2), … combined to cancel h², h⁴, …; the estimate whose
 * successive change is smallest is returned (later ones are dominated by rounding).
 */
export function richardson(D: (h: number) => number, h0: number, levels = 6): number {
  const table: number[][] = [];
  let best = NaN, bestChange = Infinity;
  for (let k = 0; k < levels; k++) {
    const row = [D(h0 / 2 ** k)];
    for (let j = 1; j <= k; j++) row.push(row[j - 1] + (row[j - 1] - table[k - 1][j - 1]) / (4 ** j - 1));
    table.push(row);
    if (k > 0) {
      const change = Math.abs(row[k] - table[k - 1][k - 1]);
      if (change < bestChange) { bestChange = change; best = row[k]; }
    }
  }
  return best;
}

/** f'(x) by Richardson-extrapolated central differences. */
export const centralFirst = (f: (x: number) => number, x: number, h0 = 0.1): number =>
  richardson((h) => (f(x + h) - f(x - h)) / (2 * h), h0);

/** f''(x) by Richardson-extrapolated second central differences. */
export const centralSecond = (f: (x: number) => number, x: number, h0 = 0.1): number =>
  richardson((h) => (f(x + h) - 2 * f(x) + f(x - h)) / (h * h), h0);

/** |actual − oracle| ≤ tol·(max(1, |scale|) + |oracle|): closeness relative to the scale of f and of the derivative. */
export const near = (actual: number, oracle: number, scale: number, tol: number): boolean =>
  Math.abs(actual - oracle) <= tol * (Math.max(1, Math.abs(scale)) + Math.abs(oracle));

/**
 * The Richardson estimate from steps h₀ = 0.05 when one from h₀/8 agrees with it to `tol`, else
 * undefined: a deep random composition can oscillate faster than the steps resolve
 * (x + sin(2x)/(2 + sin((2x)³)) near x = −1.47), and then the differences are no oracle there.
 */
export function trustedFd(estimate: (h0: number) => number, scale: number, tol: number): number | undefined {
  const coarse = estimate(0.05), fine = estimate(0.05 / 8);
  return near(coarse, fine, scale, tol) ? coarse : undefined;
}
