/**
 * Gradient checking: ddx's exact gradient of a small network's loss against numerical gradients
 * at many step sizes, against a hand-written backward pass, and against a buggy one.
 */
import { gradient, type Dual } from '@ddx/dual';
import { backward, bugs, type Bug } from './backward.js';
import { blockNames, blockShapes, forward, loss, parameterCount, type Batch, type Sizes } from './network.js';
import { centralDifferenceGradient, forwardDifferenceGradient, relativeError } from './numerical.js';

export const sizes: Sizes = { inputs: 4, hidden: 6, classes: 3 };
export const steps = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12];
/** Above this relative error a gradient is reported as wrong (CS231n's rule of thumb is 1e-7 … 1e-4). */
export const tolerance = 1e-7;

/** Deterministic values in [−1, 1] without a random generator: a sine hash of the indices. */
const hash = (i: number, j: number) => Math.sin(12.9898 * (i + 1) + 78.233 * (j + 1)) * 0.9;

export function makeBatch(n = 8): Batch {
  return {
    X: Array.from({ length: n }, (_, r) => Array.from({ length: sizes.inputs }, (_, c) => hash(r, c))),
    labels: Array.from({ length: n }, (_, r) => r % sizes.classes),
  };
}

export function initialTheta(): number[] {
  return Array.from({ length: parameterCount(sizes) }, (_, i) => hash(i, 101));
}

export interface GradientCheckResult {
  loss: number;
  ddx: number[];
  handWritten: number[];
  ddxVsHandWritten: number;
  /** For each deliberate bug: the relative error against ddx, overall and per parameter block. */
  wrong: Record<Bug, { gradient: number[]; error: number; byBlock: Record<string, number> }>;
  table: { h: number; forward: number; central: number }[];
  /** The smallest |pre-activation| of the ReLU: steps smaller than this (per unit input) never cross a kink. */
  closestToKink: number;
}

const e = (v: number) => v.toExponential(1);

export function run(log: (line: string) => void): GradientCheckResult {
  const batch = makeBatch();
  const theta = initialTheta();
  const f = (t: number[]) => loss(t, sizes, batch) as number;
  const { A } = forward(theta, sizes, batch) as { A: number[][] };
  const closestToKink = Math.min(...A.flat().map(Math.abs));

  const ddx = gradient((t: Dual[]) => loss(t, sizes, batch), theta);
  const handWritten = backward(theta, sizes, batch);

  log(`network: ${batch.X.length} inputs of dimension ${sizes.inputs} → affine(${sizes.hidden}) → ReLU → affine(${sizes.classes}) → softmax cross-entropy; ${theta.length} parameters`);
  log(`loss = ${f(theta)}; closest ReLU pre-activation to its kink: |a| = ${closestToKink.toPrecision(3)}`);
  const ddxVsHandWritten = relativeError(ddx, handWritten);
  log(`ddx gradient vs the hand-written backward pass: relative error ${e(ddxVsHandWritten)}  ${verdict(ddxVsHandWritten)}`);
  log('');
  log('numerical gradient vs ddx, relative error ‖g_num − g_ddx‖ / max(‖g_num‖, ‖g_ddx‖):');
  log('  step h    forward diff   central diff');
  const table = steps.map((h) => {
    const row = { h, forward: relativeError(forwardDifferenceGradient(f, theta, h), ddx), central: relativeError(centralDifferenceGradient(f, theta, h), ddx) };
    log(`  ${e(h).padEnd(9)} ${e(row.forward).padStart(12)}   ${e(row.central).padStart(12)}`);
    return row;
  });
  const best = table.reduce((a, b) => (b.central < a.central ? b : a));
  log(`  best central step h = ${e(best.h)} (error ${e(best.central)}): truncation error falls as h², rounding error grows as ε/h.`);
  log('  ddx needs no step: its gradient is exact up to rounding.');
  log('');
  log('deliberately wrong hand-written backward passes, checked against ddx:');
  const wrong = {} as GradientCheckResult['wrong'];
  for (const bug of Object.keys(bugs) as Bug[]) {
    const g = backward(theta, sizes, batch, bug);
    const error = relativeError(g, ddx);
    const byBlock = byBlocks(g, ddx);
    wrong[bug] = { gradient: g, error, byBlock };
    log(`  ${bugs[bug]}:`);
    log(`    relative error ${e(error)}  ${verdict(error)}`);
    log(`    by block: ${blockNames.map((n) => `${n} ${e(byBlock[n])}${byBlock[n] > tolerance ? ' ✗' : ''}`).join(', ')}`);
  }
  return { loss: f(theta), ddx, handWritten, ddxVsHandWritten, wrong, table, closestToKink };
}

const verdict = (error: number) => (error <= tolerance ? `✓ within ${e(tolerance)}` : `✗ above ${e(tolerance)}: the gradient is wrong`);

/** The relative error of each parameter block W1, b1, W2, b2 on its own: it points to the layer at fault. */
function byBlocks(a: number[], b: number[]): Record<string, number> {
  const errors: Record<string, number> = {};
  let at = 0;
  for (const name of blockNames) {
    const [rows, cols] = blockShapes(sizes)[name];
    errors[name] = relativeError(a.slice(at, at + rows * cols), b.slice(at, at + rows * cols));
    at += rows * cols;
  }
  return errors;
}
