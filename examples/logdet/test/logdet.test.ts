import { describe, expect, it } from 'vitest';
import { luDecompose, logAbsDet } from '../src/lu.js';
import { run } from '../src/run.js';

// The oracle: det A(x) = (2+x)(12 − x²) − 4 expanded by hand along the first row.
const logDet = (x: number) => Math.log((2 + x) * (12 - x * x) - 4);

describe('log det A(x) at x = 0.5', () => {
  const lines: string[] = [];
  const r = run((l) => lines.push(l));

  it('first derivative is 74/203 by ddx and by tr(A⁻¹A′)', () => {
    expect(r.exact.first.toString()).toBe('74/203');
    expect(r.ddx.first).toBeCloseTo(74 / 203, 15);
    expect(r.trace.first).toBeCloseTo(74 / 203, 15);
    expect(lines).toContain(`  ${'exact 74/203'.padEnd(44)} ${(74 / 203).toPrecision(17)}`);
    expect(lines.find((l) => l.includes('ddx (duals'))).toContain(r.ddx.first.toPrecision(17));
  });

  it('second derivative is −16844/41209 by ddx and by −tr((A⁻¹A′)²)', () => {
    expect(r.exact.second.toString()).toBe('-16844/41209');
    expect(r.ddx.second).toBeCloseTo(-16844 / 41209, 15);
    expect(r.trace.second).toBeCloseTo(-16844 / 41209, 15);
    expect(lines.find((l) => l.includes('hyper-duals'))).toContain(r.ddx.second.toPrecision(17));
  });

  it('agrees with central differences of the hand-expanded determinant', () => {
    const h = 1e-4;
    expect(r.ddx.value).toBeCloseTo(logDet(0.5), 15);
    expect(r.ddx.first).toBeCloseTo((logDet(0.5 + h) - logDet(0.5 - h)) / (2 * h), 8);
    expect(r.ddx.second).toBeCloseTo((logDet(0.5 + h) - 2 * logDet(0.5) + logDet(0.5 - h)) / (h * h), 6);
  });

  it('the gradient with respect to the entries is A⁻ᵀ', () => {
    expect(r.gradientVsInverseTranspose).toBeLessThan(1e-15);
  });
});

describe('luDecompose', () => {
  it('factorises PA = LU with pivoting, and log|det| matches a matrix with a known determinant', () => {
    const A = [[0, 2, 1], [4, 1, -3], [2, 5, 7]];
    const { lu, perm, sign } = luDecompose(A);
    const L = (i: number, k: number) => (i === k ? 1 : i > k ? (lu[i][k] as number) : 0);
    const U = (k: number, j: number) => (k <= j ? (lu[k][j] as number) : 0);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += L(i, k) * U(k, j);
        expect(s).toBeCloseTo(A[perm[i]][j], 14);
      }
    }
    // det A = 0·(7+15) − 2·(28+6) + 1·(20−2) = −50
    const product = (lu[0][0] as number) * (lu[1][1] as number) * (lu[2][2] as number);
    expect(sign * product).toBeCloseTo(-50, 12);
    expect(logAbsDet(A)).toBeCloseTo(Math.log(50), 14);
  });

  it('rejects singular and non-square matrices with a message naming the argument', () => {
    expect(() => luDecompose([[1, 2], [2, 4]])).toThrow(/`A` is singular/);
    expect(() => luDecompose([[1, 2], [3]])).toThrow(/`A` must be square/);
  });
});
