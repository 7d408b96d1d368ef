/**
 * GradBench `llsq` (cmpad's llsq_obj): y(x) = ½ Σᵢ (sᵢ − Σⱼ xⱼ tᵢʲ)², tᵢ = −1 + 2i/(n − 1),
 * sᵢ = sign(tᵢ), for i < n and j < m = x.length. Written as a user would; the transform accepts it as is.
 */
import { doubleZeros } from '../workloads.js';

/** The i-th of n sample points, evenly spaced on [−1, 1]. */
export const samplePoint = (i: number, n: number): number => -1 + (i * 2) / (n - 1);

/** sign(t) − Σⱼ xⱼ tʲ: the residual of the polynomial at t. */
export function residual(x: readonly number[], t: number): number {
  let r = Math.sign(t);
  let power = 1;
  for (let j = 0; j < x.length; j++) {
    r -= x[j] * power;
    power *= t;
  }
  return r;
}

export function llsqObjective(x: readonly number[], n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = residual(x, samplePoint(i, n));
    sum += r * r;
  }
  return sum / 2;
}

/** ∇y by hand: ∂y/∂xⱼ = −Σᵢ rᵢ tᵢʲ. */
export function llsqGradient(x: readonly number[], n: number): number[] {
  const g = doubleZeros(x.length); // (held as doubles from the start: no elements-kind change inside the call)
  for (let i = 0; i < n; i++) {
    const t = samplePoint(i, n), r = residual(x, t);
    let power = 1;
    for (let j = 0; j < x.length; j++) {
      g[j] -= r * power;
      power *= t;
    }
  }
  return g;
}
