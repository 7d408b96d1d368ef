/**
 * gradient(f, x, { mode: 'auto' }) and valueAndGradient, also without { mode } (the default):
 * forward mode below the measured crossover, reverse mode from it (emit/reverse/auto.ts). The auto result is bit for bit the result of the
 * mode it picks (compiled in the same module), and agrees with central differences (h = 1e-6,
 * relative 1e-6).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform } from '../src/index.js';
import { reverseFromLength, rowsFromRatio } from '../src/emit/reverse/auto.js';
import { agreeAcrossModes } from './close.js';
import { run } from './run.js';

const source = `import { gradient, valueAndGradient } from '@ddx/dual';
function f(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(0.1 * x[i]) * Math.sin(x[(i + 1) % x.length]);
  return s;
}
function g(a: number, b: number): number {
  return a * Math.sin(b) + Math.exp(a * b);
}
function h(x: number[]): number {
  let s = 0;
  let pair = [0, 0];
  const other = [0, 0];
  for (let i = 0; i < x.length; i++) {
    pair = other;
    other.push(x[i]);
    other[0] = x[i];
    other[1] = 2 * x[i];
    s += pair[0] * pair[1];
  }
  return s;
}
export const auto = (x: number[]) => gradient(f, x, { mode: 'auto' });
export const both = (x: number[]) => valueAndGradient(f, x, { mode: 'auto' });
export const forward = (x: number[]) => gradient(f, x, { mode: 'forward' });
export const byDefault = (x: number[]) => gradient(f, x);
export const byDefaultBoth = (x: number[]) => valueAndGradient(f, x);
export const defaultParams = (x: number[]) => gradient(g, x);
export const defaultRejected = (x: number[]) => gradient(h, x);
export const reverse = (x: number[]) => gradient(f, x, { mode: 'reverse' });
export const autoParams = (x: number[]) => gradient(g, x, { mode: 'auto' });
export const reverseParams = (x: number[]) => gradient(g, x, { mode: 'reverse' });
export const autoRejected = (x: number[]) => gradient(h, x, { mode: 'auto' });
export const plain = f;
`;

describe("mode: 'auto'", () => {
  it('picks forward mode below the crossover length and reverse mode from it, at run time', async () => {
    const r = transform(source, '/project/m.ts');
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    expect(r.code).toMatch(new RegExp(`length >= ${reverseFromLength} \\? f_gradient_reverse\\(`));
    const m = (await run(r.code)) as Record<string, (x: number[]) => unknown>;
    for (let n = 1; n <= 9; n++) {
      const x = Array.from({ length: n }, (_, i) => 0.3 + 0.7 * Math.cos(1.3 * i));
      const want = n >= reverseFromLength ? m.reverse(x) : m.forward(x);
      expect(m.auto(x), `n = ${n}`).toEqual(want);
      expect(m.both(x)).toEqual({ value: m.plain(x), gradient: want });
      // Without { mode }: 'auto'.
      expect(m.byDefault(x), `n = ${n}`).toEqual(want);
      expect(m.byDefaultBoth(x)).toEqual({ value: m.plain(x), gradient: want });
      const fx = m.plain as (p: number[]) => number;
      (want as number[]).forEach((gk, k) => {
        const up = x.slice(); up[k] += 1e-6;
        const down = x.slice(); down[k] -= 1e-6;
        const cd = (fx(up) - fx(down)) / 2e-6;
        expect(Math.abs(gk - cd), `n = ${n}, entry ${k}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(cd)));
      });
    }
    // The forward driver's checks still name the argument.
    expect(() => m.auto(undefined as unknown as number[])).toThrow(TypeError);
    // Number parameters: reverse mode, chosen at compile time.
    expect(m.autoParams([0.4, 1.3])).toEqual(m.reverseParams([0.4, 1.3]));
    expect(m.defaultParams([0.4, 1.3])).toEqual(m.reverseParams([0.4, 1.3]));
    expect(r.code).not.toMatch(/g_gradient_auto/);
    // Where reverse mode does not compile f (two names of one array, both used, one growing by push): forward mode, without a diagnostic.
    expect(m.autoRejected([1, 2, 3, 4, 5])).toEqual([4, 8, 12, 16, 20]);
    expect(m.defaultRejected([1, 2, 3, 4, 5])).toEqual([4, 8, 12, 16, 20]);
    expect(r.code).not.toMatch(/h_gradient_reverse|h_gradient_auto/);
  });

  it("is the default only where it compiles: an explicit { mode: 'reverse' } still reports DDX1062", () => {
    const h = 'function h(x: number[]): number { let s = 0; let pair = [0, 0]; const other = [0, 0]; for (let i = 0; i < x.length; i++) { pair = other; other.push(x[i]); other[0] = x[i]; other[1] = 2 * x[i]; s += pair[0] * pair[1]; } return s; }';
    const ok = transform(`import { gradient } from '@ddx/dual';\n${h}\nexport const d = (x: number[]) => gradient(h, x);`, '/project/m.ts');
    expect(ok.diagnostics).toEqual([]);
    const asked = transform(`import { gradient } from '@ddx/dual';\n${h}\nexport const d = (x: number[]) => gradient(h, x, { mode: 'reverse' });`, '/project/m.ts');
    expect(asked.diagnostics.map((d) => d.code)).toEqual(['DDX1062']);
  });

  it('compiles only the forward driver where the point is an array literal shorter than the crossover', async () => {
    const short = Array.from({ length: reverseFromLength - 1 }, (_, i) => 0.5 + i).join(', ');
    const long = Array.from({ length: reverseFromLength }, (_, i) => 0.5 + i).join(', ');
    const fOnly = source.split('\nexport')[0];
    const r = transform(`${fOnly}\nexport const s = gradient(f, [${short}]);\nexport const s2 = gradient(f, [${short}], { mode: 'forward' });\n`, '/project/m.ts');
    expect(r.diagnostics).toEqual([]);
    expect(r.code).not.toMatch(/_reverse|_auto/);
    const m = (await run(r.code)) as Record<string, number[]>;
    expect(m.s).toEqual(m.s2);
    const l = transform(`${fOnly}\nexport const s = gradient(f, [${long}]);\n`, '/project/m.ts');
    expect(l.code).toMatch(/f_gradient_auto/);
  });

  it("keeps forward mode in dual mode, and names 'auto' among the modes of a gradient", () => {
    const only = source.split('\n').filter((l) => !/mode: 'reverse'|defaultRejected/.test(l)).join('\n');
    const dual = transform(only, '/project/m.ts', { mode: 'dual' });
    expect(dual.diagnostics).toEqual([]);
    expect(dual.code).toMatch(/f_dual/);
    expect(dual.code).not.toMatch(/_reverse|_auto/);
    const bad = transform("import { gradient } from '@ddx/dual';\nexport const a = gradient((x: number[]) => x[0] * x[1], [1, 2], { mode: 'sideways' });", '/project/m.ts');
    expect(bad.diagnostics.map((d) => `${d.code} ${d.message}`)[0]).toBe("DDX1009 the mode of gradient must be written as 'forward', 'reverse' or 'auto' (a string literal) so the transform can read it");
  });
});

describe("jacobian(f, x, { mode: 'auto' }) and valueAndJacobian", () => {
  const jacobians = `import { jacobian, valueAndJacobian } from '@ddx/dual';
function moments(x: number[]): number[] {
  let s = 0, q = 0;
  for (let i = 0; i < x.length; i++) { s += Math.sin(x[i]) * x[i]; q += Math.exp(0.1 * x[i]); }
  return [s, q];
}
function pair(r: number, t: number): number[] { return [r * t, Math.exp(r - t)]; }
function one(r: number, t: number): number[] { return [r * Math.sin(t)]; }
export const auto = (x: number[]) => jacobian(moments, x, { mode: 'auto' });
export const both = (x: number[]) => valueAndJacobian(moments, x, { mode: 'auto' });
export const forward = (x: number[]) => jacobian(moments, x);
export const reverse = (x: number[]) => jacobian(moments, x, { mode: 'reverse' });
export const pairAuto = (x: number[]) => jacobian(pair, x, { mode: 'auto' });
export const pairForward = (x: number[]) => jacobian(pair, x);
export const oneAuto = (x: number[]) => jacobian(one, x, { mode: 'auto' });
export const oneReverse = (x: number[]) => jacobian(one, x, { mode: 'reverse' });
export const plain = moments;
`;

  it(`computes by rows where x has at least ${rowsFromRatio} entries per value of f, else by columns, chosen at run time`, async () => {
    const r = transform(jacobians, '/project/j.ts');
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = (await run(r.code)) as Record<string, (x: number[]) => unknown>;
    for (let n = 1; n <= 7; n++) {
      const x = Array.from({ length: n }, (_, i) => 0.3 + 0.7 * Math.cos(1.3 * i));
      // moments has 2 values.
      const want = (n >= 2 * rowsFromRatio ? m.reverse(x) : m.forward(x)) as number[][];
      expect(m.auto(x), `n = ${n}`).toEqual(want);
      expect(m.both(x)).toEqual({ value: m.plain(x), jacobian: want });
      // Closed form: ∂s/∂xᵢ = sin xᵢ + xᵢ cos xᵢ, ∂q/∂xᵢ = 0.1 e^(0.1 xᵢ).
      x.forEach((xi, i) => {
        expect(agreeAcrossModes(want[0][i], Math.sin(xi) + xi * Math.cos(xi), (m.plain(x) as number[])[0]), `n = ${n}, ∂s/∂x${i}`).toBe(true);
        expect(agreeAcrossModes(want[1][i], 0.1 * Math.exp(0.1 * xi), (m.plain(x) as number[])[1]), `n = ${n}, ∂q/∂x${i}`).toBe(true);
      });
    }
    // Two numbers, two values: columns; two numbers, one value: rows.
    expect(m.pairAuto([0.4, 1.3])).toEqual(m.pairForward([0.4, 1.3]));
    expect(m.oneAuto([0.4, 1.3])).toEqual(m.oneReverse([0.4, 1.3]));
    // A point the forward driver rejects meets its checks, f not run first.
    expect(() => m.pairAuto([1, 2, 3])).toThrow(RangeError);
    expect(() => m.auto(undefined as unknown as number[])).toThrow(TypeError);
  });

  it('compiles columns only for a point written as a literal of one entry; names auto among its modes', () => {
    const literal = transform(`import { jacobian } from '@ddx/dual';\nexport const j = jacobian((x: number[]) => [x[0] * x[0], Math.sin(x[0])], [0.5], { mode: 'auto' });\n`, '/project/k.ts');
    expect(literal.diagnostics).toEqual([]);
    expect(literal.code).not.toMatch(/_reverse|_auto/);
    const bad = transform("import { jacobian } from '@ddx/dual';\nexport const a = jacobian((x: number[]) => [x[0]], [1, 2], { mode: 'rows' });", '/project/m.ts');
    expect(bad.diagnostics.map((d) => `${d.code} ${d.message}`)[0]).toBe("DDX1009 the mode of jacobian must be written as 'forward', 'reverse' or 'auto' (a string literal) so the transform can read it");
  });
});
