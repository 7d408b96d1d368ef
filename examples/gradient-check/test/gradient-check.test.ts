import { describe, expect, it } from 'vitest';
import { affine, relu, softmaxCrossEntropy } from '../src/layers.js';
import { loss } from '../src/network.js';
import { centralDifferenceGradient, relativeError } from '../src/numerical.js';
import { initialTheta, makeBatch, run, sizes, steps, tolerance } from '../src/run.js';

describe('layers on plain numbers', () => {
  it('affine, ReLU and softmax cross-entropy give their textbook values', () => {
    expect(affine([[1, 2]], [[1, 0, -1], [0.5, 2, 3]], [0, 1, 2])).toEqual([[2, 5, 7]]);
    expect(relu([[-1, 0, 2]])).toEqual([[0, 0, 2]]);
    expect(softmaxCrossEntropy([[0.3, 0.3, 0.3]], [1])).toBeCloseTo(Math.log(3), 15); // uniform over 3 classes
    const s = [2, -1, 0.5];
    expect(softmaxCrossEntropy([s, s], [0, 2])).toBeCloseTo(
      (Math.log(s.reduce((z, v) => z + Math.exp(v), 0)) * 2 - s[0] - s[2]) / 2, 14);
  });
});

describe('gradient check of the two-layer network', () => {
  const lines: string[] = [];
  const r = run((l) => lines.push(l));

  it('stays clear of the ReLU kinks for every step that should give a good numerical gradient', () => {
    expect(r.closestToKink).toBeGreaterThan(1e-2);
  });

  it('ddx equals the hand-written backward pass up to rounding', () => {
    expect(r.ddxVsHandWritten).toBeLessThan(1e-14);
    expect(lines).toContain(`ddx gradient vs the hand-written backward pass: relative error ${r.ddxVsHandWritten.toExponential(1)}  ✓ within 1.0e-7`);
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
    const batch = makeBatch();
    const numerical = centralDifferenceGradient((t) => loss(t, sizes, batch) as number, initialTheta(), 1e-5);
    expect(relativeError(numerical, r.handWritten)).toBeLessThan(1e-8);
    for (const bug of [predicted, bias]) expect(relativeError(bug.gradient, numerical)).toBeGreaterThan(1e-2);
    expect(lines.filter((l) => l.includes('✗ above 1.0e-7: the gradient is wrong'))).toHaveLength(2);
  });
});
