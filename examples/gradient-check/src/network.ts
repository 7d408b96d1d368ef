/** The two-layer network affine → ReLU → affine → softmax cross-entropy, on one flat parameter vector θ. */
import type { Real } from '@ddx/dual';
import { affine, relu, softmaxCrossEntropy, type Matrix } from './layers.js';

export interface Sizes {
  inputs: number; // D
  hidden: number; // H
  classes: number; // C
}

export interface Parameters<T = Real> {
  W1: T[][]; // D×H
  b1: T[]; // H
  W2: T[][]; // H×C
  b2: T[]; // C
}

export const blockNames = ['W1', 'b1', 'W2', 'b2'] as const;

/** θ = [W1 row-major, b1, W2 row-major, b2]: the shape of each block, in that order. */
export function blockShapes({ inputs: D, hidden: H, classes: C }: Sizes): Record<(typeof blockNames)[number], [number, number]> {
  return { W1: [D, H], b1: [1, H], W2: [H, C], b2: [1, C] };
}

export function parameterCount(s: Sizes): number {
  return Object.values(blockShapes(s)).reduce((n, [r, c]) => n + r * c, 0);
}

/** Splits θ into the four blocks (views of θ's entries, no copies of the numbers). */
export function unpack<T>(theta: readonly T[], s: Sizes): Parameters<T> {
  let at = 0;
  const take = (rows: number, cols: number) => Array.from({ length: rows }, () => theta.slice(at, (at += cols)));
  const { W1, b1, W2, b2 } = blockShapes(s);
  return { W1: take(...W1), b1: take(...b1)[0], W2: take(...W2), b2: take(...b2)[0] };
}

export interface Batch {
  X: number[][];
  labels: number[];
}

/** The forward pass, keeping the intermediate values the hand-written backward pass needs. */
export function forward(theta: readonly Real[], s: Sizes, batch: Batch): { A: Matrix; Hidden: Matrix; S: Matrix; loss: Real } {
  const p = unpack(theta, s);
  const A = affine(batch.X, p.W1, p.b1);
  const Hidden = relu(A);
  const S = affine(Hidden, p.W2, p.b2);
  return { A, Hidden, S, loss: softmaxCrossEntropy(S, batch.labels) };
}

export const loss = (theta: readonly Real[], s: Sizes, batch: Batch): Real => forward(theta, s, batch).loss;
