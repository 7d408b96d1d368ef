/**
 * Math's own functions passed to the verbs (`derivative(Math.sin, x)`) are differentiated at run
 * time, as the build plugin does at build time: checked against reference-derivatives.json
 * (mpmath, 25 digits) and closed forms.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { derivative, gradient, hessian, hvp, jvp, ops, secondDerivative, unaryNames, valueAndDerivatives, type Real } from '../src/index.js';
import { expectAllClose, expectClose } from './helpers.js';

interface UnaryRow { fn: string; x: string; f: string; df: string; d2f: string }
interface VectorRow { fn: string; x: string[]; f: string; grad: string[]; hess: string[][] }
const reference = JSON.parse(readFileSync(new URL('../../../test/vectors/reference-derivatives.json', import.meta.url), 'utf8')) as {
  unary: UnaryRow[]; binary: VectorRow[];
};
const REL = 1e-14, ABS = 1e-15;
const math = Math as unknown as Record<string, (...x: number[]) => number>;
const opsByName = ops as unknown as Record<string, (x: Real) => Real>;

describe('unary Math functions, by reference-derivatives.json', () => {
  // mpmath's cube root of a negative number is complex; those rows are checked in rules.test.ts.
  const rows = reference.unary.filter((row) => !`${row.f}${row.df}${row.d2f}`.includes('j'));
  it('has rows, each of a Math function', () => {
    expect(new Set(rows.map((row) => row.fn)).size).toBeGreaterThanOrEqual(20);
    for (const row of rows) expect(math[row.fn], row.fn).toBeTypeOf('function');
  });
  it.each(rows.map((row) => [`${row.fn}(${row.x})`, row] as const))('%s', (_label, row) => {
    const f = math[row.fn];
    const x = Number(row.x);
    expectClose(derivative(f, x), Number(row.df), REL, ABS, 'derivative');
    expectClose(derivative(f)(x), Number(row.df), REL, ABS, 'derivative(f)');
    expectClose(secondDerivative(f, x), Number(row.d2f), REL, ABS, 'secondDerivative');
    const all = valueAndDerivatives(f, x);
    expectClose(all.value, Number(row.f), REL, ABS, 'value');
  });
});

describe('every unary Math function of the rule table', () => {
  // The reference covers 20 of them; each is routed to its version in ops, tested there.
  it.each(unaryNames.filter((name) => typeof math[name] === 'function'))('Math.%s gives what ops gives, bit for bit', (name) => {
    for (const x of [-0.7, 0.4, 0.9, 2.5]) {
      const expected = valueAndDerivatives(opsByName[name], x);
      expect(valueAndDerivatives(math[name], x), `x = ${x}`).toEqual(expected);
      expect(derivative(math[name], x)).toEqual(expected.first);
    }
  });
});

describe('Math.pow, Math.atan2 and Math.hypot, their point spread into the arguments', () => {
  it.each(reference.binary.map((row) => [`${row.fn}(${row.x.join(', ')})`, row] as const))('%s', (_label, row) => {
    const f = math[row.fn];
    const x = row.x.map(Number);
    expectAllClose(gradient(f, x), row.grad.map(Number), REL, ABS, 'gradient');
    hessian(f, x).forEach((hrow, i) => expectAllClose(hrow, row.hess[i].map(Number), REL, ABS, `hessian[${i}]`));
  });
});

describe('the variadic Math functions', () => {
  it('hypot of three arguments: ∇ = x / |x|, H = (I − x xᵀ/|x|²) / |x|', () => {
    const x = [1, 2, 2];
    expectAllClose(gradient(Math.hypot, x), [1 / 3, 2 / 3, 2 / 3], REL, ABS, 'gradient');
    const h = hessian(Math.hypot, x);
    x.forEach((xi, i) => expectAllClose(h[i], x.map((xj, j) => ((i === j ? 1 : 0) - (xi * xj) / 9) / 3), REL, ABS, `hessian[${i}]`));
  });
  it('max and min: the derivative of the argument chosen', () => {
    expect(gradient(Math.max, [1, 3, -2])).toEqual([0, 1, 0]);
    expect(gradient(Math.min, [1, 3, -2])).toEqual([0, 0, 1]);
    expect(jvp(Math.max, [4, 3], [0.5, 7])).toBe(0.5);
    expect(hvp(Math.min, [4, 3], [1, 1])).toEqual([0, 0]);
  });
});

describe('nested and curried', () => {
  it('derivative of a derivative of Math.sin is −sin', () => {
    // The types take a dual point only for functions written over Real; Math.sin is swapped for one.
    const sin = Math.sin as unknown as (x: Real) => Real;
    for (const x of [-1.2, 0.3, 2]) expectClose(derivative((t) => derivative(sin, t), x), -Math.sin(x), REL, ABS, `x = ${x}`);
  });
  it('derivative(Math.exp) is a function equal to exp', () => {
    const dexp = derivative(Math.exp);
    for (const x of [-3, 0, 1.5]) expectClose(dexp(x), Math.exp(x), REL, ABS, `x = ${x}`);
  });
});
