/**
 * The rows of several arguments in rules.ts (`*`, `/`, pow, atan2, `%`, hypot), evaluated
 * on numbers against oracles that are not the code under test: the 25-digit references of
 * reference-derivatives.json, closed forms, and Richardson central differences.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binaryRules, binarySecond, chainRule, hypotRule, numberAlgebra as N, numberChain, type BinaryName } from '../src/index.js';
import { binaryCrossPart, binaryPart, unaryCrossPart } from '../src/rules.js';
import { centralFirst, centralSecond, expectClose } from './helpers.js';

interface VectorRow { fn: string; x: string[]; f: string; grad: string[]; hess: string[][] }
const reference = JSON.parse(readFileSync(new URL('../../../test/vectors/reference-derivatives.json', import.meta.url), 'utf8')) as { binary: VectorRow[] };

const REL = 1e-14, ABS = 1e-15;
const fns: Record<BinaryName, (a: number, b: number) => number> = {
  mul: (a, b) => a * b, div: (a, b) => a / b, pow: Math.pow, atan2: Math.atan2, mod: (a, b) => a % b,
};

/** Gradient and Hessian of a row at (a, b), as the chain rule reads them (a second partial the row leaves out is 0). */
function partials(name: BinaryName, a: number, b: number): { grad: number[]; hess: number[][] } {
  const rule = binaryRules[name], y = fns[name](a, b), second = (i: number, j: number) => binarySecond(rule, a, b, y, N)(i, j) ?? 0;
  return { grad: [rule.da(a, b, y, N), rule.db(a, b, y, N)], hess: [[second(0, 0), second(0, 1)], [second(1, 0), second(1, 1)]] };
}

describe('the rows of several arguments against reference-derivatives.json', () => {
  it('has rows of pow, atan2 and hypot', () => {
    expect(new Set(reference.binary.map((r) => r.fn))).toEqual(new Set(['pow', 'atan2', 'hypot']));
  });
  for (const row of reference.binary) {
    const x = row.x.map(Number), grad = row.grad.map(Number), hess = row.hess.map((r) => r.map(Number));
    it(`${row.fn}(${row.x.join(', ')})`, () => {
      const got = row.fn === 'hypot'
        ? (() => {
          const h = Math.hypot(...x);
          return { grad: x.map((_, i) => hypotRule.partial(i, x, h, N)), hess: x.map((_, i) => x.map((_, j) => hypotRule.second(i, j, x, h, N))) };
        })()
        : partials(row.fn as 'pow' | 'atan2', x[0], x[1]);
      got.grad.forEach((g, i) => expectClose(g, grad[i], REL, ABS, `∂${i}`));
      got.hess.forEach((r, i) => r.forEach((h, j) => expectClose(h, hess[i][j], REL, ABS, `∂${i}∂${j}`)));
    });
  }
});

/** Points inside each row's smooth domain (`%` away from its jumps at a/b integer). */
const points: Record<BinaryName, [number, number][]> = {
  mul: [[1.7, -2.3], [0.6, 1e-3], [-3.1, 0.5]],
  div: [[1.7, -2.3], [0.6, 0.4], [-3.1, 5.5]],
  pow: [[1.7, 2.3], [0.6, -1.4], [3.1, 0.5]],
  atan2: [[0.7, -1.2], [-2.1, 0.4], [1.3, 1.9]],
  mod: [[7.3, 2.2], [-5.9, 1.7], [4.4, -3.1]],
};
const FD1 = { rel: 1e-9, abs: 1e-10 }, FD2 = { rel: 1e-6, abs: 1e-7 };

describe('every row of several arguments against Richardson central differences', () => {
  for (const name of Object.keys(binaryRules) as BinaryName[]) {
    const f = fns[name];
    for (const [a, b] of points[name]) {
      it(`${name}(${a}, ${b})`, () => {
        const { grad, hess } = partials(name, a, b);
        const fa = (s: number) => f(s, b), fb = (s: number) => f(a, s);
        expectClose(grad[0], centralFirst(fa, a, 0.05), FD1.rel, FD1.abs, '∂a');
        expectClose(grad[1], centralFirst(fb, b, 0.05), FD1.rel, FD1.abs, '∂b');
        expectClose(hess[0][0], centralSecond(fa, a, 0.05), FD2.rel, FD2.abs, '∂aa');
        expectClose(hess[1][1], centralSecond(fb, b, 0.05), FD2.rel, FD2.abs, '∂bb');
        // ∂ab as the difference in b of ∂a (a row differenced, checked against the other row).
        const daAt = (s: number) => binaryRules[name].da(a, s, f(a, s), N);
        expectClose(hess[0][1], centralFirst(daAt, b, 0.05), FD1.rel, FD1.abs, '∂ab');
        expect(hess[1][0]).toBe(hess[0][1]);
      });
    }
  }
  it('hypot of three arguments', () => {
    const x = [1.2, -0.7, 2.5], h = Math.hypot(...x);
    for (let i = 0; i < 3; i++) {
      const along = (k: number) => (s: number) => Math.hypot(...x.map((v, m) => (m === k ? s : v)));
      expectClose(hypotRule.partial(i, x, h, N), centralFirst(along(i), x[i], 0.05), FD1.rel, FD1.abs, `∂${i}`);
      expectClose(hypotRule.second(i, i, x, h, N), centralSecond(along(i), x[i], 0.05), FD2.rel, FD2.abs, `∂${i}${i}`);
    }
  });
  it('a / b against the closed forms 1/b, -a/b², -1/b², 2a/b³', () => {
    for (const [a, b] of [[1.5, -2.5], [-0.7, 0.3], [3, 4]]) {
      const { grad, hess } = partials('div', a, b);
      expectClose(grad[0], 1 / b, REL, ABS, '∂a');
      expectClose(grad[1], -a / (b * b), REL, ABS, '∂b');
      expect(hess[0][0]).toBe(0);
      expectClose(hess[0][1], -1 / (b * b), REL, ABS, '∂ab');
      expectClose(hess[1][1], 2 * a / (b * b * b), REL, ABS, '∂bb');
    }
  });
  it('a · b: ∂a = b, ∂b = a, ∂ab = 1 and no ∂aa, ∂bb', () => {
    expect(partials('mul', 1.5, -2.5)).toEqual({ grad: [-2.5, 1.5], hess: [[0, 1], [1, 0]] });
    expect(binaryRules.mul.daa).toBeUndefined();
    expect(binaryRules.mul.dbb).toBeUndefined();
  });
});

describe('the special cases the rows state', () => {
  it('x ** 0 is constant, also at x = 0: ∂x = ∂xx = 0', () => {
    expect(partials('pow', 0, 0).grad[0]).toBe(0);
    expect(partials('pow', 0, 0).hess[0][0]).toBe(0);
  });
  it('x ** 1 has ∂xx = 0, also at x = 0 (0 ** -1 would be infinite)', () => expect(partials('pow', 0, 1).hess[0][0]).toBe(0));
  it('0 ** p for p > 0 does not move with p: ∂p = ∂pp = 0', () => {
    expect(partials('pow', 0, 2.5).grad[1]).toBe(0);
    expect(partials('pow', 0, 2.5).hess[1][1]).toBe(0);
  });
  it('hypot at the origin: every partial is 0', () => {
    expect(hypotRule.partial(0, [0, 0], 0, N)).toBe(0);
    expect(hypotRule.second(0, 1, [0, 0], 0, N)).toBe(0);
  });
  it('a % b: piecewise linear, so the row has no second partials', () => {
    expect([binaryRules.mod.daa, binaryRules.mod.dab, binaryRules.mod.dbb]).toEqual([undefined, undefined, undefined]);
  });
  it('a second partial the row leaves out contributes nothing, even times infinite parts', () => {
    // (x·x)'' with x' = ∞: ∂aa and ∂bb are not there to give 0·∞ = NaN; the cross term ∂ab·a₁b₂ is ∞.
    const rule = binaryRules.mul, second = binarySecond(rule, 2, 2, 4, N);
    const [, , e12] = chainRule(numberChain, [[Infinity, 1, 0], [1, Infinity, 0]], (i) => (i === 0 ? rule.da : rule.db)(2, 2, 4, N), second);
    expect(e12).toBe(Infinity);
  });
  it('a % b: ∂a = 1 and ∂b = -trunc(a/b), closed forms', () => {
    expect(partials('mod', 7.3, 2.2).grad).toEqual([1, -3]);
    expect(partials('mod', -5.9, 1.7).grad).toEqual([1, 3]);
  });
});

describe('the chain rule of rules.ts', () => {
  // g(s) = atan2(s², sin s): its arguments as hyper-duals in s (ε1 = ε2 = x', ε1ε2 = x''), the
  // chain rule gives g'(s) and g''(s); the oracle is Richardson differences of g itself.
  const g = (s: number) => Math.atan2(s * s, Math.sin(s));
  for (const s of [0.7, 1.9, -1.3]) {
    it(`(atan2(s², sin s))' and '' at s = ${s}`, () => {
      const a = s * s, b = Math.sin(s), y = Math.atan2(a, b), rule = binaryRules.atan2;
      const parts = [[2 * s, 2 * s, 2], [Math.cos(s), Math.cos(s), -Math.sin(s)]];
      const [e1, e2, e12] = chainRule(numberChain, parts, (i) => (i === 0 ? rule.da : rule.db)(a, b, y, N), binarySecond(rule, a, b, y, N));
      expectClose(e1, centralFirst(g, s, 0.05), FD1.rel, FD1.abs, 'ε1');
      expect(e2).toBe(e1);
      expectClose(e12, centralSecond(g, s, 0.05), FD2.rel, FD2.abs, 'ε1ε2');
      // First order: the same sum, one part each.
      expect(chainRule(numberChain, parts.map((p) => [p[0]]), (i) => (i === 0 ? rule.da : rule.db)(a, b, y, N), () => NaN)).toEqual([e1]);
    });
  }
  it('an exactly zero part contributes nothing, even through an infinite partial', () => {
    expect(chainRule(numberChain, [[0], [3]], (i) => [Infinity, 2][i], () => NaN)).toEqual([6]);
    expect(chainRule(numberChain, [[0, 1, 0], undefined], () => Infinity, () => Infinity)[0]).toBe(0);
    expect(chainRule(numberChain, [[1, 0, 0]], () => 2, () => Infinity)[2]).toBe(0);
  });
  it('an argument without parts is skipped; none at all is an error', () => {
    expect(chainRule(numberChain, [undefined, [3]], (i) => [NaN, 2][i], () => NaN)).toEqual([6]);
    expect(() => chainRule(numberChain, [undefined], () => 1, () => 1)).toThrow(/no argument/);
  });
});

describe("the engine's unrolled chain rules", () => {
  const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  const values = [0, 1.5, -2, Infinity, 1e-300];
  it('binaryPart and binaryCrossPart are chainRule for two arguments, on numbers (every row, zero parts, infinite partials)', () => {
    for (const name of Object.keys(binaryRules) as BinaryName[]) {
      const rule = binaryRules[name];
      for (const [u, v] of [[1.5, -0.5], [0, 2], [-2, 0]]) {
        const y = fns[name](u, v), ga = rule.da(u, v, y, N), gb = rule.db(u, v, y, N), second = binarySecond(rule, u, v, y, N);
        for (const a1 of values) for (const b1 of values) for (const a12 of [0, 0.25]) {
          const a2 = -a1 / 3, b2 = b1 * 2, b12 = -a12;
          const [e1, e2, e12] = chainRule(numberChain, [[a1, a2, a12], [b1, b2, b12]], (i) => [ga, gb][i], second);
          const at = `${name}(${u}, ${v}) parts ${[a1, b1, a12]}`;
          expect(same(binaryPart(ga, gb, a1, b1), e1), at).toBe(true);
          expect(same(binaryPart(ga, gb, a2, b2), e2), at).toBe(true);
          const got = binaryCrossPart(ga, gb, second(0, 0), second(0, 1), second(1, 1), a1, a2, a12, b1, b2, b12);
          expect(same(got, e12), `${at}: ${got} vs ${e12}`).toBe(true);
        }
      }
    }
  });
  it('unaryCrossPart is chainRule for one argument, on numbers (zero parts and infinite partials included)', () => {
    for (const d1 of values) for (const d2 of values) for (const x1 of values) for (const x12 of [0, 0.25]) {
      const x2 = -x1 / 3;
      const [, , e12] = chainRule(numberChain, [[x1, x2, x12]], () => d1, () => d2);
      expect(same(unaryCrossPart(d1, d2, x1, x2, x12), e12), `${[d1, d2, x1, x12]}`).toBe(true);
    }
  });
});
