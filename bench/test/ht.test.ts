// GradBench ht: the synthetic hand model, the primal against what skinning must give in cases
// worked out by hand (rest pose, a global rotation, mirroring, one rotated bone, a triangle's
// corner), GradBench's input format, and the simple variant's derivatives (the complicated one,
// the bench's, is checked with the other problems in gradbench.test.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relativeError } from '../src/accuracy.js';
import { handJacobian, handResiduals } from '../src/gradbench/ht.js';
import { fromGradBench, handArguments, handInstance, handPose, toGradBench, withPose } from '../src/gradbench/htModel.js';
import { problem } from '../src/gradbench/problems.js';
import { centralJacobian } from '../src/methods/finiteDifferences.js';
import { compileTargets, generatedDir } from '../src/methods/ddxTransform.js';

const simple = handInstance({ rings: 2, around: 4, points: 30, complicated: false });
const complicated = handInstance({ rings: 2, around: 4, points: 30, complicated: true });
const vertices = simple.model.basePositions.length / 3;
const base = (v: number) => simple.model.basePositions.slice(3 * v, 3 * v + 3);
/** The model points (residuals with the data points at 0, negated) of the simple instance at θ. */
const modelPoints = (theta: number[], mirror = 1) =>
  handResiduals(...handArguments({ ...simple, model: { ...simple.model, mirror }, points: new Array<number>(3 * simple.points.length).fill(0) }, theta)).map((e) => -e);
const rest = (t: number[]) => [0, 0, 0, ...t, ...new Array<number>(20).fill(0)];
const close = (a: readonly number[], b: readonly number[]) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i], 12));

describe('ht: the synthetic model', () => {
  it('has ADBench\'s skeleton, weights summing to 1 per vertex, and triangles on its vertices', () => {
    expect(simple.model.parents).toHaveLength(22);
    expect(simple.model.boneNames[0]).toBe('wrist');
    for (let v = 0; v < vertices; v++) {
      expect(simple.model.parents.reduce((s, _, b) => s + simple.model.weights[b * vertices + v], 0)).toBeCloseTo(1, 14);
    }
    expect(complicated.model.triangles.every((t) => t >= 0 && t < vertices)).toBe(true);
  });
  it('is the same from the same seed, and round-trips through GradBench\'s input format exactly', () => {
    expect(handInstance({ rings: 2, around: 4, points: 30, complicated: true })).toEqual(complicated);
    expect(fromGradBench(toGradBench(complicated))).toEqual(complicated);
    expect(fromGradBench(toGradBench(simple))).toEqual(simple);
  });
});

describe('ht: the primal', () => {
  it('in the rest pose each vertex is its base position moved by the translation', () => {
    const t = [0.9, 0.2, 0.5], got = modelPoints(rest(t));
    simple.correspondences.forEach((c, i) => close(got.slice(3 * i, 3 * i + 3), base(c).map((x, k) => x + t[k])));
  });
  it('a global rotation by π/2 about z takes (x, y, z) to (−y, x, z); a mirrored model negates x first', () => {
    const turned = modelPoints([0, 0, Math.PI / 2, ...new Array<number>(23).fill(0)]);
    const mirrored = modelPoints(rest([0, 0, 0]), -1);
    simple.correspondences.forEach((c, i) => {
      const [x, y, z] = base(c);
      close(turned.slice(3 * i, 3 * i + 3), [-y, x, z]);
      close(mirrored.slice(3 * i, 3 * i + 3), [-x, y, z]);
    });
  });
  it('bending the thumb\'s tip moves the vertices on it rigidly about its joint, and no vertex without thumb weight', () => {
    const theta = rest([0, 0, 0]);
    theta[6 + 3] = 0.7; // the thumb's fourth angle: the x angle of thumb4 (bone 4)
    const all = { ...simple, correspondences: Array.from({ length: vertices }, (_, v) => v), points: new Array<number>(3 * vertices).fill(0) };
    const bent = handResiduals(...handArguments(all, theta)).map((e) => -e);
    // thumb4's joint: the translation of its base absolute transform, −Rᵀt from its inverse
    const inv = simple.model.inverseBaseAbsolutes.slice(16 * 4, 16 * 4 + 16);
    const joint = [0, 1, 2].map((r) => -(inv[r] * inv[3] + inv[4 + r] * inv[7] + inv[8 + r] * inv[11]));
    const distance = (p: readonly number[]) => Math.hypot(p[0] - joint[0], p[1] - joint[1], p[2] - joint[2]);
    let rigid = 0, still = 0;
    for (let v = 0; v < vertices; v++) {
      const moved = bent.slice(3 * v, 3 * v + 3), w = simple.model.weights[4 * vertices + v];
      if (w === 1) { expect(distance(moved)).toBeCloseTo(distance(base(v)), 12); expect(relativeError(moved, base(v))).toBeGreaterThan(1e-3); rigid++; }
      if (w === 0) { close(moved, base(v)); still++; }
    }
    expect(rigid).toBeGreaterThan(0);
    expect(still).toBeGreaterThan(vertices / 2);
  });
  it('complicated: u = (1, 0) puts the model point on the triangle\'s first vertex', () => {
    const corners = { ...complicated, us: [], correspondences: complicated.correspondences.map((t) => complicated.model.triangles[3 * t]) };
    const onCorner = { ...complicated, us: complicated.us.map((_, k) => (k % 2 === 0 ? 1 : 0)) };
    close(handResiduals(...handArguments(onCorner, handPose(onCorner))), handResiduals(...handArguments(corners, handPose(corners))));
  });
});

describe('ht: GradBench input that the functions cannot take is an error naming the field', () => {
  const input = toGradBench(simple) as { theta: number[]; data: { model: Record<string, unknown>; correspondences: number[] } };
  it.each([
    ['theta', { ...input, theta: input.theta.slice(1) }],
    ['data.model.parents', { ...input, data: { ...input.data, model: { ...input.data.model, parents: [-1, 0] } } }],
    ['data.correspondences[0]', { ...input, data: { ...input.data, correspondences: [vertices, ...input.data.correspondences.slice(1)] } }],
    ['us', { ...input, us: [[0.5, 0.5]] }],
  ])('%s', (field, bad) => {
    expect(() => fromGradBench(bad)).toThrow(`'${field}'`);
  });
});

describe('ht, simple variant: the derivatives', async () => {
  const args = handArguments(simple, handPose(simple));
  it('hand-written against central differences (relative error ≤ 1e-6)', () => {
    expect(relativeError(handJacobian(...args), centralJacobian((pose) => handResiduals(...withPose(args, pose)), args[0]))).toBeLessThan(1e-6);
  });
  // its own key in the test folder (gradbench.test.ts compiles gradbench.ht there in parallel)
  const outcomes = await compileTargets([{ key: 'gradbench.ht-simple', verb: 'jacobian', fn: 'ht', source: problem('ht')!.transform!.source }], () => {}, join(generatedDir, '..', '.generated-test'));
  for (const mode of ['inline', 'dual']) {
    it(`ddx transform ${mode}: 26 columns, agreeing with the hand-written Jacobian to 1e-12`, () => {
      const o = outcomes.get(`${mode}:gradbench.ht-simple`)!;
      expect(o.ok, o.ok ? '' : o.reason).toBe(true);
      if (!o.ok) return;
      const J = (o.run as unknown as (...a: typeof args) => number[][])(...args);
      expect(J).toHaveLength(3 * simple.correspondences.length);
      expect(J[0]).toHaveLength(26);
      expect(relativeError(J, handJacobian(...args))).toBeLessThan(1e-12);
    });
  }
});
