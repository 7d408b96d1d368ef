/** Comparing derivative results (numbers, arrays, matrices, records of them) within a relative tolerance, in tests. */
import { expect } from 'vitest';

/** The numbers of a result, in order: a number, an array (of arrays), a record's values. */
export const numbers = (x: unknown): number[] =>
  typeof x === 'number' ? [x] : Array.isArray(x) ? x.flatMap(numbers) : x && typeof x === 'object' ? Object.values(x).flatMap(numbers) : [];

/** `got` and `want` have the same numbers (at least one), each within `tolerance` relative to max(1, |want|). */
export function expectClose(got: unknown, want: unknown, tolerance: number, what: string): void {
  const a = numbers(got), b = numbers(want);
  expect(a.length, what).toBe(b.length);
  expect(a.length, what).toBeGreaterThan(0);
  a.forEach((x, i) => expect(Math.abs(x - b[i]), `${what}[${i}]: ${x} vs ${b[i]}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(b[i]))));
}

/**
 * Whether two results of one derivative agree as compiled code and the run-time engine must where
 * the modes differ (issue 15: reverse mode sums in another order, so not to the last bit): within
 * 1e-13 relative, with an absolute floor of 1e-13·`scale` (the function's magnitude |f|, or where
 * that is not at hand the largest entry of the result), or the same non-finite value (NaN, ±∞).
 */
export function agreeAcrossModes(a: number, b: number, scale = 0): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-13 * Math.max(Math.abs(a), Math.abs(b), Number.isFinite(scale) ? Math.abs(scale) : 0);
}

/** The largest finite magnitude among `xs`. */
const largest = (xs: readonly number[]): number => xs.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);

/**
 * The paths at which two result trees (numbers, arrays, records, `{ value, gradient }`) differ
 * beyond agreeAcrossModes. The floor's scale of a number is the largest of the numbers in its
 * array (both sides: a gradient's entries, a Hessian's row) and of a `value` beside it, as |f| in
 * `{ value, gradient }`; an array of results is not one scale, so it does not reach nested arrays.
 */
export function modeDifferences(a: unknown, b: unknown, at = 'results', scale = 0): string[] {
  if (typeof a === 'number' && typeof b === 'number') return agreeAcrossModes(a, b, scale) ? [] : [`${at}: ${a} vs ${b}`];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at}: length ${a.length} vs ${b.length}`];
    const own = (xs: unknown[]) => largest(xs.filter((x): x is number => typeof x === 'number'));
    const entries = Math.max(scale, own(a), own(b));
    return a.flatMap((x, i) => modeDifferences(x, b[i], `${at}[${i}]`, typeof x === 'number' ? entries : scale));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const [ra, rb] = [a as Record<string, unknown>, b as Record<string, unknown>];
    const value = [ra.value, rb.value].filter((v): v is number => typeof v === 'number');
    const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort();
    return keys.flatMap((k) => modeDifferences(ra[k], rb[k], `${at}.${k}`, Math.max(scale, largest(value))));
  }
  return [`${at}: ${String(a)} vs ${String(b)}`];
}

/** A test file's `close(got, want)`: `got` is a number within `tolerance` of `want`, relative to max(1, |want|). */
export const closeWithin = (tolerance: number) => (got: unknown, want: number, what = 'value'): void => {
  expect(typeof got, what).toBe('number');
  expect(Math.abs((got as number) - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(want)));
};
