/**
 * GradBench `ba` (ADBench's bundle adjustment): n cameras (11 parameters: Rodrigues rotation,
 * centre, focal length, principal point, two radial distortion terms), m points, p observations;
 * each observation's reprojection error w·(project(camera, point) − feature) and a weight error
 * 1 − w². GradBench sends one camera, point, weight and feature and the counts; the tool builds the
 * p observations (observation i sees camera i mod n and point i mod m) and must not exploit the
 * repetition.
 */

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

/** observation i: [camera (11), point (3), weight] */
export const observationInputs = (d: BundleData, i: number): number[] =>
  [...d.cams.slice(11 * (i % d.n), 11 * (i % d.n) + 11), ...d.points.slice(3 * (i % d.m), 3 * (i % d.m) + 3), d.w[i]];

/** Every reprojection error (2p) and weight error (p): the primal. */
export function bundleObjective(d: BundleData): { reproj: number[]; wErr: number[] } {
  const reproj: number[] = [];
  for (let i = 0; i < d.p; i++) reproj.push(...reprojectionError(observationInputs(d, i), d.feats[2 * i], d.feats[2 * i + 1]));
  return { reproj, wErr: d.w.map((w) => 1 - w * w) };
}

/**
 * The sparse Jacobian (rows 2p + p, columns 11n + 3m + p) in compressed rows, from each
 * observation's 2 × 15 block (`block(i)` gives it row by row) and the weight errors' −2w.
 */
export function assemble(d: BundleData, block: (i: number) => readonly (readonly number[])[]): { rows: number[]; cols: number[]; vals: number[] } {
  const rows = [0], cols: number[] = [], vals: number[] = [];
  for (let i = 0; i < d.p; i++) {
    const J = block(i), cam = i % d.n, pt = i % d.m;
    for (let r = 0; r < 2; r++) {
      for (let j = 0; j < 15; j++) {
        cols.push(j < 11 ? 11 * cam + j : j < 14 ? 11 * d.n + 3 * pt + (j - 11) : 11 * d.n + 3 * d.m + i);
        vals.push(J[r][j]);
      }
      rows.push(rows[rows.length - 1] + 15);
    }
  }
  for (let i = 0; i < d.p; i++) {
    rows.push(rows[rows.length - 1] + 1);
    cols.push(11 * d.n + 3 * d.m + i);
    vals.push(-2 * d.w[i]);
  }
  return { rows, cols, vals };
}

/** GradBench's output: the first 30 entries of each list and the last one (the lists are long and repetitive). */
export function jacobianOutput(J: { rows: number[]; cols: number[]; vals: number[] }): { rows: number[]; cols: number[]; vals: number[] } {
  const cut = (a: number[]) => [...a.slice(0, 30), a[a.length - 1]];
  return { rows: cut(J.rows), cols: cut(J.cols), vals: cut(J.vals) };
}
