/**
 * d/dx log det A(x) = tr(A⁻¹ A′) (Jacobi's formula), confirmed three ways for
 * A(x) = [[2+x, 1, 0], [1, 3, x], [0, x, 4]]: ddx through a plain LU decomposition, the trace
 * formula with A⁻¹ from the adjugate, and the exact rational value from det A(x) as a polynomial.
 */
import { gradient, ops, valueAndDerivatives, type Dual, type HyperDual, type Real } from '@ddx/dual';
import { logAbsDet } from './lu.js';
import { inverse3, multiply, trace, transpose, type Matrix } from './matrix.js';
import { Fraction, polynomialDerivatives } from './fraction.js';

/** A(x), over any Real so ddx can differentiate through it. */
export const matrixAt = (x: Real): Real[][] => [
  [ops.add(2, x), 1, 0],
  [1, 3, x],
  [0, x, 4],
];
/** dA/dx, entry by entry (A″ = 0: A is affine in x). */
export const matrixDerivative: Matrix = [
  [1, 0, 0],
  [0, 0, 1],
  [0, 1, 0],
];
/** det A(x) = (2+x)(12 − x²) − 4 = 20 + 12x − 2x² − x³, coefficients from x⁰ up. */
export const determinantPolynomial = [20n, 12n, -2n, -1n];

export interface LogdetResult {
  x: number;
  ddx: { value: number; first: number; second: number };
  /** tr(A⁻¹A′) and, for A″ = 0, d/dx tr(A⁻¹A′) = −tr(A⁻¹A′A⁻¹A′). */
  trace: { first: number; second: number };
  exact: { first: Fraction; second: Fraction };
  /** max over entries of |∂ log|det A| / ∂A_ij − (A⁻ᵀ)_ij|. */
  gradientVsInverseTranspose: number;
}

export function run(log: (line: string) => void, x = 0.5): LogdetResult {
  const ddx = valueAndDerivatives((t: HyperDual) => logAbsDet(matrixAt(t)), x);

  const A = matrixAt(x) as Matrix;
  const M = multiply(inverse3(A), matrixDerivative); // A⁻¹A′
  const traced = { first: trace(M), second: -trace(multiply(M, M)) };

  // log p has derivatives p′/p and (p″p − p′²)/p².
  const [p, dp, d2p] = polynomialDerivatives(determinantPolynomial, fractionOf(x));
  const exact = { first: dp.div(p), second: d2p.mul(p).sub(dp.mul(dp)).div(p.mul(p)) };

  // The whole gradient with respect to the nine entries is A⁻ᵀ.
  const g = gradient((entries: Dual[]) => logAbsDet([entries.slice(0, 3), entries.slice(3, 6), entries.slice(6, 9)]), A.flat());
  const inverseTranspose = transpose(inverse3(A)).flat();
  const gradientVsInverseTranspose = Math.max(...g.map((gi, i) => Math.abs(gi - inverseTranspose[i])));

  const row = (label: string, v: number) => log(`  ${label.padEnd(44)}${format(v)}`);
  log(`A(x) = [[2+x, 1, 0], [1, 3, x], [0, x, 4]] at x = ${x}`);
  log(`log det A = ${format(ddx.value)}   (det A = ${p} exactly)`);
  log('d/dx log det A:');
  row('ddx (duals through the LU decomposition)', ddx.first);
  row('tr(A⁻¹ A′), A⁻¹ from the adjugate', traced.first);
  row(`exact ${exact.first}`, exact.first.toNumber());
  log('d²/dx² log det A:');
  row('ddx (hyper-duals through the LU)', ddx.second);
  row('−tr(A⁻¹A′A⁻¹A′) (A″ = 0)', traced.second);
  row(`exact ${exact.second}`, exact.second.toNumber());
  log(`∇_A log|det A| = A⁻ᵀ: max |ddx − adjugate inverse| over the 9 entries = ${gradientVsInverseTranspose.toExponential(1)}`);
  return { x, ddx, trace: traced, exact, gradientVsInverseTranspose };
}

const format = (v: number) => (v < 0 ? '' : ' ') + v.toPrecision(17);

/** The exact fraction equal to a double (every finite double is a dyadic rational). */
function fractionOf(x: number): Fraction {
  let den = 1n, scaled = x;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    den *= 2n;
  }
  return new Fraction(BigInt(scaled), den);
}
