/**
 * The special functions the derivative rules of special functions need (rules.ts, `specialRules`):
 * the polygamma functions ψ, ψ′, ψ″ and the Bessel functions J₀, J₁, on plain numbers, written
 * here so that @ddx/dual depends on nothing at run time. special.test.ts checks them against
 * values computed with mpmath at 30 digits.
 */

// Bernoulli numbers B₂, B₄, …, B₂₀ (the asymptotic series of the polygamma functions).
const bernoulli = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330];

/** sin(πx) and cos(πx), exact at integers and half-integers (x reduced exactly to [−1/2, 1/2] first). */
function sinCosPi(x: number): [number, number] {
  let r = x - 2 * Math.round(x / 2); // in [−1, 1], exact
  let flip = 1;
  // sin(π(±1 − d)) = sin(±πd)… : r → ±1 − r (exact), keeping the sine, negating the cosine.
  if (r > 0.5) { r = 1 - r; flip = -1; } else if (r < -0.5) { r = -1 - r; flip = -1; }
  if (r === 0.5 || r === -0.5) return [r === 0.5 ? 1 : -1, 0];
  return [Math.sin(Math.PI * r), flip * Math.cos(Math.PI * r)];
}

/**
 * ψ⁽ⁿ⁾(x) for n = 0, 1, 2 and x > 0: the recurrence ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x + 1) − (−1)ⁿ n!/xⁿ⁺¹ up to
 * x ≥ 12, then the asymptotic series
 *   ψ(x) ~ ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ),
 *   ψ⁽ⁿ⁾(x) ~ (−1)ⁿ⁺¹ [(n−1)!/xⁿ + n!/(2xⁿ⁺¹) + Σ B₂ₖ (2k+n−1)!/((2k)! x²ᵏ⁺ⁿ)]  (n ≥ 1).
 */
function polygammaPositive(n: 0 | 1 | 2, x: number): number {
  let shift = 0;
  let z = x;
  const terms: number[] = [];
  while (z < 12) {
    terms.push(n === 0 ? 1 / z : n === 1 ? 1 / (z * z) : 2 / (z * z * z));
    z += 1;
    shift++;
  }
  const inv = 1 / z, inv2 = inv * inv;
  let series = 0;
  // Σ over k from the smallest term up.
  for (let k = bernoulli.length; k >= 1; k--) {
    const b = bernoulli[k - 1];
    // B₂ₖ (2k+n−1)!/((2k)! z^(2k+n)), and B₂ₖ/(2k z²ᵏ) for n = 0.
    const coefficient = n === 0 ? b / (2 * k) : n === 1 ? b : b * (2 * k + 1);
    series += coefficient * inv2 ** k;
  }
  let value: number;
  if (n === 0) value = Math.log(z) - 0.5 * inv - series;
  else if (n === 1) value = inv + 0.5 * inv2 + series * inv;
  else value = -(inv2 + inv2 * inv + series * inv2);
  // The recurrence terms, smallest first: ψ(x) = ψ(z) − Σ 1/(x+j), ψ′ = ψ′(z) + Σ 1/(x+j)², ψ″ = ψ″(z) − Σ 2/(x+j)³.
  let sum = 0;
  for (let j = shift - 1; j >= 0; j--) sum += terms[j];
  return n === 1 ? value + sum : value - sum;
}

/** ψ⁽ⁿ⁾(x) for any real x: the reflection formulas below 1/2 (NaN at the poles 0, −1, −2, …). */
function polygamma(n: 0 | 1 | 2, x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 0.5) return polygammaPositive(n, x);
  if (x === Math.floor(x)) return NaN;
  const [s, c] = sinCosPi(x);
  const reflected = polygammaPositive(n, 1 - x);
  // ψ(x) = ψ(1−x) − π cos(πx)/sin(πx); ψ′(x) = −ψ′(1−x) + π²/sin²(πx); ψ″(x) = ψ″(1−x) − 2π³ cos(πx)/sin³(πx).
  if (n === 0) return reflected - (Math.PI * c) / s;
  if (n === 1) return -reflected + (Math.PI * Math.PI) / (s * s);
  return reflected - (2 * Math.PI ** 3 * c) / (s * s * s);
}

/**
 * The digamma function ψ(x) = Γ′(x)/Γ(x).
 * @example
 * digamma(1); // −γ = −0.5772156649015329
 */
export const digamma = (x: number): number => polygamma(0, x);

/**
 * The trigamma function ψ′(x).
 * @example
 * trigamma(1); // π²/6
 */
export const trigamma = (x: number): number => polygamma(1, x);

/**
 * The tetragamma function ψ″(x).
 * @example
 * tetragamma(1); // −2ζ(3) = −2.4041138063191885
 */
export const tetragamma = (x: number): number => polygamma(2, x);

/**
 * J₀(x) and J₁(x) for x ≥ 0: the power series below 1, Miller's backward recurrence
 * J_{k−1} = (2k/x)J_k − J_{k+1} normalised by J₀ + 2ΣJ₂ₖ = 1 below 25, the Hankel asymptotic
 * expansion above.
 */
function besselJ01(x: number): [number, number] {
  if (x === Infinity) return [0, 0];
  if (x < 1) {
    // J₀ = Σ (−1)ᵏ (x/2)²ᵏ/(k!)², J₁ = Σ (−1)ᵏ (x/2)²ᵏ⁺¹/(k!(k+1)!).
    const h = x / 2, q = -h * h;
    let t0 = 1, t1 = h, j0 = 0, j1 = 0;
    const t0s: number[] = [], t1s: number[] = [];
    for (let k = 1; k <= 12; k++) {
      t0s.push(t0);
      t1s.push(t1);
      t0 *= q / (k * k);
      t1 *= q / (k * (k + 1));
    }
    for (let k = t0s.length - 1; k >= 0; k--) {
      j0 += t0s[k];
      j1 += t1s[k];
    }
    return [j0, j1];
  }
  if (x < 25) {
    const start = 2 * Math.ceil((x + 30 + 3 * Math.sqrt(x)) / 2);
    let above = 0, j = 1e-30, norm = 0, j0 = 0, j1 = 0;
    for (let k = start; k >= 1; k--) {
      const below = ((2 * k) / x) * j - above;
      above = j;
      j = below;
      // j is now J_{k−1} (unnormalised); above is J_k.
      if (k - 1 === 1) j1 = j;
      if (k - 1 === 0) j0 = j;
      if ((k - 1) % 2 === 0 && k - 1 > 0) norm += 2 * j;
      if (Math.abs(j) > 1e250) {
        j *= 1e-250; above *= 1e-250; norm *= 1e-250; j1 *= 1e-250;
      }
    }
    norm += j0;
    return [j0 / norm, j1 / norm];
  }
  // Jᵥ(x) = √(2/(πx)) (P cos ω − Q sin ω), ω = x − νπ/2 − π/4, with
  // P = Σ (−1)ᵏ a₂ₖ/x²ᵏ, Q = Σ (−1)ᵏ a₂ₖ₊₁/x²ᵏ⁺¹, aₖ = (μ−1)(μ−9)…(μ−(2k−1)²)/(k! 8ᵏ), μ = 4ν².
  const pq = (mu: number): [number, number] => {
    let a = 1, p = 0, q = 0, previous = Infinity;
    for (let k = 0; k < 60; k++) {
      const term = a / x ** k;
      if (Math.abs(term) > previous) break; // the asymptotic series: stop at its smallest term
      previous = Math.abs(term);
      const sign = Math.floor(k / 2) % 2 === 0 ? 1 : -1;
      if (k % 2 === 0) p += sign * term; else q += sign * term;
      if (previous < 1e-18) break;
      a *= (mu - (2 * k + 1) ** 2) / ((k + 1) * 8);
    }
    return [p, q];
  };
  const s = Math.sin(x), c = Math.cos(x), scale = Math.sqrt(2 / (Math.PI * x)) * Math.SQRT1_2;
  const [p0, q0] = pq(0), [p1, q1] = pq(4);
  // cos(x − π/4) = (c + s)/√2, sin(x − π/4) = (s − c)/√2; cos(x − 3π/4) = (s − c)/√2, sin(x − 3π/4) = −(s + c)/√2.
  return [scale * (p0 * (c + s) - q0 * (s - c)), scale * (p1 * (s - c) + q1 * (s + c))];
}

/**
 * The Bessel function of the first kind of order 0.
 * @example
 * besselJ0(2.404825557695773); // ≈ 0, its first zero
 */
export function besselJ0(x: number): number {
  return besselJ01(Math.abs(x))[0];
}

/**
 * The Bessel function of the first kind of order 1 (odd).
 * @example
 * besselJ1(1); // 0.44005058574493355
 */
export function besselJ1(x: number): number {
  const j1 = besselJ01(Math.abs(x))[1];
  return x < 0 ? -j1 : j1;
}
