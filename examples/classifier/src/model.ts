/**
 * The two-layer network affine → ReLU → affine and its losses, written over `Real` with `ops` so
 * the same code runs on plain numbers (prediction) and on dual numbers (the run-time gradient).
 *
 * All parameters live in one flat vector θ = [W1 (D×H, row-major), b1 (H), W2 (H×K), b2 (K)]:
 * the gradient verbs differentiate with respect to one vector.
 */
import { ops, type Real } from '@ddx/dual';

export interface Shape {
  inputs: number; // D
  hidden: number; // H
  classes: number; // K
}

export type LossKind = 'softmax' | 'svm';

/** Where each parameter block starts in θ. */
export function layout({ inputs: D, hidden: H, classes: K }: Shape) {
  const W1 = 0, b1 = D * H, W2 = b1 + H, b2 = W2 + H * K;
  return { W1, b1, W2, b2, count: b2 + K };
}

/** Class scores s = W2ᵀ relu(W1ᵀ x + b1) + b2 for one input x. */
export function scores(theta: readonly Real[], shape: Shape, x: readonly number[]): Real[] {
  const { inputs: D, hidden: H, classes: K } = shape;
  const at = layout(shape);
  const hidden: Real[] = [];
  for (let j = 0; j < H; j++) {
    let a: Real = theta[at.b1 + j];
    for (let i = 0; i < D; i++) a = ops.add(a, ops.mul(theta[at.W1 + i * H + j], x[i]));
    hidden.push(ops.gt(a, 0) ? a : 0); // ReLU: the branch follows the primal value
  }
  const s: Real[] = [];
  for (let k = 0; k < K; k++) {
    let a: Real = theta[at.b2 + k];
    for (let j = 0; j < H; j++) a = ops.add(a, ops.mul(theta[at.W2 + j * K + k], hidden[j]));
    s.push(a);
  }
  return s;
}

/** Softmax cross-entropy −log(e^{s_y} / Σ e^{s_k}) = logΣexp(s) − s_y, shifted by max s for stability. */
export function softmaxLoss(s: readonly Real[], y: number): Real {
  let shift = -Infinity; // a constant shift: log-sum-exp is invariant to it
  for (const sk of s) shift = Math.max(shift, ops.primal(sk));
  let sum: Real = 0;
  for (const sk of s) sum = ops.add(sum, ops.exp(ops.sub(sk, shift)));
  return ops.sub(ops.add(ops.log(sum), shift), s[y]);
}

/** Multiclass SVM hinge loss Σ_{k≠y} max(0, s_k − s_y + 1). */
export function svmLoss(s: readonly Real[], y: number): Real {
  let loss: Real = 0;
  for (let k = 0; k < s.length; k++) {
    if (k === y) continue;
    const margin = ops.add(ops.sub(s[k], s[y]), 1);
    if (ops.gt(margin, 0)) loss = ops.add(loss, margin);
  }
  return loss;
}

export interface Problem {
  shape: Shape;
  points: readonly (readonly number[])[];
  labels: readonly number[];
  loss: LossKind;
  /** L2 regularisation strength λ: adds ½λ(‖W1‖² + ‖W2‖²) (biases are not regularised). */
  regularization: number;
}

/** The mean data loss over all points plus the L2 penalty on the weights. */
export function totalLoss(theta: readonly Real[], p: Problem): Real {
  const perPoint = p.loss === 'softmax' ? softmaxLoss : svmLoss;
  let data: Real = 0;
  for (let n = 0; n < p.points.length; n++) data = ops.add(data, perPoint(scores(theta, p.shape, p.points[n]), p.labels[n]));
  const at = layout(p.shape);
  let squares: Real = 0;
  for (let i = at.W1; i < at.b1; i++) squares = ops.add(squares, ops.mul(theta[i], theta[i]));
  for (let i = at.W2; i < at.b2; i++) squares = ops.add(squares, ops.mul(theta[i], theta[i]));
  return ops.add(ops.div(data, p.points.length), ops.mul(0.5 * p.regularization, squares));
}

/** The predicted class: the index of the largest score. */
export function predict(theta: readonly number[], shape: Shape, x: readonly number[]): number {
  const s = scores(theta, shape, x) as number[];
  return s.indexOf(Math.max(...s));
}

export function accuracy(theta: readonly number[], p: Problem): number {
  let correct = 0;
  p.points.forEach((x, n) => { if (predict(theta, p.shape, x) === p.labels[n]) correct++; });
  return correct / p.points.length;
}
