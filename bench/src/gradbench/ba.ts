/**
 * GradBench `ba` (ADBench's bundle adjustment): n cameras (11 parameters: Rodrigues rotation,
 * centre, focal length, principal point, two radial distortion terms), m points, p observations;
 * each observation's reprojection error w·(project(camera, point) − feature) and a weight error
 * 1 − w². GradBench sends one camera, point, weight and feature and the counts; the tool builds the
 * p observations (observation i sees camera i mod n and point i mod m) and must not exploit the
 * repetition.
 */
import { doubleZeros } from '../workloads.js';

/**
 * The reprojection error [ex, ey] of one observation from its 15 inputs [camera (11), point (3),
 * weight], as a user writes it; ddx's call site is `jacobian((u) => reprojectionError(u, fx, fy), v)`.
 */
export function reprojectionError(v: readonly number[], featureX: number, featureY: number): number[] {
  // the point relative to the camera centre, rotated by the Rodrigues vector (r₀, r₁, r₂)
  const px = v[11] - v[3], py = v[12] - v[4], pz = v[13] - v[5];
  const sqTheta = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
  let x = 0, y = 0, z = 0;
  if (sqTheta > 0) {
    const theta = Math.sqrt(sqTheta), cos = Math.cos(theta), sin = Math.sin(theta);
    const wx = v[0] / theta, wy = v[1] / theta, wz = v[2] / theta;
    const tmp = (wx * px + wy * py + wz * pz) * (1 - cos);
    x = px * cos + (wy * pz - wz * py) * sin + wx * tmp;
    y = py * cos + (wz * px - wx * pz) * sin + wy * tmp;
    z = pz * cos + (wx * py - wy * px) * sin + wz * tmp;
  } else {
    x = px + (v[1] * pz - v[2] * py);
    y = py + (v[2] * px - v[0] * pz);
    z = pz + (v[0] * py - v[1] * px);
  }
  // perspective division, radial distortion, focal length and principal point
  const u = x / z, w = y / z;
  const rsq = u * u + w * w;
  const distortion = 1 + v[9] * rsq + v[10] * rsq * rsq;
  const projX = u * distortion * v[6] + v[7], projY = w * distortion * v[6] + v[8];
  return [v[14] * (projX - featureX), v[14] * (projY - featureY)];
}

/**
 * The 2 × 15 Jacobian of `reprojectionError` by hand (rows ex, ey; columns as its inputs), by the
 * chain rule through its stages: the camera point X = R(r)(P − C), the normalised projection
 * (u, w) = (X₀/X₂, X₁/X₂), the distorted and scaled projection, the weight. With θ = |r|, ω = r/θ,
 * R p = p cos θ + (ω × p) sin θ + ω (ω·p)(1 − cos θ), so ∂X/∂P = R and ∂X/∂C = −R, and ∂X/∂rₖ follows
 * from ∂θ/∂rₖ = ωₖ and ∂ω/∂rₖ = (eₖ − ω ωₖ)/θ; at θ = 0 (the code's first-order branch) X = p + r × p.
 * Written for speed as a JavaScript programmer would: scratch arrays reused, nothing allocated; the
 * block is written row by row (ex's 15 entries, then ey's) into `out` from index `at`, as the sparse
 * Jacobian holds it (`handJacobianValues`).
 */
export function reprojectionBlock(v: readonly number[], featureX: number, featureY: number, out: number[], at: number): void {
  const p = scratch.p, om = scratch.om, cross = scratch.cross, dXdP = scratch.dXdP, dXdr = scratch.dXdr;
  p[0] = v[11] - v[3]; p[1] = v[12] - v[4]; p[2] = v[13] - v[5];
  const sqTheta = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
  // dXdP[3a + b] = ∂Xₐ/∂p_b, dXdr[3a + k] = ∂Xₐ/∂rₖ; X the camera point
  let x: number, y: number, z: number;
  if (sqTheta > 0) {
    const theta = Math.sqrt(sqTheta), cos = Math.cos(theta), sin = Math.sin(theta);
    for (let a = 0; a < 3; a++) om[a] = v[a] / theta;
    const dot = om[0] * p[0] + om[1] * p[1] + om[2] * p[2];
    cross[0] = om[1] * p[2] - om[2] * p[1]; cross[1] = om[2] * p[0] - om[0] * p[2]; cross[2] = om[0] * p[1] - om[1] * p[0];
    x = p[0] * cos + cross[0] * sin + om[0] * dot * (1 - cos);
    y = p[1] * cos + cross[1] * sin + om[1] * dot * (1 - cos);
    z = p[2] * cos + cross[2] * sin + om[2] * dot * (1 - cos);
    // R = cos I + sin [ω]× + (1 − cos) ω ωᵀ
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) dXdP[3 * a + b] = (a === b ? cos : 0) + (1 - cos) * om[a] * om[b];
    dXdP[1] -= sin * om[2]; dXdP[2] += sin * om[1];
    dXdP[3] += sin * om[2]; dXdP[5] -= sin * om[0];
    dXdP[6] -= sin * om[1]; dXdP[7] += sin * om[0];
    for (let k = 0; k < 3; k++) {
      // ∂ω/∂rₖ, then the derivative of each term of R p
      const d0 = ((k === 0 ? 1 : 0) - om[0] * om[k]) / theta, d1 = ((k === 1 ? 1 : 0) - om[1] * om[k]) / theta, d2 = ((k === 2 ? 1 : 0) - om[2] * om[k]) / theta;
      const dDot = d0 * p[0] + d1 * p[1] + d2 * p[2];
      dXdr[k] = om[k] * (-sin * p[0] + cos * cross[0] + sin * om[0] * dot) + sin * (d1 * p[2] - d2 * p[1]) + (1 - cos) * (d0 * dot + om[0] * dDot);
      dXdr[3 + k] = om[k] * (-sin * p[1] + cos * cross[1] + sin * om[1] * dot) + sin * (d2 * p[0] - d0 * p[2]) + (1 - cos) * (d1 * dot + om[1] * dDot);
      dXdr[6 + k] = om[k] * (-sin * p[2] + cos * cross[2] + sin * om[2] * dot) + sin * (d0 * p[1] - d1 * p[0]) + (1 - cos) * (d2 * dot + om[2] * dDot);
    }
  } else {
    x = p[0] + (v[1] * p[2] - v[2] * p[1]);
    y = p[1] + (v[2] * p[0] - v[0] * p[2]);
    z = p[2] + (v[0] * p[1] - v[1] * p[0]);
    // ∂X/∂p = I + [r]×, and ∂(r × p)/∂r = −[p]×
    dXdP[0] = 1; dXdP[1] = -v[2]; dXdP[2] = v[1]; dXdP[3] = v[2]; dXdP[4] = 1; dXdP[5] = -v[0]; dXdP[6] = -v[1]; dXdP[7] = v[0]; dXdP[8] = 1;
    dXdr[0] = 0; dXdr[1] = p[2]; dXdr[2] = -p[1]; dXdr[3] = -p[2]; dXdr[4] = 0; dXdr[5] = p[0]; dXdr[6] = p[1]; dXdr[7] = -p[0]; dXdr[8] = 0;
  }
  const u = x / z, w = y / z;
  const rsq = u * u + w * w;
  const distortion = 1 + v[9] * rsq + v[10] * rsq * rsq, slope = 2 * (v[9] + 2 * v[10] * rsq); // ∂distortion/∂u = slope·u
  const f = v[6], weight = v[14];
  for (let r = 0; r < 2; r++) {
    const uw = r === 0 ? u : w;
    // ∂proj_r/∂u and ∂proj_r/∂w, then through (u, w) = (x/z, y/z) to ∂proj_r/∂X
    const du = f * (r === 0 ? distortion + slope * u * u : slope * u * w), dw = f * (r === 0 ? slope * u * w : distortion + slope * w * w);
    const g0 = du / z, g1 = dw / z, g2 = -(du * x + dw * y) / (z * z);
    const row = at + 15 * r;
    for (let k = 0; k < 3; k++) {
      out[row + k] = weight * (g0 * dXdr[k] + g1 * dXdr[3 + k] + g2 * dXdr[6 + k]);
      const dP = weight * (g0 * dXdP[k] + g1 * dXdP[3 + k] + g2 * dXdP[6 + k]);
      out[row + 3 + k] = -dP;
      out[row + 11 + k] = dP;
    }
    out[row + 6] = weight * uw * distortion;
    out[row + 7] = r === 0 ? weight : 0;
    out[row + 8] = r === 0 ? 0 : weight;
    out[row + 9] = weight * uw * f * rsq;
    out[row + 10] = weight * uw * f * rsq * rsq;
    out[row + 14] = uw * distortion * f + v[7 + r] - (r === 0 ? featureX : featureY);
  }
}

/** The same block as two rows (ex, ey) of 15: what ddx's `jacobian` call returns (tested against central differences). */
export function reprojectionJacobian(v: readonly number[], featureX: number, featureY: number): number[][] {
  const block = doubleZeros(30);
  reprojectionBlock(v, featureX, featureY, block, 0);
  return [block.slice(0, 15), block.slice(15)];
}
const scratch = { p: new Float64Array(3), om: new Float64Array(3), cross: new Float64Array(3), dXdP: new Float64Array(9), dXdr: new Float64Array(9) };

/** The p observations' inputs, as GradBench's C++ builds them from one camera, point, weight and feature. */
export interface BundleData { readonly n: number; readonly m: number; readonly p: number; readonly cams: number[]; readonly points: number[]; readonly w: number[]; readonly feats: number[] }

export function expand(input: { n: number; m: number; p: number; cam: number[]; x: number[]; w: number; feat: number[] }): BundleData {
  const { n, m, p } = input;
  return {
    n, m, p,
    cams: Array.from({ length: 11 * n }, (_, i) => input.cam[i % 11]),
    points: Array.from({ length: 3 * m }, (_, i) => input.x[i % 3]),
    w: new Array<number>(p).fill(input.w),
    feats: Array.from({ length: 2 * p }, (_, i) => input.feat[i % 2]),
  };
}

/**
 * Observation i's 15 inputs [camera (11), point (3), weight], copied into `into` (reused from call to
 * call by the timed loops below: one array for every observation, not three per observation).
 */
export function observationInputs(d: BundleData, i: number, into: number[]): number[] {
  const cam = 11 * (i % d.n), pt = 3 * (i % d.m);
  for (let j = 0; j < 11; j++) into[j] = d.cams[cam + j];
  for (let j = 0; j < 3; j++) into[11 + j] = d.points[pt + j];
  into[14] = d.w[i];
  return into;
}
/** The observation inputs the timed loops copy into (each loop finishes with it before the next call). */
const inputs = doubleZeros(15);

/**
 * Every reprojection error (2p) and weight error (p): the primal. As a careful caller writes it: the
 * outputs made once at their size and filled by index, the inputs copied into one reused array.
 */
export function bundleObjective(d: BundleData): { reproj: number[]; wErr: number[] } {
  const reproj = doubleZeros(2 * d.p), wErr = doubleZeros(d.p);
  for (let i = 0; i < d.p; i++) {
    const e = reprojectionError(observationInputs(d, i, inputs), d.feats[2 * i], d.feats[2 * i + 1]);
    reproj[2 * i] = e[0];
    reproj[2 * i + 1] = e[1];
    wErr[i] = 1 - d.w[i] * d.w[i];
  }
  return { reproj, wErr };
}

/**
 * Where the sparse Jacobian's entries are (rows 2p + p, columns 11n + 3m + p, compressed rows): each
 * observation's 2 × 15 block (its camera's 11 columns, its point's 3, its weight), then the weight
 * errors' one entry each. It depends on the sizes only, so it is made once, not per derivative: the
 * timed derivatives compute the values in this order (`handJacobianValues`, `blockJacobianValues`).
 */
export function jacobianPattern(d: BundleData): { rows: number[]; cols: number[] } {
  const rows = [0], cols: number[] = [];
  const pointsAt = 11 * d.n, weightsAt = pointsAt + 3 * d.m;
  for (let i = 0; i < d.p; i++) {
    const cam = i % d.n, pt = i % d.m;
    for (let r = 0; r < 2; r++) {
      for (let j = 0; j < 15; j++) cols.push(j < 11 ? 11 * cam + j : j < 14 ? pointsAt + 3 * pt + (j - 11) : weightsAt + i);
      rows.push(rows[rows.length - 1] + 15);
    }
  }
  for (let i = 0; i < d.p; i++) {
    rows.push(rows[rows.length - 1] + 1);
    cols.push(weightsAt + i);
  }
  return { rows, cols };
}

/** The weight errors' entries, −2w, after the p blocks of 30. */
function weightEntries(d: BundleData, vals: number[]): number[] {
  for (let i = 0; i < d.p; i++) vals[30 * d.p + i] = -2 * d.w[i];
  return vals;
}

/** The Jacobian's values by hand (`jacobianPattern`'s order): each block written in place, one array made per call. */
export function handJacobianValues(d: BundleData): number[] {
  const vals = doubleZeros(31 * d.p);
  for (let i = 0; i < d.p; i++) reprojectionBlock(observationInputs(d, i, inputs), d.feats[2 * i], d.feats[2 * i + 1], vals, 30 * i);
  return weightEntries(d, vals);
}

/** The Jacobian's values from a function giving each observation's block as two rows (ddx's `jacobian` call, central differences). */
export function blockJacobianValues(d: BundleData, block: (v: number[], featureX: number, featureY: number) => number[][]): number[] {
  const vals = doubleZeros(31 * d.p);
  for (let i = 0; i < d.p; i++) {
    const J = block(observationInputs(d, i, inputs), d.feats[2 * i], d.feats[2 * i + 1]);
    for (let j = 0; j < 15; j++) {
      vals[30 * i + j] = J[0][j];
      vals[30 * i + 15 + j] = J[1][j];
    }
  }
  return weightEntries(d, vals);
}

/** GradBench's output: the first 30 entries of each list and the last one (the lists are long and repetitive). */
export function jacobianOutput(J: { rows: number[]; cols: number[]; vals: number[] }): { rows: number[]; cols: number[]; vals: number[] } {
  const cut = (a: number[]) => [...a.slice(0, 30), a[a.length - 1]];
  return { rows: cut(J.rows), cols: cut(J.cols), vals: cut(J.vals) };
}
