/**
 * Peer: mathjs symbolic differentiation. `derivative` builds the derivative expression once; the
 * bench times evaluating its compiled form (the fair comparison: the build is a one-off cost).
 */
import { compile, derivative, parse, type MathNode } from 'mathjs';
import type { ScalarName } from '../workloads.js';

const expressions: Record<ScalarName, string> = {
  martins: 'exp(x) / sqrt(sin(x)^3 + cos(x)^3)',
  num2num_1: 'sin(x)^2 / cos(x)^2',
  num2num_2: '2*x + sqrt(x*x*x)',
  num2num_3: '10.31^(x + x) - x',
  num2num_4: '1',
  num2num_5: '1 / (1 + exp(-x))',
};

/** The compiled k-th symbolic derivative of a workload, as a function of x. */
export function mathjsDerivative(name: ScalarName, order: 1 | 2): (x: number) => number {
  let node: MathNode = parse(expressions[name]);
  for (let k = 0; k < order; k++) node = derivative(node, 'x');
  const code = compile(node.toString());
  return (x) => code.evaluate({ x }) as number;
}
