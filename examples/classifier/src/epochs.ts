/**
 * `pnpm epochs`: the training time per epoch (one value and gradient of the loss, one update of θ)
 * with the gradient compiled in forward mode and in reverse mode, measured in one run: rounds of
 * 10 epochs from the same θ, the two modes interleaved, the median round of each; beside them the
 * loss alone (100 evaluations a round). Only the ratios mean much on a shared machine.
 */
import { compileLosses } from './compile.js';
import { softmaxTrainingLoss, svmTrainingLoss } from './loss.js';
import { defaults, initialParameters, makeProblem } from './run.js';
import type { ValueAndGradient } from './train.js';

const rounds = 9;
const epochs = 10;
for (const loss of ['softmax', 'svm'] as const) {
  const problem = makeProblem(loss);
  const theta = initialParameters(problem, defaults[loss].seed);
  const engines: Record<'forward' | 'reverse', ValueAndGradient> = {
    forward: (await compileLosses('forward')).valueAndGradient[loss],
    reverse: (await compileLosses('reverse')).valueAndGradient[loss],
  };
  const plain = { softmax: softmaxTrainingLoss, svm: svmTrainingLoss }[loss];
  const times: Record<'forward' | 'reverse' | 'loss', number[]> = { forward: [], reverse: [], loss: [] };
  let sink = 0;
  for (let round = 0; round <= rounds; round++) {
    const start = performance.now();
    for (let k = 0; k < 10 * epochs; k++) sink += plain(theta);
    if (round > 0) times.loss.push((performance.now() - start) / (10 * epochs));
    for (const mode of ['forward', 'reverse'] as const) {
      // train.ts's loop without its progress lines (which compute the accuracy).
      const t = theta.slice();
      const start = performance.now();
      for (let k = 0; k < epochs; k++) {
        const { gradient } = engines[mode](t);
        for (let i = 0; i < t.length; i++) t[i] -= defaults[loss].learningRate * gradient[i];
      }
      // The first round of each warms it up.
      if (round > 0) times[mode].push((performance.now() - start) / epochs);
    }
  }
  const median = (t: number[]) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
  const [f, r, l] = [median(times.forward), median(times.reverse), median(times.loss)];
  console.log(`${loss}: forward mode ${f.toFixed(2)} ms per epoch, reverse mode ${r.toFixed(3)} ms per epoch — reverse ${(f / r).toFixed(1)}× faster; ` +
    `the loss alone ${l.toFixed(3)} ms (reverse ÷ loss ${(r / l).toFixed(1)}, forward ÷ loss ${(f / l).toFixed(0)})`);
  if (Number.isNaN(sink)) console.log('(the loss was NaN)');
}
