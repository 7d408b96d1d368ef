/**
 * Functions that write into their input array. The engine passes f a copy of the point, so
 * f is the function x ↦ f(copy of x): every evaluation must start from the point itself (with
 * its seeds), whatever an earlier evaluation wrote into the array, lengthened or shortened.
 * Each case is checked, for every vector verb, against its closed form (exact at these points,
 * which are binary fractions). The scalar verbs (derivative, secondDerivative, valueAnd…) pass
 * f a single number, which f cannot write through.
 */
import { describe, expect, it } from 'vitest';
import {
  gradient, hessian, hvp, jacobian, jvp, ops, valueAndGradient, valueAndJacobian, valueGradientHessian, type Real,
} from '../src/index.js';

const { add, mul } = ops;
const sum = (v: readonly Real[]): Real => v.reduce((s, vi) => add(s, vi), 0);

interface Case {
  name: string;
  /** f over ddx values, writing into its argument. */
  f: (v: Real[]) => Real;
  /** The closed forms at x: value, gradient and Hessian of the function f computes. */
  value: (x: number[]) => number;
  gradient: (x: number[]) => number[];
  hessian: (x: number[]) => number[][];
}

// Closed forms at a point of four inputs [a, b, c, d]: four sweeps, so that an entry left stale by
// one evaluation has evaluations left to spoil.
const cases: Case[] = [
  {
    name: 'v[0] = 2·v[0], then v[0]·v[1]·v[2] (a write before the read)',
    f: (v) => { v[0] = mul(v[0], 2); return mul(mul(v[0], v[1]), v[2]); },
    value: ([a, b, c]) => 2 * a * b * c,
    gradient: ([a, b, c]) => [2 * b * c, 2 * a * c, 2 * a * b, 0],
    hessian: ([a, b, c]) => [[0, 2 * c, 2 * b, 0], [2 * c, 0, 2 * a, 0], [2 * b, 2 * a, 0, 0], [0, 0, 0, 0]],
  },
  {
    name: 'y = v[0]·v[1]·v[2]; v.reverse(); y + v[0]² (writes after the reads)',
    f: (v) => { const y = mul(mul(v[0], v[1]), v[2]); v.reverse(); return add(y, mul(v[0], v[0])); },
    value: ([a, b, c, d]) => a * b * c + d * d,
    gradient: ([a, b, c, d]) => [b * c, a * c, a * b, 2 * d],
    hessian: ([a, b, c]) => [[0, c, b, 0], [c, 0, a, 0], [b, a, 0, 0], [0, 0, 0, 2]],
  },
  {
    name: 'v.push(v[0]·v[1]), then the sum of v (the array grows)',
    f: (v) => { v.push(mul(v[0], v[1])); return sum(v); },
    value: ([a, b, c, d]) => a + b + c + d + a * b,
    gradient: ([a, b]) => [1 + b, 1 + a, 1, 1],
    hessian: () => [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  },
  {
    name: 'a = v.shift(), then a·(sum of the rest) (the array shrinks)',
    f: (v) => { const a = v.shift()!; return mul(a, sum(v)); },
    value: ([a, b, c, d]) => a * (b + c + d),
    gradient: ([a, b, c, d]) => [b + c + d, a, a, a],
    hessian: () => [[0, 1, 1, 1], [1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]],
  },
  {
    name: 'y = v[1]·v[3]·v[2]; v[2] = v[0]²; v[1] = 3; y + v[1]·v[2] (entries overwritten by a dual and by a number)',
    f: (v) => { const y = mul(mul(v[1], v[3]), v[2]); v[2] = mul(v[0], v[0]); v[1] = 3; return add(y, mul(v[1], v[2])); },
    value: ([a, b, c, d]) => b * c * d + 3 * a * a,
    gradient: ([a, b, c, d]) => [6 * a, c * d, b * d, b * c],
    hessian: ([, b, c, d]) => [[6, 0, 0, 0], [0, 0, d, c], [0, d, 0, b], [0, c, b, 0]],
  },
];

const x = [1.5, -2, 0.75, 0.25];
const direction = [0.5, 1, -2, 4];
/** −0 as +0 (the sign of a zero second derivative is not what these tests are about). */
const unsigned = (m: number[][]): number[][] => m.map((row) => row.map((v) => v + 0));
const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, ai, i) => s + ai * b[i], 0);

describe.each(cases)('an f that writes into its input array: $name', (c) => {
  it.each(['sweeps', 'chunked', 'auto'] as const)('gradient and valueAndGradient (%s)', (strategy) => {
    expect(gradient(c.f, x, { strategy })).toEqual(c.gradient(x));
    expect(valueAndGradient(c.f, x, { strategy })).toEqual({ value: c.value(x), gradient: c.gradient(x) });
    expect(gradient(c.f, { strategy })(x)).toEqual(c.gradient(x));
  });
  it('jacobian and valueAndJacobian', () => {
    const F = (v: Real[]) => [c.f(v), mul(2, c.f(v.slice()))];
    expect(jacobian((v: Real[]) => [c.f(v)], x)).toEqual([c.gradient(x)]);
    // f writes into v, then the second output reads what the first wrote: no closed form needed,
    // since F(v) = [f(v), 2·f(v after f)] is compared only with itself at a fresh copy.
    const fresh = (v: Real[]) => F(v.slice());
    expect(valueAndJacobian(F, x)).toEqual(valueAndJacobian(fresh, x));
    expect(jacobian((v: Real[]) => [c.f(v)])(x)).toEqual([c.gradient(x)]);
  });
  it('hessian and valueGradientHessian', () => {
    expect(unsigned(hessian(c.f, x))).toEqual(c.hessian(x));
    const { value, gradient, hessian: H } = valueGradientHessian(c.f, x);
    expect({ value, gradient, hessian: unsigned(H) }).toEqual({ value: c.value(x), gradient: c.gradient(x), hessian: c.hessian(x) });
    expect(unsigned(hessian(c.f)(x))).toEqual(c.hessian(x));
  });
  it('jvp and hvp', () => {
    expect(jvp(c.f, x, direction)).toBe(dot(c.gradient(x), direction));
    expect(hvp(c.f, x, direction)).toEqual(c.hessian(x).map((row) => dot(row, direction)));
  });
  it("the caller's point is never written", () => {
    const point = x.slice(), typed = Float64Array.from(x);
    gradient(c.f, point, { strategy: 'sweeps' });
    gradient(c.f, point, { strategy: 'chunked' });
    hessian(c.f, typed);
    jacobian((v: Real[]) => [c.f(v)], point);
    hvp(c.f, point, direction);
    expect(point).toEqual(x);
    expect(Array.from(typed)).toEqual(x);
  });
});
