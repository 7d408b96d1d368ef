import { describe, expect, it } from 'vitest';
import {
  eccentricAnomaly,
  exponentialResidual,
  fitExponential,
  graphCurvature,
  keplerResidual,
  newtonStep,
  reference,
  referenceCurvature,
  referenceSlope,
  rosenbrock,
  rosenbrockGradient,
  rosenbrockHessian,
} from '../src/index.js';

// Runs under vitest.config.ts, whose ddx plugin compiles the derivative calls: without it these
// plain numeric functions would reach the run-time engine and throw its TypeError.

/** Relative difference, for values that are exact up to rounding. */
const close = (actual: number, expected: number, tolerance = 1e-14) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));

describe('reference function e^x / √(sin³x + cos³x)', () => {
  // 25-digit values (mpmath) from the project's reference vectors ("martins" at x = 1.5).
  it('has the reference first and second derivatives at 1.5', () => {
    close(referenceSlope(1.5), 4.053427893898620657714188);
    close(referenceCurvature(1.5), 9.463073681596603352536433);
  });

  it('has the curvature y″ / (1 + y′²)^{3/2} of its graph', () => {
    close(graphCurvature(1.5), 9.463073681596603352536433 / (1 + 4.053427893898620657714188 ** 2) ** 1.5);
  });

  it('agrees with a central difference elsewhere', () => {
    const h = 1e-5;
    for (const x of [-0.3, 0.2, 0.7]) {
      const central = (reference(x + h) - reference(x - h)) / (2 * h);
      expect(Math.abs(referenceSlope(x) - central)).toBeLessThan(1e-8 * Math.max(1, Math.abs(central)));
    }
  });
});

describe('Rosenbrock', () => {
  // Closed forms: ∂/∂x₀ = −2(1 − x₀) − 400 x₀ (x₁ − x₀²), ∂/∂x₁ = 200 (x₁ − x₀²).
  const gradient2 = ([a, b]: number[]) => [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)];
  const hessian2 = ([a, b]: number[]) => [
    [2 - 400 * b + 1200 * a * a, -400 * a],
    [-400 * a, 200],
  ];

  it('has the closed-form gradient and Hessian', () => {
    for (const x of [[-1.2, 1], [0.5, -0.25], [2, 3]]) {
      gradient2(x).forEach((g, i) => close(rosenbrockGradient(x)[i], g));
      hessian2(x).forEach((row, i) => row.forEach((h, j) => close(rosenbrockHessian(x)[i][j], h)));
    }
  });

  it('is minimised by Newton steps from the classic start (−1.2, 1)', () => {
    let x: [number, number] = [-1.2, 1];
    for (let step = 0; step < 30 && rosenbrock(x) > 1e-24; step++) x = newtonStep(x);
    close(x[0], 1, 1e-10);
    close(x[1], 1, 1e-10);
  });
});

describe("Kepler's equation", () => {
  /** Bisection on E − e·sin E − M, increasing in E for e < 1: an oracle that uses no derivative. */
  function bisect(M: number, e: number): number {
    let low = M - 1;
    let high = M + 1;
    for (let i = 0; i < 200; i++) {
      const middle = (low + high) / 2;
      if (keplerResidual(middle, M, e) > 0) high = middle;
      else low = middle;
    }
    return (low + high) / 2;
  }

  it('solves for the eccentric anomaly by Newton steps with a compiled slope', () => {
    for (const [M, e] of [[0.3, 0.1], [1, 0.5], [2.5, 0.9], [5, 0.99]]) {
      close(eccentricAnomaly(M, e), bisect(M, e), 1e-13);
    }
  });
});

describe('fitting y = a·e^{b·t} to data read by the differentiated arrows', () => {
  const ts = Array.from({ length: 12 }, (_, i) => i / 2);
  /** The residual's gradient in closed form: 2 Σ rᵢ·(e^{b·tᵢ}, a·tᵢ·e^{b·tᵢ}). */
  const closedGradient = ([a, b]: number[], ys: number[]) => ts.reduce(([ga, gb], t, i) => {
    const r = a * Math.exp(b * t) - ys[i];
    return [ga + 2 * r * Math.exp(b * t), gb + 2 * r * a * t * Math.exp(b * t)];
  }, [0, 0]);

  it('recovers the parameters of exact data', () => {
    const ys = ts.map((t) => 2 * Math.exp(-0.5 * t));
    const [a, b] = fitExponential(ts, ys, [1, 0]);
    close(a, 2, 1e-10);
    close(b, -0.5, 1e-10);
  });

  it('stops at a stationary point of the residual for noisy data', () => {
    const ys = ts.map((t, i) => 3 * Math.exp(0.2 * t) + 0.05 * Math.sin(7 * i));
    const p = fitExponential(ts, ys, [1, 0]);
    const [ga, gb] = closedGradient(p, ys);
    // The gradient's terms are of order 1 here: at a minimum their sum is rounding-level.
    expect(Math.hypot(ga, gb)).toBeLessThan(1e-10);
    // Any nearby point has a larger residual.
    for (const [da, db] of [[1e-4, 0], [0, 1e-4], [-1e-4, 0], [0, -1e-4]]) {
      expect(exponentialResidual([p[0] + da, p[1] + db], ts, ys)).toBeGreaterThan(exponentialResidual(p, ts, ys));
    }
  });

  it('rejects data of different lengths', () => {
    expect(() => fitExponential([0, 1], [1], [1, 0])).toThrow(RangeError);
  });
});
