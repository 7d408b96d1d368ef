import { describe, expect, it } from 'vitest';
import {
  Complex, ccos, cexp, complexBrownAlmostLinear, complexRosenbrock, complexScalar, complexStep, complexStepGradient,
  complexStepJacobian, complexStepSecond, csin, csqrt,
} from '../src/methods/complexStep.js';
import { brownAlmostLinear, rosenbrock } from '../src/functions.js';
import { brownJacobian, brownPoint, rosenbrockGradient, rosenbrockPoint, scalarWorkloads } from '../src/workloads.js';

const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('Complex arithmetic', () => {
  it('e^(iπ) = −1 and sin² + cos² = 1 off the real axis', () => {
    const e = cexp(new Complex(0, Math.PI));
    expect(e.re).toBeCloseTo(-1, 15);
    expect(Math.abs(e.im)).toBeLessThan(1e-15);
    const z = new Complex(0.3, -0.8);
    const one = csin(z).mul(csin(z)).add(ccos(z).mul(ccos(z)));
    expect(one.re).toBeCloseTo(1, 14);
    expect(Math.abs(one.im)).toBeLessThan(1e-14);
  });
  it('csqrt(z)² = z, also for a tiny imaginary part and a negative real part', () => {
    for (const z of [new Complex(2, 3), new Complex(-4, 1e-3), new Complex(1.5, 1e-20), new Complex(-2, -5)]) {
      const s = csqrt(z);
      const back = s.mul(s);
      expect(rel(back.re, z.re)).toBeLessThan(1e-15);
      expect(rel(back.im, z.im)).toBeLessThan(1e-15);
      expect(s.re).toBeGreaterThanOrEqual(0);
    }
  });
  it('division inverts multiplication', () => {
    const a = new Complex(1.25, -0.5), b = new Complex(-3, 2);
    const q = a.mul(b).div(b);
    expect(q.re).toBeCloseTo(a.re, 15);
    expect(q.im).toBeCloseTo(a.im, 15);
  });
});

describe('complex step', () => {
  it('is exact to rounding on exp and sin (h = 1e-20)', () => {
    expect(rel(complexStep(cexp, 0.7), Math.exp(0.7))).toBeLessThan(2e-16);
    expect(rel(complexStep(csin, 1.2), Math.cos(1.2))).toBeLessThan(2e-16);
  });
  it("stays exact for h far below ε (no subtraction): h = 1e-100", () => {
    expect(rel(complexStep(cexp, 0.7, 1e-100), Math.exp(0.7))).toBeLessThan(2e-16);
  });
  it("gives f'' of exp and sin to 1e-7 with the default step (it subtracts, so it is not exact)", () => {
    expect(rel(complexStepSecond(cexp, 0.7), Math.exp(0.7))).toBeLessThan(1e-7);
    expect(rel(complexStepSecond(csin, 1.2), -Math.sin(1.2))).toBeLessThan(1e-7);
  });
  for (const w of scalarWorkloads) {
    it(`the complex twin of ${w.name} matches the plain function, and its step matches the reference f'`, () => {
      const value = complexScalar[w.name](new Complex(w.x)).re;
      expect(rel(value, w.f(w.x))).toBeLessThan(1e-15);
      expect(rel(complexStep(complexScalar[w.name], w.x), w.reference.first)).toBeLessThan(1e-14);
    });
  }
  it('gradient of Rosenbrock and Jacobian of Brown match their closed forms', () => {
    const x = rosenbrockPoint(6);
    expect(complexRosenbrock(x.map((v) => new Complex(v))).re).toBe(rosenbrock(x));
    complexStepGradient(complexRosenbrock, x).forEach((g, i) => expect(rel(g, rosenbrockGradient(x)[i])).toBeLessThan(1e-14));
    const xb = brownPoint(5);
    expect(complexBrownAlmostLinear(xb.map((v) => new Complex(v))).map((z) => z.re)).toEqual(brownAlmostLinear(xb));
    const J = brownJacobian(xb);
    complexStepJacobian(complexBrownAlmostLinear, xb).forEach((row, i) => row.forEach((v, j) => expect(rel(v, J[i][j])).toBeLessThan(1e-14)));
  });
});
