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
 * `jacobian((pose) => handResiduals(pose, us, …), θ)`. The model is passed as its flat arrays and
 * the points flat, from before the transform read records of number[] fields and number[][] data
 * as data (it does now; only HandModel's string[] boneNames is DDX1022, and htNatural.ts is the
 * natural form, compiled and timed beside this one). The computation stays one function over
 * local arrays, which the hand-written Jacobian below follows step by step.
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
//
// Written for speed as a JavaScript programmer would: every intermediate lives in typed arrays
// allocated once per model size and reused across calls (only the returned rows are allocated),
// 3 × 4 matrices (the top rows of the 4 × 4 transforms, all a point's image needs), closed forms
// for the rotations' derivatives, and no closures, Maps or temporary arrays per call.

/** Finger columns: 4 per finger (x and z at its second bone, x at the next two), in θ's order. */
const fingerColumns = 4 * fingers;
/** Per skinned vertex: its world position (3), ∂/∂ global rotation angle (3 × 3), ∂/∂ finger column (20 × 3). */
const vertexStride = 12 + 3 * fingerColumns;

/** Scratch space for one model size, reused by every call. */
class HandWorkspace {
  /** Per bone, 3 × 4 row-major: posed relative transform's rotation (3 × 3, as R), absolute, skinning transform. */
  readonly rotations: Float64Array;
  readonly dRotations: Float64Array; // per bone: ∂R/∂x then ∂R/∂z (9 + 9)
  readonly relatives: Float64Array; // per bone, full 4 × 4 (the right factor of a product)
  readonly absolutes: Float64Array; // per bone, top 3 rows (3 × 4)
  readonly transforms: Float64Array; // per bone, top 3 rows
  /** ∂(absolute of bone b)/∂(column q) and ∂(transform)/∂(column q) at [12 · (q · bones + b)], where q moves b. */
  readonly dAbsolutes: Float64Array;
  readonly dTransforms: Float64Array;
  readonly moves: Uint8Array; // [q · bones + b]: does column q move bone b
  readonly scratch = new Float64Array(16);
  readonly global = new Float64Array(36); // G, then ∂G/∂r₀, ∂G/∂r₁, ∂G/∂r₂
  readonly local = new Float64Array(3 + 3 * fingerColumns);
  readonly skinned: Float64Array;
  /** The call in which a vertex was last skinned (so the cache needs no clearing). */
  readonly stamp: Uint32Array;
  call = 0;
  constructor(readonly bones: number, readonly vertices: number) {
    this.rotations = new Float64Array(9 * bones);
    this.dRotations = new Float64Array(18 * bones);
    this.relatives = new Float64Array(16 * bones);
    this.absolutes = new Float64Array(12 * bones);
    this.transforms = new Float64Array(12 * bones);
    this.dAbsolutes = new Float64Array(12 * fingerColumns * bones);
    this.dTransforms = new Float64Array(12 * fingerColumns * bones);
    this.moves = new Uint8Array(fingerColumns * bones);
    this.skinned = new Float64Array(vertexStride * vertices);
    this.stamp = new Uint32Array(vertices);
  }
}
let workspace: HandWorkspace | undefined;

/** out[o …] (3 × 4) = a[ai …] (3 × 4, the top of a 4 × 4 whose last row is implicit) times b[bi …] (4 × 4). */
function mul34x44(out: Float64Array, o: number, a: Float64Array, ai: number, b: ArrayLike<number>, bi: number): void {
  for (let r = 0; r < 3; r++) {
    const a0 = a[ai + 4 * r], a1 = a[ai + 4 * r + 1], a2 = a[ai + 4 * r + 2], a3 = a[ai + 4 * r + 3];
    for (let c = 0; c < 4; c++) out[o + 4 * r + c] = a0 * b[bi + c] + a1 * b[bi + 4 + c] + a2 * b[bi + 8 + c] + a3 * b[bi + 12 + c];
  }
}

/** R = Rz·Ry·Rx of bone b's Euler angles (x, z, y), and ∂R/∂x, ∂R/∂z, written out. */
function eulerInto(ws: HandWorkspace, b: number, x: number, z: number, y: number): void {
  const cx = Math.cos(x), sx = Math.sin(x), cz = Math.cos(z), sz = Math.sin(z), cy = Math.cos(y), sy = Math.sin(y);
  const R = ws.rotations, i = 9 * b, d = ws.dRotations, j = 18 * b;
  R[i] = cz * cy; R[i + 1] = -sz * cx + cz * sy * sx; R[i + 2] = sz * sx + cz * sy * cx;
  R[i + 3] = sz * cy; R[i + 4] = cz * cx + sz * sy * sx; R[i + 5] = -cz * sx + sz * sy * cx;
  R[i + 6] = -sy; R[i + 7] = cy * sx; R[i + 8] = cy * cx;
  // ∂R/∂x (Rx's column 0 is constant)
  d[j] = 0; d[j + 1] = sz * sx + cz * sy * cx; d[j + 2] = sz * cx - cz * sy * sx;
  d[j + 3] = 0; d[j + 4] = -cz * sx + sz * sy * cx; d[j + 5] = -cz * cx - sz * sy * sx;
  d[j + 6] = 0; d[j + 7] = cy * cx; d[j + 8] = -cy * sx;
  // ∂R/∂z (Rz's row 2 is constant)
  d[j + 9] = -sz * cy; d[j + 10] = -cz * cx - sz * sy * sx; d[j + 11] = cz * sx - sz * sy * cx;
  d[j + 12] = cz * cy; d[j + 13] = -sz * cx + cz * sy * sx; d[j + 14] = sz * sx + cz * sy * cx;
  d[j + 15] = 0; d[j + 16] = 0; d[j + 17] = 0;
}

/** out[o …] (4 × 4) = baseRelative of bone b times [R 0; 0 corner] for the 3 × 3 R at m[mi …]. */
function poseRelative(out: Float64Array, o: number, baseRelatives: readonly number[], b: number, m: Float64Array, mi: number, corner: number): void {
  for (let r = 0; r < 4; r++) {
    const k = 16 * b + 4 * r, b0 = baseRelatives[k], b1 = baseRelatives[k + 1], b2 = baseRelatives[k + 2];
    for (let c = 0; c < 3; c++) out[o + 4 * r + c] = b0 * m[mi + c] + b1 * m[mi + 3 + c] + b2 * m[mi + 6 + c];
    out[o + 4 * r + 3] = corner * baseRelatives[k + 3];
  }
}

/** Rodrigues, G = cos θ I + (1 − cos θ) n nᵀ + sin θ [n]× with θ = |r|, n = r/θ, and ∂G/∂rₐ (identity and zero below θ = 1e-4, as the primal). */
function angleAxisInto(G: Float64Array, rx: number, ry: number, rz: number): void {
  G.fill(0);
  const theta = Math.sqrt(rx * rx + ry * ry + rz * rz);
  if (theta < 1e-4) { G[0] = 1; G[4] = 1; G[8] = 1; return; }
  const x = rx / theta, y = ry / theta, z = rz / theta, s = Math.sin(theta), c = Math.cos(theta);
  G[0] = x * x + (1 - x * x) * c; G[1] = x * y * (1 - c) - z * s; G[2] = x * z * (1 - c) + y * s;
  G[3] = x * y * (1 - c) + z * s; G[4] = y * y + (1 - y * y) * c; G[5] = y * z * (1 - c) - x * s;
  G[6] = x * z * (1 - c) - y * s; G[7] = z * y * (1 - c) + x * s; G[8] = z * z + (1 - z * z) * c;
  for (let a = 0; a < 3; a++) {
    const na = a === 0 ? x : a === 1 ? y : z;
    // ∂n/∂rₐ = (eₐ − n nₐ)/θ, ∂cos θ/∂rₐ = −sin θ nₐ, ∂sin θ/∂rₐ = cos θ nₐ
    const dx = ((a === 0 ? 1 : 0) - x * na) / theta, dy = ((a === 1 ? 1 : 0) - y * na) / theta, dz = ((a === 2 ? 1 : 0) - z * na) / theta;
    const dc = -s * na, ds = c * na, o = 9 * (a + 1);
    // ∂G = dc (I − n nᵀ) + (1 − c)(dn nᵀ + n dnᵀ) + ds [n]× + s [dn]×
    G[o] = dc * (1 - x * x) + (1 - c) * 2 * dx * x;
    G[o + 1] = -dc * x * y + (1 - c) * (dx * y + x * dy) - ds * z - s * dz;
    G[o + 2] = -dc * x * z + (1 - c) * (dx * z + x * dz) + ds * y + s * dy;
    G[o + 3] = -dc * x * y + (1 - c) * (dx * y + x * dy) + ds * z + s * dz;
    G[o + 4] = dc * (1 - y * y) + (1 - c) * 2 * dy * y;
    G[o + 5] = -dc * y * z + (1 - c) * (dy * z + y * dz) - ds * x - s * dx;
    G[o + 6] = -dc * x * z + (1 - c) * (dx * z + x * dz) - ds * y - s * dy;
    G[o + 7] = -dc * y * z + (1 - c) * (dy * z + y * dz) + ds * x + s * dx;
    G[o + 8] = dc * (1 - z * z) + (1 - c) * 2 * dz * z;
  }
}

/** out[o …] += w · (M · [p; 1]) for the 3 × 4 M at m[mi …] and the point (px, py, pz). */
function addTransformed(out: Float64Array, o: number, m: Float64Array, mi: number, w: number, px: number, py: number, pz: number): void {
  out[o] += w * (m[mi] * px + m[mi + 1] * py + m[mi + 2] * pz + m[mi + 3]);
  out[o + 1] += w * (m[mi + 4] * px + m[mi + 5] * py + m[mi + 6] * pz + m[mi + 7]);
  out[o + 2] += w * (m[mi + 8] * px + m[mi + 9] * py + m[mi + 10] * pz + m[mi + 11]);
}
/** out[o …] = the 3 × 3 M at m[mi …] times p[pi …]. */
function rotate(out: Float64Array, o: number, m: Float64Array, mi: number, p: Float64Array, pi: number): void {
  const x = p[pi], y = p[pi + 1], z = p[pi + 2];
  out[o] = m[mi] * x + m[mi + 1] * y + m[mi + 2] * z;
  out[o + 1] = m[mi + 3] * x + m[mi + 4] * y + m[mi + 5] * z;
  out[o + 2] = m[mi + 6] * x + m[mi + 7] * y + m[mi + 8] * z;
}

/** Skins vertex v once per call: world position, and its derivatives in the global rotation and the finger columns. */
function skinVertex(ws: HandWorkspace, v: number, pose: readonly number[], t0: number, basePositions: readonly number[], weights: readonly number[], mirror: number): number {
  const at = vertexStride * v, out = ws.skinned;
  if (ws.stamp[v] === ws.call) return at;
  ws.stamp[v] = ws.call;
  const { bones, vertices, local, transforms, dTransforms, moves, global } = ws;
  local.fill(0);
  const px = basePositions[3 * v], py = basePositions[3 * v + 1], pz = basePositions[3 * v + 2];
  for (let b = 0; b < bones; b++) {
    const w = weights[b * vertices + v];
    if (w === 0) continue;
    addTransformed(local, 0, transforms, 12 * b, w, px, py, pz);
    for (let q = 0; q < fingerColumns; q++) {
      if (moves[q * bones + b]) addTransformed(local, 3 + 3 * q, dTransforms, 12 * (q * bones + b), w, px, py, pz);
    }
  }
  for (let k = 0; k < local.length; k += 3) local[k] *= mirror;
  rotate(out, at, global, 0, local, 0);
  for (let r = 0; r < 3; r++) out[at + r] += pose[t0 + 3 + r];
  for (let a = 0; a < 3; a++) rotate(out, at + 3 + 3 * a, global, 9 * (a + 1), local, 0);
  for (let q = 0; q < fingerColumns; q++) rotate(out, at + 12 + 3 * q, global, 0, local, 3 + 3 * q);
  return at;
}

/**
 * The Jacobian of handResiduals by hand, in forward mode over the skeleton's structure: a finger
 * angle moves its own bone and the bones below it only, so each of the 20 finger columns carries
 * derivatives of a few transforms; the global rotation and translation act on the skinned points
 * last. Only the vertices the residuals read are skinned, each once.
 */
export function handJacobian(
  pose: readonly number[], us: readonly number[], triangles: readonly number[], correspondences: readonly number[], _points: readonly number[],
  parents: readonly number[], baseRelatives: readonly number[], inverseBaseAbsolutes: readonly number[], basePositions: readonly number[],
  weights: readonly number[], mirror: number,
): number[][] {
  const bones = parents.length, vertices = basePositions.length / 3, t0 = us.length > 0 ? 2 : 0;
  if (!workspace || workspace.bones !== bones || workspace.vertices !== vertices) workspace = new HandWorkspace(bones, vertices);
  const ws = workspace;
  // a fresh stamp per call (restart the cache if the counter wraps)
  if (++ws.call === 0xffffffff) { ws.stamp.fill(0); ws.call = 1; }
  const { rotations, dRotations, relatives, absolutes, transforms, dAbsolutes, dTransforms, moves, scratch } = ws;
  // each bone's Euler angles from θ (ADBench's to_pose_params): finger f's second bone takes
  // θ[6 + 4f] (x) and θ[7 + 4f] (z), its third and fourth θ[8 + 4f] and θ[9 + 4f] (x)
  for (let b = 0; b < bones; b++) {
    const f = (b - 2) >> 2, m = (b - 2) & 3, k = t0 + 6 + 4 * f;
    const finger = b >= 2 && f < fingers && m < 3;
    const x = finger ? pose[m === 0 ? k : k + 1 + m] : 0, z = finger && m === 0 ? pose[k + 1] : 0;
    eulerInto(ws, b, x, z, 0);
    poseRelative(relatives, 16 * b, baseRelatives, b, rotations, 9 * b, 1);
    const p = parents[b];
    if (p < 0) for (let i = 0; i < 12; i++) absolutes[12 * b + i] = relatives[16 * b + i];
    else mul34x44(absolutes, 12 * b, absolutes, 12 * p, relatives, 16 * b);
    mul34x44(transforms, 12 * b, absolutes, 12 * b, inverseBaseAbsolutes, 16 * b);
  }
  // ∂(absolute)/∂(column): at the column's bone A_parent · baseRelative · [∂R 0; 0 0], then
  // down the finger through each child's relative; and the skinning transforms' derivatives
  moves.fill(0);
  for (let q = 0; q < fingerColumns; q++) {
    const f = q >> 2, m = q & 3, bone = 2 + 4 * f + (m < 2 ? 0 : m - 1), axis = m === 1 ? 1 : 0;
    const at = q * bones;
    poseRelative(scratch, 0, baseRelatives, bone, dRotations, 18 * bone + 9 * axis, 0);
    const p = parents[bone];
    if (p < 0) for (let i = 0; i < 12; i++) dAbsolutes[12 * (at + bone) + i] = scratch[i];
    else mul34x44(dAbsolutes, 12 * (at + bone), absolutes, 12 * p, scratch, 0);
    moves[at + bone] = 1;
    for (let b = bone + 1; b < bones; b++) {
      const p = parents[b];
      if (p < 0 || !moves[at + p]) continue;
      moves[at + b] = 1;
      mul34x44(dAbsolutes, 12 * (at + b), dAbsolutes, 12 * (at + p), relatives, 16 * b);
    }
    for (let b = bone; b < bones; b++) {
      if (moves[at + b]) mul34x44(dTransforms, 12 * (at + b), dAbsolutes, 12 * (at + b), inverseBaseAbsolutes, 16 * b);
    }
  }
  angleAxisInto(ws.global, pose[t0], pose[t0 + 1], pose[t0 + 2]);
  // each residual's row: −(the model point's derivative); the model point is a vertex, or a
  // triangle's three vertices by barycentric weights
  const s = ws.skinned, columns = pose.length, J: number[][] = new Array(3 * correspondences.length);
  for (let i = 0; i < correspondences.length; i++) {
    let v0: number, v1 = 0, v2 = 0, w0 = 1, w1 = 0, w2 = 0;
    if (t0 === 0) v0 = skinVertex(ws, correspondences[i], pose, t0, basePositions, weights, mirror);
    else {
      const tri = 3 * correspondences[i];
      w0 = us[2 * i] + pose[0]; w1 = us[2 * i + 1] + pose[1]; w2 = 1 - w0 - w1;
      v0 = skinVertex(ws, triangles[tri], pose, t0, basePositions, weights, mirror);
      v1 = skinVertex(ws, triangles[tri + 1], pose, t0, basePositions, weights, mirror);
      v2 = skinVertex(ws, triangles[tri + 2], pose, t0, basePositions, weights, mirror);
    }
    for (let j = 0; j < 3; j++) {
      const row = new Array<number>(columns).fill(0);
      for (let a = 0; a < 3; a++) {
        const e = 3 + 3 * a + j;
        row[t0 + a] = t0 === 0 ? -s[v0 + e] : -(w0 * s[v0 + e] + w1 * s[v1 + e] + w2 * s[v2 + e]);
      }
      row[t0 + 3 + j] = -(w0 + w1 + w2);
      for (let q = 0; q < fingerColumns; q++) {
        const e = 12 + 3 * q + j;
        row[t0 + 6 + q] = t0 === 0 ? -s[v0 + e] : -(w0 * s[v0 + e] + w1 * s[v1 + e] + w2 * s[v2 + e]);
      }
      if (t0 === 2) {
        row[0] = s[v2 + j] - s[v0 + j];
        row[1] = s[v2 + j] - s[v1 + j];
      }
      J[3 * i + j] = row;
    }
  }
  return J;
}
