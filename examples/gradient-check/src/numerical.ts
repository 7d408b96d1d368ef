/** Numerical gradients by finite differences, and the relative error used to compare gradients. */

/** Forward differences (f(θ + h·eᵢ) − f(θ)) / h: error O(h) from truncation, O(ε/h) from rounding. */
export function forwardDifferenceGradient(f: (theta: number[]) => number, theta: readonly number[], h: number): number[] {
  const f0 = f(theta.slice());
  return theta.map((_, i) => (f(shifted(theta, i, h)) - f0) / h);
}

/** Central differences (f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h: error O(h²) from truncation, O(ε/h) from rounding. */
export function centralDifferenceGradient(f: (theta: number[]) => number, theta: readonly number[], h: number): number[] {
  return theta.map((_, i) => (f(shifted(theta, i, h)) - f(shifted(theta, i, -h))) / (2 * h));
}

function shifted(theta: readonly number[], i: number, h: number): number[] {
  const t = theta.slice();
  t[i] += h;
  return t;
}

/** ‖a − b‖ / max(‖a‖, ‖b‖): 0 for identical vectors, about 1 for unrelated ones. */
export function relativeError(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`relativeError: lengths differ (${a.length} and ${b.length})`);
  const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const scale = Math.max(norm(a), norm(b));
  return scale === 0 ? 0 : norm(a.map((x, i) => x - b[i])) / scale;
}
