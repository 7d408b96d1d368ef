/**
 * The backward pass written by hand, as one would for a neural-network course: the gradient of
 * the loss with respect to θ by the chain rule through each layer, in reverse. It can also make
 * one of two deliberate, plausible mistakes, to show that a gradient check catches them.
 */
import { blockShapes, forward, type Batch, type Sizes, unpack } from './network.js';

/** The deliberate mistakes, and how each is described. */
export const bugs = {
  'predicted-class': 'the softmax gradient subtracts 1 at the predicted class instead of the true one',
  'bias-before-relu': 'the b1 gradient is summed from the gradient before the ReLU mask instead of after it',
} as const;
export type Bug = keyof typeof bugs;

const softmax = (s: number[]) => {
  const shift = Math.max(...s);
  const e = s.map((v) => Math.exp(v - shift));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
};

/** ∂loss/∂S for the mean softmax cross-entropy: (softmax(s_n) − onehot(y_n)) / N per row. */
function softmaxBackward(S: number[][], labels: readonly number[], bug?: Bug): number[][] {
  return S.map((s, n) => {
    const target = bug === 'predicted-class' ? s.indexOf(Math.max(...s)) : labels[n];
    return softmax(s).map((p, k) => (p - (k === target ? 1 : 0)) / S.length);
  });
}

/** ∇θ loss by hand, in θ's layout [W1, b1, W2, b2]; `bug` switches on one deliberate mistake. */
export function backward(theta: readonly number[], s: Sizes, batch: Batch, bug?: Bug): number[] {
  const { A, Hidden, S } = forward(theta, s, batch) as { A: number[][]; Hidden: number[][]; S: number[][] };
  const { W2 } = unpack(theta, s);
  const dS = softmaxBackward(S, batch.labels, bug);
  // Second affine layer: S = Hidden·W2 + b2.
  const dW2 = matmulTransposeLeft(Hidden, dS);
  const db2 = columnSums(dS);
  const dHidden = dS.map((row) => W2.map((w) => w.reduce((sum, wk, k) => sum + wk * row[k], 0)));
  // ReLU: the gradient passes where the pre-activation was positive.
  const dA = dHidden.map((row, n) => row.map((d, j) => (A[n][j] > 0 ? d : 0)));
  // First affine layer: A = X·W1 + b1.
  const dW1 = matmulTransposeLeft(batch.X, dA);
  const db1 = columnSums(bug === 'bias-before-relu' ? dHidden : dA);
  const blocks = { W1: dW1, b1: [db1], W2: dW2, b2: [db2] };
  return Object.keys(blockShapes(s)).flatMap((name) => blocks[name as keyof typeof blocks].flat());
}

/** Pᵀ·Q, summing over the batch rows. */
function matmulTransposeLeft(P: number[][], Q: number[][]): number[][] {
  return P[0].map((_, i) => Q[0].map((_, j) => P.reduce((sum, p, n) => sum + p[i] * Q[n][j], 0)));
}

function columnSums(M: number[][]): number[] {
  return M[0].map((_, j) => M.reduce((sum, row) => sum + row[j], 0));
}
