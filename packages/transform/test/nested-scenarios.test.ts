/**
 * Nested differentiation scenarios of Pearlmutter and Siskind, written as a user writes them and
 * compiled in both emit modes: a saddle point (min over x of the max over y, both by gradient
 * steps that call `gradient` inside the objective) and a charged particle (Euler steps under the
 * force −∇p, inside an objective differentiated with respect to a control). Oracles are not ddx:
 * closed forms (the saddle's steps are affine recurrences, iterated here), and the particle's
 * derivative propagated by hand (the force's Jacobian written out), each to 1e-12 relative; the
 * particle's second level against central differences of that hand derivative (1e-6 relative).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const modes: EmitMode[] = ['inline', 'dual'];

async function compiled(mode: EmitMode, source: string): Promise<Record<string, unknown>> {
  const r = transform(source, '/virtual/main.ts', { mode });
  expect(r.diagnostics.map(formatDiagnostic), mode).toEqual([]);
  return run(r.code);
}

const close = (got: number, want: number, tolerance: number): void => {
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(want)));
};

// f(x, y) = Σₖ xₖ² + 2bₖxₖyₖ − cₖyₖ² is concave in y: max over y exists for every x.
const B = [1, 0.5], C = [1, 2], ETA = 0.1, BETA = 0.05, INNER = 8, OUTER = 12;
const saddleModule = `import { gradient, jacobian } from '@ddx/dual';
const B = [${B}];
const C = [${C}];
const ETA = ${ETA}, BETA = ${BETA}, INNER = ${INNER}, OUTER = ${OUTER};
function f(x: number[], y: number[]): number {
  let s = 0;
  for (let k = 0; k < 2; k++) s += x[k] * x[k] + 2 * B[k] * x[k] * y[k] - C[k] * y[k] * y[k];
  return s;
}
/** argmax over y of f(x, ·), by gradient ascent from start. */
function argmax(x: number[], start: number[]): number[] {
  const y = [start[0], start[1]];
  for (let i = 0; i < INNER; i++) {
    const g = gradient((v: number[]) => f(x, v), y);
    for (let k = 0; k < 2; k++) y[k] += ETA * g[k];
  }
  return y;
}
function maxOver(x: number[], start: number[]): number {
  return f(x, argmax(x, start));
}
/** argmin over x of max over y (its gradient is a gradient of a function holding a gradient), then the max's y. */
export function saddle(start: number[]): number[] {
  const x = [start[0], start[1]];
  for (let i = 0; i < OUTER; i++) {
    const g = gradient((u: number[]) => maxOver(u, start), x);
    for (let k = 0; k < 2; k++) x[k] -= BETA * g[k];
  }
  const y = argmax(x, start);
  return [x[0], x[1], y[0], y[1]];
}
const s = [1, -0.5];
export const results = { point: saddle(s), jacobian: jacobian(saddle, s) };
`;

/**
 * The saddle's closed form, per coordinate: ascent from s gives y = αx + rs (r = (1 − 2ηc)^K,
 * α = (b/c)(1 − r)), so d/dx f(x, y(x)) = Ax + Bs with A = 2 + 4bα − 2cα², B = 2br − 2crα; the
 * descent x ← x − β(Ax + Bs) is linear in s, x = p·s, and so is y = (αp + r)s.
 */
function saddleOracle(s: number[]): { point: number[]; slope: number[] } {
  const x: number[] = [], y: number[] = [], slope: number[] = [];
  for (let k = 0; k < 2; k++) {
    const b = B[k], c = C[k];
    const r = (1 - 2 * ETA * c) ** INNER, alpha = (b / c) * (1 - r);
    const A = 2 + 4 * b * alpha - 2 * c * alpha * alpha, Bs = 2 * b * r - 2 * c * r * alpha;
    let p = 1;
    for (let i = 0; i < OUTER; i++) p -= BETA * (A * p + Bs);
    x.push(p * s[k]);
    y.push((alpha * p + r) * s[k]);
    slope.push(p, alpha * p + r);
  }
  return { point: [...x, ...y], slope };
}

const DT = 0.1, RATE = 0.003, STEPS = 5;
const particleModule = `import { derivative, gradient } from '@ddx/dual';
const DT = ${DT};
/** The potential of two unit charges at (10, 10 − w) and (10, 0). */
function potential(x: number[], w: number): number {
  return 1 / Math.hypot(x[0] - 10, x[1] - (10 - w)) + 1 / Math.hypot(x[0] - 10, x[1]);
}
/** Euler steps under the force −∇p until the particle would cross y = 0; the square of where it crosses. */
export function miss(w: number): number {
  const x = [0, 8];
  const v = [0.75, 0];
  while (true) {
    const a = gradient((p: number[]) => potential(p, w), x);
    const next0 = x[0] + DT * v[0], next1 = x[1] + DT * v[1];
    if (next1 <= 0) break;
    x[0] = next0;
    x[1] = next1;
    v[0] -= DT * a[0];
    v[1] -= DT * a[1];
  }
  const tf = -x[1] / v[1];
  const x0 = x[0] + tf * v[0];
  return x0 * x0;
}
/** Gradient descent on the control w. */
export function control(w0: number): number {
  let w = w0;
  for (let i = 0; i < ${STEPS}; i++) w -= ${RATE} * derivative(miss, w);
  return w;
}
export const results = { miss: [miss(0), miss(0.15)], slope: [derivative(miss, 0), derivative(miss, 0.15)], control: control(0), controlSlope: derivative(control, 0) };
`;

/**
 * miss(w) and its derivative propagated by hand: the tangents of x and v with respect to w, the
 * force's derivative from ∇(1/r) = −d/r³ (d = x − c), whose derivative along dd is
 * −dd/r³ + 3d(d·dd)/r⁵, with dc = (0, −1) for the charge at (10, 10 − w).
 */
function missOracle(w: number): { value: number; slope: number } {
  const x = [0, 8], v = [0.75, 0], dx = [0, 0], dv = [0, 0];
  for (;;) {
    const a = [0, 0], da = [0, 0];
    for (const [c, dc] of [[[10, 10 - w], [0, -1]], [[10, 0], [0, 0]]]) {
      const d = [x[0] - c[0], x[1] - c[1]], dd = [dx[0] - dc[0], dx[1] - dc[1]];
      const r = Math.hypot(d[0], d[1]), dot = d[0] * dd[0] + d[1] * dd[1];
      for (let k = 0; k < 2; k++) {
        a[k] -= d[k] / r ** 3;
        da[k] += -dd[k] / r ** 3 + (3 * d[k] * dot) / r ** 5;
      }
    }
    const next = [x[0] + DT * v[0], x[1] + DT * v[1]];
    if (next[1] <= 0) break;
    const dnext = [dx[0] + DT * dv[0], dx[1] + DT * dv[1]];
    for (let k = 0; k < 2; k++) {
      x[k] = next[k];
      dx[k] = dnext[k];
      v[k] -= DT * a[k];
      dv[k] -= DT * da[k];
    }
  }
  const tf = -x[1] / v[1], dtf = -(dx[1] * v[1] - x[1] * dv[1]) / (v[1] * v[1]);
  const X = x[0] + tf * v[0], dX = dx[0] + dtf * v[0] + tf * dv[0];
  return { value: X * X, slope: 2 * X * dX };
}

describe('nested differentiation scenarios (Pearlmutter & Siskind)', () => {
  for (const mode of modes) {
    it(`saddle point: min over x of max over y by nested gradient steps, and its Jacobian in the start (${mode})`, async () => {
      const m = (await compiled(mode, saddleModule)).results as { point: number[]; jacobian: number[][] };
      const want = saddleOracle([1, -0.5]);
      m.point.forEach((p, i) => close(p, want.point[i], 1e-12));
      // Each output depends on its own coordinate of the start only (the coordinates decouple).
      const [px, qx, py, qy] = [want.slope[0], want.slope[2], want.slope[1], want.slope[3]];
      const jacobian = [[px, 0], [0, qx], [py, 0], [0, qy]];
      m.jacobian.forEach((row, i) => row.forEach((j, k) => close(j, jacobian[i][k], 1e-12)));
    });

    it(`charged particle: Euler steps under −∇p, differentiated in the control, and descent on it (${mode})`, async () => {
      const m = (await compiled(mode, particleModule)).results as { miss: number[]; slope: number[]; control: number; controlSlope: number };
      [0, 0.15].forEach((w, i) => {
        const want = missOracle(w);
        close(m.miss[i], want.value, 1e-12);
        close(m.slope[i], want.slope, 1e-12);
      });
      // The descent with the hand derivative; its derivative in w0 is Π(1 − rate·miss″(wᵢ)), miss″ by central differences of the hand derivative.
      let w = 0, slope = 1;
      const h = 1e-6;
      for (let i = 0; i < STEPS; i++) {
        slope *= 1 - RATE * (missOracle(w + h).slope - missOracle(w - h).slope) / (2 * h);
        w -= RATE * missOracle(w).slope;
      }
      close(m.control, w, 1e-12);
      close(m.controlSlope, slope, 1e-6);
    });
  }
});
