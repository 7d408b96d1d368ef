/**
 * The two gradient strategies (one sweep per input; one chunked sweep with sparse tangents):
 * both against the closed-form Rosenbrock gradient, against each other, which one `auto`
 * picks, and nesting in both directions.
 */
import { describe, expect, it } from 'vitest';
import {
  CHUNKED_FROM, derivative, gradient, hessian, jacobian, ops, secondDerivative, valueAndGradient, type Dual, type Real,
} from '../src/index.js';
import { expectAllClose } from './helpers.js';

const { add, sub, mul, sin, exp } = ops;
const strategies = ['sweeps', 'chunked', 'auto'] as const;

const rosenbrock = (x: readonly Real[]): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = sub(1, x[i]), b = sub(x[i + 1], mul(x[i], x[i]));
    s = add(s, add(mul(a, a), mul(100, mul(b, b))));
  }
  return s;
};
/** ∂/∂xᵢ = −2(1 − xᵢ) − 400 xᵢ (xᵢ₊₁ − xᵢ²) + 200 (xᵢ − xᵢ₋₁²), the terms that exist. */
const rosenbrockGradient = (x: number[]): number[] =>
  x.map((xi, i) => (i < x.length - 1 ? -2 * (1 - xi) - 400 * xi * (x[i + 1] - xi * xi) : 0) + (i > 0 ? 200 * (xi - x[i - 1] ** 2) : 0));
const pointOf = (n: number): number[] => Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(i));

describe('gradient strategies', () => {
  for (const n of [2, 10, 100, 1000]) {
    it.each(strategies)(`Rosenbrock n = ${n} matches the closed form (%s)`, (strategy) => {
      const x = pointOf(n);
      // The closed form rounds differently: 1e-12 relative to the largest term (≈ 400·|x|³).
      expectAllClose(gradient(rosenbrock, x, { strategy }), rosenbrockGradient(x), 1e-13, 1e-11, 'gradient');
    });
  }
  it('sweeps and chunked give identical numbers, value included', () => {
    const f = (v: Real[]) => add(mul(exp(sin(v[0])), v[3]), ops.pow(ops.hypot(v[1], v[2], v[4]), 1.5));
    const x = [0.3, -1.1, 2.5, 0.7, -0.2];
    const a = valueAndGradient(f, x, { strategy: 'sweeps' }), b = valueAndGradient(f, x, { strategy: 'chunked' });
    expect(b.value).toBe(a.value);
    b.gradient.forEach((g, i) => expect(Object.is(g, a.gradient[i]), `∂${i}`).toBe(true));
  });
  it(`auto evaluates f once from ${CHUNKED_FROM} inputs on, once per input below`, () => {
    let calls = 0;
    const f = (v: Real[]) => { calls++; return rosenbrock(v); };
    gradient(f, pointOf(CHUNKED_FROM));
    expect(calls).toBe(1);
    calls = 0;
    gradient(f, pointOf(CHUNKED_FROM - 1));
    expect(calls).toBe(CHUNKED_FROM - 1);
    calls = 0;
    gradient(f, pointOf(3), { strategy: 'chunked' });
    expect(calls).toBe(1);
    calls = 0;
    gradient(f, pointOf(8), { strategy: 'sweeps' });
    expect(calls).toBe(8);
  });
  it.each(strategies)('inside another ddx call the gradient uses sweeps and stays correct (%s)', (strategy) => {
    let calls = 0;
    // d/dt ∂/∂x₀ (t·x₀²·Σx) at x = [3, 1, 1, 1, 1]: ∂/∂x₀ = t·(2x₀Σx + x₀²) = 51t, so 51.
    const d = derivative((t) => {
      const g = gradient((v: Real[]) => { calls++; return mul(t, mul(mul(v[0], v[0]), v.reduce((s: Real, vi) => add(s, vi), 0))); },
        [3, 1, 1, 1, 1], { strategy });
      return g[0] as unknown as Real;
    }, 2);
    expect(d).toBe(51);
    expect(calls).toBe(5);
  });
  it.each(strategies)('a derivative nested inside the gradient is correct (%s)', (strategy) => {
    // f(v) = v₀ · d/dy (y·v₁·v₂) = v₀v₁v₂
    const f = (v: Real[]) => mul(v[0], derivative((y) => mul(y, mul(v[1], v[2])), 1));
    expect(gradient(f, [2, 3, 4, 5, 6], { strategy })).toEqual([12, 8, 6, 0, 0]);
  });
  it('second derivatives, Hessians, Jacobians and gradients nested inside a chunked gradient', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9], chunked = { strategy: 'chunked' } as const;
    const zerosExcept = (entries: Record<number, number>) => x.map((_, i) => entries[i] ?? 0);
    // v₀ · d²/dy² (y³ v₁) at y = 1 = 6 v₀ v₁
    const f = (v: Real[]) => mul(v[0], secondDerivative((y) => mul(mul(mul(y, y), y), v[1]), 1));
    expect(gradient(f, x, chunked)).toEqual(zerosExcept({ 0: 12, 1: 6 }));
    // Σ of the Hessian of w ↦ v₀ w₀² w₁ at [1, 1] = v₀ (2 + 2 + 2 + 0)
    const g = (v: Real[]) => hessian((w: Real[]) => mul(mul(v[0], mul(w[0], w[0])), w[1]), [1, 1]).flat()
      .reduce((s: Real, h) => add(s, h as Real), 0);
    expect(gradient(g, x, chunked)).toEqual(zerosExcept({ 0: 6 }));
    // ∂/∂w₀ (sin w₀ · v₂) at w₀ = 0 = v₂
    const h = (v: Real[]) => jacobian((w: Real[]) => [mul(sin(w[0]), v[2])], [0])[0][0] as Real;
    expect(gradient(h, x, chunked)).toEqual(zerosExcept({ 2: 1 }));
    // ∂/∂w₀ (w₀² v₁) at w₀ = 1 = 2 v₁ (the inner gradient asks for chunked, is nested, uses sweeps)
    const k = (v: Real[]) => gradient((w: Real[]) => mul(mul(w[0], w[0]), v[1]), x, chunked)[0] as Real;
    expect(gradient(k, x, chunked)).toEqual(zerosExcept({ 1: 2 }));
  });
  it('a perturbation leaked from a finished call falls back to sweeps instead of failing', () => {
    let leaked: Real = 0;
    derivative((x: Dual) => { leaked = x; return x; }, 2);
    const f = (v: Real[]) => mul(v[0], leaked);
    expect(gradient(f, [1, 2, 3, 4, 5], { strategy: 'chunked' })).toEqual(gradient(f, [1, 2, 3, 4, 5], { strategy: 'sweeps' }));
  });
  it('long running sums (unevaluated sparse sums) and reuse of a partial sum', () => {
    // s = Σ xᵢ² kept as a running sum; then s·s reuses it: ∂/∂xᵢ s² = 4 s xᵢ.
    const x = pointOf(300);
    const f = (v: Real[]) => { let s: Real = 0; for (const vi of v) s = add(s, mul(vi, vi)); return mul(s, s); };
    const s = x.reduce((t, xi) => t + xi * xi, 0);
    expectAllClose(gradient(f, x, { strategy: 'chunked' }), x.map((xi) => 4 * s * xi), 1e-13, 0, 'gradient');
    expect(gradient(f, x, { strategy: 'chunked' })).toEqual(gradient(f, x, { strategy: 'sweeps' }));
  });
});
