/**
 * The oracle that is not the code under test: Richardson-extrapolated central differences of the
 * plain function, with an error estimate, so a derivative is only judged where the difference
 * quotient itself is trustworthy.
 *
 * For a step h, D(h) is the central difference (first derivative), the central second difference
 * or the 4-point mixed difference, all with error c₂h² + c₄h⁴ + c₆h⁶ + rounding. From D(h), D(h/2),
 * D(h/4), D(h/8), Richardson extrapolation twice (Romberg):
 *   R(h) = (4·D(h/2) − D(h)) / 3,   S(h) = (16·R(h/2) − R(h)) / 15      (error O(h⁶) + rounding)
 * The estimate is S(h/2); the error scale is e = |S(h) − S(h/2)| (S(h)'s error dominates).
 * Rounding: the function values carry noise ≈ ε·M (M = largest |f| on the stencil), or more when f
 * cancels internally — η, measured from fourth differences of f over steps of 2⁻¹⁶ near x;
 * the difference quotients amplify it by 1/h (first) or 1/h² (second derivatives), so
 *   tolerance = 10·e + (1000·ε·M + 30·η + 1000·δ) / hᵏ   (k = derivative order, h = the smallest step, h₀/8)
 * where δ = Number.MIN_VALUE, the spacing of doubles near 0: a function whose values are that small
 * (x · Number.MIN_VALUE) cannot resolve its derivative at all, and its differences are then 0.
 * Where every difference is exactly 0 (f constant at double resolution on the stencil, e.g.
 * log(1 + v²) with v ≈ 1e-16), the tolerance is at least 1e-10: the stencil cannot tell smaller
 * derivatives from 0.
 * and a derivative passes when |ad − S(h/2)| ≤ tolerance. The estimate is unreliable — and the point is
 * skipped and counted — when e > 1e-4·|S| + (1000·ε·M + 30·η)/hᵏ (the extrapolations disagree beyond
 * rounding: a kink, a jump or a branch switch within the stencil, or a badly scaled function), when
 * η > 1e-8·M (f is not smooth even at the scale of 2⁻¹⁶), when
 * any stencil value is not finite, or when the one-sided derivatives along a differentiated
 * coordinate (forward and backward Romberg) are themselves untrustworthy or disagree beyond their
 * error estimates (a kink or a jump at x itself, which a symmetric stencil averages away).
 * η also counts the point's conditioning: how far f(x) moves when the results of Math's rounded
 * functions (sin, atan2, exp…) are moved by two ulps (see {@link conditionNoise}). Where one
 * rounding absorbs x (atan2(ε, sin(x + 10)) is π to the last bit for a whole range of x, so
 * atan2(ε, sin(atan2(ε, sin(x + 10)))) is constant in floating point while its chain-rule
 * derivative is 0.5), f moves by O(1) and the point is unreliable; where f is piecewise constant
 * (Math.floor, x | 0) or well conditioned, f barely moves and the point is still judged.
 */

const EPS = Number.EPSILON;

export type Vec = (x: number[]) => number[];

export interface FdEstimate {
  /** The extrapolated estimate per output component. */
  value: number[];
  /** The tolerance per component. */
  tolerance: number[];
  /** Per component: whether the estimate can be trusted. */
  reliable: boolean[];
}

/** The widest step for coordinate value x: a power of two near base·max(1, |x|) (so x ± h is exact). */
const stepFor = (x: number, base: number): number => 2 ** Math.round(Math.log2(base * Math.max(1, Math.abs(x))));

function estimate(D: (h: number) => number[] | null, h: number, order: number, magnitude: number[], noise: number[]): FdEstimate | null {
  const d = [D(h), D(h / 2), D(h / 4), D(h / 8)];
  if (d.some((row) => row === null)) return null;
  const rows = d as number[][];
  const value: number[] = [];
  const tolerance: number[] = [];
  const reliable: boolean[] = [];
  for (let k = 0; k < rows[0].length; k++) {
    // Romberg: two levels of Richardson extrapolation (errors h² → h⁴ → h⁶).
    const level1 = [0, 1, 2].map((i) => (4 * rows[i + 1][k] - rows[i][k]) / 3);
    const level2 = [0, 1].map((i) => (16 * level1[i + 1] - level1[i]) / 15);
    const [r1, r2] = level2;
    const e = Math.abs(r1 - r2);
    const M = magnitude[k] ?? 0;
    const rounding = (1000 * EPS * M + 30 * (noise[k] ?? 0) + 1000 * Number.MIN_VALUE) / (h / 8) ** order;
    value.push(r2);
    // f did not move at all on the stencil (every difference exactly 0): at double resolution it is
    // constant there, as when 1 + v² absorbs a v below 1e-8, while its exact derivative need not be
    // 0. Such a stencil only tells that the derivative is below what a step of h could show.
    const flat = rows.every((row) => row[k] === 0);
    tolerance.push(flat ? Math.max(10 * e + rounding, 1e-10) : 10 * e + rounding);
    // Noise above 1e-8·M is no rounding: f jumps or kinks within 2⁻¹⁴ of x.
    reliable.push(Number.isFinite(r2) && e <= 1e-4 * Math.abs(r2) + rounding && (noise[k] ?? 0) <= 1e-8 * M);
  }
  return { value, tolerance, reliable };
}

/**
 * The rounding noise of f itself near x along coordinate i, which can far exceed ε·|f| when f
 * cancels internally (acosh(1 + v²) for small v, where 1 + v² is rounded): the largest fourth
 * difference over nine points 2⁻¹⁶·max(1, |x_i|) apart, divided by 8. Fourth differences cancel
 * f's Taylor terms up to the cubic, so the step can be wide enough to cross many rounding levels
 * of the inner quantities while the curvature contributes nothing measurable.
 */
function noiseOf(f: Vec, x: number[], i: number, mag: number[]): number[] {
  const d = 2 ** -16 * Math.max(1, Math.abs(x[i]));
  const ys = [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((j) => evaluate(f, shifted(x, i, j * d), mag));
  if (ys.some((y) => y === null)) return [];
  const y = ys as number[][];
  const fourth = (j: number, k: number): number => Math.abs(y[j - 2][k] - 4 * y[j - 1][k] + 6 * y[j][k] - 4 * y[j + 1][k] + y[j + 2][k]);
  // Integers only, not all the same: f is piecewise constant here (Math.floor of a steep value,
  // x | 0), jumping between the points, so no difference of it estimates a derivative.
  const steps = (k: number): boolean => y.every((row) => Number.isInteger(row[k])) && y.some((row) => row[k] !== y[0][k]);
  const condition = conditionNoise(f, x);
  return y[0].map((_, k) => (steps(k) ? Infinity : Math.max(Math.max(...[2, 3, 4, 5, 6].map((j) => fourth(j, k))) / 8, condition[k] ?? 0)));
}

/** Math's functions whose results are roundings of a continuous function (not floor, sign, abs, min…). */
const ROUNDED = ['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh',
  'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt', 'cbrt', 'pow', 'hypot'] as const;

/**
 * f at x with every non-integer result of a {@link ROUNDED} Math function multiplied by
 * 1 + s·2ε, s = ±1 by `sign(call)` (a few ulps: what another libm, or another order of operations,
 * could return). Integer results (sqrt(4), cos(0)) are exact and stay. Evaluation is synchronous, so
 * Math is patched only while f runs.
 */
function perturbed(f: Vec, x: number[], sign: (call: number) => number): number[] {
  const math = Math as unknown as Record<string, (...a: number[]) => number>;
  const saved = ROUNDED.map((name) => math[name]);
  let call = 0;
  ROUNDED.forEach((name, i) => {
    math[name] = (...a) => {
      const r = saved[i](...a);
      return Number.isInteger(r) || !Number.isFinite(r) ? r : r * (1 + sign(call++) * 2 * EPS);
    };
  });
  try {
    return f(x);
  } finally {
    ROUNDED.forEach((name, i) => (math[name] = saved[i]));
  }
}

/**
 * The point's conditioning, per output: the largest |f(x) − f̃(x)| over four patterns of ulp-level
 * perturbations of Math's results (all up, all down, alternating both ways); Infinity when a
 * perturbation makes f non-finite or throw (a domain edge: acos of 1 + 2ε). Well-conditioned f moves by a
 * few ε·|f|, below the rounding the tolerance already allows for.
 */
function conditionNoise(f: Vec, x: number[]): number[] {
  const y = f(x);
  const patterns = [() => 1, () => -1, (c: number) => (c % 2 ? 1 : -1), (c: number) => (c % 2 ? -1 : 1)];
  const moved = y.map(() => 0);
  for (const pattern of patterns) {
    let z: number[];
    try {
      z = perturbed(f, x, pattern);
    } catch {
      return y.map(() => Infinity);
    }
    z.forEach((v, k) => (moved[k] = Number.isFinite(v) ? Math.max(moved[k], Math.abs(v - y[k])) : Infinity));
  }
  return moved;
}

/** f at x, or null when not finite; records the largest |f| per output in `magnitude`. */
function evaluate(f: Vec, x: number[], magnitude: number[]): number[] | null {
  const y = f(x);
  if (y.some((v) => !Number.isFinite(v))) return null;
  y.forEach((v, k) => (magnitude[k] = Math.max(magnitude[k] ?? 0, Math.abs(v))));
  return y;
}

/**
 * A symmetric stencil cannot see a kink or a jump at x itself (|x| at 0, max at a tie, a branch
 * taken only at x): the central differences average the two sides. So the one-sided derivatives
 * of the same order are estimated too — forward and backward differences (first: (f(x±s) − f(x))/±s,
 * second: (f(x±2s) − 2f(x±s) + f(x))/s²), Romberg over s, s/2, s/4, s/8 (errors s, s², s³
 * eliminated) — and the point is unreliable unless both are trustworthy and agree.
 */
function markOneSided(f: Vec, x: number[], i: number, h: number, mag: number[], est: FdEstimate, order: 1 | 2 = 1): void {
  const centre = evaluate(f, x, mag);
  const side = (sign: 1 | -1): { value: number[]; error: number[] } | null => {
    const rows: number[][] = [];
    for (const s of [h, h / 2, h / 4, h / 8]) {
      const y = evaluate(f, shifted(x, i, sign * s), mag);
      const y2 = order === 2 ? evaluate(f, shifted(x, i, 2 * sign * s), mag) : y;
      if (!y || !y2 || !centre) return null;
      rows.push(order === 1 ? y.map((v, k) => (sign * (v - centre[k])) / s) : y.map((v, k) => (y2[k] - 2 * v + centre[k]) / (s * s)));
    }
    const value: number[] = [];
    const error: number[] = [];
    rows[0].forEach((_, k) => {
      const l1 = [0, 1, 2].map((j) => 2 * rows[j + 1][k] - rows[j][k]);
      const l2 = [0, 1].map((j) => (4 * l1[j + 1] - l1[j]) / 3);
      const l3 = (8 * l2[1] - l2[0]) / 7;
      value.push(l3);
      error.push(Math.abs(l2[1] - l3));
    });
    return { value, error };
  };
  const [forward, backward] = [side(1), side(-1)];
  const noise = noiseOf(f, x, i, mag);
  est.reliable.forEach((_, k) => {
    if (!forward || !backward) {
      est.reliable[k] = false;
      return;
    }
    const rounding = (1000 * EPS * (mag[k] ?? 0) + 30 * (noise[k] ?? 0)) / (h / 8) ** order;
    const [F, B, eF, eB] = [forward.value[k], backward.value[k], forward.error[k], backward.error[k]];
    const trusted = (e: number, v: number) => e <= 1e-4 * Math.abs(v) + rounding;
    if (!trusted(eF, F) || !trusted(eB, B) || Math.abs(F - B) > 10 * (eF + eB) + 2 * rounding) est.reliable[k] = false;
  });
}

const shifted = (x: number[], i: number, h: number, j = -1, hj = 0): number[] =>
  x.map((v, k) => v + (k === i ? h : 0) + (k === j ? hj : 0));

/**
 * ∂f/∂x_i at x, per output. `scale` shrinks the steps: a disagreement found with the default
 * steps is confirmed with steps 64 times smaller before it counts (see check.ts), since a function
 * that oscillates faster than the widest step can fool the error estimate.
 */
export function firstPartial(f: Vec, x: number[], i: number, scale = 1): FdEstimate | null {
  const mag: number[] = [];
  const D = (h: number): number[] | null => {
    const p = evaluate(f, shifted(x, i, h), mag);
    const m = evaluate(f, shifted(x, i, -h), mag);
    return p && m ? p.map((v, k) => (v - m[k]) / (2 * h)) : null;
  };
  const h = stepFor(x[i], 2 ** -4 * scale);
  const est = estimate(D, h, 1, mag, noiseOf(f, x, i, mag));
  if (est) markOneSided(f, x, i, h, mag, est);
  return est;
}

/** ∂²f/∂x_i∂x_j at x, per output (i = j: the central second difference); `scale` as above. */
export function secondPartial(f: Vec, x: number[], i: number, j: number, scale = 1): FdEstimate | null {
  const mag: number[] = [];
  const h0 = Math.max(stepFor(x[i], 2 ** -2 * scale), stepFor(x[j], 2 ** -2 * scale));
  if (i === j) {
    const D = (h: number): number[] | null => {
      const p = evaluate(f, shifted(x, i, h), mag);
      const c = evaluate(f, x, mag);
      const m = evaluate(f, shifted(x, i, -h), mag);
      return p && c && m ? p.map((v, k) => (v - 2 * c[k] + m[k]) / (h * h)) : null;
    };
    const est = estimate(D, h0, 2, mag, noiseOf(f, x, i, mag));
    if (est) markOneSided(f, x, i, h0 / 4, mag, est, 2);
    return est;
  }
  const D = (h: number): number[] | null => {
    const pp = evaluate(f, shifted(x, i, h, j, h), mag);
    const pm = evaluate(f, shifted(x, i, h, j, -h), mag);
    const mp = evaluate(f, shifted(x, i, -h, j, h), mag);
    const mm = evaluate(f, shifted(x, i, -h, j, -h), mag);
    return pp && pm && mp && mm ? pp.map((v, k) => (v - pm[k] - mp[k] + mm[k]) / (4 * h * h)) : null;
  };
  const noise = [noiseOf(f, x, i, mag), noiseOf(f, x, j, mag)];
  const est = estimate(D, h0, 2, mag, noise[0].map((v, k) => Math.max(v, noise[1][k] ?? 0)));
  if (est) {
    markOneSided(f, x, i, stepFor(x[i], 2 ** -4 * scale), mag, est);
    markOneSided(f, x, j, stepFor(x[j], 2 ** -4 * scale), mag, est);
  }
  return est;
}
