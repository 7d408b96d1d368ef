/** The classifier example as a pure function: builds the data, trains, and returns what it printed and drew. */
import { gaussian, spiral } from './spiral.js';
import { HIDDEN, REGULARIZATION } from './loss.js';
import { layout, predict, type LossKind, type Problem } from './model.js';
import { train, type TrainResult, type ValueAndGradient } from './train.js';
import { runtimeGradient } from './gradients.js';
import { decisionRegionsSvg, lossCurveSvg } from './plot.js';

export interface ClassifierOptions {
  loss: LossKind;
  epochs: number;
  learningRate: number;
  logEvery: number;
  /** Seed of the weight initialisation (the dataset has its own fixed seed). */
  seed: number;
  /** Where ∇L comes from, and its name for the log; defaults to the run-time dual-number engine. */
  engine?: { name: string; valueAndGradient: ValueAndGradient };
}

export const defaults: Record<LossKind, ClassifierOptions> = {
  softmax: { loss: 'softmax', epochs: 300, learningRate: 1, logEvery: 25, seed: 3 },
  svm: { loss: 'svm', epochs: 300, learningRate: 0.5, logEvery: 25, seed: 2 },
};

export interface ClassifierRun extends TrainResult {
  problem: Problem;
  initial: number[];
  regionsSvg: string;
  lossSvg: string;
}

/** The spiral, a 2-HIDDEN-3 network and the chosen loss with the L2 strength of loss.ts. */
export function makeProblem(loss: LossKind): Problem {
  const data = spiral();
  return {
    shape: { inputs: 2, hidden: HIDDEN, classes: data.classes },
    points: data.points,
    labels: data.labels,
    loss,
    regularization: REGULARIZATION,
  };
}

/** Weights ~ N(0, 1) from the dataset's generator, far past the draws the data used; biases 0. */
export function initialParameters(problem: Problem, seed: number): number[] {
  const at = layout(problem.shape);
  return Array.from({ length: at.count }, (_, i) => (i < at.b1 || (i >= at.W2 && i < at.b2) ? gaussian(1000 * seed + i) : 0));
}

export function run(log: (line: string) => void, options: Partial<ClassifierOptions> = {}): ClassifierRun {
  const o = { ...defaults[options.loss ?? 'softmax'], ...options };
  const problem = makeProblem(o.loss);
  const initial = initialParameters(problem, o.seed);
  const engine = o.engine ?? { name: 'run-time dual numbers', valueAndGradient: runtimeGradient(problem) };
  log(`spiral: ${problem.points.length} points, ${problem.shape.classes} classes; network 2-${HIDDEN}-${problem.shape.classes} ` +
    `(${initial.length} parameters), ${o.loss} loss, L2 ${REGULARIZATION}, learning rate ${o.learningRate}; gradient: ${engine.name}`);
  const result = train(problem, initial, engine.valueAndGradient, o, log);
  log(`final training accuracy ${(100 * result.accuracy).toFixed(1)}%`);
  const regionsSvg = decisionRegionsSvg((x, y) => predict(result.theta, problem.shape, [x, y]), problem.points, problem.labels);
  const lossSvg = lossCurveSvg(result.losses, `${o.loss} loss during training`);
  return { ...result, problem, initial, regionsSvg, lossSvg };
}
