/**
 * The training loss as plain numeric TypeScript — no `ops`, no dual numbers — for the build-time
 * transform (`generateModule` in compile.ts turns it into allocation-free gradient code).
 *
 * The same network and losses as model.ts, specialised to 2 inputs, HIDDEN units and 3 classes
 * (three score locals instead of an array), over θ = [W1 (2×H), b1 (H), W2 (H×3), b2 (3)].
 */
import { POINTS, spiralAngle, spiralLabel, spiralRadius } from './spiral.js';

export const HIDDEN = 16;
export const REGULARIZATION = 0.001;
const SOFTMAX = 0;
const SVM = 1;

/** Softmax cross-entropy log Σ e^{s_k} − s_y, shifted by the largest score for stability. */
function softmaxLoss(s0: number, s1: number, s2: number, y: number): number {
  const shift = Math.max(s0, s1, s2);
  const sy = y === 0 ? s0 : y === 1 ? s1 : s2;
  return Math.log(Math.exp(s0 - shift) + Math.exp(s1 - shift) + Math.exp(s2 - shift)) + shift - sy;
}

/** Multiclass SVM hinge loss Σ_{k≠y} max(0, s_k − s_y + 1). */
function svmLoss(s0: number, s1: number, s2: number, y: number): number {
  const sy = y === 0 ? s0 : y === 1 ? s1 : s2;
  let loss = 0;
  if (y !== 0) loss += Math.max(0, s0 - sy + 1);
  if (y !== 1) loss += Math.max(0, s1 - sy + 1);
  if (y !== 2) loss += Math.max(0, s2 - sy + 1);
  return loss;
}

/** Mean loss over the spiral plus ½λ(‖W1‖² + ‖W2‖²); `kind` is SOFTMAX or SVM. */
function trainingLoss(theta: number[], kind: number): number {
  const b1 = 2 * HIDDEN, W2 = 3 * HIDDEN, b2 = 6 * HIDDEN;
  let total = 0;
  for (let n = 0; n < POINTS; n++) {
    const r = spiralRadius(n), t = spiralAngle(n); // the data point (spiralX(n), spiralY(n))
    const x0 = r * Math.sin(t);
    const x1 = r * Math.cos(t);
    let s0 = theta[b2];
    let s1 = theta[b2 + 1];
    let s2 = theta[b2 + 2];
    for (let j = 0; j < HIDDEN; j++) {
      const a = theta[b1 + j] + theta[j] * x0 + theta[HIDDEN + j] * x1;
      const h = a > 0 ? a : 0; // ReLU
      s0 += theta[W2 + 3 * j] * h;
      s1 += theta[W2 + 3 * j + 1] * h;
      s2 += theta[W2 + 3 * j + 2] * h;
    }
    total += kind === SVM ? svmLoss(s0, s1, s2, spiralLabel(n)) : softmaxLoss(s0, s1, s2, spiralLabel(n));
  }
  let squares = 0;
  for (let i = 0; i < b1; i++) squares += theta[i] * theta[i];
  for (let i = W2; i < b2; i++) squares += theta[i] * theta[i];
  return total / POINTS + 0.5 * REGULARIZATION * squares;
}

export function softmaxTrainingLoss(theta: number[]): number {
  return trainingLoss(theta, SOFTMAX);
}

export function svmTrainingLoss(theta: number[]): number {
  return trainingLoss(theta, SVM);
}
