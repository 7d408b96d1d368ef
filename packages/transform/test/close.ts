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
