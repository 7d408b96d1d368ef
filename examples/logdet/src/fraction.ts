/** Exact rational arithmetic on BigInt, for the closed-form derivatives of log det A(x). */

export class Fraction {
  readonly num: bigint;
  readonly den: bigint;
  constructor(num: bigint, den: bigint = 1n) {
    if (den === 0n) throw new RangeError('Fraction: the denominator must not be 0');
    const g = gcd(num < 0n ? -num : num, den < 0n ? -den : den) || 1n;
    const s = den < 0n ? -1n : 1n;
    this.num = (s * num) / g;
    this.den = (s * den) / g;
  }
  add(b: Fraction): Fraction { return new Fraction(this.num * b.den + b.num * this.den, this.den * b.den); }
  sub(b: Fraction): Fraction { return new Fraction(this.num * b.den - b.num * this.den, this.den * b.den); }
  mul(b: Fraction): Fraction { return new Fraction(this.num * b.num, this.den * b.den); }
  div(b: Fraction): Fraction { return new Fraction(this.num * b.den, this.den * b.num); }
  toNumber(): number { return Number(this.num) / Number(this.den); }
  toString(): string { return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`; }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** p(x), p'(x) and p''(x) for the polynomial Σ coefficients[k]·x^k, exactly. */
export function polynomialDerivatives(coefficients: readonly bigint[], x: Fraction): [Fraction, Fraction, Fraction] {
  let p = new Fraction(0n), dp = new Fraction(0n), d2p = new Fraction(0n);
  for (let k = coefficients.length - 1; k >= 0; k--) {
    // Horner's rule, differentiated twice: (p, p', p'') ← (p·x + c, p'·x + p, p''·x + 2p').
    d2p = d2p.mul(x).add(dp.add(dp));
    dp = dp.mul(x).add(p);
    p = p.mul(x).add(new Fraction(coefficients[k]));
  }
  return [p, dp, d2p];
}
