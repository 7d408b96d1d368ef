/** The engines that compute L(θ) and ∇L(θ) for training. */
import { valueAndGradient, type Dual } from '@ddx/dual';
import { totalLoss, type Problem } from './model.js';
import type { ValueAndGradient } from './train.js';

/** The run-time engine: one forward sweep on dual numbers per parameter. */
export function runtimeGradient(problem: Problem): ValueAndGradient {
  const loss = (theta: Dual[]) => totalLoss(theta, problem);
  return (theta) => valueAndGradient(loss, theta);
}
