import { beforeAll, describe, expect, it } from 'vitest';
import { gaussian, spiral, spiralAngle, spiralRadius, uniform } from '../src/spiral.js';
import { totalLoss, type LossKind, type Problem } from '../src/model.js';
import { softmaxTrainingLoss, svmTrainingLoss } from '../src/loss.js';
import { runtimeGradient } from '../src/gradients.js';
import { compileLosses, type CompiledLosses } from '../src/compile.js';
import { initialParameters, makeProblem, run } from '../src/run.js';

/** An independent plain-number forward pass: class scores for θ laid out as [W1, b1, W2, b2]. */
function referenceScores(theta: readonly number[], H: number, x: readonly number[]): number[] {
  const hidden = Array.from({ length: H }, (_, j) => Math.max(0, theta[2 * H + j] + theta[j] * x[0] + theta[H + j] * x[1]));
  return [0, 1, 2].map((k) => hidden.reduce((s, h, j) => s + theta[3 * H + j * 3 + k] * h, theta[6 * H + k]));
}

function referenceSoftmaxLoss(theta: readonly number[], H: number, p: Problem): number {
  let data = 0;
  p.points.forEach((x, n) => {
    const s = referenceScores(theta, H, x);
    data += Math.log(s.reduce((z, v) => z + Math.exp(v), 0)) - s[p.labels[n]];
  });
  let squares = 0;
  for (let i = 0; i < 2 * H; i++) squares += theta[i] ** 2;
  for (let i = 3 * H; i < 6 * H; i++) squares += theta[i] ** 2;
  return data / p.points.length + 0.5 * p.regularization * squares;
}

function referenceAccuracy(theta: readonly number[], H: number, p: Problem): number {
  let correct = 0;
  p.points.forEach((x, n) => {
    const s = referenceScores(theta, H, x);
    if (s.indexOf(Math.max(...s)) === p.labels[n]) correct++;
  });
  return correct / p.points.length;
}

function centralDifferences(f: (t: number[]) => number, theta: readonly number[], h: number): number[] {
  return theta.map((_, i) => {
    const plus = theta.slice(), minus = theta.slice();
    plus[i] += h;
    minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

const maxRelativeDifference = (a: number[], b: number[]) =>
  Math.max(...a.map((ai, i) => Math.abs(ai - b[i]) / Math.max(1e-3, Math.abs(b[i]))));

/**
 * Two modes' gradients sum in different orders: they agree to a relative 1e-13 with an absolute
 * floor of 1e-13 × |f(θ)| (an entry that cancels to near 0 differs by rounding of the terms).
 */
const maxScaledDifference = (a: number[], b: number[], value: number) =>
  Math.max(...a.map((ai, i) => Math.abs(ai - b[i]) / Math.max(Math.abs(b[i]), Math.abs(value))));

/** The transform runs once for the whole file (each run parses loss.ts with ts-morph). */
let compiling: Promise<CompiledLosses> | undefined;
const compiledOnce = () => (compiling ??= compileLosses());

const losses = ['softmax', 'svm'] as const;
const plainLoss: Record<LossKind, (t: number[]) => number> = { softmax: softmaxTrainingLoss, svm: svmTrainingLoss };

describe('spiral dataset', () => {
  it('has 100 points per class on three noisy arms inside the unit disc', () => {
    const d = spiral();
    expect(d.points).toHaveLength(300);
    expect([0, 1, 2].map((k) => d.labels.filter((l) => l === k).length)).toEqual([100, 100, 100]);
    d.points.forEach(([x, y], n) => {
      expect(Math.hypot(x, y)).toBeCloseTo(spiralRadius(n), 14);
      if (spiralRadius(n) > 0) expect(Math.atan2(x, y)).toBeCloseTo(Math.atan2(Math.sin(spiralAngle(n)), Math.cos(spiralAngle(n))), 12);
    });
  });

  it('draws from a generator with the moments of U(0, 1) and N(0, 1)', () => {
    const us = Array.from({ length: 20000 }, (_, k) => uniform(k));
    const gs = Array.from({ length: 20000 }, (_, k) => gaussian(k));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(Math.min(...us)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...us)).toBeLessThan(1);
    expect(mean(us)).toBeCloseTo(0.5, 2); // standard error 0.002
    expect(mean(gs)).toBeCloseTo(0, 1); // standard error 0.007
    expect(mean(gs.map((g) => g * g))).toBeCloseTo(1, 1);
  });
});

describe.each(losses)('%s loss', (loss) => {
  const problem = makeProblem(loss);
  const theta = initialParameters(problem, 3);
  let compiled: CompiledLosses;
  beforeAll(async () => {
    compiled = await compiledOnce();
  }, 60_000);

  it('the plain loss (for the transform) and the ops loss (for the run-time engine) agree', () => {
    expect(plainLoss[loss](theta)).toBeCloseTo(totalLoss(theta, problem) as number, 13);
  });

  it('the run-time gradient matches central differences (h = 1e-6) in every coordinate', () => {
    const { value, gradient } = runtimeGradient(problem)(theta);
    const f = (t: number[]) => totalLoss(t, problem) as number;
    expect(value).toBe(f(theta));
    expect(maxRelativeDifference(gradient, centralDifferences(f, theta, 1e-6))).toBeLessThan(1e-6);
  });

  it('the transform-generated gradient equals the run-time gradient', () => {
    const other = theta.map((t, i) => t + 0.1 * Math.sin(i)); // and at a second point
    for (const at of [theta, other]) {
      const byTransform = compiled.valueAndGradient[loss](at);
      const byRuntime = runtimeGradient(problem)(at);
      expect(byTransform.value).toBeCloseTo(byRuntime.value, 13);
      expect(maxScaledDifference(byTransform.gradient, byRuntime.gradient, byRuntime.value)).toBeLessThan(1e-13);
    }
    expect(compiled.code.split('\n')[0]).toMatch(/^\/\/ generated by ddx/);
    // The training gradient is reverse mode's.
    expect(compiled.code).toContain(`f(x) and ∇f(x) of ${plainLoss[loss].name} in reverse mode`);
  });
});

// Training takes a few hundred gradient steps: seconds on a busy machine, hence the generous
// time limit (no timing is asserted).
const trainingTimeLimit = 120_000;

describe('training with the transform-generated gradient', () => {
  let compiled: CompiledLosses;
  beforeAll(async () => {
    compiled = await compiledOnce();
  }, 60_000);

  it('softmax: prints the loss of an independent forward pass and reaches ≥ 95% training accuracy', () => {
    const lines: string[] = [];
    const r = run((l) => lines.push(l), { engine: { name: 'transform', valueAndGradient: compiled.valueAndGradient.softmax } });
    const H = r.problem.shape.hidden;
    expect(lines[0]).toContain('300 points, 3 classes; network 2-16-3 (99 parameters), softmax loss');
    // The first progress line is at the initial θ, the last at the trained θ.
    const initialLoss = referenceSoftmaxLoss(r.initial, H, r.problem);
    expect(lines[1]).toBe(`epoch    0  loss ${initialLoss.toFixed(4)}  training accuracy ${(100 * referenceAccuracy(r.initial, H, r.problem)).toFixed(1)}%`);
    const finalAccuracy = referenceAccuracy(r.theta, H, r.problem);
    expect(finalAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.accuracy).toBe(finalAccuracy);
    expect(lines.at(-1)).toBe(`final training accuracy ${(100 * finalAccuracy).toFixed(1)}%`);
    expect(r.losses.at(-1)).toBeCloseTo(referenceSoftmaxLoss(r.theta, H, r.problem), 12);
    expect(r.losses.at(-1)!).toBeLessThan(initialLoss / 4);
    // The figures: one dot per training point, one cell per grid square, a polyline point per epoch.
    expect(r.regionsSvg.match(/<circle /g)).toHaveLength(300);
    expect(r.regionsSvg.match(/<rect x=/g)).toHaveLength(120 * 120);
    expect(r.lossSvg.match(/points="([^"]*)"/)![1].split(' ')).toHaveLength(r.losses.length);
  }, trainingTimeLimit);

  it('svm: the hinge loss with L2 regularisation also reaches ≥ 95% training accuracy', () => {
    const r = run(() => {}, { loss: 'svm', engine: { name: 'transform', valueAndGradient: compiled.valueAndGradient.svm } });
    expect(referenceAccuracy(r.theta, r.problem.shape.hidden, r.problem)).toBeGreaterThanOrEqual(0.95);
  }, trainingTimeLimit);
});
