/**
 * GradBench `gmm`: the log posterior of a Gaussian mixture with a Wishart prior on the precision
 * matrices (ADBench's objective, with GradBench's fixes), in the algebraically simplified form of
 * GradBench's specification.
 *
 * Natural form: `objective(alpha: number[], mu: number[][], q: number[][], l: number[][], x: number[][], m, gamma)`.
 * The verbs differentiate with respect to one array of numbers (or several numbers): a record
 * { alpha, mu, q, l } is DDX1022 (a field that is a number[][], or array fields a verb would vary
 * all of) and a verb differentiates one point (a number[][] point compiles, but α, μ, q, l are four arrays),
 * so the parameters are packed into θ = [α (k), μ (k·d),
 * q (k·d), l (k·d(d−1)/2)]. x is flat from before the transform read number[][] data; the natural
 * form's x (gmmNatural.ts) compiles.
 */
import { doubleZeros } from '../workloads.js';

export const gmmSizes = (d: number, k: number) => ({ alpha: 0, mu: k, q: k + k * d, l: k + 2 * k * d, total: k + 2 * k * d + (k * d * (d - 1)) / 2 });

/** log Γ(a) for a ≥ 1: shifted to a ≥ 20, then Stirling's series to 1/a⁹ (the next term is below 1e-16 there). */
export function logGamma(a: number): number {
  let product = 1; // Γ(a) = Γ(a + k) / (a (a + 1) ⋯ (a + k − 1))
  while (a < 20) {
    product *= a;
    a += 1;
  }
  const inv = 1 / a, inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (a - 0.5) * Math.log(a) - a + 0.5 * Math.log(2 * Math.PI) + series - Math.log(product);
}

/** log Γ_p(a), the multivariate gamma function: p(p − 1)/4 log π + Σⱼ log Γ(a + (1 − j)/2). */
export function logMultiGamma(a: number, p: number): number {
  let sum = (p * (p - 1) / 4) * Math.log(Math.PI);
  for (let j = 1; j <= p; j++) sum += logGamma(a + (1 - j) / 2);
  return sum;
}

export function gmmObjective(theta: readonly number[], x: readonly number[], d: number, k: number, m: number, gamma: number): number {
  const n = x.length / d;
  const lSize = (d * (d - 1)) / 2;
  const muAt = k, qAt = k + k * d, lAt = k + 2 * k * d;
  const betas = new Array<number>(k).fill(0);
  const centred = new Array<number>(d).fill(0);
  let sumLse = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let sumQ = 0;
      for (let j = 0; j < d; j++) {
        sumQ += theta[qAt + c * d + j];
        centred[j] = x[i * d + j] - theta[muAt + c * d + j];
      }
      // |Q (x − μ)|², Q lower triangular: diagonal e^q, below it l, column by column
      let norm = 0;
      for (let r = 0; r < d; r++) {
        let qx = Math.exp(theta[qAt + c * d + r]) * centred[r];
        let at = lAt + c * lSize;
        for (let col = 0; col < r; col++) {
          qx += theta[at + r - col - 1] * centred[col];
          at += d - col - 1;
        }
        norm += qx * qx;
      }
      betas[c] = theta[c] + sumQ - 0.5 * norm;
    }
    let top = betas[0];
    for (let c = 1; c < k; c++) top = Math.max(top, betas[c]);
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(betas[c] - top);
    sumLse += Math.log(s) + top;
  }
  let topAlpha = theta[0];
  for (let c = 1; c < k; c++) topAlpha = Math.max(topAlpha, theta[c]);
  let sAlpha = 0;
  for (let c = 0; c < k; c++) sAlpha += Math.exp(theta[c] - topAlpha);
  const lseAlpha = Math.log(sAlpha) + topAlpha;
  // the Wishart prior: k (nD log(γ/√2) − log Γ_D(n/2)) − Σₖ (γ²/2 ‖Qₖ‖²_F − m Σⱼ qₖⱼ), n = D + m + 1
  const dof = d + m + 1;
  const constant = dof * d * (Math.log(gamma) - 0.5 * Math.log(2)) - logMultiGamma(0.5 * dof, d);
  let prior = 0;
  for (let c = 0; c < k; c++) {
    let frobenius = 0, sumQ = 0;
    for (let j = 0; j < d; j++) {
      const diag = Math.exp(theta[qAt + c * d + j]);
      frobenius += diag * diag;
      sumQ += theta[qAt + c * d + j];
    }
    for (let j = 0; j < lSize; j++) frobenius += theta[lAt + c * lSize + j] ** 2;
    prior += 0.5 * gamma * gamma * frobenius - m * sumQ;
  }
  return -n * d * 0.5 * Math.log(2 * Math.PI) + sumLse - n * lseAlpha - prior + k * constant;
}

/** Index of L[r][col] (r > col) in one component's l: column by column, as GradBench specifies. */
const lIndex = (d: number, r: number, col: number): number => col * d - (col * (col + 1)) / 2 + (r - col - 1);

/**
 * ∇θ by hand. With z = x − μ, y = Q z and w = softmax over components of β:
 * ∂/∂α = Σᵢ w − n softmax(α); ∂/∂μ = Σᵢ w Qᵀy; ∂/∂qⱼ = Σᵢ w (1 − yⱼ e^{qⱼ} zⱼ) − γ² e^{2qⱼ} + m;
 * ∂/∂L_rc = −Σᵢ w y_r z_c − γ² L_rc.
 * Written as a careful hand would for speed: every point reuses the same flat arrays of z, y and β
 * (no array or closure per point and component; those made its time a draw of 27 or 38 µs a call
 * per process, as the collector ran). It follows the primal's algorithm otherwise: e^{q} is computed
 * per point and component, as gmmObjective does, so that the ratio compares differentiation, not a
 * cache the primal does not have (with e^{q} once per call it ran at 0.87× the primal).
 */
export function gmmGradient(theta: readonly number[], x: readonly number[], d: number, k: number, m: number, gamma: number): number[] {
  const n = x.length / d;
  const lSize = (d * (d - 1)) / 2;
  const muAt = k, qAt = k + k * d, lAt = k + 2 * k * d;
  const g = doubleZeros(theta.length);
  const diags = doubleZeros(k * d), zs = doubleZeros(k * d), ys = doubleZeros(k * d), betas = doubleZeros(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const at = c * d, lc = lAt + c * lSize;
      let sumQ = 0, norm = 0;
      for (let j = 0; j < d; j++) zs[at + j] = x[i * d + j] - theta[muAt + at + j];
      for (let r = 0; r < d; r++) {
        diags[at + r] = Math.exp(theta[qAt + at + r]);
        let v = diags[at + r] * zs[at + r];
        for (let col = 0; col < r; col++) v += theta[lc + lIndex(d, r, col)] * zs[at + col];
        ys[at + r] = v;
        norm += v * v;
        sumQ += theta[qAt + at + r];
      }
      betas[c] = theta[c] + sumQ - 0.5 * norm;
    }
    let top = betas[0];
    for (let c = 1; c < k; c++) top = Math.max(top, betas[c]);
    let total = 0;
    for (let c = 0; c < k; c++) {
      betas[c] = Math.exp(betas[c] - top); // from here on, e^{β − top}
      total += betas[c];
    }
    for (let c = 0; c < k; c++) {
      const w = betas[c] / total, at = c * d, lc = lAt + c * lSize;
      g[c] += w;
      for (let r = 0; r < d; r++) {
        const diag = diags[at + r], yr = ys[at + r];
        let qty = diag * yr; // (Qᵀ y)_r
        for (let row = r + 1; row < d; row++) qty += theta[lc + lIndex(d, row, r)] * ys[at + row];
        g[muAt + at + r] += w * qty;
        g[qAt + at + r] += w * (1 - yr * diag * zs[at + r]);
        for (let col = 0; col < r; col++) g[lc + lIndex(d, r, col)] -= w * yr * zs[at + col];
      }
    }
  }
  let topAlpha = theta[0];
  for (let c = 1; c < k; c++) topAlpha = Math.max(topAlpha, theta[c]);
  let sa = 0;
  for (let c = 0; c < k; c++) sa += Math.exp(theta[c] - topAlpha);
  for (let c = 0; c < k; c++) {
    g[c] -= (n * Math.exp(theta[c] - topAlpha)) / sa;
    for (let j = 0; j < d; j++) {
      const diag = Math.exp(theta[qAt + c * d + j]);
      g[qAt + c * d + j] += m - gamma * gamma * diag * diag;
    }
    for (let j = 0; j < lSize; j++) g[lAt + c * lSize + j] -= gamma * gamma * theta[lAt + c * lSize + j];
  }
  return g;
}
