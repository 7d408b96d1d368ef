/**
 * The fuzzer's own oracle and comparisons, on functions with known derivatives: they must accept
 * exact derivatives, skip points where finite differences cannot be trusted, and catch a wrong
 * derivative (a fuzzer that cannot fail proves nothing).
 */
import { describe, expect, it } from 'vitest';
import { checkProgram, close } from '../fuzz/check.js';
import { firstPartial, secondPartial } from '../fuzz/finite-differences.js';
import type { Program } from '../fuzz/program.js';
import { DIRECTION } from '../fuzz/render.js';

const within = (got: number, est: { value: number[]; tolerance: number[]; reliable: boolean[] } | null): void => {
  expect(est?.reliable[0]).toBe(true);
  expect(Math.abs(got - est!.value[0])).toBeLessThanOrEqual(est!.tolerance[0]);
  // The tolerance is tight enough to mean something.
  expect(est!.tolerance[0]).toBeLessThan(1e-6 * Math.max(1, Math.abs(got)));
};

describe('Richardson finite differences', () => {
  const f = ([x, y]: number[]) => [Math.exp(x) * Math.sin(y) + x ** 3];
  for (const [x, y] of [[0.3, -1.2], [-1.7, 0.4], [1.9, 2]]) {
    it(`match the closed forms of exp(x)·sin(y) + x³ at (${x}, ${y})`, () => {
      within(Math.exp(x) * Math.sin(y) + 3 * x * x, firstPartial(f, [x, y], 0));
      within(Math.exp(x) * Math.cos(y), firstPartial(f, [x, y], 1));
      within(Math.exp(x) * Math.sin(y) + 6 * x, secondPartial(f, [x, y], 0, 0));
      within(-Math.exp(x) * Math.sin(y), secondPartial(f, [x, y], 1, 1));
      within(Math.exp(x) * Math.cos(y), secondPartial(f, [x, y], 0, 1));
    });
  }

  it('mark kinks, jumps, branches taken only at the point, and non-finite values as unreliable', () => {
    expect(firstPartial(([x]) => [Math.abs(x)], [0], 0)?.reliable[0]).toBe(false);
    // A small kink under a large curvature (max at a tie): the central differences alone miss it.
    expect(firstPartial(([x]) => [Math.exp(3 * x) + 0.01 * Math.max(1, x)], [1], 0)?.reliable[0]).toBe(false);
    // A kink of the first derivative: x·|x| at 0 has f″ = ±2 on either side, the central second difference 0.
    expect(secondPartial(([x]) => [x * Math.abs(x)], [0], 0, 0)?.reliable[0]).toBe(false);
    expect(firstPartial(([x]) => [Math.floor(100 * x)], [0.001], 0)?.reliable[0]).toBe(false);
    expect(firstPartial(([x]) => [x === 0.5 ? 7 : x], [0.5], 0)?.reliable[0]).toBe(false);
    expect(secondPartial(([x, y]) => [x === 0.5 ? 7 : x * y], [0.5, 1], 0, 1)?.reliable[0]).toBe(false);
    expect(firstPartial(([x]) => [Math.log(x)], [0], 0)).toBeNull();
  });

  // Seed 1 run 677: atan2(ε, sin(x + 10)) is π to the last bit near x = 0.64, so f is constant in
  // floating point while the chain rule, through sin(π) = 1.2e-16, gives a derivative of about 0.5.
  const absorbed = ([x]: number[]) => [Math.atan2(Number.EPSILON, Math.sin(Math.atan2(Number.EPSILON, Math.sin(x + 10))))];
  it('mark a point where one rounding absorbs x (f constant in floating point, not in the reals) as unreliable', () => {
    expect(firstPartial(absorbed, [0.6407], 0)?.value[0]).toBe(0);
    expect(firstPartial(absorbed, [0.6407], 0)?.reliable[0]).toBe(false);
    expect(secondPartial(absorbed, [0.6407], 0, 0)?.reliable[0]).toBe(false);
  });

  it('still judge piecewise-constant functions (derivative 0) and keep well-conditioned tolerances tight', () => {
    // Math.floor of a smooth value: exactly flat on the stencil and insensitive to ulps of sin, so a
    // derivative other than 0 (a wrong rule for floor) is still caught.
    for (const g of [([x]: number[]) => [Math.floor(3 * Math.sin(x))], ([x]: number[]) => [Math.sin(x) | 0], ([x]: number[]) => [Math.sign(Math.cos(x))]]) {
      const est = firstPartial(g, [0.2], 0);
      expect(est?.reliable[0]).toBe(true);
      expect(est?.value[0]).toBe(0);
      expect(Math.abs(1 - est!.value[0])).toBeGreaterThan(est!.tolerance[0]);
    }
    // An ill-conditioned but differentiable function away from the absorbing range is still judged.
    within(Math.cos(1.3) / (1 + Math.sin(1.3) ** 2), firstPartial(([x]) => [Math.atan(Math.sin(x))], [1.3], 0));
  });
});

describe('engine comparison', () => {
  it('is relative, and non-finite values must agree exactly', () => {
    expect(close(1, 1 + 1e-14)).toBe(true);
    expect(close(1, 1 + 1e-12)).toBe(false);
    expect(close(1e-300, 1.0000000000001e-300)).toBe(true);
    expect(close(NaN, NaN)).toBe(true);
    expect(close(Infinity, Infinity)).toBe(true);
    expect(close(Infinity, -Infinity)).toBe(false);
    expect(close(NaN, 0)).toBe(false);
    expect(close(Infinity, 1e308)).toBe(false);
  });
});

describe('checkProgram', () => {
  // f(x) = sin(x) · x at one point, as the three engines would return it.
  const prog: Program = { shape: 'scalar', n: 1, m: 1, k: 1, helpers: [], body: [], ret: [], points: [[0.7]], verbVariant: 0 };
  const f = (x: unknown) => Math.sin(x as number) * (x as number);
  const exact = () => [{ g: [Math.cos(0.7) * 0.7 + Math.sin(0.7)], h: [-Math.sin(0.7) * 0.7 + 2 * Math.cos(0.7)] }];
  const scaled = (g: number, h: number) => () => exact().map((r) => ({ g: [r.g[0] * g], h: [r.h[0] * h] }));
  const module = (ad: () => Record<string, number[]>[], rt = exact) => ({ f, ad, rt });

  it('accepts exact derivatives and counts its finite-difference checks', () => {
    const o = checkProgram(prog, module(exact), module(exact));
    expect(o.details).toEqual([]);
    expect(o.status).toBe('ok');
    expect(o.fdChecks).toBe(2);
  });

  it('catches engines that disagree by 1e-12', () => {
    const o = checkProgram(prog, module(exact), module(scaled(1 + 1e-12, 1)));
    expect(o.status).toBe('mismatch');
    expect(o.details[0]).toMatch(/point 0 g\[0\]: inline .* vs dual/);
  });

  it('catches a derivative that all engines get wrong by 1e-8, and a wrong second derivative', () => {
    const wrong = scaled(1 + 1e-8, 1);
    expect(checkProgram(prog, module(wrong, wrong), module(wrong)).details).toEqual([expect.stringMatching(/d f0\/dx0: ad .* vs finite differences/)]);
    const wrong2 = scaled(1, 1 + 1e-6);
    expect(checkProgram(prog, module(wrong2, wrong2), module(wrong2)).details).toEqual([expect.stringMatching(/d2f\/dx0dx0/)]);
  });

  it('evaluates a program with data as f(x, data) for the finite differences', () => {
    // f(x, d) = sin(x) · x · d[0] with d = [3]: the derivatives are 3 times those above.
    const withData: Program = { ...prog, data: [3] };
    const g = (x: unknown, d: unknown) => f(x) * (d as number[])[0];
    const triple = scaled(3, 3);
    expect(checkProgram(withData, { f: g, ad: triple, rt: triple }, { f: g, ad: triple, rt: triple }).details).toEqual([]);
    // The same derivatives against the data-free values would be wrong: the oracle really reads the data.
    expect(checkProgram(withData, { f: g, ad: exact, rt: exact }, { f: g, ad: exact, rt: exact }).status).toBe('mismatch');
  });

  it('reports an engine that throws as a crash', () => {
    const o = checkProgram(prog, module(() => { throw new TypeError('boom'); }), module(exact));
    expect(o.status).toBe('crash');
    expect(o.details).toEqual(['inline threw: boom']);
  });
});

describe('hvp and jvp consistency with the Hessian and gradient', () => {
  // f(a, b) = sin(a)·b at (0.7, 0.2), in the direction the fuzzer uses.
  const prog: Program = { shape: 'params', n: 2, m: 1, k: 1, helpers: [], body: [], ret: [], points: [[0.7, 0.2]], verbVariant: 0 };
  const f = (a: unknown, b: unknown) => Math.sin(a as number) * (b as number);
  const [a, b] = [0.7, 0.2];
  const [v0, v1] = DIRECTION;
  const H = [-Math.sin(a) * b, Math.cos(a), Math.cos(a), 0];
  const results = (hvScale: number, noise = 0) => () => [{
    g: [Math.cos(a) * b, Math.sin(a)],
    h: H,
    jv: [Math.cos(a) * b * v0 + Math.sin(a) * v1],
    hv: [(H[0] * v0 + H[1] * v1) * hvScale + noise, (H[2] * v0 + H[3] * v1) * hvScale],
  }];
  const module = (ad: () => Record<string, number[]>[]) => ({ f, ad, rt: ad });

  it('accepts an hvp equal to H·v up to rounding, and rounding noise on a zero', () => {
    expect(checkProgram(prog, module(results(1)), module(results(1))).details).toEqual([]);
    expect(checkProgram(prog, module(results(1, 5e-17)), module(results(1, 5e-17))).details).toEqual([]);
  });

  it('catches an hvp off by 1e-9', () => {
    const wrong = results(1 + 1e-9);
    expect(checkProgram(prog, module(wrong), module(wrong)).details).toEqual([expect.stringMatching(/^point 0 hvp\[0\]/), expect.stringMatching(/^point 0 hvp\[1\]/)]);
  });

  // The probes (render.ts: probes) give the Hessian and hvp again at two nearby points, hq and hvq.
  const probed = (hvAt: (hv: number[]) => [number[], number[]], hvScale = 1, noise = 0) => () => {
    const [r] = results(hvScale, noise)();
    const [there1, there2] = hvAt(r.hv);
    return [{ ...r, hq: [...H, ...H], hvq: [...there1, ...there2] }];
  };

  it('allows ten times the noise of hvp − H·v measured at the probes', () => {
    // 3e-11 off at the point, while the probes' hvp − H·v is off by 4e-12 and −1e-12 of the point's: noise.
    const noisy = probed((hv) => [[hv[0] - 4e-12, hv[1]], [hv[0] + 1e-12, hv[1]]], 1, 3e-11);
    expect(checkProgram(prog, module(noisy), module(noisy)).details).toEqual([]);
    // The same without noise at the probes is caught, and so is 5e-11 with that noise.
    const quiet = probed((hv) => [hv, hv], 1, 3e-11);
    expect(checkProgram(prog, module(quiet), module(quiet)).details).toEqual([expect.stringMatching(/^point 0 hvp\[0\]/)]);
    const beyond = probed((hv) => [[hv[0] - 4e-12, hv[1]], [hv[0] + 1e-12, hv[1]]], 1, 5e-11);
    expect(checkProgram(prog, module(beyond), module(beyond)).details).toEqual([expect.stringMatching(/^point 0 hvp\[0\]/)]);
  });

  it('still catches an hvp off by 1e-9 that is off the same way at the probes', () => {
    const wrong = probed((hv) => [hv, hv], 1 + 1e-9);
    expect(checkProgram(prog, module(wrong), module(wrong)).details).toEqual([expect.stringMatching(/^point 0 hvp\[0\]/), expect.stringMatching(/^point 0 hvp\[1\]/)]);
  });
});
