/**
 * Perturbations that escape their call: a function made inside one call's f (a curried verb, a
 * closure over its variable) called after that call returned, or a value kept from it. No
 * running call can read the escaped ε any more, so the value is the constant it stands for, and
 * every verb called outside all others, at a plain point, returns plain numbers, as its type
 * promises. Expected values are closed forms; nesting (perturbation confusion) stays as
 * test/pitfalls.test.ts checks it.
 */
import { describe, expect, it } from 'vitest';
import {
  Dual, derivative, dual, gradient, hessian, hvp, jacobian, jvp, ops, secondDerivative, valueAndDerivative, valueAndDerivatives,
  valueAndGradient, valueAndJacobian, valueGradientHessian, type Real,
} from '../src/index.js';

const { add, mul, sin, cos } = ops;

/** Every number in a (nested) result: all must be plain numbers. */
const leaves = (r: unknown): unknown[] =>
  Array.isArray(r) ? r.flatMap(leaves) : typeof r === 'object' && r !== null && !(r instanceof Dual) ? Object.values(r).flatMap(leaves) : [r];
const expectNumbers = (r: unknown): void => {
  for (const v of leaves(r)) expect(typeof v, `${String(v)} in ${JSON.stringify(r)}`).toBe('number');
};

describe('a perturbation that escapes its call', () => {
  it('a curried derivative made inside another derivative and called after it returned gives a number (the issue\'s case)', () => {
    let g: (y: number) => number = () => NaN;
    expect(derivative((x) => { g = derivative((y) => mul(x, y)); return x; }, 1)).toBe(1);
    // ∂/∂y (x·y) = x, and x is 1 once the outer call has returned.
    expect(g(2)).toBe(1);
    expect(typeof g(2)).toBe('number');
  });

  it('an inner call\'s perturbation kept in the outer result is a constant there', () => {
    // h = x·y at y = 2, made inside the inner call and returned by the outer f: dh/dx = 2.
    const d = derivative((x) => {
      let h: Real = 0;
      derivative((y) => { h = mul(x, y); return y; }, 2);
      return h;
    }, 1);
    expect(d).toBe(2);
    const { value, first, second } = valueAndDerivatives((x) => {
      let h: Real = 0;
      derivative((y) => { h = mul(mul(x, x), y); return y; }, 2);
      return h;
    }, 3);
    expect([value, first, second]).toEqual([18, 12, 4]);
  });

  it('a value kept from a finished call is the constant it stands for, in every verb', () => {
    let kept: Real = 0;
    derivative((x) => { kept = mul(x, 3); return x; }, 2); // kept = 6 + 3ε of a finished call
    const f = (v: Real[]) => mul(mul(v[0], kept), sin(v[1]));
    const x = [0.5, 0.25];
    const gradientAt = [6 * Math.sin(0.25), 3 * Math.cos(0.25)];
    const H = [[0, 6 * Math.cos(0.25)], [6 * Math.cos(0.25), -3 * Math.sin(0.25)]];
    expect(valueAndDerivative((y) => mul(y, kept), 1)).toEqual({ value: 6, derivative: 6 });
    expect(derivative((y) => mul(y, kept), 1)).toBe(6);
    expect(secondDerivative((y) => mul(mul(y, y), kept), 1)).toBe(12);
    expect(valueAndDerivatives((y) => mul(mul(y, y), kept), 1)).toEqual({ value: 6, first: 12, second: 12 });
    for (const strategy of ['sweeps', 'chunked'] as const) {
      expect(valueAndGradient(f, x, { strategy })).toEqual({ value: 3 * Math.sin(0.25), gradient: gradientAt });
    }
    expect(gradient(f, x)).toEqual(gradientAt);
    expect(jacobian((v: Real[]) => [f(v), kept], x)).toEqual([gradientAt, [0, 0]]);
    expect(valueAndJacobian((v: Real[]) => [f(v), kept], x)).toEqual({ value: [3 * Math.sin(0.25), 6], jacobian: [gradientAt, [0, 0]] });
    expect(hessian(f, x)).toEqual(H);
    expect(valueGradientHessian(f, x)).toEqual({ value: 3 * Math.sin(0.25), gradient: gradientAt, hessian: H });
    expect(jvp(f, x, [1, 2])).toBe(gradientAt[0] + 2 * gradientAt[1]);
    expect(jvp((v: Real[]) => [f(v), kept], x, [1, 2])).toEqual([gradientAt[0] + 2 * gradientAt[1], 0]);
    expect(hvp(f, x, [1, 2])).toEqual([H[0][0] + 2 * H[0][1], H[1][0] + 2 * H[1][1]]);
    expectNumbers([
      valueAndDerivative((y) => kept, 1), valueAndDerivatives(() => kept, 1), valueAndGradient(() => kept, x),
      valueAndJacobian(() => [kept, kept], x), valueGradientHessian(() => kept, x),
      jvp(() => [kept], x, [1, 1]), gradient(() => kept, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    ]);
  });

  it('an escaped closure called inside a later derivative is a constant there', () => {
    let g: (y: number) => number = () => NaN;
    derivative((x) => { g = derivative((y) => mul(mul(x, x), y)); return x; }, 3); // g ≡ 9
    // d/dz (z · g(z)) = g = 9, and d²/dz² = 0.
    expect(derivative((z) => mul(z, g(z as never)), 2)).toBe(9);
    expect(secondDerivative((z) => mul(z, g(z as never)), 2)).toBe(0);
    expect(gradient((v: Real[]) => mul(v[0], g(v[1] as never)), [2, 5])).toEqual([9, 0]);
  });

  it('nesting still returns the outer perturbation from an inner call (it is not escaped)', () => {
    // The inner derivative returns x, a dual of the running outer call: d/dx x·x = 2x.
    expect(derivative((x) => mul(x, derivative((y) => mul(x, y), 1)), 3)).toBe(6);
    expect(gradient((v: Real[]) => derivative((y) => mul(mul(v[0], v[1]), y), 1), [2, 5])).toEqual([5, 2]);
    expect(derivative((x) => hessian((w: Real[]) => mul(mul(x, w[0]), w[0]), [1])[0][0] as Real, 4)).toBe(2);
  });

  it('a point that is itself a Dual, outside any call, still gives a Dual (a perturbation the caller made)', () => {
    const y = derivative(sin, dual(0.5, 1)) as Dual;
    expect(y).toBeInstanceOf(Dual);
    expect([y.value, y.tangent]).toEqual([Math.cos(0.5), -Math.sin(0.5)]);
    // (t + cos t)' = 1 − sin t at t = 0 + 2ε: 1 − 2 cos(0)·ε.
    const z = derivative((t) => add(t, cos(t)), dual(0, 2)) as Dual;
    expect([z.value, z.tangent]).toEqual([1, -2]);
  });
});
