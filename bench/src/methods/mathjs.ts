/**
 * Peer: mathjs symbolic differentiation. `derivative` builds the derivative expression once; the
 * bench times evaluating its compiled form (the fair comparison: the build is a one-off cost).
 * Loaded lazily, by the groups that use it: importing mathjs takes seconds.
 */
import type { MathNode } from 'mathjs';
import type { ScalarName } from '../workloads.js';

/** The compiled k-th symbolic derivative of a workload, as a function of x. */
export type MathjsDerivative = (name: ScalarName, order: 1 | 2) => (x: number) => number;

const expressions: Record<ScalarName, string> = {
  martins: 'exp(x) / sqrt(sin(x)^3 + cos(x)^3)',
  num2num_1: 'sin(x)^2 / cos(x)^2',
  num2num_2: '2*x + sqrt(x*x*x)',
  num2num_3: '10.31^(x + x) - x',
  num2num_4: '1',
  num2num_5: '1 / (1 + exp(-x))',
};

/** Loads mathjs; a string says why it is unavailable. */
export async function loadMathjs(): Promise<MathjsDerivative | string> {
  try {
    const { compile, derivative, parse } = await import('mathjs');
    return (name, order) => {
      let node: MathNode = parse(expressions[name]);
      for (let k = 0; k < order; k++) node = derivative(node, 'x');
      const code = compile(node.toString());
      return (x) => code.evaluate({ x }) as number;
    };
  } catch (error) {
    return `failed to load: ${error instanceof Error ? error.message : String(error)}`;
  }
}
