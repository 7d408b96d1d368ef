/**
 * vjp(f, x, w) and valueAndVjp: wᵀJ(x) for f: Rⁿ → Rᵐ, checked against closed forms, the
 * reference derivatives (reference-derivatives.json, mpmath), and central differences of the
 * scalar function x ↦ w·f(x), whose gradient wᵀJ is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ops, valueAndVjp, vjp, type Real } from '../src/index.js';
import { expectAllClose, expectClose, richardson } from './helpers.js';

interface UnaryRow { fn: string; x: string; f: string; df: string }
const reference = JSON.parse(readFileSync(new URL('../../../test/vectors/reference-derivatives.json', import.meta.url), 'utf8')) as { unary: UnaryRow[] };
const opsByName = ops as unknown as Record<string, (x: Real) => Real>;

const polar = ([r, t]: Real[]): Real[] => [ops.mul(r, ops.cos(t)), ops.mul(r, ops.sin(t))];

describe('vjp', () => {
  it('of polar coordinates is the closed form wᵀJ', () => {
    const [r, t] = [2, 0.7];
    const w = [0.3, -1.9];
    // J = [[cos t, −r sin t], [sin t, r cos t]].
    const want = [w[0] * Math.cos(t) + w[1] * Math.sin(t), -w[0] * r * Math.sin(t) + w[1] * r * Math.cos(t)];
    expectAllClose(vjp(polar, [r, t], w), want, 1e-15, 1e-15, 'vjp');
    const both = valueAndVjp(polar, [r, t], w);
    expectAllClose(both.value, [r * Math.cos(t), r * Math.sin(t)], 0, 0, 'value');
    expectAllClose(both.vjp, want, 1e-15, 1e-15, 'valueAndVjp');
  });

  it('of f(x)ᵢ = uᵢ(xᵢ) over every reference row is wᵢ uᵢ′(xᵢ) (a diagonal Jacobian, mpmath)', () => {
    const rows = reference.unary.filter((row) => typeof opsByName[row.fn] === 'function' && !`${row.f}${row.df}`.includes('j'));
    expect(rows.length).toBeGreaterThanOrEqual(40);
    const x = rows.map((row) => Number(row.x));
    const w = rows.map((_, i) => 1 + ((i * 7) % 5) / 4);
    const f = (xs: Real[]): Real[] => rows.map((row, i) => opsByName[row.fn](xs[i]));
    const got = vjp(f, x, w);
    rows.forEach((row, i) => expectClose(got[i], w[i] * Number(row.df), 1e-14, 1e-15, `${row.fn}(${row.x})`));
  });

  it('is the gradient of w·f(x): central differences (Richardson) of a coupled f: R³ → R²', () => {
    const f = ([a, b, c]: Real[]): Real[] => [ops.add(ops.mul(a, ops.exp(b)), ops.sin(ops.mul(b, c))), ops.div(ops.log1p(ops.mul(a, a)), ops.add(2, ops.cos(c)))];
    const x = [0.8, -0.4, 1.3];
    const w = [1.7, -0.6];
    const plain = (p: number[]) => (f(p) as number[]).reduce((s, fi, i) => s + w[i] * fi, 0);
    const got = vjp(f, x, w);
    x.forEach((_, j) => {
      const cd = richardson((h) => {
        const up = x.slice(); up[j] += h;
        const down = x.slice(); down[j] -= h;
        return (plain(up) - plain(down)) / (2 * h);
      }, 0.1);
      expectClose(got[j], cd, 1e-10, 1e-12, `∂/∂x${j}`);
    });
  });

  it('takes nothing from a zero weight, even where the partial is infinite (the zero convention)', () => {
    // ∂√x₀/∂x₀ = ∞ at 0: with w₀ = 0 the first entry is 0, not NaN.
    expect(vjp(([a, b]: Real[]) => [ops.sqrt(a), ops.mul(a, b)], [0, 3], [0, 1])).toEqual([3, 0]);
  });

  it('names the argument that is wrong', () => {
    const g = (xs: Real[]): Real[] => [xs[0], xs[1]];
    expect(() => vjp(g, [1, 2], 3 as unknown as number[])).toThrow(new TypeError('vjp: `w` must be an array of numbers, got number 3'));
    expect(() => vjp(g, [1, 2], [])).toThrow(new RangeError('vjp: `w` must not be empty'));
    expect(() => vjp(g, [1, 2], [1, 'a'] as unknown as number[])).toThrow(new TypeError('vjp: `w[1]` must be a number, got the string "a"'));
    expect(() => valueAndVjp(g, [1, 2], [1, 2, 3])).toThrow(new RangeError('valueAndVjp: `w` has length 3 but `f` returned 2 values; w must have one weight per value of f'));
    expect(() => vjp(g, 'x' as unknown as number[], [1, 2])).toThrow(TypeError);
    expect(() => vjp(g, [1, 2], [1, 2], { strategy: 'sweeps' } as never)).toThrow(/vjp/);
    expect(() => vjp(((xs: Real[]) => xs[0]) as unknown as typeof g, [1, 2], [1])).toThrow(/vjp: `f` must return an array of numbers/);
  });
});
