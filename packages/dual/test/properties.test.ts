/**
 * Property tests (fast-check): random compositions of rule-table functions, at random points.
 *
 * Oracle: Richardson-extrapolated central differences of the same composition evaluated on
 * plain numbers (so the derivative code is not involved). Tolerances, justified:
 * the compositions are smooth on the sampled box and their values stay moderate (each unary node
 * keeps its argument in the domain, e.g. log(2 + sin u), and outputs are bounded by the depth
 * limit); Richardson on h = 0.05·2⁻ᵏ removes the truncation error to O(h¹⁰), leaving rounding of
 * about ε·S/h amplified a few times by the extrapolation, where S = max(1, |f|) is the scale of
 * the values being differenced. With ε ≈ 1.1e-16 and h ≥ 0.05/32 that is ≈ 1e-13·S for f'
 * and ≈ 1e-10·S for f'' (one more division by h); the tests allow 1e-8·(S + |f'|) and
 * 1e-5·(S + |f''|), several orders of magnitude of margin that still catch any wrong rule
 * (a wrong rule is off by O(1)).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HyperDual, derivative, gradient, hessian, hvp, ops, secondDerivative, valueAndDerivatives, type Real,
} from '../src/index.js';
import { centralFirst, centralSecond, near, trustedFd } from './helpers.js';

const {
  add, sub, mul, div, pow, sin, cos, tan, atan, tanh, sinh, cosh, asinh, acosh, asin, acos, atanh, exp, expm1,
  log, log1p, log2, log10, sqrt, cbrt, atan2, hypot,
} = ops;

type Expr =
  | { kind: 'var'; i: number }
  | { kind: 'const'; c: number }
  | { kind: 'unary'; op: UnaryKind; a: Expr }
  | { kind: 'binary'; op: BinaryKind; a: Expr; b: Expr };

/** Every smooth row of the table, each composed so its argument stays in the domain. */
const unaryKinds = {
  sin: (u: Real) => sin(u),
  cos: (u: Real) => cos(u),
  tan: (u: Real) => tan(mul(0.5, tanh(u))),
  atan: (u: Real) => atan(u),
  tanh: (u: Real) => tanh(u),
  sinh: (u: Real) => sinh(tanh(u)),
  cosh: (u: Real) => cosh(tanh(u)),
  asinh: (u: Real) => asinh(u),
  acosh: (u: Real) => acosh(add(2, mul(u, u))),
  asin: (u: Real) => asin(mul(0.5, tanh(u))),
  acos: (u: Real) => acos(mul(0.5, tanh(u))),
  atanh: (u: Real) => atanh(mul(0.5, tanh(u))),
  exp: (u: Real) => exp(sin(u)),
  expm1: (u: Real) => expm1(cos(u)),
  log: (u: Real) => log(add(2, sin(u))),
  log1p: (u: Real) => log1p(mul(u, u)),
  log2: (u: Real) => log2(add(1, mul(u, u))),
  log10: (u: Real) => log10(add(3, cos(u))),
  sqrt: (u: Real) => sqrt(add(1, mul(u, u))),
  cbrt: (u: Real) => cbrt(add(2, sin(u))),
  cube: (u: Real) => pow(u, 3),
} as const;
type UnaryKind = keyof typeof unaryKinds;

const binaryKinds = {
  add: (a: Real, b: Real) => add(a, b),
  sub: (a: Real, b: Real) => sub(a, b),
  mul: (a: Real, b: Real) => mul(a, b),
  div: (a: Real, b: Real) => div(a, add(2, sin(b))),
  pow: (a: Real, b: Real) => pow(add(2, sin(a)), cos(b)),
  atan2: (a: Real, b: Real) => atan2(a, add(2, mul(b, b))),
  hypot: (a: Real, b: Real) => hypot(a, add(1, mul(b, b))),
} as const;
type BinaryKind = keyof typeof binaryKinds;

const evaluate = (e: Expr, x: readonly Real[]): Real => {
  switch (e.kind) {
    case 'var': return x[e.i];
    case 'const': return e.c;
    case 'unary': return unaryKinds[e.op](evaluate(e.a, x));
    case 'binary': return binaryKinds[e.op](evaluate(e.a, x), evaluate(e.b, x));
  }
};
const show = (e: Expr): string =>
  e.kind === 'var' ? `x${e.i}` : e.kind === 'const' ? String(e.c)
  : e.kind === 'unary' ? `${e.op}(${show(e.a)})` : `${e.op}(${show(e.a)}, ${show(e.b)})`;

/** Random expressions in n variables, at most `depth` operations deep, using every variable at least sometimes. */
const expression = (n: number, depth = 4): fc.Arbitrary<Expr> => {
  const { expr } = fc.letrec<{ expr: Expr; leaf: Expr; unary: Expr; binary: Expr }>((tie) => ({
    expr: fc.oneof({ maxDepth: depth, depthIdentifier: 'expr' }, tie('leaf'), tie('unary'), tie('binary'), tie('binary')),
    leaf: fc.oneof(
      fc.integer({ min: 0, max: n - 1 }).map((i): Expr => ({ kind: 'var', i })),
      fc.integer({ min: 0, max: n - 1 }).map((i): Expr => ({ kind: 'var', i })),
      fc.double({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true }).map((c): Expr => ({ kind: 'const', c })),
    ),
    unary: fc.record({
      kind: fc.constant('unary' as const),
      op: fc.constantFrom(...(Object.keys(unaryKinds) as UnaryKind[])),
      a: tie('expr'),
    }),
    binary: fc.record({
      kind: fc.constant('binary' as const),
      op: fc.constantFrom(...(Object.keys(binaryKinds) as BinaryKind[])),
      a: tie('expr'),
      b: tie('expr'),
    }),
  }));
  return expr;
};
const point = (n: number) => fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: n, maxLength: n });

const TOL1 = 1e-8, TOL2 = 1e-5;
const RUNS = { numRuns: 150 };

describe('properties of random compositions of table functions', () => {
  it("Dual f' agrees with Richardson central differences", () => {
    fc.assert(fc.property(expression(1), point(1), (e, [x]) => {
      const f = (t: number) => evaluate(e, [t]) as number;
      const d = derivative((t) => evaluate(e, [t]), x) as number;
      const fd = trustedFd((h0) => centralFirst(f, x, h0), f(x), TOL1);
      fc.pre(fd !== undefined);
      if (!near(d, fd, f(x), TOL1)) throw new Error(`${show(e)} at ${x}: ${d} vs ${fd}`);
    }), RUNS);
  });

  it("HyperDual f'' agrees with Richardson second central differences", () => {
    fc.assert(fc.property(expression(1), point(1), (e, [x]) => {
      const f = (t: number) => evaluate(e, [t]) as number;
      const d2 = secondDerivative((t) => evaluate(e, [t]), x) as number;
      const fd = trustedFd((h0) => centralSecond(f, x, h0), f(x), TOL2);
      fc.pre(fd !== undefined);
      if (!near(d2, fd, f(x), TOL2)) throw new Error(`${show(e)} at ${x}: ${d2} vs ${fd}`);
    }), RUNS);
  });

  it('HyperDual e1 and e2 parts are exactly equal', () => {
    fc.assert(fc.property(expression(1), point(1), (e, [x]) => {
      const y = evaluate(e, [new HyperDual(x, 1, 1, 0, 1e9)]);
      if (typeof y === 'number') return; // a constant expression
      const h = y as HyperDual;
      expect(Object.is(h.e1, h.e2) || (Number.isNaN(h.e1 as number) && Number.isNaN(h.e2 as number))).toBe(true);
    }), RUNS);
  });

  it('Dual and HyperDual first derivatives agree', () => {
    fc.assert(fc.property(expression(1), point(1), (e, [x]) => {
      const d = derivative((t) => evaluate(e, [t]), x) as number;
      const { value, first } = valueAndDerivatives((t) => evaluate(e, [t]), x);
      // The same rules, but a/b is a·(1/b) on hyper-duals: equal up to a few roundings.
      if (!near(first, d, value, 1e-13)) throw new Error(`${show(e)} at ${x}: ${d} vs ${first}`);
    }), RUNS);
  });

  it('gradients agree with Richardson central differences, with both strategies giving the same numbers', () => {
    fc.assert(fc.property(expression(5), point(5), (e, x) => {
      const f = (v: readonly Real[]) => evaluate(e, v);
      const sweeps = gradient(f, x, { strategy: 'sweeps' });
      const chunked = gradient(f, x, { strategy: 'chunked' });
      sweeps.forEach((g, i) => {
        expect(chunked[i] === g || (Number.isNaN(g) && Number.isNaN(chunked[i])), `chunked ∂${i}`).toBe(true);
        const fi = (t: number) => evaluate(e, x.map((xj, j) => (j === i ? t : xj))) as number;
        const fd = trustedFd((h0) => centralFirst(fi, x[i], h0), fi(x[i]), TOL1);
        if (fd !== undefined && !near(g, fd, fi(x[i]), TOL1)) throw new Error(`${show(e)} at ${x}: ∂${i} ${g} vs ${fd}`);
      });
    }), RUNS);
  });

  it('Hessians are symmetric when computed in both seed orders, and equal H·v from hvp', () => {
    fc.assert(fc.property(expression(3), point(3), (e, x) => {
      const f = (v: readonly Real[]) => evaluate(e, v);
      const H = hessian(f, x);
      // Hᵢⱼ seeded as (ε1 on xᵢ, ε2 on xⱼ) against (ε1 on xⱼ, ε2 on xᵢ): independent evaluations.
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const seeded = evaluate(e, x.map((xk, k) => new HyperDual(xk, k === j ? 1 : 0, k === i ? 1 : 0, 0, 1e9)));
          const Hji = typeof seeded === 'number' ? 0 : ((seeded as HyperDual).e12 as number);
          if (!near(Hji, H[i][j], H[i][j], 1e-12)) throw new Error(`${show(e)} at ${x}: H${i}${j} ${H[i][j]} vs ${Hji}`);
        }
        const column = hvp(f, x, x.map((_, k) => (k === i ? 1 : 0)));
        column.forEach((c, k) => {
          if (!near(c, H[k][i], H[k][i], 1e-12)) throw new Error(`${show(e)} at ${x}: hvp ${k}${i} ${c} vs ${H[k][i]}`);
        });
      }
    }), { numRuns: 60 });
  });
});
