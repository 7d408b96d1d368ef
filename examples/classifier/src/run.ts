/** The classifier example as a pure function: builds the data, trains, and returns what it printed and drew. */
import { gaussian, mulberry32, spiral } from './spiral.js';
import { layout, predict, type LossKind, type Problem } from './model.js';
import { train, type TrainResult, type ValueAndGradient } from './train.js';
import { runtimeGradient } from './gradients.js';
import { decisionRegionsSvg, lossCurveSvg } from './plot.js';

export interface ClassifierOptions {
  loss: LossKind;
  hidden: number;
  epochs: number;
  learningRate: number;
  regularization: number;
  logEvery: number;
  /** Seed of the weight initialisation (the dataset has its own fixed seed). */
  seed: number;
  /** Which engine computes ∇L; defaults to the run-time dual-number engine. */
  engine?: (problem: Problem) => ValueAndGradient;
}

export const defaults: Record<LossKind, ClassifierOptions> = {
  softmax: { loss: 'softmax', hidden: 16, epochs: 400, learningRate: 1, regularization: 1e-3, logEvery: 25, seed: 3 },
  svm: { loss: 'svm', hidden: 16, epochs: 400, learningRate: 0.5, regularization: 1e-3, logEvery: 25, seed: 3 },
};

export interface ClassifierRun extends TrainResult {
  problem: Problem;
  initial: number[];
  regionsSvg: string;
  lossSvg: string;
}

/** Weights ~ N(0, 1), biases 0. */
export function initialParameters(problem: Problem, seed: number): number[] {
  const at = layout(problem.shape);
  const uniform = mulberry32(seed);
  return Array.from({ length: at.count }, (_, i) => (i < at.b1 || (i >= at.W2 && i < at.b2) ? gaussian(uniform) : 0));
}

export function makeProblem(o: Pick<ClassifierOptions, 'loss' | 'hidden' | 'regularization'>): Problem {
  const data = spiral(100, 3, 1);
  return {
    shape: { inputs: 2, hidden: o.hidden, classes: data.classes },
    points: data.points,
    labels: data.labels,
    loss: o.loss,
    regularization: o.regularization,
  };
}

export function run(log: (line: string) => void, options: Partial<ClassifierOptions> = {}): ClassifierRun {
  const o = { ...defaults[options.loss ?? 'softmax'], ...options };
  const problem = makeProblem(o);
  const initial = initialParameters(problem, o.seed);
  const engine = o.engine ?? runtimeGradient;
  log(`spiral: ${problem.points.length} points, ${problem.shape.classes} classes; network 2-${o.hidden}-${problem.shape.classes} ` +
    `(${initial.length} parameters), ${o.loss} loss, L2 ${o.regularization}, learning rate ${o.learningRate}`);
  const result = train(problem, initial, engine(problem), o, log);
  log(`final training accuracy ${(100 * result.accuracy).toFixed(1)}%`);
  const regionsSvg = decisionRegionsSvg((x, y) => predict(result.theta, problem.shape, [x, y]), problem.points, problem.labels);
  const lossSvg = lossCurveSvg(result.losses, `${o.loss} loss during training`);
  return { ...result, problem, initial, regionsSvg, lossSvg };
}
