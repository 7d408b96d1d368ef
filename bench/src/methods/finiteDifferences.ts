/**
 * Finite-difference derivatives: the numerical methods ddx is compared against. Each has a
 * truncation error that shrinks with the step h and a rounding error (≈ ε·|f| / hᵏ for the k-th
 * derivative) that grows as h shrinks; the default steps balance the two.
 */

type Scalar = (x: number) => number;

const eps = Number.EPSILON;
/** A step relative to the size of x (absolute near 0). */
const stepAt = (x: number, relative: number): number => relative * Math.max(1, Math.abs(x));

/** Default relative steps: the h that balances truncation and rounding for each formula. */
export const defaultStep = {
  forward: Math.sqrt(eps), // error ≈ h|f''|/2 + 2ε|f|/h
  central: Math.cbrt(eps), // ≈ h²|f'''|/6 + ε|f|/h
  fivePoint: eps ** (1 / 5), // ≈ h⁴|f⁽⁵⁾|/30 + ε|f|/h
  richardson: 1e-2, // first step of the tableau; the last one is h/2^(levels−1)
  forward2: Math.cbrt(eps), // f'' one-sided: ≈ h|f'''| + 4ε|f|/h²
  central2: eps ** (1 / 4), // ≈ h²|f⁗|/12 + 4ε|f|/h²
  fivePoint2: eps ** (1 / 6), // ≈ h⁴|f⁽⁶⁾|/90 + 5ε|f|/h²
  richardson2: 1e-2,
} as const;

// --- first derivatives ------------------------------------------------------------------------

/** f'(x) ≈ (f(x + h) − f(x)) / h, error O(h). */
export function forwardDifference(f: Scalar, x: number, h = stepAt(x, defaultStep.forward)): number {
  return (f(x + h) - f(x)) / h;
}

/** f'(x) ≈ (f(x + h) − f(x − h)) / 2h, error O(h²). */
export function centralDifference(f: Scalar, x: number, h = stepAt(x, defaultStep.central)): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** f'(x) ≈ (−f(x + 2h) + 8f(x + h) − 8f(x − h) + f(x − 2h)) / 12h, error O(h⁴). */
export function fivePointDifference(f: Scalar, x: number, h = stepAt(x, defaultStep.fivePoint)): number {
  return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h);
}

/**
 * Richardson extrapolation of a formula whose error is a series in even powers of h (both central
 * formulas): evaluate at h, h/2, h/4, … and cancel the h², h⁴, … terms (error O(h^(2·levels))).
 */
function richardson(estimate: (h: number) => number, h: number, levels: number): number {
  let previous: number[] = [];
  for (let i = 0; i < levels; i++) {
    const row = [estimate(h / 2 ** i)];
    for (let j = 1; j <= i; j++) row.push(row[j - 1] + (row[j - 1] - previous[j - 1]) / (4 ** j - 1));
    previous = row;
  }
  return previous[levels - 1];
}

/** f'(x) by Richardson extrapolation of central differences (3 levels: 6 evaluations, error O(h⁶)). */
export function richardsonDifference(f: Scalar, x: number, h = stepAt(x, defaultStep.richardson), levels = 3): number {
  return richardson((s) => centralDifference(f, x, s), h, levels);
}

// --- second derivatives -----------------------------------------------------------------------

/** f''(x) ≈ (f(x + 2h) − 2f(x + h) + f(x)) / h², one-sided, error O(h). */
export function forwardSecondDifference(f: Scalar, x: number, h = stepAt(x, defaultStep.forward2)): number {
  return (f(x + 2 * h) - 2 * f(x + h) + f(x)) / (h * h);
}

/** f''(x) ≈ (f(x + h) − 2f(x) + f(x − h)) / h², error O(h²). */
export function centralSecondDifference(f: Scalar, x: number, h = stepAt(x, defaultStep.central2)): number {
  return (f(x + h) - 2 * f(x) + f(x - h)) / (h * h);
}

/** f''(x) ≈ (−f(x + 2h) + 16f(x + h) − 30f(x) + 16f(x − h) − f(x − 2h)) / 12h², error O(h⁴). */
export function fivePointSecondDifference(f: Scalar, x: number, h = stepAt(x, defaultStep.fivePoint2)): number {
  return (-f(x + 2 * h) + 16 * f(x + h) - 30 * f(x) + 16 * f(x - h) - f(x - 2 * h)) / (12 * h * h);
}

/** f''(x) by Richardson extrapolation of central second differences (3 levels, error O(h⁶)). */
export function richardsonSecondDifference(f: Scalar, x: number, h = stepAt(x, defaultStep.richardson2), levels = 3): number {
  return richardson((s) => centralSecondDifference(f, x, s), h, levels);
}

// --- vectors ----------------------------------------------------------------------------------

type VectorScalar = (x: readonly number[]) => number;
type VectorVector = (x: readonly number[]) => ArrayLike<number>;

/** ∇f by forward differences: n + 1 evaluations. */
export function forwardGradient(f: VectorScalar, x: readonly number[], relative: number = defaultStep.forward): number[] {
  const xs = x.slice();
  const f0 = f(xs);
  return xs.map((xi, i) => {
    const h = stepAt(xi, relative);
    xs[i] = xi + h;
    const d = (f(xs) - f0) / h;
    xs[i] = xi;
    return d;
  });
}

/** f at xs ± h·eᵢ (xs is restored): the two evaluations of a central difference along coordinate i. */
function centralPair<T>(f: (x: readonly number[]) => T, xs: number[], i: number, h: number): [T, T] {
  const xi = xs[i];
  xs[i] = xi + h;
  const up = f(xs);
  xs[i] = xi - h;
  const down = f(xs);
  xs[i] = xi;
  return [up, down];
}

/** ∇f by central differences: 2n evaluations. */
export function centralGradient(f: VectorScalar, x: readonly number[], relative: number = defaultStep.central): number[] {
  const xs = x.slice();
  return x.map((xi, i) => {
    const h = stepAt(xi, relative);
    const [up, down] = centralPair(f, xs, i, h);
    return (up - down) / (2 * h);
  });
}

/**
 * ∇²f by central differences: the diagonal from f(x ± hᵢ) and f(x), each off-diagonal pair from
 * (f(x+hᵢ+hⱼ) − f(x+hᵢ−hⱼ) − f(x−hᵢ+hⱼ) + f(x−hᵢ−hⱼ)) / 4hᵢhⱼ: 2n² + 1 evaluations.
 */
export function centralHessian(f: VectorScalar, x: readonly number[], relative: number = defaultStep.central2): number[][] {
  const xs = x.slice();
  const n = xs.length;
  const h = xs.map((xi) => stepAt(xi, relative));
  const f0 = f(xs);
  const at = (i: number, si: number, j: number, sj: number): number => {
    xs[i] += si * h[i];
    xs[j] += sj * h[j];
    const y = f(xs);
    xs[i] = x[i];
    xs[j] = x[j];
    return y;
  };
  const H = Array.from({ length: n }, () => new Array<number>(n));
  for (let i = 0; i < n; i++) {
    const [up, down] = centralPair(f, xs, i, h[i]);
    H[i][i] = (up - 2 * f0 + down) / (h[i] * h[i]);
    for (let j = i + 1; j < n; j++) {
      H[i][j] = H[j][i] = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h[i] * h[j]);
    }
  }
  return H;
}

/** J by central differences, column by column: 2n evaluations of f: Rⁿ → Rᵐ. */
export function centralJacobian(f: VectorVector, x: readonly number[], relative: number = defaultStep.central): number[][] {
  const xs = x.slice();
  const columns = x.map((xi, j) => {
    const h = stepAt(xi, relative);
    const [up, down] = centralPair(f, xs, j, h);
    return Array.from(up, (u, i) => (u - down[i]) / (2 * h));
  });
  return columns[0].map((_, i) => columns.map((column) => column[i]));
}

/** J by forward differences: n + 1 evaluations. */
export function forwardJacobian(f: VectorVector, x: readonly number[], relative: number = defaultStep.forward): number[][] {
  const xs = x.slice();
  const f0 = f(xs);
  const columns = xs.map((xi, j) => {
    const h = stepAt(xi, relative);
    xs[j] = xi + h;
    const up = f(xs);
    xs[j] = xi;
    return Array.from(up, (u, i) => (u - f0[i]) / h);
  });
  return columns[0].map((_, i) => columns.map((column) => column[i]));
}
