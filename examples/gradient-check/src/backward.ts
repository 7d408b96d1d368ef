/**
 * The backward pass written by hand, as one would for a neural-network course: the gradient of
 * the loss with respect to θ by the chain rule through each layer, in reverse. It can also make
 * one of two deliberate, plausible mistakes, to show that a gradient check catches them.
 */
import { BATCH, CLASSES, HIDDEN, INPUTS, affine, input, label, relu } from './network.js';

/** The deliberate mistakes, and how each is described. */
export const bugs = {
  'predicted-class': 'the softmax gradient subtracts 1 at the predicted class instead of the true one',
  'bias-before-relu': 'the b1 gradient is summed from the gradient before the ReLU mask instead of after it',
} as const;
export type Bug = keyof typeof bugs;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const offsets = { w1: 0, b1: INPUTS * HIDDEN, w2: INPUTS * HIDDEN + HIDDEN, b2: INPUTS * HIDDEN + HIDDEN + HIDDEN * CLASSES };

/** The forward pass of network.ts, keeping what the backward pass needs: inputs, pre-activations, activations, scores. */
export function forwardValues(theta: number[]) {
  const x = range(BATCH).flatMap((r) => range(INPUTS).map((i) => input(r, i)));
  const preActivation = range(BATCH).map((r) => range(HIDDEN).map((j) => affine(x, r, INPUTS, HIDDEN, theta, offsets.w1, offsets.b1, j)));
  const hidden = preActivation.map((row) => row.map(relu));
  const scores = range(BATCH).map((r) => range(CLASSES).map((k) => affine(hidden.flat(), r, HIDDEN, CLASSES, theta, offsets.w2, offsets.b2, k)));
  return { x: range(BATCH).map((r) => x.slice(r * INPUTS, (r + 1) * INPUTS)), preActivation, hidden, scores };
}

function softmax(s: number[]): number[] {
  const shift = Math.max(...s);
  const e = s.map((v) => Math.exp(v - shift));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

/** ∇θ loss by hand, in θ's layout [W1, b1, W2, b2]; `bug` switches on one deliberate mistake. */
export function backward(theta: number[], bug?: Bug): number[] {
  const { x, preActivation, hidden, scores } = forwardValues(theta);
  // Mean softmax cross-entropy: ∂loss/∂s = (softmax(s) − onehot(y)) / BATCH per row.
  const dScores = scores.map((s, r) => {
    const target = bug === 'predicted-class' ? s.indexOf(Math.max(...s)) : label(r);
    return softmax(s).map((p, k) => (p - (k === target ? 1 : 0)) / BATCH);
  });
  // Second affine layer, scores = hidden·W2 + b2.
  const W2 = (j: number, k: number) => theta[offsets.w2 + j * CLASSES + k];
  const dW2 = transposeTimes(hidden, dScores);
  const db2 = columnSums(dScores);
  const dHidden = dScores.map((ds) => range(HIDDEN).map((j) => ds.reduce((sum, d, k) => sum + d * W2(j, k), 0)));
  // ReLU: the gradient passes where the pre-activation was positive.
  const dPre = dHidden.map((row, r) => row.map((d, j) => (preActivation[r][j] > 0 ? d : 0)));
  // First affine layer, pre-activation = x·W1 + b1.
  const dW1 = transposeTimes(x, dPre);
  const db1 = columnSums(bug === 'bias-before-relu' ? dHidden : dPre);
  return [...dW1.flat(), ...db1, ...dW2.flat(), ...db2];
}

/** Pᵀ·Q, summing over the batch rows. */
function transposeTimes(P: number[][], Q: number[][]): number[][] {
  return P[0].map((_, i) => Q[0].map((_, j) => P.reduce((sum, p, r) => sum + p[i] * Q[r][j], 0)));
}

function columnSums(M: number[][]): number[] {
  return M[0].map((_, j) => M.reduce((sum, row) => sum + row[j], 0));
}
