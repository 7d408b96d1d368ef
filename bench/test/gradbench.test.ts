// The GradBench problems: primals against closed forms or a direct implementation of the definition,
// hand-written derivatives against central differences, ddx (transform and run-time engine) against
// the hand-written derivatives, and the nested problems against GradBench's expected outputs.
import { describe, expect, it } from 'vitest';
import { relativeError } from '../src/accuracy.js';
import { handJacobianValues, jacobianPattern, reprojectionError, reprojectionJacobian, type BundleData } from '../src/gradbench/ba.js';
import { det } from '../src/gradbench/det.js';
import { gmmObjective, logGamma } from '../src/gradbench/gmm.js';
import { odeGradient, odeSolve } from '../src/gradbench/ode.js';
import { expected, naturalSource, problems, sourceInMode, type Derivative } from '../src/gradbench/problems.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTargets, generatedDir, type TransformOutcome } from '../src/methods/ddxTransform.js';
import { centralJacobian } from '../src/methods/finiteDifferences.js';

describe('primals', () => {
  it('ba: no rotation and no distortion is a pinhole projection; a rotation by π about z negates x and y', () => {
    const cam = [0, 0, 0, 0, 0, 0, 2, 0.5, -0.5, 0, 0];
    expect(reprojectionError([...cam, 1, 2, 4, 3], 0, 0)).toEqual([3 * (0.25 * 2 + 0.5), 3 * (0.5 * 2 - 0.5)]);
    const turned = reprojectionError([0, 0, Math.PI, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 4, 1], 0, 0);
    expect(turned[0]).toBeCloseTo(-0.25, 14);
    expect(turned[1]).toBeCloseTo(-0.5, 14);
  });
  it('det: a triangular matrix, a permutation, and a 3 × 3 by Sarrus', () => {
    expect(det([2, 7, 1, 0, 3, 5, 0, 0, 4], 3)).toBe(24);
    expect(det([0, 1, 0, 0, 0, 1, 1, 0, 0], 3)).toBe(1);
    const a = [0.3, -1.2, 2.5, 0.7, 0.1, -0.4, 1.9, 0.8, -0.6];
    const sarrus = a[0] * a[4] * a[8] + a[1] * a[5] * a[6] + a[2] * a[3] * a[7] - a[2] * a[4] * a[6] - a[1] * a[3] * a[8] - a[0] * a[5] * a[7];
    expect(det(a, 3)).toBeCloseTo(sarrus, 14);
  });
  it('ode: RK4 is exact for n ≤ 4 (polynomials of degree ≤ 4): y₃(2) = x₀x₁x₂x₃ 2⁴/4!', () => {
    const x = [0.9, 1.3, 0.7, 1.1];
    const exact = (x[0] * x[1] * x[2] * x[3] * 16) / 24;
    expect(odeSolve(x, 3).at(-1)).toBeCloseTo(exact, 14);
    expect(odeSolve(x, 3)[0]).toBeCloseTo(2 * x[0], 14);
    // and its gradient: ∂y₃/∂xᵢ = (Π_{j≠i} xⱼ) 2⁴/4!
    odeGradient(x, 3).forEach((g, i) => expect(g).toBeCloseTo((exact / x[i]), 13));
  });
  it('log Γ: Γ(5) = 24, Γ(1.5) = √π/2, Γ(1) = 1', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 14);
    expect(logGamma(1.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI) / 2), 14);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
  });
  it('gmm: the simplified objective equals log(likelihood · prior) computed from the densities (d = 2, k = 2)', () => {
    const d = 2, k = 2, m = 1, gamma = 0.8;
    const alpha = [0.2, -0.5], mu = [[0.1, 0.4], [-0.3, 0.2]], q = [[0.3, -0.2], [0.1, 0.05]], l = [[0.4], [-0.6]];
    const xs = [[0.5, -0.1], [0.2, 0.9], [-0.7, 0.3]];
    const theta = [...alpha, ...mu.flat(), ...q.flat(), ...l.flat()];
    // Σ⁻¹ = QᵀQ with Q = [[e^q0, 0], [l, e^q1]]; the Gaussian and Wishart densities written out for 2 × 2.
    const precision = (c: number) => {
      const a = Math.exp(q[c][0]), b = l[c][0], e = Math.exp(q[c][1]);
      return [[a * a + b * b, b * e], [b * e, e * e]];
    };
    const det2 = (M: number[][]) => M[0][0] * M[1][1] - M[0][1] * M[1][0];
    const phi = alpha.map((a) => Math.exp(a) / (Math.exp(alpha[0]) + Math.exp(alpha[1])));
    let likelihood = 1;
    for (const xi of xs) {
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const P = precision(c), z = [xi[0] - mu[c][0], xi[1] - mu[c][1]];
        const quad = z[0] * (P[0][0] * z[0] + P[0][1] * z[1]) + z[1] * (P[1][0] * z[0] + P[1][1] * z[1]);
        sum += (phi[c] * Math.exp(-quad / 2)) / Math.sqrt((2 * Math.PI) ** d / det2(P));
      }
      likelihood *= sum;
    }
    // Wishart W_p(V, n) at X = Σ⁻¹, V = I/γ², n = d + m + 1; Γ₂(a) = √π Γ(a) Γ(a − ½)
    const n = d + m + 1;
    let prior = 1;
    for (let c = 0; c < k; c++) {
      const X = precision(c);
      const gamma2 = Math.sqrt(Math.PI) * Math.exp(logGamma(n / 2) + logGamma(n / 2 - 0.5));
      prior *= (det2(X) ** ((n - d - 1) / 2) * Math.exp(-(gamma * gamma * (X[0][0] + X[1][1])) / 2)) / (2 ** ((n * d) / 2) * (1 / gamma ** 4) ** (n / 2) * gamma2);
    }
    expect(gmmObjective(theta, xs.flat(), d, k, m, gamma)).toBeCloseTo(Math.log(likelihood * prior), 12);
  });
});

describe('hand-written derivatives against central differences (relative error ≤ 1e-6)', () => {
  for (const pb of problems.filter((p) => p.central && p.hand)) {
    it(pb.name, () => {
      const p = pb.prepare(pb.input(true));
      expect(relativeError(pb.hand!(p), pb.central!(p))).toBeLessThan(1e-6);
    });
  }
});

describe('ba: the hand-written 2 × 15 block against central differences, column by column', () => {
  // Each column to 1e-6 of its own largest entry (a max over the whole block would hide a wrong
  // small column: the distortion's). Rotations about a general axis, a half turn, and r = 0 (the
  // first-order branch); a distortion large enough that its columns are well above rounding.
  const rotations = [[0.02, -0.01, 0.005], [1.1, -0.7, 2.3], [0, 0, Math.PI], [0, 0, 0]];
  for (const r of rotations) {
    it(`r = (${r.map((x) => +x.toFixed(3)).join(', ')})`, () => {
      const v = [...r, 0.1, -0.2, -2, 3.5, 0.4, -0.3, -0.2, 0.05, 0.6, 0.9, 2.5, 0.8];
      const hand = reprojectionJacobian(v, 0.5, -0.25), central = centralJacobian((u) => reprojectionError(u, 0.5, -0.25), v);
      for (let j = 0; j < 15; j++) {
        const scale = Math.max(Math.abs(central[0][j]), Math.abs(central[1][j]));
        expect(scale).toBeGreaterThan(1e-3);
        for (let i = 0; i < 2; i++) expect(Math.abs(hand[i][j] - central[i][j])).toBeLessThan(1e-6 * scale);
      }
    });
  }
});

describe('ba: the sparse Jacobian (pattern and values, as timed) against central differences of every error', () => {
  // The oracle differentiates the errors as a whole, [ex, ey of each observation, then 1 − w²], with
  // respect to every parameter [cameras (11n), points (3m), weights (p)], densely: a value put at the
  // wrong row or column, a block of the wrong camera or point, or a missing entry shows. Cameras,
  // points and weights all differ, so no mix-up can hide behind equal values.
  const n = 2, m = 3, p = 5;
  const cams = Array.from({ length: 11 * n }, (_, i) => [0.3, -0.2, 0.4, 0.1, -0.2, -2, 3.5, 0.4, -0.3, -0.2, 0.05][i % 11] * (1 + 0.1 * Math.floor(i / 11)));
  const points = Array.from({ length: 3 * m }, (_, i) => [0.6, 0.9, 2.5][i % 3] + 0.2 * Math.floor(i / 3));
  const w = Array.from({ length: p }, (_, i) => 0.8 + 0.03 * i), feats = Array.from({ length: 2 * p }, (_, i) => 0.1 * i - 0.3);
  const data = (params: readonly number[]): BundleData =>
    ({ n, m, p, cams: params.slice(0, 11 * n), points: params.slice(11 * n, 11 * n + 3 * m), w: params.slice(11 * n + 3 * m), feats });
  const errors = (params: readonly number[]): number[] => {
    const d = data(params), out: number[] = [];
    for (let i = 0; i < p; i++) {
      const c = 11 * (i % n), q = 3 * (i % m);
      out.push(...reprojectionError([...d.cams.slice(c, c + 11), ...d.points.slice(q, q + 3), d.w[i]], feats[2 * i], feats[2 * i + 1]));
    }
    return [...out, ...d.w.map((v) => 1 - v * v)];
  };
  it(`n = ${n}, m = ${m}, p = ${p}`, () => {
    const params = [...cams, ...points, ...w], d = data(params);
    const dense = centralJacobian(errors, params), { rows, cols } = jacobianPattern(d), vals = handJacobianValues(d);
    expect(rows).toHaveLength(3 * p + 1);
    expect(cols).toHaveLength(vals.length);
    const scale = Math.max(...dense.flat().map(Math.abs));
    for (let r = 0; r < 3 * p; r++) {
      const sparse = new Array<number>(params.length).fill(0);
      for (let k = rows[r]; k < rows[r + 1]; k++) sparse[cols[k]] += vals[k];
      for (let c = 0; c < params.length; c++) expect(Math.abs(sparse[c] - dense[r][c]), `row ${r}, column ${c}`).toBeLessThan(1e-6 * scale);
    }
  });
});

describe('the nested problems reproduce GradBench\'s expected outputs', () => {
  const saddle = problems.find((p) => p.name === 'saddle')!, particle = problems.find((p) => p.name === 'particle')!;
  it('saddle: hand-written and run-time engine, [8.2463e-6 × 4], to 1e-12', () => {
    const p = saddle.prepare(saddle.input(true));
    for (const out of [saddle.hand!(p), saddle.engine!(p)] as number[][]) {
      expect(out).toHaveLength(4);
      for (const v of out) expect(Math.abs(v - expected.saddle)).toBeLessThan(1e-12);
    }
  });
  it('particle: hand-written and run-time engine, w = 0.20719187…, to 1e-12', () => {
    const p = particle.prepare(particle.input(true));
    expect(Math.abs((particle.hand!(p) as number) - expected.particle)).toBeLessThan(1e-12);
    expect(Math.abs((particle.engine!(p) as number) - expected.particle)).toBeLessThan(1e-12);
  });
});

describe('ddx on the GradBench problems, as compiled by @ddx/transform', async () => {
  const withTransform = problems.filter((p) => p.transform);
  // Its own folder (beside src/, as the generated sources import ../src/): test files run in parallel.
  const dir = join(generatedDir, '..', '.generated-test');
  const outcomes = await compileTargets(withTransform.flatMap((p) => [
    { key: `gradbench.${p.name}`, verb: 'gradient' as const, fn: p.name, source: sourceInMode(p, 'forward')! },
    ...(p.reverse ? [{ key: `gradbench.${p.name}.reverse`, verb: 'gradient' as const, fn: p.name, source: sourceInMode(p, 'reverse')! }] : []),
  ]), () => {}, dir);
  for (const pb of withTransform) {
    for (const mode of ['inline', 'dual']) {
      it(`${pb.name} (${mode}): compiles, and agrees with the hand-written derivative to 1e-12`, () => {
        const o = outcomes.get(`${mode}:gradbench.${pb.name}`)!;
        expect(o.ok, o.ok ? '' : o.reason).toBe(true);
        if (!o.ok) return;
        const p = pb.prepare(pb.input(true));
        // (a problem without a hand-written derivative: against central differences, to their accuracy)
        const [reference, tolerance] = pb.hand ? [pb.hand(p), 1e-12] : [pb.central!(p), 1e-6];
        const d = pb.transform!.call(o.run as never, p);
        expect(relativeError(d, reference)).toBeLessThan(tolerance);
        // the compiled nested descents also against GradBench's expected outputs, an oracle independent of ddx
        if (pb.name === 'saddle') for (const v of d as number[]) expect(Math.abs(v - expected.saddle)).toBeLessThan(1e-12);
        if (pb.name === 'particle') expect(Math.abs((d as number) - expected.particle)).toBeLessThan(1e-12);
      });
    }
  }
  // gmm, lstm and ht written the natural way (matrices, helpers returning arrays): the module itself
  // is the transform's input (its verb call is compiled where it stands, a gradient in the mode asked
  // for), against the same hand-written derivative as the flattened form, at both sizes.
  const withNatural = problems.filter((p) => p.natural);
  const natural = await compileTargets(withNatural.flatMap((p) => (p.reverse ? ['forward', 'reverse'] as const : ['forward'] as const).map((mode) => (
    { key: `gradbench.${p.name}.natural.${mode}`, verb: 'gradient' as const, fn: p.natural!.fn, source: naturalSource(p, mode)! }))),
  () => {}, join(dir, '..', '.generated-test-natural'));
  it('the natural forms are gmm, lstm and ht', () => expect(withNatural.map((p) => p.name)).toEqual(['gmm', 'lstm', 'ht']));
  for (const pb of withNatural) {
    const check = (o: TransformOutcome) => {
      expect(o.ok, o.ok ? '' : o.reason).toBe(true);
      if (!o.ok) return;
      for (const quick of [true, false]) {
        const p = pb.prepare(pb.input(quick));
        const d = (o.run as (...a: unknown[]) => Derivative)(...pb.natural!.args(p));
        expect(relativeError(d, pb.hand!(p))).toBeLessThan(1e-12);
      }
    };
    for (const mode of ['inline', 'dual']) {
      it(`${pb.name} as a user writes it, forward mode (${mode}): compiles, and agrees with the hand-written gradient to 1e-12`, () =>
        check(natural.get(`${mode}:gradbench.${pb.name}.natural.forward`)!));
    }
    // (Its matrix rows, made by Array.from inside a loop, compile in reverse mode since issue 15.)
    if (pb.reverse) it(`${pb.name} as a user writes it, reverse mode: compiles, and agrees with the hand-written derivative to 1e-12`, () =>
      check(natural.get(`inline:gradbench.${pb.name}.natural.reverse`)!));
  }
  // Reverse mode at the same call site, against the hand-written derivative: every problem with a
  // scalar objective compiles (det's minors made in the loop, ode's stages returned by a helper in
  // the loop and y = y.map(…) since issue 15; a diagnostic here is a regression).
  for (const pb of withTransform.filter((p) => p.reverse)) {
    it(`${pb.name} (reverse): compiles, and agrees with the hand-written derivative to 1e-12`, () => {
      const o = outcomes.get(`inline:gradbench.${pb.name}.reverse`)!;
      expect(o.ok, o.ok ? '' : o.reason).toBe(true);
      if (!o.ok) return;
      const p = pb.prepare(pb.input(true));
      expect(relativeError(pb.transform!.call(o.run as never, p), pb.hand!(p))).toBeLessThan(1e-12);
    });
  }
  // The Jacobians' reverse rows are by rows: the call site asks for it, and the module calls the
  // rows' driver (a forward Jacobian would agree with the hand-written one too, and time the wrong mode).
  it('ba\'s Jacobian has a reverse row, whose compiled call is the Jacobian by rows; ht\'s has none (rows lose there)', () => {
    const jacobians = withTransform.filter((p) => p.verbs.startsWith('jacobian'));
    expect(jacobians.map((p) => [p.name, p.reverse])).toEqual([['ba', true], ['ht', undefined]]);
    for (const pb of jacobians.filter((p) => p.reverse)) {
      expect(sourceInMode(pb, 'reverse')).toMatch(/\bjacobian\([^;]*, \{ mode: 'reverse' \}\);/);
      expect(sourceInMode(pb, 'forward')).toMatch(/\bjacobian\([^;]*, \{ mode: 'forward' \}\);/);
      const compiled = readFileSync(join(dir, `gradbench.${pb.name}.reverse.inline.ts`), 'utf8');
      expect(compiled.slice(compiled.indexOf('// ---- end of generated code ----'))).toMatch(/return \w+_jacobian_reverse\(/);
    }
    expect(naturalSource(problems.find((p) => p.name === 'ht')!, 'reverse')).toBeUndefined();
  });
});
