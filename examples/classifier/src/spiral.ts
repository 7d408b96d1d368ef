/**
 * The three-armed spiral dataset (as in Stanford CS231n): 100 points per class, 300 in all.
 *
 * The noise comes from a counter-based generator — the k-th draw is a hash of (seed, k), not the
 * next state of a sequence — so point n is a pure numeric function of n. That lets the plain
 * loss in loss.ts compute its data itself, which the build-time transform can compile (a
 * differentiated function may read only its parameters, locals, Math and numeric constants).
 */

export const PER_CLASS = 100;
export const CLASSES = 3;
export const POINTS = 300; // PER_CLASS · CLASSES (a literal: the transform reads numeric literals as constants)
const SEED = 1;
const NOISE = 0.2;

/** The k-th uniform draw in [0, 1): the fractional part of a large multiple of a sine (a classic shader hash). */
export function uniform(k: number): number {
  const s = Math.sin(12.9898 * k + 78.233 * SEED) * 43758.5453;
  return s - Math.floor(s);
}

/** A standard normal draw for point n by the Box–Muller transform of draws 2n and 2n + 1. */
export function gaussian(n: number): number {
  const u = 1 - uniform(2 * n); // (0, 1]: its log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform(2 * n + 1));
}

/** The class of point n: points 0–99 are class 0, 100–199 class 1, 200–299 class 2. */
export function spiralLabel(n: number): number {
  return Math.floor(n / PER_CLASS);
}

/** The radius of point n grows linearly from 0 to 1 along its arm. */
export function spiralRadius(n: number): number {
  return (n % PER_CLASS) / (PER_CLASS - 1);
}

/** The angle of point n: 4 radians of arm per class, swept along the arm, plus Gaussian noise. */
export function spiralAngle(n: number): number {
  return 4 * spiralLabel(n) + 4 * spiralRadius(n) + NOISE * gaussian(n);
}

/** Point n is (r sin t, r cos t). */
export function spiralX(n: number): number {
  return spiralRadius(n) * Math.sin(spiralAngle(n));
}
export function spiralY(n: number): number {
  return spiralRadius(n) * Math.cos(spiralAngle(n));
}

export interface Dataset {
  points: [number, number][];
  labels: number[];
  classes: number;
}

export function spiral(): Dataset {
  const points: [number, number][] = [];
  const labels: number[] = [];
  for (let n = 0; n < POINTS; n++) {
    points.push([spiralX(n), spiralY(n)]);
    labels.push(spiralLabel(n));
  }
  return { points, labels, classes: CLASSES };
}
