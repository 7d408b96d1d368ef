// Issue 15's network workload: the loss is the classifier example's, its hand-written backprop agrees
// with central differences, and ddx's compiled gradient (reverse and forward mode) with the backprop.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { softmaxTrainingLoss } from '../../examples/classifier/src/loss.js';
import { relativeError } from '../src/accuracy.js';
import { centralGradient } from '../src/methods/finiteDifferences.js';
import { compileTargets, generatedDir } from '../src/methods/ddxTransform.js';
import { networkGradient, networkInput, networkLoss, networkSource, PARAMETERS } from '../src/network.js';

const input = networkInput();
const { theta, points, labels } = input;

describe('the 2-16-3 network on the 300-point spiral', () => {
  it('is the classifier example\'s loss (99 parameters, 300 points), with the data passed in', () => {
    expect([theta.length, PARAMETERS, points.length]).toEqual([99, 99, 300]);
    for (const t of [theta, theta.map((v, i) => v + 0.3 * Math.sin(i))]) {
      expect(Math.abs(networkLoss(t, points, labels) - softmaxTrainingLoss(t))).toBeLessThan(1e-14 * softmaxTrainingLoss(t));
    }
  });
  it('no hidden unit sits at ReLU\'s kink at the bench\'s θ (central differences are then valid)', () => {
    let closest = Infinity;
    for (const [x0, x1] of points) for (let j = 0; j < 16; j++) closest = Math.min(closest, Math.abs(theta[32 + j] + theta[j] * x0 + theta[16 + j] * x1));
    expect(closest).toBeGreaterThan(1e-6);
  });
  it('hand-written backprop agrees with central differences (relative error ≤ 1e-7)', () => {
    const g = networkGradient(theta, points, labels);
    expect(relativeError(g, centralGradient((t) => networkLoss(t as number[], points, labels), theta))).toBeLessThan(1e-7);
    expect(g.filter((v) => v !== 0).length).toBeGreaterThan(90); // every block is exercised
  });
});

describe('ddx on the network, compiled by @ddx/transform', async () => {
  // its own folder (beside src/, as the generated source imports ../src/): test files run in parallel
  const outcomes = await compileTargets((['forward', 'reverse'] as const).map((mode) => (
    { key: `network.${mode}`, verb: 'gradient' as const, fn: 'networkLoss', source: networkSource(mode) })), () => {}, join(generatedDir, '..', '.generated-test-network'));
  for (const mode of ['forward', 'reverse']) {
    it(`${mode} mode: compiles, and agrees with the hand-written backprop to 1e-12`, () => {
      const o = outcomes.get(`inline:network.${mode}`)!;
      expect(o.ok, o.ok ? '' : o.reason).toBe(true);
      if (!o.ok) return;
      const run = o.run as (...a: unknown[]) => number[];
      expect(relativeError(run(theta, points, labels), networkGradient(theta, points, labels))).toBeLessThan(1e-12);
      // a second call reuses the tape: the same result
      const other = theta.map((v, i) => v - 0.05 * Math.cos(i));
      expect(relativeError(run(other, points, labels), networkGradient(other, points, labels))).toBeLessThan(1e-12);
    });
  }
});

describe('TensorFlow.js on the same gradients (float32, so to ~1e-7)', async () => {
  const { loadTfjs } = await import('../src/methods/tfjs.js');
  const { rosenbrockGradient, rosenbrockPoint } = await import('../src/workloads.js');
  const tf = await loadTfjs();
  it('loads, and agrees with the hand-written gradients of the network and of Rosenbrock to 1e-6', () => {
    expect(typeof tf, String(tf)).toBe('object');
    if (typeof tf === 'string') return;
    expect(relativeError(tf.networkGradient(points, labels)(theta), networkGradient(theta, points, labels))).toBeLessThan(1e-6);
    const x = rosenbrockPoint(100);
    expect(relativeError(tf.rosenbrockGradient()(x), rosenbrockGradient(x))).toBeLessThan(1e-6);
  });
});
