/**
 * The special functions of special.ts and the rows of `specialRules` (rules.ts) against 40-digit
 * mpmath values (test/special-reference.json, made by scripts/special-reference.py: mpmath's ψ,
 * ψ′, ψ″, J₀, J₁, and numerical derivatives mp.diff of mpmath's erf, Γ, B, … — not the formulas
 * under test). The rows are given mpmath's value of the function as `y`. And `ops.special`
 * applies the rows on Dual and HyperDual values.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { derivative, gradient, hessian, ops, secondDerivative, specialRules, type SpecialName } from '../src/index.js';
import { besselJ0, besselJ1, digamma, tetragamma, trigamma } from '../src/special.js';

const reference = JSON.parse(readFileSync(new URL('./special-reference.json', import.meta.url), 'utf8')) as {
  psi: [number, number, number, number][];
  bessel: [number, number, number][];
  unary: Record<string, [number, number, number, number][]>;
  beta: [number, number, number, number, number, number, number, number][];
};

/** |got − want| ≤ rel·|want| + abs. */
const close = (got: number, want: number, rel: number, abs = 0): void => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want) + abs)) expect.fail(`got ${got}, want ${want} (rel ${rel}, abs ${abs})`);
};

describe('special.ts against mpmath', () => {
  it('ψ, ψ′, ψ″ to 1e-15 relative (ψ to 1e-15 absolute: its recurrence sums terms of order 1 that cancel near its zero)', () => {
    for (const [x, psi, psi1, psi2] of reference.psi) {
      close(digamma(x), psi, 1e-15, 1e-15);
      close(trigamma(x), psi1, 1e-15);
      close(tetragamma(x), psi2, 1e-15);
    }
  });

  it('closed forms: ψ(n) = −γ + H(n−1), ψ′(1) = π²/6, ψ(1/2) = −γ − 2 ln 2, poles are NaN', () => {
    const gamma = 0.5772156649015329;
    let h = 0;
    for (let n = 1; n <= 30; n++) {
      close(digamma(n), -gamma + h, 1e-15, 1e-15);
      h += 1 / n;
    }
    close(trigamma(1), (Math.PI * Math.PI) / 6, 2e-16);
    close(digamma(0.5), -gamma - 2 * Math.LN2, 1e-15, 1e-15);
    expect(digamma(0)).toBeNaN();
    expect(trigamma(-3)).toBeNaN();
  });

  it('J₀ and J₁ to 2e-16 absolute (J is at most 1; relative accuracy is lost only next to its zeros)', () => {
    for (const [x, j0, j1] of reference.bessel) {
      close(besselJ0(x), j0, 1e-15, 2e-16);
      close(besselJ1(x), j1, 1e-15, 2e-16);
    }
  });
});

describe('specialRules against mpmath derivatives', () => {
  it('has a reference for every row', () => {
    expect(Object.keys(specialRules).sort()).toEqual([...Object.keys(reference.unary), 'beta'].sort());
  });

  for (const [name, rows] of Object.entries(reference.unary)) {
    it(`${name}′ and ${name}″`, () => {
      const rule = specialRules[name as SpecialName];
      expect(rule.arity).toBe(1);
      for (const [x, y, d1, d2] of rows) {
        // ψ is accurate to 1e-15 absolute, so rows through ψ (Γ, ln Γ) are to 1e-15·|y|.
        close(rule.partial(0, y, x), d1, 2e-14, 1e-15 * Math.max(1, Math.abs(y)));
        close(rule.second(0, 0, y, x), d2, 2e-14, 1e-15 * Math.max(1, Math.abs(y)));
      }
    });
  }

  it('the partials of beta', () => {
    const rule = specialRules.beta;
    expect(rule.arity).toBe(2);
    for (const [a, b, y, da, db, daa, dab, dbb] of reference.beta) {
      const abs = 4e-15 * Math.abs(y); // y times differences of ψ, each accurate to 1e-15
      close(rule.partial(0, y, a, b), da, 1e-14, abs);
      close(rule.partial(1, y, a, b), db, 1e-14, abs);
      close(rule.second(0, 0, y, a, b), daa, 1e-14, abs);
      close(rule.second(0, 1, y, a, b), dab, 1e-14, abs);
      close(rule.second(1, 0, y, a, b), dab, 1e-14, abs);
      close(rule.second(1, 1, y, a, b), dbb, 1e-14, abs);
    }
  });
});

describe('ops.special', () => {
  // The package's function is stood in for by the reference table: ops.special only calls it on numbers.
  const tabled = (rows: number[][]) => (x: number): number => {
    const row = rows.find((r) => r[0] === x);
    if (!row) throw new Error(`no reference at ${x}`);
    return row[1];
  };

  it('applies a unary row on Dual and HyperDual values, through the chain rule', () => {
    const erf = tabled(reference.unary.erf);
    const [x, , d1, d2] = reference.unary.erf[3];
    close(derivative((t) => ops.special('erf', erf, t), x), d1, 2e-14);
    close(secondDerivative((t) => ops.special('erf', erf, t), x), d2, 2e-14);
    // (erf(3t))′ = 3 erf′(3t) at t = x/3
    close(derivative((t) => ops.special('erf', erf, ops.mul(3, t)), x / 3), 3 * d1, 2e-14);
    expect(ops.special('erf', erf, x)).toBe(erf(x));
  });

  it('applies the binary row of beta (gradient, Hessian)', () => {
    const [a, b, y, da, db, daa, dab, dbb] = reference.beta[1];
    const beta = (u: number, v: number): number => (u === a && v === b ? y : NaN);
    const g = gradient(([u, v]) => ops.special('beta', beta, u, v), [a, b]);
    close(g[0], da, 1e-14);
    close(g[1], db, 1e-14);
    const h = hessian(([u, v]) => ops.special('beta', beta, u, v), [a, b]);
    [[daa, dab], [dab, dbb]].forEach((row, i) => row.forEach((want, j) => close(h[i][j], want, 1e-14)));
    // With respect to one argument only.
    close(derivative((u) => ops.special('beta', beta, u, b), a), da, 1e-14);
  });

  it('specialPartial: a row\'s partial, differentiated once by its second partials (what dual mode\'s nested derivatives call)', () => {
    const erf = tabled(reference.unary.erf);
    const [x, , d1, d2] = reference.unary.erf[3];
    close(ops.specialPartial('erf', erf, 0, x) as number, d1, 2e-14);
    close(derivative((t) => ops.specialPartial('erf', erf, 0, t), x), d2, 2e-14);
    const [a, b, y, da, db, daa, dab, dbb] = reference.beta[1];
    const beta = (u: number, v: number): number => (u === a && v === b ? y : NaN);
    [[da, daa, dab], [db, dab, dbb]].forEach(([d, ...row], i) => {
      close(ops.specialPartial('beta', beta, i, a, b) as number, d, 1e-14);
      gradient(([u, v]) => ops.specialPartial('beta', beta, i, u, v), [a, b]).forEach((got, j) => close(got, row[j], 1e-14));
    });
    // A third derivative, no rule has: a clear error, never a wrong 0.
    expect(() => secondDerivative((t) => ops.specialPartial('erf', erf, 0, t), x)).toThrow(/third derivative of 'erf' is not supported/);
    expect(() => derivative((s) => derivative((t) => ops.specialPartial('erf', erf, 0, ops.mul(s, t)), 1), 0.5)).toThrow(/third derivative of 'erf'/);
    expect(() => ops.specialPartial('erf', erf, 1, x)).toThrow(/'erf' has no argument 1/);
  });

  it('rejects nesting, unknown names and wrong arity with clear errors', () => {
    expect(() => derivative((s) => derivative((t) => ops.special('erf', Math.sin, ops.mul(s, t)), 1), 0.5)).toThrow(/nested through 'erf' is not supported/);
    expect(() => ops.special('nope' as SpecialName, Math.sin, 1)).toThrow(/no built-in rule for 'nope'/);
    expect(() => ops.special('erf', Math.sin, 1, 2)).toThrow(/takes 1 argument/);
  });
});
