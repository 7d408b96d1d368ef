/**
 * GradBench `ht` (ADBench's hand tracking): a hand model of bones (each with a base transform
 * relative to its parent and the inverse of its base absolute transform) skins its vertices
 * (linear blend skinning with per-bone weights) under a pose θ of 26 parameters — global rotation
 * (angle-axis), global translation, and 4 angles per finger — and the residuals are the data
 * points minus their corresponding model points: a vertex ("simple"), or a point of a triangle
 * given by barycentric coordinates u ("complicated"). The Jacobian is of the residuals with
 * respect to θ, and in the complicated variant also to the u's, packed into two leading columns
 * (each residual depends on its own u only).
 *
 * Natural form: `handResiduals(theta, us, model: HandModel, correspondences, points: number[][])`
 * with helpers `eulerRotation(angles): number[]`, `matMul(a, b): number[]` and
 * `skinnedVertices(theta, model): number[][]`. ddx's call site is the natural one,
 * `jacobian((pose) => handResiduals(pose, us, …), θ)`, but the transform still rejects a record
 * whose fields are arrays (DDX1022) and an array of arrays (DDX1005), so the model is passed as its
 * flat arrays and the points flat. (Helpers returning arrays now compile; the computation stays one
 * function over local arrays, which the hand-written Jacobian below follows step by step.)
 */

/** The hand model, as flat arrays (4 × 4 matrices row-major, 16 numbers each). */
export interface HandModel {
  readonly boneNames: readonly string[];
  /** Each bone's parent (−1 for the root); a parent comes before its children. */
  readonly parents: readonly number[];
  readonly baseRelatives: readonly number[];
  readonly inverseBaseAbsolutes: readonly number[];
  /** x, y, z of each vertex (GradBench sends them homogeneous, with w = 1). */
  readonly basePositions: readonly number[];
  /** weights[bone · vertices + vertex] (ADBench's weights(i_bone, i_vert)). */
  readonly weights: readonly number[];
  /** Three vertex indices per triangle. */
  readonly triangles: readonly number[];
  /** −1 if the model is mirrored (x negated), else 1. */
  readonly mirror: number;
}

/** One instance: the model, the correspondences and points (x, y, z each), and us (two per point, or none). */
export interface HandInstance {
  readonly model: HandModel;
  readonly theta: readonly number[];
  readonly us: readonly number[];
  readonly correspondences: readonly number[];
  readonly points: readonly number[];
}

/** θ: global rotation (3), global translation (3), then per finger 4 angles (two at its second bone, one at each of the next two). */
export const thetaCount = 26;
export const fingers = 5;
/** ADBench's skeleton: the wrist, 4 bones per finger (the first not posed), the forearm. */
export const boneCount = 2 + 4 * fingers;

/**
 * The residuals, 3 per correspondence. `pose` is θ (simple variant, `us` empty) or [δu₀, δu₁, θ]
 * (complicated variant): δu is added to every correspondence's u, so the Jacobian's first two
 * columns are GradBench's packed u columns and one call site serves both variants.
 */
export function handResiduals(
  pose: readonly number[], us: readonly number[], triangles: readonly number[], correspondences: readonly number[], points: readonly number[],
  parents: readonly number[], baseRelatives: readonly number[], inverseBaseAbsolutes: readonly number[], basePositions: readonly number[],
  weights: readonly number[], mirror: number,
): number[] {
  const bones = parents.length, vertices = basePositions.length / 3;
  const t0 = us.length > 0 ? 2 : 0; // where θ starts in pose
  // Euler angles (x, z, y) of each bone from θ (ADBench's to_pose_params)
  const angles = new Array<number>(3 * bones).fill(0);
  for (let finger = 0; finger < 5; finger++) {
    const bone = 2 + 4 * finger, k = t0 + 6 + 4 * finger; // the finger's second bone
    angles[3 * bone] = pose[k];
    angles[3 * bone + 1] = pose[k + 1];
    angles[3 * (bone + 1)] = pose[k + 2];
    angles[3 * (bone + 2)] = pose[k + 3];
  }
  // each bone's absolute transform: the parent's, times its base relative posed by R = Rz·Ry·Rx;
  // then times its inverse base absolute, which maps the model's vertices into the bone's frame
  const absolutes = new Array<number>(16 * bones).fill(0);
  const transforms = new Array<number>(16 * bones).fill(0);
  const relative = new Array<number>(16).fill(0);
  const R = new Array<number>(9).fill(0);
  for (let b = 0; b < bones; b++) {
    const cx = Math.cos(angles[3 * b]), sx = Math.sin(angles[3 * b]);
    const cz = Math.cos(angles[3 * b + 1]), sz = Math.sin(angles[3 * b + 1]);
    const cy = Math.cos(angles[3 * b + 2]), sy = Math.sin(angles[3 * b + 2]);
    R[0] = cz * cy; R[1] = -sz * cx + cz * sy * sx; R[2] = sz * sx + cz * sy * cx;
    R[3] = sz * cy; R[4] = cz * cx + sz * sy * sx; R[5] = -cz * sx + sz * sy * cx;
    R[6] = -sy; R[7] = cy * sx; R[8] = cy * cx;
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 3; c++) {
        relative[4 * r + c] = baseRelatives[16 * b + 4 * r] * R[c] + baseRelatives[16 * b + 4 * r + 1] * R[3 + c] + baseRelatives[16 * b + 4 * r + 2] * R[6 + c];
      }
      relative[4 * r + 3] = baseRelatives[16 * b + 4 * r + 3];
    }
    const p = parents[b];
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) {
        let s = 0;
        if (p < 0) s = relative[4 * r + c];
        else for (let k = 0; k < 4; k++) s += absolutes[16 * p + 4 * r + k] * relative[4 * k + c];
        absolutes[16 * b + 4 * r + c] = s;
      }
    }
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) {
        let s = 0;
        for (let k = 0; k < 4; k++) s += absolutes[16 * b + 4 * r + k] * inverseBaseAbsolutes[16 * b + 4 * k + c];
        transforms[16 * b + 4 * r + c] = s;
      }
    }
  }
  // linear blend skinning (bones without weight on a vertex are skipped), mirroring, then the
  // global rotation (angle-axis, Rodrigues) and translation
  const rx = pose[t0], ry = pose[t0 + 1], rz = pose[t0 + 2];
  const norm = Math.sqrt(rx * rx + ry * ry + rz * rz);
  const G = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  if (norm >= 1e-4) {
    const x = rx / norm, y = ry / norm, z = rz / norm, s = Math.sin(norm), c = Math.cos(norm);
    G[0] = x * x + (1 - x * x) * c; G[1] = x * y * (1 - c) - z * s; G[2] = x * z * (1 - c) + y * s;
    G[3] = x * y * (1 - c) + z * s; G[4] = y * y + (1 - y * y) * c; G[5] = y * z * (1 - c) - x * s;
    G[6] = x * z * (1 - c) - y * s; G[7] = z * y * (1 - c) + x * s; G[8] = z * z + (1 - z * z) * c;
  }
  const positions = new Array<number>(3 * vertices).fill(0);
  for (let v = 0; v < vertices; v++) {
    const px = basePositions[3 * v], py = basePositions[3 * v + 1], pz = basePositions[3 * v + 2];
    let sx = 0, sy = 0, sz = 0;
    for (let b = 0; b < bones; b++) {
      const w = weights[b * vertices + v];
      if (w === 0) continue;
      const t = 16 * b;
      sx += w * (transforms[t] * px + transforms[t + 1] * py + transforms[t + 2] * pz + transforms[t + 3]);
      sy += w * (transforms[t + 4] * px + transforms[t + 5] * py + transforms[t + 6] * pz + transforms[t + 7]);
      sz += w * (transforms[t + 8] * px + transforms[t + 9] * py + transforms[t + 10] * pz + transforms[t + 11]);
    }
    sx *= mirror;
    positions[3 * v] = G[0] * sx + G[1] * sy + G[2] * sz + pose[t0 + 3];
    positions[3 * v + 1] = G[3] * sx + G[4] * sy + G[5] * sz + pose[t0 + 4];
    positions[3 * v + 2] = G[6] * sx + G[7] * sy + G[8] * sz + pose[t0 + 5];
  }
  // each data point minus its model point: a vertex, or a point of a triangle
  const residuals = new Array<number>(3 * correspondences.length).fill(0);
  for (let i = 0; i < correspondences.length; i++) {
    for (let j = 0; j < 3; j++) {
      let model = 0;
      if (t0 === 0) model = positions[3 * correspondences[i] + j];
      else {
        const u0 = us[2 * i] + pose[0], u1 = us[2 * i + 1] + pose[1], tri = 3 * correspondences[i];
        model = u0 * positions[3 * triangles[tri] + j] + u1 * positions[3 * triangles[tri + 1] + j] + (1 - u0 - u1) * positions[3 * triangles[tri + 2] + j];
      }
      residuals[3 * i + j] = points[3 * i + j] - model;
    }
  }
  return residuals;
}

// --- the hand-written Jacobian ----------------------------------------------------------------

type Mat = number[];
/** a (rows × k) times b (k × cols), row-major. */
function mul(a: readonly number[], b: readonly number[], rows: number, k: number, cols: number): Mat {
  const out: Mat = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += a[r * k + i] * b[i * cols + c];
      out.push(s);
    }
  }
  return out;
}
const mul4 = (a: readonly number[], b: readonly number[]): Mat => mul(a, b, 4, 4, 4);
const mul3 = (a: readonly number[], b: readonly number[]): Mat => mul(a, b, 3, 3, 3);
/** The 4 × 4 matrix [R 0; 0 corner]: a rotation (corner 1), or its derivative (corner 0). */
const embed = (R: readonly number[], corner: number): Mat => [R[0], R[1], R[2], 0, R[3], R[4], R[5], 0, R[6], R[7], R[8], 0, 0, 0, 0, corner];
const identity3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** R = Rz·Ry·Rx and its derivatives in the x and z angles. */
function euler(x: number, z: number, y: number): { R: Mat; dx: Mat; dz: Mat } {
  const [cx, sx, cy, sy, cz, sz] = [Math.cos(x), Math.sin(x), Math.cos(y), Math.sin(y), Math.cos(z), Math.sin(z)];
  const Rx = [1, 0, 0, 0, cx, -sx, 0, sx, cx], Ry = [cy, 0, sy, 0, 1, 0, -sy, 0, cy], Rz = [cz, -sz, 0, sz, cz, 0, 0, 0, 1];
  const dRx = [0, 0, 0, 0, -sx, -cx, 0, cx, -sx], dRz = [-sz, -cz, 0, cz, -sz, 0, 0, 0, 0];
  const RzRy = mul3(Rz, Ry);
  return { R: mul3(RzRy, Rx), dx: mul3(RzRy, dRx), dz: mul3(dRz, mul3(Ry, Rx)) };
}

/** Rodrigues: R = cos θ I + (1 − cos θ) n nᵀ + sin θ [n]×, θ = |r|, n = r/θ; and ∂R/∂rₐ. */
function angleAxis(r: readonly number[]): { R: Mat; d: Mat[] } {
  const theta = Math.hypot(r[0], r[1], r[2]);
  if (theta < 1e-4) return { R: identity3, d: [0, 1, 2].map(() => new Array<number>(9).fill(0)) };
  const n = r.map((v) => v / theta), c = Math.cos(theta), s = Math.sin(theta);
  const cross = (v: readonly number[]) => [0, -v[2], v[1], v[2], 0, -v[0], -v[1], v[0], 0];
  const outer = (a: readonly number[], b: readonly number[]) => [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => a[i] * b[j]));
  const combine = (terms: [number, readonly number[]][]) => identity3.map((_, k) => terms.reduce((sum, [f, m]) => sum + f * m[k], 0));
  const nn = outer(n, n), K = cross(n);
  return {
    R: combine([[c, identity3], [1 - c, nn], [s, K]]),
    d: [0, 1, 2].map((a) => {
      // ∂n/∂rₐ = (eₐ − n nₐ)/θ, ∂θ/∂rₐ = nₐ
      const dn = n.map((v, i) => ((i === a ? 1 : 0) - v * n[a]) / theta);
      const dc = -s * n[a], ds = c * n[a];
      const dnn = outer(dn, n).map((v, k) => v + outer(n, dn)[k]);
      return combine([[dc, identity3], [-dc, nn], [1 - c, dnn], [ds, K], [s, cross(dn)]]);
    }),
  };
}

/** out[at …] += w · (T · [p; 1]) for vertex v's base position p (top three rows of the 4 × 4 T). */
function transformInto(out: Float64Array, at: number, T: readonly number[], w: number, positions: readonly number[], v: number): void {
  const x = positions[3 * v], y = positions[3 * v + 1], z = positions[3 * v + 2];
  for (let r = 0; r < 3; r++) out[at + r] += w * (T[4 * r] * x + T[4 * r + 1] * y + T[4 * r + 2] * z + T[4 * r + 3]);
}
/** out[at …] = R · p[from …] for a 3 × 3 R. */
function rotateInto(out: Float64Array, at: number, R: readonly number[], p: Float64Array, from: number): void {
  for (let r = 0; r < 3; r++) out[at + r] = R[3 * r] * p[from] + R[3 * r + 1] * p[from + 1] + R[3 * r + 2] * p[from + 2];
}

/**
 * The Jacobian of handResiduals by hand, in forward mode over the skeleton's structure: a finger
 * angle moves its own bone and the bones below it in its finger only, so each of the 20 finger
 * columns carries derivatives of a few transforms; the global rotation and translation act on
 * the skinned points last. Only the vertices the residuals read are differentiated.
 */
export function handJacobian(
  pose: readonly number[], us: readonly number[], triangles: readonly number[], correspondences: readonly number[], _points: readonly number[],
  parents: readonly number[], baseRelatives: readonly number[], inverseBaseAbsolutes: readonly number[], basePositions: readonly number[],
  weights: readonly number[], mirror: number,
): number[][] {
  const bones = parents.length, vertices = basePositions.length / 3, t0 = us.length > 0 ? 2 : 0;
  const block = (m: readonly number[], b: number) => m.slice(16 * b, 16 * b + 16);
  // the finger columns: which bone each moves, about which axis (0: x, 1: z)
  const fingerColumns = Array.from({ length: 5 }, (_, f) => {
    const bone = 2 + 4 * f, k = t0 + 6 + 4 * f;
    return [{ bone, axis: 0, column: k }, { bone, axis: 1, column: k + 1 }, { bone: bone + 1, axis: 0, column: k + 2 }, { bone: bone + 2, axis: 0, column: k + 3 }];
  }).flat();
  const angles = new Array<number>(3 * bones).fill(0);
  for (const { bone, axis, column } of fingerColumns) angles[3 * bone + axis] = pose[column];
  const rotations = Array.from({ length: bones }, (_, b) => euler(angles[3 * b], angles[3 * b + 1], angles[3 * b + 2]));
  const relatives = rotations.map(({ R }, b) => mul4(block(baseRelatives, b), embed(R, 1)));
  const absolutes: Mat[] = [];
  for (let b = 0; b < bones; b++) absolutes.push(parents[b] < 0 ? relatives[b] : mul4(absolutes[parents[b]], relatives[b]));
  const transforms = absolutes.map((A, b) => mul4(A, block(inverseBaseAbsolutes, b)));
  // ∂(transform of bone b)/∂(finger column), for the bones each column moves
  const dTransforms = fingerColumns.map(({ bone, axis }) => {
    const dAbsolutes = new Map<number, Mat>();
    const dR = axis === 0 ? rotations[bone].dx : rotations[bone].dz;
    dAbsolutes.set(bone, mul4(absolutes[parents[bone]], mul4(block(baseRelatives, bone), embed(dR, 0))));
    for (let b = bone + 1; b < bones; b++) {
      const above = dAbsolutes.get(parents[b]);
      if (above) dAbsolutes.set(b, mul4(above, relatives[b]));
    }
    return new Map([...dAbsolutes].map(([b, dA]) => [b, mul4(dA, block(inverseBaseAbsolutes, b))]));
  });
  // the finger columns that move each bone, with ∂(its transform)/∂(column)
  const movers: { q: number; dT: Mat }[][] = parents.map(() => []);
  dTransforms.forEach((dT, q) => dT.forEach((T, b) => movers[b].push({ q, dT: T })));
  const global = angleAxis(pose.slice(t0, t0 + 3)), columns = fingerColumns.length;
  // each vertex a residual reads, once: [world position (3), its derivative in each rotation
  // angle (3 × 3), in each finger column (20 × 3)]; only the bones with weight on it are visited
  const skinned: (Float64Array | undefined)[] = new Array(vertices);
  const local = new Float64Array(3 + 3 * columns);
  const vertex = (v: number): Float64Array => {
    let out = skinned[v];
    if (out) return out;
    local.fill(0);
    for (let b = 0; b < bones; b++) {
      const w = weights[b * vertices + v];
      if (w === 0) continue;
      transformInto(local, 0, transforms[b], w, basePositions, v);
      for (const { q, dT } of movers[b]) transformInto(local, 3 + 3 * q, dT, w, basePositions, v);
    }
    for (let k = 0; k < local.length; k += 3) local[k] *= mirror;
    out = new Float64Array(12 + 3 * columns);
    rotateInto(out, 0, global.R, local, 0);
    for (let r = 0; r < 3; r++) out[r] += pose[t0 + 3 + r];
    for (let a = 0; a < 3; a++) rotateInto(out, 3 + 3 * a, global.d[a], local, 0);
    for (let q = 0; q < columns; q++) rotateInto(out, 12 + 3 * q, global.R, local, 3 + 3 * q);
    skinned[v] = out;
    return out;
  };
  // each residual: −(the model point's derivative); the model point is a vertex, or a
  // triangle's three vertices by barycentric weights
  const J: number[][] = [], row = new Float64Array(pose.length);
  for (let i = 0; i < correspondences.length; i++) {
    const tri = 3 * correspondences[i], u0 = us[2 * i] + pose[0], u1 = us[2 * i + 1] + pose[1];
    const [at, by] = t0 === 0 ? [[correspondences[i]], [1]] : [[triangles[tri], triangles[tri + 1], triangles[tri + 2]], [u0, u1, 1 - u0 - u1]];
    const points = at.map(vertex);
    for (let j = 0; j < 3; j++) {
      row.fill(0);
      for (let k = 0; k < points.length; k++) {
        const s = points[k], w = by[k];
        for (let a = 0; a < 3; a++) row[t0 + a] -= w * s[3 + 3 * a + j];
        row[t0 + 3 + j] -= w;
        for (let q = 0; q < columns; q++) row[fingerColumns[q].column] -= w * s[12 + 3 * q + j];
      }
      if (t0 === 2) {
        row[0] = points[2][j] - points[0][j];
        row[1] = points[2][j] - points[1][j];
      }
      J.push(Array.from(row));
    }
  }
  return J;
}
