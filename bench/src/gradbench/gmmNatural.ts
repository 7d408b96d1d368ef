/**
 * GradBench `gmm` written the natural way (issue 16): α a vector, μ, q, l and the data x matrices
 * (number[][]), helpers returning arrays (Q·z), loops over rows. This module is @ddx/transform's
 * input as a whole (its verb call is compiled where it stands, in the mode the bench asks for:
 * problems.ts' naturalSource), checked in bench/test against the hand-written gmmGradient of gmm.ts
 * and timed beside the flattened gmm.ts (the "natural form" rows).
 *
 * What it still needs: the verbs differentiate with respect to one array of numbers (one point:
 * α, μ, q, l are four arrays), so the call site packs α, μ, q, l into θ and the arrow unpacks it into
 * matrices. Reverse mode compiles those matrices too (the rows made by Array.from, arrays made
 * inside a loop, since issue 15).
 */
import { gradient } from '@ddx/dual';
import { logMultiGamma } from './gmm.js';


function logSumExp(v: number[]): number {
  let top = v[0];
  for (const vi of v) top = Math.max(top, vi);
  let s = 0;
  for (const vi of v) s += Math.exp(vi - top);
  return Math.log(s) + top;
}
/** Q·z for Q lower triangular: diagonal e^q, below it l column by column. */
function qTimes(q: number[], l: number[], z: number[]): number[] {
  const d = z.length;
  const out: number[] = [];
  for (let r = 0; r < d; r++) {
    let v = Math.exp(q[r]) * z[r];
    let at = 0;
    for (let col = 0; col < r; col++) {
      v += l[at + r - col - 1] * z[col];
      at += d - col - 1;
    }
    out.push(v);
  }
  return out;
}
/** The log posterior (gmm.ts' gmmObjective) over α (k), μ, q (k × d), l (k × d(d−1)/2) and the points x (n × d). */
export function gmmLogPosterior(alpha: number[], mu: number[][], q: number[][], l: number[][], x: number[][], m: number, gamma: number): number {
  const n = x.length, k = alpha.length, d = x[0].length;
  let sumLse = 0;
  for (const xi of x) {
    const betas: number[] = [];
    for (let c = 0; c < k; c++) {
      const z = xi.map((v, j) => v - mu[c][j]);
      const y = qTimes(q[c], l[c], z);
      let sumQ = 0, norm = 0;
      for (let j = 0; j < d; j++) { sumQ += q[c][j]; norm += y[j] * y[j]; }
      betas.push(alpha[c] + sumQ - 0.5 * norm);
    }
    sumLse += logSumExp(betas);
  }
  const dof = d + m + 1;
  const constant = dof * d * (Math.log(gamma) - 0.5 * Math.log(2)) - logMultiGamma(0.5 * dof, d);
  let prior = 0;
  for (let c = 0; c < k; c++) {
    let frobenius = 0, sumQ = 0;
    for (let j = 0; j < d; j++) { frobenius += Math.exp(q[c][j]) ** 2; sumQ += q[c][j]; }
    for (let j = 0; j < l[c].length; j++) frobenius += l[c][j] * l[c][j];
    prior += 0.5 * gamma * gamma * frobenius - m * sumQ;
  }
  return -n * d * 0.5 * Math.log(2 * Math.PI) + sumLse - n * logSumExp(alpha) - prior + k * constant;
}
/** ∇θ, θ = [α, μ, q, l] flat as gmm.ts packs it: the arrow unpacks it into the matrices the objective takes. */
export function gmmNaturalGradient(theta: number[], x: number[][], d: number, k: number, m: number, gamma: number): number[] {
  const lSize = (d * (d - 1)) / 2;
  return gradient((t: number[]) => {
    const alpha = t.slice(0, k);
    const mu = Array.from({ length: k }, (_, c) => t.slice(k + c * d, k + (c + 1) * d));
    const q = Array.from({ length: k }, (_, c) => t.slice(k + k * d + c * d, k + k * d + (c + 1) * d));
    const l = Array.from({ length: k }, (_, c) => t.slice(k + 2 * k * d + c * lSize, k + 2 * k * d + (c + 1) * lSize));
    return gmmLogPosterior(alpha, mu, q, l, x, m, gamma);
  }, theta);
}
