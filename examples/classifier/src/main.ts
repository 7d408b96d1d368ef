/**
 * `pnpm start [-- --svm] [-- --runtime]`: trains the spiral classifier with gradients from the
 * build-time transform (or the run-time engine), compares the two engines' speed, and writes the
 * figures to out/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileLosses } from './compile.js';
import { runtimeGradient } from './gradients.js';
import { initialParameters, makeProblem, run } from './run.js';
import type { ValueAndGradient } from './train.js';

const loss = process.argv.includes('--svm') ? 'svm' : 'softmax';
const useRuntime = process.argv.includes('--runtime');

const compiled = await compileLosses();
const transformGradient = compiled.valueAndGradient[loss];
const problem = makeProblem(loss);
const runtime = runtimeGradient(problem);

// One gradient at the initial θ by each engine: the median of a few timings (a ratio from one run).
const theta = initialParameters(problem, 3);
const median = (g: ValueAndGradient) => {
  const times = Array.from({ length: 5 }, () => {
    const start = performance.now();
    g(theta);
    return performance.now() - start;
  }).sort((a, b) => a - b);
  return times[2];
};
const [tRuntime, tTransform] = [median(runtime), median(transformGradient)];
console.log(`one gradient: run-time duals ${tRuntime.toFixed(1)} ms, transform (reverse mode) ${tTransform.toFixed(1)} ms — ${(tRuntime / tTransform).toFixed(1)}× faster`);

const engine = useRuntime
  ? { name: 'run-time dual numbers', valueAndGradient: runtime }
  : { name: 'transform-generated reverse-mode code', valueAndGradient: transformGradient };
const result = run((line) => console.log(line), { loss, engine });
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'out');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `decision-regions-${loss}.svg`), result.regionsSvg);
writeFileSync(join(out, `loss-${loss}.svg`), result.lossSvg);
console.log(`wrote out/decision-regions-${loss}.svg and out/loss-${loss}.svg (and out/loss.ddx.ts, the generated gradient code)`);
