/** The run-time engine for L(θ) and ∇L(θ); the build-time one is in compile.ts. */
import { valueAndGradient, type Dual } from '@ddx/dual';
import { totalLoss, type Problem } from './model.js';
import type { ValueAndGradient } from './train.js';

/**
 * The run-time engine: `valueAndGradient` of @ddx/dual on the ops-written loss. With 99 parameters
 * its default strategy is one sweep carrying sparse tangent vectors ('chunked').
 */
export function runtimeGradient(problem: Problem): ValueAndGradient {
  const loss = (theta: Dual[]) => totalLoss(theta, problem);
  return (theta) => valueAndGradient(loss, theta);
}
