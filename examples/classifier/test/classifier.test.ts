import { describe, expect, it } from 'vitest';
import { spiral } from '../src/spiral.js';
import { totalLoss, type Problem } from '../src/model.js';
import { runtimeGradient } from '../src/gradients.js';
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

describe('spiral dataset', () => {
  it('has 100 points per class, inside the unit disc, and is the same for the same seed', () => {
    const d = spiral(100, 3, 1);
    expect(d.points).toHaveLength(300);
    expect([0, 1, 2].map((k) => d.labels.filter((l) => l === k).length)).toEqual([100, 100, 100]);
    for (const [x, y] of d.points) expect(Math.hypot(x, y)).toBeLessThanOrEqual(1 + 1e-12);
    expect(spiral(100, 3, 1)).toEqual(d);
    expect(spiral(100, 3, 2).points).not.toEqual(d.points);
  });
});

describe.each(['softmax', 'svm'] as const)('run-time gradient of the %s loss', (loss) => {
  it('matches central differences (h = 1e-6) in every coordinate', () => {
    const problem = makeProblem({ loss, hidden: 16, regularization: 1e-3 });
    const theta = initialParameters(problem, 3);
    const { value, gradient } = runtimeGradient(problem)(theta);
    const f = (t: number[]) => totalLoss(t, problem) as number;
    expect(value).toBe(f(theta));
    const h = 1e-6;
    theta.forEach((_, i) => {
      const plus = theta.slice(), minus = theta.slice();
      plus[i] += h;
      minus[i] -= h;
      expect(gradient[i]).toBeCloseTo((f(plus) - f(minus)) / (2 * h), 6);
    });
  });
});

// Training runs the full gradient descent on the run-time engine: seconds, not milliseconds, on a
// busy machine — hence the generous time limit (no timing is asserted).
const trainingTimeLimit = 120_000;

describe('training', () => {
  it('softmax: prints the loss of an independent forward pass and reaches ≥ 95% training accuracy', () => {
    const lines: string[] = [];
    const r = run((l) => lines.push(l));
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
    // The figures: one dot per training point, one cell per grid square, a polyline per epoch.
    expect(r.regionsSvg.match(/<circle /g)).toHaveLength(300);
    expect(r.regionsSvg.match(/<rect x=/g)).toHaveLength(120 * 120);
    expect(r.lossSvg.match(/points="([^"]*)"/)![1].split(' ')).toHaveLength(r.losses.length);
  }, trainingTimeLimit);

  it('svm: the hinge loss with L2 regularisation also reaches ≥ 95% training accuracy', () => {
    const r = run(() => {}, { loss: 'svm' });
    expect(referenceAccuracy(r.theta, r.problem.shape.hidden, r.problem)).toBeGreaterThanOrEqual(0.95);
  }, trainingTimeLimit);
});
