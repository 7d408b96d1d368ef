/**
 * The hand model and data of the `ht` problem. GradBench reads ADBench's hand model (22 bones, 544
 * or 10,000 vertices) and recorded data from files whose license does not let them be copied into
 * this repository, so the bench builds a synthetic model of the same structure in code, from a
 * seed: ADBench's skeleton (a wrist, five fingers of four bones, a forearm), each bone a tube of
 * vertices skinned to the bone and, near its joints, to its parent or child; the data points are
 * that model under a known pose plus 1 mm of noise, and θ is that pose disturbed, as a tracker's
 * current estimate. The derivative code does not depend on the data, only its cost does (the
 * vertex count, the points, about two non-zero weights per vertex as in ADBench's model).
 *
 * `toGradBench` / `fromGradBench` convert to and from GradBench's JSON input (evals/ht/README.md).
 */
import { boneCount, fingers, handResiduals, thetaCount, type HandInstance, type HandModel } from './ht.js';
import { normal, random } from './random.js';

export const boneNames = ['wrist', ...['thumb', 'index', 'middle', 'ring', 'pinky'].flatMap((f) => [1, 2, 3, 4].map((k) => `${f}${k}`)), 'forearm'];

const mul4 = (a: readonly number[], b: readonly number[]): number[] =>
  Array.from({ length: 16 }, (_, k) => [0, 1, 2, 3].reduce((s, i) => s + a[4 * Math.floor(k / 4) + i] * b[4 * i + (k % 4)], 0));
/** A rigid transform: rotation Rz(z)·Rx(x), then the translation t. */
function rigid(x: number, z: number, t: readonly number[]): number[] {
  const [cx, sx, cz, sz] = [Math.cos(x), Math.sin(x), Math.cos(z), Math.sin(z)];
  return [cz, -sz * cx, sz * sx, t[0], sz, cz * cx, -cz * sx, t[1], 0, sx, cx, t[2], 0, 0, 0, 1];
}
/** The inverse of a rigid transform: [Rᵀ, −Rᵀt]. */
function rigidInverse(m: readonly number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) out[4 * r + c] = m[4 * c + r];
    out[4 * r + 3] = -(m[r] * m[3] + m[4 + r] * m[7] + m[8 + r] * m[11]);
  }
  out[15] = 1;
  return out;
}

export interface HandSize {
  /** Rings along each bone and vertices around each ring (vertices = 22 · rings · around). */
  readonly rings: number;
  readonly around: number;
  /** Correspondences (data points). */
  readonly points: number;
  /** GradBench's "complicated" variant: points on triangles, with barycentric us. */
  readonly complicated: boolean;
}

/** The synthetic model: bone lengths in metres, y along each bone. */
export function handModel(size: HandSize, seed = 21): HandModel {
  const r = random(seed), jitter = (a: number) => a * (2 * r() - 1);
  const parents = [-1], lengths = [0.05], radii = [0.02];
  const relatives = [rigid(jitter(0.3), jitter(0.3), [0, 0, 0])];
  const across = [-0.035, -0.018, 0, 0.017, 0.033], reach = [0.6, 1, 1.1, 1, 0.8];
  for (let f = 0; f < fingers; f++) {
    const first = parents.length;
    [0.06, 0.04, 0.025, 0.02].forEach((length, k) => {
      parents.push(k === 0 ? 0 : first + k - 1);
      lengths.push(length * reach[f]);
      radii.push(k === 0 ? 0.012 : 0.009 - 0.001 * k);
      relatives.push(k === 0
        ? rigid(jitter(0.1), f === 0 ? 0.7 : jitter(0.1), [across[f], f === 0 ? -0.02 : 0, 0])
        : rigid(jitter(0.15), jitter(0.1), [0, lengths[first + k - 1], 0]));
    });
  }
  parents.push(0);
  lengths.push(-0.06); // the forearm reaches back, away from the fingers
  radii.push(0.025);
  relatives.push(rigid(jitter(0.1), jitter(0.1), [0, -0.01, 0]));
  const absolutes: number[][] = [];
  relatives.forEach((rel, b) => absolutes.push(parents[b] < 0 ? rel : mul4(absolutes[parents[b]], rel)));
  const children = parents.map((_, b) => parents.indexOf(b, b + 1));

  // each bone a tube of rings × around vertices; near its base a vertex follows the parent too,
  // near its tip the child: weights (bone-major, as ADBench's weights(i_bone, i_vert)) sum to 1
  const { rings, around } = size;
  const vertices = boneCount * rings * around;
  const basePositions: number[] = [], weights = new Array<number>(boneCount * vertices).fill(0), triangles: number[] = [];
  for (let b = 0; b < boneCount; b++) {
    for (let j = 0; j < rings; j++) {
      const along = (j + 0.5) / rings;
      for (let k = 0; k < around; k++) {
        const v = basePositions.length / 3, phi = (2 * Math.PI * (k + 0.3 * r())) / around, radius = radii[b] * (0.9 + 0.2 * r());
        const local = [radius * Math.cos(phi), lengths[b] * along, radius * Math.sin(phi), 1];
        basePositions.push(...[0, 1, 2].map((i) => [0, 1, 2, 3].reduce((s, c) => s + absolutes[b][4 * i + c] * local[c], 0)));
        const toParent = parents[b] >= 0 ? Math.max(0, 0.5 - along) : 0, toChild = children[b] >= 0 ? Math.max(0, along - 0.5) : 0;
        weights[b * vertices + v] = 1 - toParent - toChild;
        if (toParent) weights[parents[b] * vertices + v] = toParent;
        if (toChild) weights[children[b] * vertices + v] = toChild;
        if (j + 1 < rings) {
          const next = (k + 1) % around, at = (jj: number, kk: number) => b * rings * around + jj * around + kk;
          triangles.push(at(j, k), at(j, next), at(j + 1, k), at(j + 1, k), at(j, next), at(j + 1, next));
        }
      }
    }
  }
  return {
    boneNames, parents, baseRelatives: relatives.flat(), inverseBaseAbsolutes: absolutes.flatMap(rigidInverse),
    basePositions, weights, triangles, mirror: 1,
  };
}

/** The arguments of handResiduals / handJacobian / the compiled call site, in order. */
export type HandArguments = Parameters<typeof handResiduals>;
export const handArguments = (h: HandInstance, pose: readonly number[]): HandArguments => [
  pose, h.us, h.model.triangles, h.correspondences, h.points,
  h.model.parents, h.model.baseRelatives, h.model.inverseBaseAbsolutes, h.model.basePositions, h.model.weights, h.model.mirror,
];
/** The same arguments at another pose. */
export const withPose = (args: HandArguments, pose: readonly number[]): HandArguments => [pose, ...args.slice(1)] as HandArguments;
/** θ, or [δu₀, δu₁, θ] with δu = 0 in the complicated variant (see handResiduals). */
export const handPose = (h: HandInstance): number[] => (h.us.length ? [0, 0, ...h.theta] : [...h.theta]);

/** A synthetic instance: points = the model under a known pose at the correspondences, plus noise; θ = that pose disturbed. */
export function handInstance(size: HandSize, seed = 21): HandInstance {
  const model = handModel(size, seed), r = random(seed + 1);
  const n = size.points, noise = normal(3 * n + thetaCount, seed + 2);
  const truth = [0.3, -0.2, 0.4, 0.9, 0.2, 0.5, ...Array.from({ length: 4 * fingers }, () => -0.2 + r())];
  const count = size.complicated ? model.triangles.length / 3 : model.basePositions.length / 3;
  const correspondences = Array.from({ length: n }, () => Math.floor(r() * count));
  const us = size.complicated ? Array.from({ length: n }, () => { const u0 = r(); return [u0, r() * (1 - u0)]; }).flat() : [];
  const zero = new Array<number>(3 * n).fill(0);
  const exact = { model, theta: truth, us, correspondences, points: zero };
  const points = handResiduals(...handArguments(exact, handPose(exact))).map((e, i) => -e + 1e-3 * noise[i]);
  const theta = truth.map((t, i) => t + 0.05 * noise[3 * n + i]);
  return { model, theta, us, correspondences, points };
}

const rows = (flat: readonly number[], width: number): number[][] =>
  Array.from({ length: flat.length / width }, (_, i) => flat.slice(i * width, (i + 1) * width));

/** GradBench's input: matrices as rows, positions homogeneous, weights vertex by bone, us as pairs. */
export function toGradBench(h: HandInstance): Record<string, unknown> {
  const { model } = h, vertices = model.basePositions.length / 3;
  return {
    theta: h.theta,
    data: {
      model: {
        bone_count: model.parents.length, bone_names: model.boneNames, parents: model.parents,
        base_relatives: rows(model.baseRelatives, 16).map((m) => rows(m, 4)),
        inverse_base_absolutes: rows(model.inverseBaseAbsolutes, 16).map((m) => rows(m, 4)),
        base_positions: rows(model.basePositions, 3).map((p) => [...p, 1]),
        weights: Array.from({ length: vertices }, (_, v) => model.parents.map((_, b) => model.weights[b * vertices + v])),
        triangles: rows(model.triangles, 3), is_mirrored: model.mirror < 0,
      },
      correspondences: h.correspondences, points: rows(h.points, 3),
    },
    us: rows(h.us, 2),
  };
}

/** From GradBench's input; an input the functions cannot take is an Error naming the field. */
export function fromGradBench(input: Record<string, unknown>): HandInstance {
  const fail = (field: string, why: string): never => { throw new Error(`ht: '${field}' ${why}`); };
  const numbers = (v: unknown, field: string): number[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'number') ? v as number[] : fail(field, 'must be an array of numbers');
  const matrix = (v: unknown, field: string, width?: number): number[][] =>
    Array.isArray(v) ? v.map((row, i) => { const r = numbers(row, `${field}[${i}]`); return width === undefined || r.length === width ? r : fail(`${field}[${i}]`, `must have ${width} numbers`); }) : fail(field, 'must be an array of arrays of numbers');
  const data = (input.data ?? fail('data', 'is missing')) as Record<string, unknown>;
  const m = (data.model ?? fail('data.model', 'is missing')) as Record<string, unknown>;
  const parents = numbers(m.parents, 'data.model.parents');
  const bones = parents.length;
  if (bones !== boneCount) fail('data.model.parents', `has ${bones} bones; the pose parameters are ADBench's, for its ${boneCount}-bone hand`);
  parents.forEach((p, b) => { if (!Number.isInteger(p) || p >= b || p < -1) fail(`data.model.parents[${b}]`, 'must name an earlier bone, or be −1'); });
  const theta = numbers(input.theta, 'theta');
  if (theta.length !== thetaCount) fail('theta', `must have ${thetaCount} numbers (it has ${theta.length})`);
  const transforms = (field: string) => { const ms = (m[field] ?? []) as unknown[]; if (ms.length !== bones) fail(`data.model.${field}`, `must have one 4 × 4 matrix per bone (${bones})`); return ms.flatMap((x, b) => matrix(x, `data.model.${field}[${b}]`, 4).flat()); };
  const positions = matrix(m.base_positions, 'data.model.base_positions').map((p, v) => p.length >= 3 ? p.slice(0, 3) : fail(`data.model.base_positions[${v}]`, 'must have x, y, z'));
  const vertices = positions.length;
  const weightsByVertex = matrix(m.weights, 'data.model.weights', bones);
  if (weightsByVertex.length !== vertices) fail('data.model.weights', `must have one row per vertex (${vertices})`);
  const triangles = matrix(m.triangles ?? [], 'data.model.triangles', 3).flat();
  const correspondences = numbers(data.correspondences, 'data.correspondences');
  const points = matrix(data.points, 'data.points', 3).flat();
  if (points.length !== 3 * correspondences.length) fail('data.points', 'must have one point per correspondence');
  const us = matrix(input.us ?? [], 'us', 2).flat();
  if (us.length !== 0 && us.length !== 2 * correspondences.length) fail('us', 'must be empty or have one pair per correspondence');
  const limit = us.length ? triangles.length / 3 : vertices;
  correspondences.forEach((c, i) => { if (!Number.isInteger(c) || c < 0 || c >= limit) fail(`data.correspondences[${i}]`, `must index a ${us.length ? 'triangle' : 'vertex'} (0 to ${limit - 1})`); });
  if (triangles.some((t) => !Number.isInteger(t) || t < 0 || t >= vertices)) fail('data.model.triangles', `must index vertices (0 to ${vertices - 1})`);
  return {
    model: {
      boneNames: (m.bone_names as string[] | undefined) ?? [], parents, baseRelatives: transforms('base_relatives'), inverseBaseAbsolutes: transforms('inverse_base_absolutes'),
      basePositions: positions.flat(), weights: parents.flatMap((_, b) => weightsByVertex.map((w) => w[b])), triangles, mirror: m.is_mirrored === true ? -1 : 1,
    },
    theta, us, correspondences, points,
  };
}
