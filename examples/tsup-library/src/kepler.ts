import { gradient } from '@ddx/dual';

/** Kepler's equation in residual form: E − e·sin E − M = 0 for the eccentric anomaly E. */
export function keplerResidual(E: number, M: number, e: number): number {
  return E - e * Math.sin(E) - M;
}

/**
 * The eccentric anomaly E of an elliptic orbit (0 ≤ e < 1) at mean anomaly M, by Newton's
 * method; the slope ∂/∂E of the residual is compiled at build time.
 */
export function eccentricAnomaly(M: number, e: number): number {
  let E = e < 0.8 ? M : Math.PI;
  for (let step = 0; step < 50; step++) {
    const [slope] = gradient(keplerResidual, [E, M, e]);
    const delta = keplerResidual(E, M, e) / slope;
    E -= delta;
    if (Math.abs(delta) < 1e-15 * (1 + Math.abs(E))) break;
  }
  return E;
}
