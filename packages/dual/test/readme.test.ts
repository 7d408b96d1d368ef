/** The README's examples, run: each stated result is checked against its closed form. */
import { describe, expect, it } from 'vitest';
import { defineFunction, derivative, gradient, hvp, jacobian, jvp, ops, secondDerivative, type Real } from '../src/index.js';

const { add, div, exp, sqrt, pow, sin, cos, mul } = ops;

describe('README examples', () => {
  it('the reference function and the API table', () => {
    const f = (x: Real) => div(exp(x), sqrt(add(pow(sin(x), 3), pow(cos(x), 3))));
    expect(derivative(f, 1.5)).toBeCloseTo(4.053427893898620657714188, 13);
    expect(secondDerivative(f, 1.5)).toBeCloseTo(9.463073681596603352536433, 12);
    // (−0 and +0 are the same derivative; + 0 maps −0 to +0 for toEqual)
    expect(jacobian(([r, t]) => [mul(r, cos(t)), mul(r, sin(t))], [2, 0]).map((row) => row.map((v) => v + 0))).toEqual([[1, 0], [0, 2]]);
    expect(jvp(([a, b]) => mul(a, b), [3, 4], [1, 1])).toBe(7);
    expect(hvp(([x, y]) => mul(mul(x, x), y), [1, 2], [1, 0])).toEqual([4, 2]);
  });
  it('nesting', () => {
    expect(derivative((x) => derivative(sin, x), 0.4)).toBe(-Math.sin(0.4));
    expect(gradient((v) => mul(v[0], derivative((y) => mul(y, v[1]), 1)), [2, 3])).toEqual([3, 2]);
  });
  it('a record point is the build plugin\'s: the engine rejects it, saying what it takes', () => {
    const energy = (p: { x: number; y: number }) => p.x * p.x * p.y;
    expect(() => gradient(energy, { x: 1, y: 2 })).toThrow(new TypeError('gradient: `x` must be an array of numbers (or an options object: strategy, mode), got an object with keys x, y'));
  });
  it('an exactly zero tangent contributes nothing', () => {
    const f = (x: Real) => mul(add(Infinity, x), add(mul(0, x), 1));
    expect(derivative(f, 1)).toBe(1);
  });
  it('defineFunction', () => {
    const sigma = (x: number) => 1 / (1 + Math.exp(-x));
    const softplus = defineFunction('softplus', (x) => Math.log1p(Math.exp(x)), sigma, (x) => sigma(x) * (1 - sigma(x)));
    expect(derivative((x) => derivative(softplus, x), 0)).toBe(0.25);
    expect(() => derivative((x) => secondDerivative(softplus, x), 0)).toThrow(/'softplus' was defined without derivative 3/);
  });
  it('an escaped perturbation gives a number', () => {
    let g: (y: number) => number = () => NaN;
    derivative((x) => { g = derivative((y) => mul(x, y)); return x; }, 1);
    expect(g(2)).toBe(1);
  });
});

describe('README: plain numeric functions given to the run-time engine', () => {
  it('a Math call, an arithmetic or relational operator or a numeric conversion on the Dual throws', () => {
    const plain: ((x: number) => unknown)[] = [
      (x) => Math.sin(x), (x) => x * 2, (x) => x + 1, (x) => 1 - x, (x) => x / 2, (x) => x ** 2, (x) => x < 1, (x) => x <= 1,
      (x) => x > 1, (x) => x >= 1, (x) => Number(x), (x) => +x, (x) => isNaN(x),
    ];
    for (const f of plain) expect(() => derivative(f as (x: number) => number, 1.5), String(f)).toThrow(/build plugin/);
  });
  it('what cannot be detected: a function that looks at its argument without converting it returns that path, silently', () => {
    expect(derivative((x: number) => (Number.isFinite(x) ? x * 2 : 0), 1.5)).toBe(0);
    const silent: ((x: number) => number)[] = [
      (x) => (Number.isFinite(x) ? x * 2 : 0), (x) => (Number.isInteger(x) ? x * 2 : 0), (x) => (typeof x === 'number' ? x * 2 : 0),
      (x) => (x === 0 ? 0 : 1), (x) => (Object.is(x, 0) ? 0 : 1), (x) => (x ? 1 : 0), (x) => (!x ? 0 : 1), (x) => x || 1,
      (x) => parseFloat(x as never), (x) => Number(String(x)),
    ];
    for (const f of silent) expect(() => derivative(f, 1.5), String(f)).not.toThrow();
  });
});
