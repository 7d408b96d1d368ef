/** Vanilla (full-batch) gradient descent: θ ← θ − η ∇L(θ), with a progress line every few epochs. */
import { accuracy, totalLoss, type Problem } from './model.js';

/** L(θ) and ∇L(θ) for the problem; the engines that provide them are in gradients.ts. */
export type ValueAndGradient = (theta: readonly number[]) => { value: number; gradient: number[] };

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  /** Print a progress line every `logEvery` epochs. */
  logEvery: number;
}

export interface TrainResult {
  theta: number[];
  /** L(θ) at each epoch, before its update. */
  losses: number[];
  /** Training accuracy of the final θ. */
  accuracy: number;
}

export function train(
  problem: Problem,
  initial: readonly number[],
  valueAndGradient: ValueAndGradient,
  o: TrainOptions,
  log: (line: string) => void,
): TrainResult {
  const theta = initial.slice();
  const losses: number[] = [];
  const progress = (epoch: number, loss: number) =>
    log(`epoch ${String(epoch).padStart(4)}  loss ${loss.toFixed(4)}  training accuracy ${(100 * accuracy(theta, problem)).toFixed(1)}%`);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const { value, gradient } = valueAndGradient(theta);
    losses.push(value);
    if (epoch % o.logEvery === 0) progress(epoch, value);
    for (let i = 0; i < theta.length; i++) theta[i] -= o.learningRate * gradient[i];
  }
  const final = totalLoss(theta, problem) as number;
  losses.push(final);
  progress(o.epochs, final);
  return { theta, losses, accuracy: accuracy(theta, problem) };
}
