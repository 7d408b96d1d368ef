/**
 * GradBench `saddle` and `particle` (Pearlmutter & Siskind's nested-AD problems): gradient descent
 * whose cost function itself contains a derivative. Here on the run-time engine, which nests (each
 * call has its own perturbation tag), written over `ops`, and the baseline: the same descent with
 * hand-written gradients on plain numbers. The form a user writes, over plain numbers and compiled
 * by the transform, is nestedPlain.ts.
 *
 * The descent is GradBench's: step η = 1e-5, doubled after 10 accepted steps, halved after a
 * rejected one, stopping when |∇| ≤ 1e-5 or a step moves less than 1e-5.
 */
import { derivative, gradient, ops, type Real } from '@ddx/dual';

const { add, sub, mul, div, neg, sqrt, primal } = ops;

// --- the descent, over Real (for the engine) ---------------------------------------------------

const norm = (v: readonly Real[]): number => Math.hypot(...v.map(primal));

function argminReal(f: (x: Real[]) => Real, g: (x: Real[]) => Real[], x0: readonly Real[]): Real[] {
  let x = x0.slice(), fx = f(x), gx = g(x), eta: Real = 1e-5, i = 0;
  for (;;) {
    if (norm(gx) <= 1e-5) return x;
    if (i === 10) { eta = mul(2, eta); i = 0; continue; }
    const next = x.map((xi, j) => sub(xi, mul(eta, gx[j])));
    if (norm(next.map((v, j) => sub(v, x[j]))) <= 1e-5) return x;
    const fNext = f(next);
    if (primal(fNext) < primal(fx)) { x = next; fx = fNext; gx = g(next); i++; } else { eta = div(eta, 2); i = 0; }
  }
}
const argmaxReal = (f: (x: Real[]) => Real, g: (x: Real[]) => Real[], x0: readonly Real[]): Real[] =>
  argminReal((x) => neg(f(x)), (x) => g(x).map(neg), x0);

// --- the descent, over plain numbers (hand-written gradients) ----------------------------------

function argmin(f: (x: number[]) => number, g: (x: number[]) => number[], x0: readonly number[]): number[] {
  let x = x0.slice(), fx = f(x), gx = g(x), eta = 1e-5, i = 0;
  for (;;) {
    if (Math.hypot(...gx) <= 1e-5) return x;
    if (i === 10) { eta *= 2; i = 0; continue; }
    const next = x.map((xi, j) => xi - eta * gx[j]);
    if (Math.hypot(...next.map((v, j) => v - x[j])) <= 1e-5) return x;
    const fNext = f(next);
    if (fNext < fx) { x = next; fx = fNext; gx = g(next); i++; } else { eta /= 2; i = 0; }
  }
}
const argmax = (f: (x: number[]) => number, g: (x: number[]) => number[], x0: readonly number[]): number[] =>
  argmin((x) => -f(x), (x) => g(x).map((v) => -v), x0);

// --- saddle: min over p1 of max over p2 of (p1ₓ² + p1ᵧ²) − (p2ₓ² + p2ᵧ²) -------------------------

const saddleF = (p1: readonly Real[], p2: readonly Real[]): Real =>
  sub(add(mul(p1[0], p1[0]), mul(p1[1], p1[1])), add(mul(p2[0], p2[0]), mul(p2[1], p2[1])));

/** The engine, forward over forward: the outer gradient differentiates through the inner descent. */
export function saddleEngine(start: readonly number[]): number[] {
  const inner = (p1: readonly Real[]) => (p2: Real[]) => saddleF(p1, p2);
  const innerGradient = (p1: readonly Real[]) => (p2: Real[]) => gradient((q: Real[]) => saddleF(p1, q), p2 as number[]) as Real[];
  const cost = (p1: Real[]) => inner(p1)(argmaxReal(inner(p1), innerGradient(p1), start));
  const r1 = argminReal(cost, (p1) => gradient(cost, p1 as number[]) as Real[], start);
  const r2 = argmaxReal(inner(r1), innerGradient(r1), start);
  return [...r1, ...r2].map(primal);
}

/** By hand: ∇_{p2} f = −2 p2, and the outer cost's gradient is ∂f/∂p1 = 2 p1 (the inner argmax does not depend on p1). */
export function saddleHand(start: readonly number[]): number[] {
  const f = (p1: readonly number[], p2: readonly number[]) => p1[0] * p1[0] + p1[1] * p1[1] - (p2[0] * p2[0] + p2[1] * p2[1]);
  const innerGradient = (p2: number[]) => [-2 * p2[0], -2 * p2[1]];
  const cost = (p1: number[]) => f(p1, argmax((p2) => f(p1, p2), innerGradient, start));
  const r1 = argmin(cost, (p1) => [2 * p1[0], 2 * p1[1]], start);
  const r2 = argmax((p2) => f(r1, p2), innerGradient, start);
  return [...r1, ...r2];
}

// --- particle: the charge position w that makes the particle hit the origin --------------------

const dt = 0.1;

/** Σ 1 / |x − cᵢ| for charges at (10, 10 − w) and (10, 0). */
const potential = (w: Real, px: Real, py: Real): Real => {
  const d1 = sqrt(add(mul(sub(px, 10), sub(px, 10)), mul(sub(py, sub(10, w)), sub(py, sub(10, w)))));
  const d2 = sqrt(add(mul(sub(px, 10), sub(px, 10)), mul(py, py)));
  return add(div(1, d1), div(1, d2));
};

/** x_{t_f}ₓ², where the Euler path crosses y = 0; the force is −∇ₓ of the potential, by the engine (nested in d/dw). */
function particleCostEngine(w: Real): Real {
  let px: Real = 0, py: Real = 8, vx: Real = 0.75, vy: Real = 0;
  for (;;) {
    const [ax, ay] = gradient(([x, y]: Real[]) => potential(w, x, y), [px, py] as number[]) as Real[];
    const nx = add(px, mul(dt, vx)), ny = add(py, mul(dt, vy));
    if (!(primal(ny) > 0)) break;
    px = nx; py = ny;
    vx = add(vx, mul(dt, neg(ax))); vy = add(vy, mul(dt, neg(ay)));
  }
  const tf = div(neg(py), vy);
  const x = add(px, mul(tf, vx));
  return mul(x, x);
}

export function particleEngine(w0: number): number {
  return argminReal(([w]) => particleCostEngine(w), ([w]) => [derivative(particleCostEngine, w)], [w0])[0] as number;
}

/**
 * By hand: the path and its tangent with respect to w together (forward mode written out). The
 * force of a charge at c on x is (x − c)/r³; its tangent is u̇/r³ − 3u(u·u̇)/r⁵ with u = x − c.
 */
function particleHandCost(w: number): { value: number; derivative: number } {
  let px = 0, py = 8, vx = 0.75, vy = 0;
  let dpx = 0, dpy = 0, dvx = 0, dvy = 0;
  const charges: [number, number, number][] = [[10, 10 - w, -1], [10, 0, 0]]; // x, y, dy/dw
  for (;;) {
    let ax = 0, ay = 0, dax = 0, day = 0;
    for (const [cx, cy, dcy] of charges) {
      const ux = px - cx, uy = py - cy, dux = dpx, duy = dpy - dcy;
      const r2 = ux * ux + uy * uy, r = Math.sqrt(r2), r3 = r2 * r, r5 = r3 * r2;
      const dot = ux * dux + uy * duy;
      ax += ux / r3; ay += uy / r3;
      dax += dux / r3 - (3 * ux * dot) / r5; day += duy / r3 - (3 * uy * dot) / r5;
    }
    const nx = px + dt * vx, ny = py + dt * vy;
    if (!(ny > 0)) break;
    const dnx = dpx + dt * dvx, dny = dpy + dt * dvy;
    px = nx; py = ny; dpx = dnx; dpy = dny;
    vx += dt * ax; vy += dt * ay; dvx += dt * dax; dvy += dt * day;
  }
  const tf = -py / vy, dtf = -dpy / vy + (py * dvy) / (vy * vy);
  const x = px + tf * vx, dx = dpx + dtf * vx + tf * dvx;
  return { value: x * x, derivative: 2 * x * dx };
}

export function particleHand(w0: number): number {
  return argmin(([w]) => particleHandCost(w).value, ([w]) => [particleHandCost(w).derivative], [w0])[0];
}

/** GradBench's expected outputs (its eval checks these, to 1e-4). */
export const expected = { saddle: 8.246324826140356e-6, particle: 0.2071918746486116 };
