import { gradient, hessian } from '@ddx/dual';

/** Sum of squared residuals of the model y = a·e^{b·t} on data (tᵢ, yᵢ), for p = [a, b]. */
export function exponentialResidual(p: readonly number[], ts: readonly number[], ys: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < ts.length; i++) {
    const r = p[0] * Math.exp(p[1] * ts[i]) - ys[i];
    sum += r * r;
  }
  return sum;
}

/**
 * Fits y ≈ a·e^{b·t} to the data by damped Newton steps on the squared residual (Levenberg:
 * (H + λI) δ = −∇, λ raised until the residual falls), from `start`. The arrows read the data
 * arrays from this function's scope: the plugin compiles them with the data as constants of the
 * derivative, passed in when called.
 */
export function fitExponential(ts: readonly number[], ys: readonly number[], start: readonly [number, number], iterations = 200): [number, number] {
  if (ts.length !== ys.length || ts.length < 2) throw new RangeError('fitExponential: `ts` and `ys` must have the same length, at least 2');
  let p: [number, number] = [start[0], start[1]];
  let residual = exponentialResidual(p, ts, ys);
  let damping = 1e-3;
  for (let k = 0; k < iterations && damping < 1e16; k++) {
    const [g0, g1] = gradient((q: number[]) => exponentialResidual(q, ts, ys), p);
    const [[h00, h01], [h10, h11]] = hessian((q: number[]) => exponentialResidual(q, ts, ys), p);
    // Cramer's rule on the damped 2×2 system; a large λ turns the step into a short descent step.
    const shift = damping * (Math.abs(h00) + Math.abs(h11));
    const [a00, a11] = [h00 + shift, h11 + shift];
    const det = a00 * a11 - h01 * h10;
    const step = [(a11 * g0 - h01 * g1) / det, (a00 * g1 - h10 * g0) / det];
    const next: [number, number] = [p[0] - step[0], p[1] - step[1]];
    const trial = exponentialResidual(next, ts, ys);
    if (!(trial < residual)) {
      damping *= 10;
      continue;
    }
    [p, residual, damping] = [next, trial, Math.max(damping / 10, 1e-15)];
    if (Math.abs(step[0]) + Math.abs(step[1]) <= 1e-14 * (Math.abs(p[0]) + Math.abs(p[1]))) break;
  }
  return p;
}
