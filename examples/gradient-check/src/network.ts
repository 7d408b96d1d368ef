/**
 * A small two-layer network in plain TypeScript: an affine layer, ReLU, an affine layer and the
 * softmax cross-entropy loss, over a batch of BATCH inputs. Plain numbers only: the ddx transform
 * compiles `networkLoss` into its exact gradient (compile.ts), finite differences evaluate it
 * directly, and the hand-written backward pass (backward.ts) reuses its layers.
 *
 * Matrices are flat, row-major arrays. All parameters live in one vector
 * θ = [W1 (INPUTS×HIDDEN), b1 (HIDDEN), W2 (HIDDEN×CLASSES), b2 (CLASSES)], 51 numbers.
 * (Sizes are numeric literals: the transform reads module-level numeric constants.)
 */

export const BATCH = 8;
export const INPUTS = 4;
export const HIDDEN = 6;
export const CLASSES = 3;

/** Input i of example `row`: deterministic values in [−0.9, 0.9] from a sine hash (no random generator needed). */
export function input(row: number, i: number): number {
  return 0.9 * Math.sin(12.9898 * (row + 1) + 78.233 * (i + 1));
}

/** The class of example `row`. */
export function label(row: number): number {
  return row % CLASSES;
}

/** Output j of the affine layer for one row of x: b_j + Σ_i x_i W_ij, with W and b read from θ at offsets w and b. */
export function affine(x: number[], row: number, inputs: number, outputs: number, theta: number[], w: number, b: number, j: number): number {
  let y = theta[b + j];
  for (let i = 0; i < inputs; i++) y += x[row * inputs + i] * theta[w + i * outputs + j];
  return y;
}

export function relu(a: number): number {
  return a > 0 ? a : 0;
}

/** −log softmax(s_row)_y = log Σ_k e^{s_k} − s_y for one row of scores, shifted by the row's maximum for stability. */
export function softmaxCrossEntropy(s: number[], row: number, classes: number, y: number): number {
  let shift = s[row * classes];
  for (let k = 1; k < classes; k++) shift = Math.max(shift, s[row * classes + k]);
  let sum = 0;
  for (let k = 0; k < classes; k++) sum += Math.exp(s[row * classes + k] - shift);
  return Math.log(sum) + shift - s[row * classes + y];
}

/** The mean softmax cross-entropy of the network over the batch, as a function of θ. */
export function networkLoss(theta: number[]): number {
  const b1 = INPUTS * HIDDEN, w2 = b1 + HIDDEN, b2 = w2 + HIDDEN * CLASSES;
  const x = new Array(BATCH * INPUTS).fill(0);
  for (let r = 0; r < BATCH; r++) for (let i = 0; i < INPUTS; i++) x[r * INPUTS + i] = input(r, i);
  const hidden = new Array(BATCH * HIDDEN).fill(0);
  for (let r = 0; r < BATCH; r++) {
    for (let j = 0; j < HIDDEN; j++) hidden[r * HIDDEN + j] = relu(affine(x, r, INPUTS, HIDDEN, theta, 0, b1, j));
  }
  const scores = new Array(BATCH * CLASSES).fill(0);
  for (let r = 0; r < BATCH; r++) {
    for (let k = 0; k < CLASSES; k++) scores[r * CLASSES + k] = affine(hidden, r, HIDDEN, CLASSES, theta, w2, b2, k);
  }
  let total = 0;
  for (let r = 0; r < BATCH; r++) total += softmaxCrossEntropy(scores, r, CLASSES, label(r));
  return total / BATCH;
}

/** The parameter blocks of θ, in order, with their sizes. */
export const blocks: [name: string, size: number][] = [
  ['W1', INPUTS * HIDDEN],
  ['b1', HIDDEN],
  ['W2', HIDDEN * CLASSES],
  ['b2', CLASSES],
];
export const parameterCount = blocks.reduce((n, [, size]) => n + size, 0);
