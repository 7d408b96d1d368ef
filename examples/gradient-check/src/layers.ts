/**
 * An affine layer, ReLU and the softmax cross-entropy loss, written over `Real` with `ops`: the
 * same code runs on plain numbers (for numerical gradients) and on dual numbers (ddx's gradient).
 * Matrices are arrays of rows; a batch X has one input per row.
 */
import { ops, type Real } from '@ddx/dual';

export type Matrix = Real[][];

/** Y = X·W + b (b added to every row). */
export function affine(X: readonly (readonly Real[])[], W: readonly (readonly Real[])[], b: readonly Real[]): Matrix {
  return X.map((x) => b.map((bj, j) => {
    let y: Real = bj;
    for (let i = 0; i < x.length; i++) y = ops.add(y, ops.mul(x[i], W[i][j]));
    return y;
  }));
}

/** ReLU, elementwise: the branch is taken on the primal value, so its derivative is 1 or 0. */
export function relu(A: readonly (readonly Real[])[]): Matrix {
  return A.map((row) => row.map((a) => (ops.gt(a, 0) ? a : 0)));
}

/** The mean over rows of −log softmax(s)_y = log Σ_k e^{s_k} − s_y, with the row maximum subtracted for stability. */
export function softmaxCrossEntropy(S: readonly (readonly Real[])[], labels: readonly number[]): Real {
  let total: Real = 0;
  S.forEach((s, n) => {
    const shift = Math.max(...s.map(ops.primal)); // a constant: log-sum-exp is invariant to the shift
    let sum: Real = 0;
    for (const sk of s) sum = ops.add(sum, ops.exp(ops.sub(sk, shift)));
    total = ops.add(total, ops.sub(ops.add(ops.log(sum), shift), s[labels[n]]));
  });
  return ops.div(total, S.length);
}
