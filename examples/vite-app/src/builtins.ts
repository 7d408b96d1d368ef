import { derivative, secondDerivative } from '@ddx/dual';

// Plain numeric functions: the ddx Vite plugin compiles each derivative(f) / secondDerivative(f)
// below into generated TypeScript during the build, so the page runs no dual numbers for them.

/** The reference function of the ddx design. */
export function reference(x: number): number {
  return Math.exp(x) / Math.sqrt(Math.sin(x) ** 3 + Math.cos(x) ** 3);
}

/** A damped oscillation. */
export function wavePacket(x: number): number {
  return Math.exp(-0.25 * x * x) * Math.sin(3 * x);
}

/** A smooth step. */
export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-2 * x));
}

/** A cubic with two turning points, to read f′ = 0 and f″ = 0 off the plot. */
export function cubic(x: number): number {
  return x * x * x - 3 * x;
}

/** A piecewise function: the derivative of the branch taken, kinks included. */
export function bounce(x: number): number {
  let y = Math.abs(Math.sin(x));
  if (x > 2) y = y * Math.exp(2 - x);
  return y;
}

export interface Curve {
  label: string;
  f: (x: number) => number;
  first: (x: number) => number;
  second: (x: number) => number;
}

/** The built-in functions, keyed by the name the page's select box uses. */
export const builtins: Record<string, Curve> = {
  reference: {
    label: 'eˣ / √(sin³x + cos³x)',
    f: reference,
    first: derivative(reference),
    second: secondDerivative(reference),
  },
  wavePacket: {
    label: 'e^(−x²/4) · sin 3x',
    f: wavePacket,
    first: derivative(wavePacket),
    second: secondDerivative(wavePacket),
  },
  logistic: {
    label: '1 / (1 + e^(−2x))',
    f: logistic,
    first: derivative(logistic),
    second: secondDerivative(logistic),
  },
  cubic: {
    label: 'x³ − 3x',
    f: cubic,
    first: derivative(cubic),
    second: secondDerivative(cubic),
  },
  bounce: {
    label: '|sin x| · (x > 2 ? e^(2−x) : 1)',
    f: bounce,
    first: derivative(bounce),
    second: secondDerivative(bounce),
  },
};
