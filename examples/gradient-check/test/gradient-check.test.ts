import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { affine, networkLoss, relu, softmaxCrossEntropy } from '../src/network.js';
import { compileNetworkGradients } from '../src/compile.js';
import { centralDifferenceGradient, relativeError } from '../src/numerical.js';
import { initialTheta, modesTolerance, run, steps, tolerance, type GradientCheckResult } from '../src/run.js';

describe('layers on plain numbers', () => {
  it('affine, ReLU and softmax cross-entropy give their textbook values', () => {
    // x = [[1, 2]], W = [[1, 0, -1], [0.5, 2, 3]] (at θ offset 3), b = [0, 1, 2] (at offset 0): x·W + b = [2, 5, 7].
    const theta = [0, 1, 2, 1, 0, -1, 0.5, 2, 3];
    expect([0, 1, 2].map((j) => affine([1, 2], 0, 2, 3, theta, 3, 0, j))).toEqual([2, 5, 7]);
    expect([-1, 0, 2].map(relu)).toEqual([0, 0, 2]);
    expect(softmaxCrossEntropy([0.3, 0.3, 0.3], 0, 3, 1)).toBeCloseTo(Math.log(3), 15); // uniform over 3 classes
    const s = [9, 9, 9, 2, -1, 0.5]; // the second row
    expect(softmaxCrossEntropy(s, 1, 3, 2)).toBeCloseTo(Math.log(Math.exp(2) + Math.exp(-1) + Math.exp(0.5)) - 0.5, 14);
  });
});

describe('gradient check of the two-layer network', () => {
  const lines: string[] = [];
  let r: GradientCheckResult;
  beforeAll(async () => {
    r = run((l) => lines.push(l), await compileNetworkGradients());
  }, 60_000);

  it('stays clear of the ReLU kinks for every step that should give a good numerical gradient', () => {
    expect(r.closestToKink).toBeGreaterThan(1e-2);
  });

  it('backprop by hand, ddx reverse mode and ddx forward mode agree up to rounding', () => {
    // Each of ddx's modes against the hand-written pass: ‖a − b‖ / max(‖a‖, ‖b‖) ≤ 1e-14.
    expect(r.ddxVsHandWritten).toBeLessThan(1e-14);
    expect(r.forwardVsHandWritten).toBeLessThan(1e-14);
    expect(lines).toContain(`  ddx reverse mode vs the hand-written backward pass: relative error ${r.ddxVsHandWritten.toExponential(1)}  ✓ within 1.0e-7`);
    expect(lines).toContain(`  ddx forward mode vs the hand-written backward pass: relative error ${r.forwardVsHandWritten.toExponential(1)}  ✓ within 1.0e-7`);
    // Reverse against forward mode entry by entry: relative 1e-13, floor 1e-13 × |loss|.
    expect(modesTolerance).toBe(1e-13);
    r.ddx.forEach((g, i) => expect(Math.abs(g - r.forward[i]), `entry ${i}`).toBeLessThanOrEqual(1e-13 * Math.max(Math.abs(r.forward[i]), Math.abs(r.loss))));
    expect(r.reverseVsForward).toBeLessThanOrEqual(1e-13);
    // Two different generated codes: reverse mode's backward sweep, forward mode's tangent sweeps.
    const out = (file: string) => readFileSync(fileURLToPath(new URL(`../out/${file}`, import.meta.url)), 'utf8');
    expect(out('network.ddx.ts')).toContain('∇f(x) of networkLoss in reverse mode');
    expect(out('network.forward.ddx.ts')).not.toContain('in reverse mode');
  });

  it('central differences with a good step agree with ddx', () => {
    const central = (h: number) => r.table.find((row) => row.h === h)!.central;
    expect(central(1e-5)).toBeLessThan(1e-8);
    for (const h of [1e-4, 1e-6]) expect(central(h)).toBeLessThan(1e-7);
  });

  it('shows the V: truncation error O(h) forward and O(h²) central for large h, rounding error O(ε/h) for small h', () => {
    const at = (h: number) => r.table.find((row) => row.h === h)!;
    const forwardRatio = at(1e-2).forward / at(1e-3).forward;
    const centralRatio = at(1e-2).central / at(1e-3).central;
    expect(forwardRatio).toBeGreaterThan(5);
    expect(forwardRatio).toBeLessThan(20);
    expect(centralRatio).toBeGreaterThan(50);
    expect(centralRatio).toBeLessThan(200);
    expect(at(1e-12).central).toBeGreaterThan(100 * at(1e-5).central);
    expect(r.table.map((row) => row.h)).toEqual(steps);
    r.table.forEach((row) => expect(lines).toContain(
      `  ${row.h.toExponential(1).padEnd(9)} ${row.forward.toExponential(1).padStart(12)}   ${row.central.toExponential(1).padStart(12)}`));
  });

  it('catches both deliberately wrong backward passes, and the per-block errors point to the layer at fault', () => {
    const predicted = r.wrong['predicted-class'];
    expect(predicted.error).toBeGreaterThan(1e-2);
    for (const block of ['W1', 'b1', 'W2', 'b2']) expect(predicted.byBlock[block]).toBeGreaterThan(tolerance);

    const bias = r.wrong['bias-before-relu'];
    expect(bias.error).toBeGreaterThan(1e-2);
    expect(bias.byBlock.b1).toBeGreaterThan(1e-2);
    for (const block of ['W1', 'W2', 'b2']) expect(bias.byBlock[block]).toBeLessThan(1e-14);
    // The bugs are real: a numerical gradient, computed here independently, disagrees with them too.
    const numerical = centralDifferenceGradient(networkLoss, initialTheta(), 1e-5);
    expect(relativeError(numerical, r.handWritten)).toBeLessThan(1e-8);
    for (const bug of [predicted, bias]) expect(relativeError(bug.gradient, numerical)).toBeGreaterThan(1e-2);
    expect(lines.filter((l) => l.includes('✗ above 1.0e-7: the gradient is wrong'))).toHaveLength(2);
  });
});
