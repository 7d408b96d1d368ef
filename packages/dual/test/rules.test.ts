/**
 * The rule table against two oracles that are not the code under test:
 *  1. every row of the 25-digit references (mpmath) in test/vectors/reference-derivatives.json
 *     (a copy of shared/vectors/reference-derivatives.json in test/vectors, so a fresh clone can run it):
 *     f, f', f'' within 1e-14 relative (1e-15 absolute near zero), for Dual (first derivatives,
 *     both gradient strategies) and HyperDual (first and second);
 *  2. every row of the `rules` table against Richardson-extrapolated central differences at a
 *     few in-domain points, so a row without a reference value is still tested.
 * And: every `Math` function and constant is covered.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  constants, derivative, hessian, numberAlgebra, ops, rules, unaryNames, valueAndDerivative, valueAndDerivatives,
  valueAndGradient, valueGradientHessian, type Real, type UnaryName,
} from '../src/index.js';
import { centralFirst, centralSecond, expectAllClose, expectClose } from './helpers.js';

interface UnaryRow { fn: string; x: string; f: string; df: string; d2f: string }
interface VectorRow { fn: string; x: string[]; f: string; grad: string[]; hess: string[][] }
const reference = JSON.parse(readFileSync(new URL('../../../test/vectors/reference-derivatives.json', import.meta.url), 'utf8')) as {
  unary: UnaryRow[]; binary: VectorRow[]; composite: VectorRow[];
};

const REL = 1e-14, ABS = 1e-15;
const isComplex = (s: string): boolean => s.includes('j');
const unaryOp = (name: string): ((x: Real) => Real) => (ops as unknown as Record<string, (x: Real) => Real>)[name];

describe('unary rows of reference-derivatives.json', () => {
  it('has rows', () => expect(reference.unary.length).toBeGreaterThan(50));
  for (const row of reference.unary) {
    const x = Number(row.x);
    // mpmath gives the principal (complex) cube root of a negative number; Math.cbrt is the real
    // root. Such rows are checked against the real-branch closed form instead of being skipped:
    // cbrt(x) = -∛|x|, cbrt' = 1/(3 cbrt(x)²), cbrt'' = -2/(9 x cbrt(x)²).
    const complex = isComplex(row.f) || isComplex(row.df) || isComplex(row.d2f);
    let f: number, df: number, d2f: number;
    if (complex) {
      expect(row.fn, 'only cbrt has a complex reference').toBe('cbrt');
      f = -Math.cbrt(-x);
      df = 1 / (3 * f * f);
      d2f = -2 / (9 * x * f * f);
    } else {
      [f, df, d2f] = [Number(row.f), Number(row.df), Number(row.d2f)];
    }
    const label = `${row.fn}(${row.x})${complex ? ' [real branch]' : ''}`;
    it(`${label}: Dual value and first derivative`, () => {
      const r = valueAndDerivative(unaryOp(row.fn), x);
      expectClose(r.value, f, REL, ABS, 'value');
      expectClose(r.derivative, df, REL, ABS, 'f\'');
      expectClose(derivative(unaryOp(row.fn), x), df, REL, ABS, 'derivative');
    });
    it(`${label}: HyperDual value, first and second derivative`, () => {
      const r = valueAndDerivatives(unaryOp(row.fn), x);
      expectClose(r.value, f, REL, ABS, 'value');
      expectClose(r.first, df, REL, ABS, 'f\'');
      expectClose(r.second, d2f, REL, ABS, 'f\'\'');
    });
  }
});

// The composite rows name functions; each is written here with ops.
const { add, mul, div, exp, sqrt, sin, cos, pow, sub, neg } = ops;
const composites: Record<string, (v: Real[]) => Real> = {
  // e^x / sqrt(sin³x + cos³x) (Martins et al. 2003)
  martins: ([x]) => div(exp(x), sqrt(add(pow(sin(x), 3), pow(cos(x), 3)))),
  // (x + y)·z
  qz: ([x, y, z]) => mul(add(x, y), z),
  // σ(w0·x0 + w1·x1 + w2), inputs [w0, w1, w2, x0, x1]
  sigmoid_neuron: ([w0, w1, w2, x0, x1]) => div(1, add(1, exp(neg(add(add(mul(w0, x0), mul(w1, x1)), w2))))),
  // (1 - x)² + 100 (y - x²)²
  rosenbrock2: ([x, y]) => add(pow(sub(1, x), 2), mul(100, pow(sub(y, mul(x, x)), 2))),
};
const binaryOps: Record<string, (v: Real[]) => Real> = {
  pow: ([a, b]) => ops.pow(a, b),
  atan2: ([a, b]) => ops.atan2(a, b),
  hypot: ([a, b]) => ops.hypot(a, b),
};

describe.each([
  ['binary', reference.binary, binaryOps],
  ['composite', reference.composite, composites],
] as const)('%s rows of reference-derivatives.json', (_section, rows, fns) => {
  for (const row of rows) {
    const f = fns[row.fn];
    const x = row.x.map(Number);
    const value = Number(row.f), grad = row.grad.map(Number), hess = row.hess.map((r) => r.map(Number));
    const label = `${row.fn}(${row.x.join(', ')})`;
    it(`${label}: written with ops`, () => expect(f, `no implementation of ${row.fn}`).toBeTypeOf('function'));
    it.each(['sweeps', 'chunked'] as const)(`${label}: Dual gradient (%s)`, (strategy) => {
      const r = valueAndGradient(f, x, { strategy });
      expectClose(r.value, value, REL, ABS, 'value');
      expectAllClose(r.gradient, grad, REL, ABS, 'gradient');
    });
    it(`${label}: HyperDual gradient and Hessian`, () => {
      const r = valueGradientHessian(f, x);
      expectClose(r.value, value, REL, ABS, 'value');
      expectAllClose(r.gradient, grad, REL, ABS, 'gradient');
      r.hessian.forEach((hrow, i) => expectAllClose(hrow, hess[i], REL, ABS, `hessian[${i}]`));
      expect(hessian(f, x)).toEqual(r.hessian);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Every row of the table against Richardson-extrapolated central differences.

/** In-domain points per row, away from the jumps of the piecewise-constant functions; `h0` is
 * the first step (fround is constant only between neighbouring float32 values, 2⁻²³ apart near 1). */
const domains: Record<UnaryName, { points: number[]; h0?: number }> = {
  exp: { points: [-1.3, 0.3, 2.1] }, expm1: { points: [-1.3, 0.3, 2.1] },
  log: { points: [0.4, 1.7, 5.2] }, log1p: { points: [-0.4, 0.7, 3.1] },
  log2: { points: [0.4, 1.7, 5.2] }, log10: { points: [0.4, 1.7, 5.2] },
  sqrt: { points: [0.3, 1.3, 7.5] }, cbrt: { points: [-5.5, 0.4, 3.3] },
  sin: { points: [-1.2, 0.4, 2.5] }, cos: { points: [-1.2, 0.4, 2.5] }, tan: { points: [-1.1, 0.4, 1.2] },
  asin: { points: [-0.6, 0.1, 0.7] }, acos: { points: [-0.6, 0.1, 0.7] }, atan: { points: [-2.5, 0.2, 1.9] },
  sinh: { points: [-1.5, 0.2, 2.2] }, cosh: { points: [-1.5, 0.2, 2.2] }, tanh: { points: [-1.5, 0.2, 1.1] },
  asinh: { points: [-1.5, 0.2, 2.2] }, acosh: { points: [1.4, 2.2, 6.1] }, atanh: { points: [-0.6, 0.1, 0.7] },
  floor: { points: [-1.3, 0.4, 2.7] }, ceil: { points: [-1.3, 0.4, 2.7] }, round: { points: [-1.3, 0.3, 2.7] },
  trunc: { points: [-1.3, 0.4, 2.7] }, sign: { points: [-2.5, 0.5, 3.5] },
  fround: { points: [1 + 2 ** -30, 3 + 2 ** -28], h0: 2 ** -40 },
  abs: { points: [-2.5, 0.5, 3.5] },
};

/**
 * Tolerances: the extrapolated first difference starts at h = 0.1 and halves six times; its
 * truncation error after extrapolation is O(h¹⁰) ≪ 1e-12 and its rounding error is about
 * ε·|f|/h ≈ 1e-14·|f| amplified a few times by the extrapolation, so 1e-9 relative (1e-10
 * absolute) leaves a wide margin for these well-scaled points. The second difference divides by
 * h², so its rounding error is ≈ ε·|f|/h² ≈ 1e-12·|f|: 1e-7 relative (1e-8 absolute).
 */
const FD1 = { rel: 1e-9, abs: 1e-10 }, FD2 = { rel: 1e-7, abs: 1e-8 };

describe('every row of the rules table against Richardson central differences', () => {
  it('covers every row', () => expect(Object.keys(domains).sort()).toEqual([...unaryNames].sort()));
  for (const name of unaryNames) {
    const { points, h0 = 0.1 } = domains[name];
    const f = Math[name] as (x: number) => number;
    for (const x of points) {
      it(`${name}'(${x}) and ${name}''(${x})`, () => {
        const fd1 = centralFirst(f, x, h0), fd2 = centralSecond(f, x, h0);
        // The table row itself, evaluated on numbers …
        const y = f(x);
        expectClose(rules[name].df(x, y, numberAlgebra), fd1, FD1.rel, FD1.abs, 'row f\'');
        expectClose(rules[name].d2f(x, y, numberAlgebra), fd2, FD2.rel, FD2.abs, 'row f\'\'');
        // … and through both number kinds.
        expectClose(derivative(unaryOp(name), x), fd1, FD1.rel, FD1.abs, 'Dual f\'');
        const r = valueAndDerivatives(unaryOp(name), x);
        expect(r.value).toBe(y);
        expectClose(r.first, fd1, FD1.rel, FD1.abs, 'HyperDual f\'');
        expectClose(r.second, fd2, FD2.rel, FD2.abs, 'HyperDual f\'\'');
      });
    }
  }
});

describe('coverage of Math', () => {
  const nary = ['pow', 'atan2', 'hypot', 'min', 'max'];
  // 32-bit integer operations and random: piecewise constant (or without argument); ops
  // computes them on the primal value, so their derivative is 0.
  const piecewiseInteger = ['clz32', 'imul', 'random'];
  const names = Object.getOwnPropertyNames(Math);
  const functions = names.filter((k) => typeof (Math as unknown as Record<string, unknown>)[k] === 'function');
  const numbers = names.filter((k) => typeof (Math as unknown as Record<string, unknown>)[k] === 'number');

  it.each(functions)('Math.%s has an operation in ops and a rule', (name) => {
    expect((ops as unknown as Record<string, unknown>)[name], `ops.${name}`).toBeTypeOf('function');
    const inTable = (unaryNames as string[]).includes(name);
    expect(inTable || nary.includes(name) || piecewiseInteger.includes(name), `${name} has a rule`).toBe(true);
    if (inTable) expect(rules[name as UnaryName].d2f).toBeTypeOf('function');
  });
  it.each(piecewiseInteger.filter((n) => n !== 'random'))('ops.%s has derivative 0', (name) => {
    const op = (ops as unknown as Record<string, (...a: Real[]) => Real>)[name];
    expect(derivative((x) => op(x, x), 7.25)).toBe(0);
    expect(op(7.25, 3)).toBe((Math as unknown as Record<string, (...a: number[]) => number>)[name](7.25, 3));
  });
  it('ops.random is a plain number with derivative 0', () => {
    expect(ops.random()).toBeTypeOf('number');
    expect(derivative(() => ops.random(), 1)).toBe(0);
  });
  it.each(numbers)('Math.%s is a constant of ops', (name) => {
    expect((constants as Record<string, number>)[name]).toBe((Math as unknown as Record<string, number>)[name]);
    expect((ops.constants as Record<string, number>)[name]).toBe((Math as unknown as Record<string, number>)[name]);
  });
  it('the operators and comparisons have operations', () => {
    for (const op of ['add', 'sub', 'mul', 'div', 'mod', 'pow', 'neg', 'lt', 'le', 'gt', 'ge', 'eq', 'ne', 'primal']) {
      expect((ops as unknown as Record<string, unknown>)[op], op).toBeTypeOf('function');
    }
  });
});
