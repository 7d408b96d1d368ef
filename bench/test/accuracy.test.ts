import { describe, expect, it } from 'vitest';
import { defaultStepErrors, errorVsStep, relativeError, stepSizes } from '../src/accuracy.js';
import { M } from '../src/suite.js';

const errorAt = (curve: { points: readonly { h: number; error: number }[] }, h: number) =>
  curve.points.find((p) => Math.abs(Math.log10(p.h) - Math.log10(h)) < 1e-9)!.error;

describe('step grid and error measure', () => {
  it('covers 1e-1 … 1e-16 with four steps per decade', () => {
    const hs = stepSizes();
    expect(hs[0]).toBe(0.1);
    expect(hs.at(-1)).toBeCloseTo(1e-16, 30);
    expect(hs.length).toBe(61);
    expect(stepSizes(1e-1, 1e-3, 1)).toEqual([0.1, 0.01, 0.001]);
  });
  it('relative error is the max-norm error over the max-norm reference, absolute against 0', () => {
    expect(relativeError(1.1, 1)).toBeCloseTo(0.1, 12);
    expect(relativeError([1, 2.2], [1, 2])).toBeCloseTo(0.1, 12);
    expect(relativeError(3e-9, 0)).toBe(3e-9);
    expect(relativeError([[1, 0], [0, 1]], [[1, 0], [0, 1]])).toBe(0);
  });
});

describe("error against step size for f' of e^x / sqrt(sin³x + cos³x) at 1.5", () => {
  const curves = errorVsStep('martins', 1);
  const get = (m: string) => curves.find((c) => c.method === m)!;

  it('forward difference: ≤ 1e-6 at h = 1e-8, and V-shaped (worse at both ends than at its best)', () => {
    const c = get(M.forward);
    expect(errorAt(c, 1e-8)).toBeLessThanOrEqual(1e-6);
    expect(errorAt(c, 1e-1)).toBeGreaterThan(100 * c.best.error);
    expect(errorAt(c, 1e-15)).toBeGreaterThan(100 * c.best.error);
    expect(c.best.h).toBeGreaterThan(1e-10);
    expect(c.best.h).toBeLessThan(1e-6);
  });
  it("central difference: best ≤ 1e-9, reached between 1e-7 and 1e-3", () => {
    const c = get(M.central);
    expect(c.best.error).toBeLessThanOrEqual(1e-9);
    expect(c.best.h).toBeGreaterThan(1e-7);
    expect(c.best.h).toBeLessThan(1e-3);
  });
  it('higher orders reach smaller errors at larger steps: five-point, then Richardson', () => {
    const central = get(M.central).best, five = get(M.fivePoint).best, rich = get(M.richardson).best;
    expect(five.error).toBeLessThan(central.error);
    expect(rich.error).toBeLessThan(five.error);
    expect(rich.h).toBeGreaterThan(central.h);
  });
  it('complex step: ≤ 1e-14 from h = 1e-8 down to h = 1e-20', () => {
    const c = get(M.complexStep);
    for (const p of c.points.filter((q) => q.h <= 1e-8)) expect(p.error).toBeLessThanOrEqual(1e-14);
    expect(errorAt(c, 1e-20)).toBeLessThanOrEqual(1e-14);
  });
  it('the dual line is flat and exact to 1e-14', () => {
    const c = get(M.dual);
    expect(c.flat).toBe(true);
    expect(new Set(c.points.map((p) => p.error)).size).toBe(1);
    expect(c.best.error).toBeLessThanOrEqual(1e-14);
  });
});

describe("error against step size for f''", () => {
  const curves = errorVsStep('martins', 2);
  const get = (m: string) => curves.find((c) => c.method === m)!;
  it('central second difference bottoms out near 1e-8 (rounding ≈ ε/h²) and is useless at tiny steps', () => {
    const c = get(M.central);
    expect(c.best.error).toBeLessThan(1e-6);
    expect(c.best.error).toBeGreaterThan(1e-12);
    expect(errorAt(c, 1e-10)).toBeGreaterThan(1);
  });
  it("the complex-step f'' formula subtracts, so it has a V too (Fike & Alonso)", () => {
    const c = get(M.complexStep);
    expect(errorAt(c, 1e-12)).toBeGreaterThan(1e3 * c.best.error);
  });
  it('the hyper-dual line is exact to 1e-14', () => {
    expect(get(M.hyperDual).best.error).toBeLessThanOrEqual(1e-14);
  });
});

describe('errors at the default steps across the DiffTests scalar set', () => {
  const rows = defaultStepErrors();
  it('dual and hyper-dual results are within 1e-14 of the references everywhere', () => {
    for (const r of rows.filter((x) => x.method === M.dual || x.method === M.hyperDual)) {
      expect(r.error, `${r.method} on ${r.workload}`).toBeLessThanOrEqual(1e-14);
    }
  });
  it('forward differences are off by more than 1e-9 somewhere, central by less than 1e-6 everywhere', () => {
    const first = rows.filter((r) => r.order === 1);
    expect(Math.max(...first.filter((r) => r.method === M.forward).map((r) => r.error))).toBeGreaterThan(1e-9);
    expect(Math.max(...first.filter((r) => r.method === M.central).map((r) => r.error))).toBeLessThan(1e-6);
  });
  it('the constant num2num_4 is measured by absolute error', () => {
    expect(rows.filter((r) => r.workload === 'num2num_4').every((r) => r.absolute)).toBe(true);
  });
});
