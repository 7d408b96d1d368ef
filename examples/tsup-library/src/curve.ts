import { derivative, secondDerivative } from '@ddx/dual';

/** The reference function of the ddx design: e^x / √(sin³x + cos³x). */
export function reference(x: number): number {
  return Math.exp(x) / Math.sqrt(Math.sin(x) ** 3 + Math.cos(x) ** 3);
}

/** reference′ and reference″, compiled at build time into plain functions of x. */
export const referenceSlope = derivative(reference);
export const referenceCurvature = secondDerivative(reference);

/** Signed curvature κ = y″ / (1 + y′²)^{3/2} of the graph y = reference(x). */
export function graphCurvature(x: number): number {
  const slope = derivative(reference, x);
  return secondDerivative(reference, x) / (1 + slope * slope) ** 1.5;
}
