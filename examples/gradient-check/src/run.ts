/**
 * Gradient checking: ddx's exact gradient of a small network's loss against numerical gradients
 * at many step sizes, against a hand-written backward pass, and against two buggy ones.
 */
import { backward, bugs, forwardValues, type Bug } from './backward.js';
import type { CompiledGradients } from './compile.js';
import { blocks, networkLoss, parameterCount, BATCH, CLASSES, HIDDEN, INPUTS } from './network.js';
import { centralDifferenceGradient, forwardDifferenceGradient, relativeError } from './numerical.js';

export const steps = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12];
/** Above this relative error a gradient is reported as wrong (CS231n's rule of thumb is 1e-7 … 1e-4). */
export const tolerance = 1e-7;
/**
 * Reverse and forward mode sum the same products in different orders: entry by entry they agree to
 * a relative 1e-13, with an absolute floor of 1e-13 × |loss| for an entry that cancels to near 0.
 */
export const modesTolerance = 1e-13;

/** The point θ to check at: deterministic values in [−0.9, 0.9]. */
export function initialTheta(): number[] {
  return Array.from({ length: parameterCount }, (_, i) => 0.9 * Math.sin(12.9898 * (i + 1) + 78.233 * 102));
}

export interface GradientCheckResult {
  loss: number;
  /** ddx's gradient in reverse mode (the reference below). */
  ddx: number[];
  /** ddx's gradient in forward mode. */
  forward: number[];
  handWritten: number[];
  ddxVsHandWritten: number;
  forwardVsHandWritten: number;
  /** max over entries of |reverse − forward| / max(|forward|, |loss|). */
  reverseVsForward: number;
  /** For each deliberate bug: the relative error against ddx, overall and per parameter block. */
  wrong: Record<Bug, { gradient: number[]; error: number; byBlock: Record<string, number> }>;
  table: { h: number; forward: number; central: number }[];
  /** The smallest |pre-activation| of the ReLU: steps much smaller than this never cross a kink. */
  closestToKink: number;
}

const e = (v: number) => v.toExponential(1);
const verdict = (error: number) => (error <= tolerance ? `✓ within ${e(tolerance)}` : `✗ above ${e(tolerance)}: the gradient is wrong`);

/** `ddxGradients`: the transform-compiled gradients of networkLoss, reverse and forward mode (see compile.ts). */
export function run(log: (line: string) => void, ddxGradients: CompiledGradients): GradientCheckResult {
  const theta = initialTheta();
  const loss = networkLoss(theta);
  const closestToKink = Math.min(...forwardValues(theta).preActivation.flat().map(Math.abs));
  const ddx = ddxGradients.reverse(theta);
  const forward = ddxGradients.forward(theta);
  const handWritten = backward(theta);

  log(`network: ${BATCH} inputs of dimension ${INPUTS} → affine(${HIDDEN}) → ReLU → affine(${CLASSES}) → softmax cross-entropy; ${theta.length} parameters`);
  log(`loss = ${loss}; closest ReLU pre-activation to its kink: |a| = ${closestToKink.toPrecision(3)}`);
  log('three exact gradients: backprop by hand, and ddx compiling networkLoss in reverse mode (backprop, generated) and in forward mode');
  const ddxVsHandWritten = relativeError(ddx, handWritten);
  log(`  ddx reverse mode vs the hand-written backward pass: relative error ${e(ddxVsHandWritten)}  ${verdict(ddxVsHandWritten)}`);
  const forwardVsHandWritten = relativeError(forward, handWritten);
  log(`  ddx forward mode vs the hand-written backward pass: relative error ${e(forwardVsHandWritten)}  ${verdict(forwardVsHandWritten)}`);
  const reverseVsForward = Math.max(...ddx.map((r, i) => Math.abs(r - forward[i]) / Math.max(Math.abs(forward[i]), Math.abs(loss))));
  log(`  ddx reverse vs forward mode, entry by entry: largest |r − f| / max(|f|, |loss|) = ${e(reverseVsForward)}  ` +
    `${reverseVsForward <= modesTolerance ? `✓ within ${e(modesTolerance)} (the same sums in another order)` : `✗ above ${e(modesTolerance)}`}`);
  log('');
  log('numerical gradient vs ddx, relative error ‖g_num − g_ddx‖ / max(‖g_num‖, ‖g_ddx‖):');
  log('  step h    forward diff   central diff');
  const table = steps.map((h) => {
    const row = {
      h,
      forward: relativeError(forwardDifferenceGradient(networkLoss, theta, h), ddx),
      central: relativeError(centralDifferenceGradient(networkLoss, theta, h), ddx),
    };
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
    const gradient = backward(theta, bug);
    const error = relativeError(gradient, ddx);
    const byBlock = byBlocks(gradient, ddx);
    wrong[bug] = { gradient, error, byBlock };
    log(`  ${bugs[bug]}:`);
    log(`    relative error ${e(error)}  ${verdict(error)}`);
    log(`    by block: ${blocks.map(([n]) => `${n} ${e(byBlock[n])}${byBlock[n] > tolerance ? ' ✗' : ''}`).join(', ')}`);
  }
  return { loss, ddx, forward, handWritten, ddxVsHandWritten, forwardVsHandWritten, reverseVsForward, wrong, table, closestToKink };
}

/** The relative error of each parameter block W1, b1, W2, b2 on its own: it points to the layer at fault. */
function byBlocks(a: number[], b: number[]): Record<string, number> {
  const errors: Record<string, number> = {};
  let at = 0;
  for (const [name, size] of blocks) {
    errors[name] = relativeError(a.slice(at, at + size), b.slice(at, at + size));
    at += size;
  }
  return errors;
}
