import { describe, expect, it } from 'vitest';
import { ops } from '@ddx/dual';
import { gateCircuit, neuron, staged, sumTimes } from '../src/circuits.js';
import { run, runCircuit } from '../src/run.js';
import type { Circuit } from '../src/circuit.js';

const relativeError = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

function centralDifferences(c: Circuit, h = 1e-6): number[] {
  const point = c.inputs.map(([, v]) => v);
  const f = (p: number[]) => c.f(...p) as number;
  return point.map((_, i) => {
    const plus = point.slice(), minus = point.slice();
    plus[i] += h;
    minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

describe('the four circuits', () => {
  const lines: string[] = [];
  const results = run((l) => lines.push(l));
  const [sum, neuronResult, stagedResult, gate] = results;

  it('(x + y)z at (-2, 5, -4) has gradient (-4, -4, 3), by hand and by ddx', () => {
    expect(sum.circuit).toBe(sumTimes);
    expect(sum.value).toBe(-12);
    expect(sum.ddx).toEqual([-4, -4, 3]);
    expect(sum.byHand).toEqual([-4, -4, 3]);
    expect(lines).toContain('  ∂f/∂(x, y, z) by ddx:               (-4, -4, 3)');
  });

  it('the sigmoid neuron matches the closed form σ(1−σ)·(x0, x1, 1, w0, w1)', () => {
    expect(neuronResult.circuit).toBe(neuron);
    const s = 1 / (1 + Math.exp(-(2 * -1 + -3 * -2 + -3))); // σ(1)
    const closedForm = [-1, -2, 1, 2, -3].map((v) => s * (1 - s) * v);
    neuronResult.ddx.forEach((g, i) => expect(relativeError(g, closedForm[i])).toBeLessThan(1e-15));
    neuronResult.byHand.forEach((g, i) => expect(relativeError(g, closedForm[i])).toBeLessThan(1e-15));
    expect(lines.some((l) => l.startsWith('  closed form σ(1−σ)'))).toBe(true);
  });

  it('the staged function at (3, -4) has gradient (2.0595697955721649106, 1.5922327514838093139)', () => {
    expect(stagedResult.circuit).toBe(staged);
    const reference = [2.0595697955721649106, 1.5922327514838093139];
    stagedResult.ddx.forEach((g, i) => expect(relativeError(g, reference[i])).toBeLessThan(2e-16));
    stagedResult.byHand.forEach((g, i) => expect(relativeError(g, reference[i])).toBeLessThan(1e-15));
    expect(lines).toContain(`  ∂f/∂(x, y) by ddx:               (${stagedResult.ddx.join(', ')})`);
  });

  it('2(xy + max(z, w)) at (3, -4, 2, -1) has gradient (-8, 6, 2, 0): max routes, multiply swaps', () => {
    expect(gate.circuit).toBe(gateCircuit);
    expect(gate.ddx).toEqual([-8, 6, 2, 0]);
    expect(gate.byHand).toEqual([-8, 6, 2, 0]);
    expect(gate.locals.find((l) => l.label === 'm = max(z, w)')!.ddx).toEqual([1, 0]);
    expect(gate.locals.find((l) => l.label === 'p = x · y')!.ddx).toEqual([-4, 3]);
    expect(lines).toContain('  ∂f/∂(x, y, z, w) by ddx:               (-8, 6, 2, 0)');
  });

  it('every gate’s hand-written local gradient equals ddx on that gate alone', () => {
    // 1e-14, not 1e-15: the hand-written σ(1 − σ) loses digits to cancellation when σ is near 1.
    for (const r of results) {
      for (const l of r.locals) l.byHand.forEach((g, i) => expect(relativeError(g, l.ddx[i])).toBeLessThan(1e-14));
    }
  });

  it('every ddx gradient agrees with central differences', () => {
    for (const r of results) {
      centralDifferences(r.circuit).forEach((g, i) => expect(r.ddx[i]).toBeCloseTo(g, 8));
    }
  });
});

describe('backpropagation accumulates where a value is used twice', () => {
  it('f = x·x + x has ∂f/∂x = 2x + 1', () => {
    const c: Circuit = {
      title: 'x·x + x',
      inputs: [['x', 3]],
      f: (x) => ops.add(ops.mul(x, x), x),
      gates: [
        { ...sumTimes.gates[1], out: 'p', inputs: ['x', 'x'], label: 'p = x · x' },
        { ...sumTimes.gates[0], out: 'f', inputs: ['p', 'x'], label: 'f = p + x' },
      ],
    };
    const r = runCircuit(c, () => {});
    expect(r.byHand).toEqual([7]);
    expect(r.ddx).toEqual([7]);
  });
});
