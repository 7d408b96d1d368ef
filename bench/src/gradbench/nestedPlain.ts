/**
 * GradBench `saddle` and `particle` as a user writes them: plain numbers, a gradient-descent helper
 * that calls `gradient` on the function it is given, and the nested derivatives inside the costs.
 * This module is @ddx/transform's input (problems.ts reads its text and appends the call site
 * `export const run = …`): compiled, each `gradient` call is specialised for the function passed at
 * each call of `argmin`, nested to any depth. Imported as is, uncompiled, `gradient` would be the
 * run-time engine's, which needs functions written over `Real` (nested.ts): do not import it.
 *
 * Written as in nested.ts (`for (;;)` with `return`, `x = next`, an `argmax` wrapping its f in
 * `(x) => -f(x)`, `const [ax, ay] = gradient(…)`, the norm `Math.hypot(...v)`, the inner player's
 * reply a local arrow of `saddle` called from another arrow: all compile), but for one rewrite:
 * `argmin` is not exported (DDX1018: a function that differentiates a function it is given is
 * specialised per call in its module, so a call from another module would not be seen).
 */
import { gradient } from '@ddx/dual';

function norm(v: readonly number[]): number {
  return Math.hypot(...v);
}

/** GradBench's descent: step η = 1e-5, doubled after 10 accepted steps, halved after a rejected one; stops when |∇| ≤ 1e-5 or a step moves less than 1e-5. */
function argmin(f: (x: number[]) => number, x0: readonly number[]): number[] {
  let x = x0.slice(), gx = gradient(f, x);
  let fx = f(x), eta = 1e-5, i = 0;
  for (;;) {
    if (norm(gx) <= 1e-5) return x;
    if (i === 10) { eta *= 2; i = 0; continue; }
    const next = x.map((xi, j) => xi - eta * gx[j]);
    if (norm(next.map((v, j) => v - x[j])) <= 1e-5) return x;
    const fNext = f(next);
    if (fNext < fx) {
      x = next;
      gx = gradient(f, next);
      fx = fNext;
      i++;
    } else { eta /= 2; i = 0; }
  }
}

function argmax(f: (x: number[]) => number, x0: readonly number[]): number[] {
  return argmin((x: number[]) => -f(x), x0);
}

// --- saddle: min over p1 of max over p2 of (p1ₓ² + p1ᵧ²) − (p2ₓ² + p2ᵧ²) -------------------------

const saddleF = (p1: number[], p2: number[]): number => p1[0] * p1[0] + p1[1] * p1[1] - (p2[0] * p2[0] + p2[1] * p2[1]);

/** [p1, p2] at the saddle point: the outer gradient differentiates through the inner descent. */
export function saddle(start: number[]): number[] {
  /** The inner player's best reply to p1: the maximum of f(p1, ·). */
  const reply = (p1: number[]): number[] => argmax((p2: number[]) => saddleF(p1, p2), start);
  const r1 = argmin((p1: number[]) => saddleF(p1, reply(p1)), start);
  const r2 = reply(r1);
  return [...r1, ...r2];
}

// --- particle: the charge position w that makes the particle hit the origin --------------------

const dt = 0.1;

/** The potential at (x, y) of the charges at (10, 10 − w) and (10, 0). */
const potential = (w: number, x: number, y: number): number =>
  1 / Math.sqrt((x - 10) ** 2 + (y - (10 - w)) ** 2) + 1 / Math.sqrt((x - 10) ** 2 + y ** 2);

/** x² where the Euler path, pushed by the force −∇ potential, crosses y = 0 (linear between the last two points). */
function miss(w: number): number {
  let px = 0, py = 8, vx = 0.75, vy = 0;
  for (;;) {
    const [ax, ay] = gradient((p: number[]) => potential(w, p[0], p[1]), [px, py]);
    const nx = px + dt * vx, ny = py + dt * vy;
    if (!(ny > 0)) break;
    px = nx; py = ny;
    vx -= dt * ax; vy -= dt * ay;
  }
  const tf = -py / vy;
  const x = px + tf * vx;
  return x * x;
}

/** The w that minimises the miss: the outer gradient differentiates through the path's inner gradients. */
export function particle(w0: number): number {
  return argmin((w: number[]) => miss(w[0]), [w0])[0];
}
