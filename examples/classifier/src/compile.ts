/**
 * The build-time engine: `generateModule` of @ddx/transform compiles the plain loss.ts into
 * reverse-mode adjoint code (one forward sweep that records on a tape, one backward sweep, for
 * all 99 parameters at once), written to out/ and imported. This is what the `ddx gen` CLI does on
 * disk; doing it at start-up keeps it always current. `gradientMode: 'forward'` gives forward
 * mode's inline tangent code instead (one sweep per parameter), for comparison (src/epochs.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DdxError, generateModule } from '@ddx/transform';
import type { LossKind } from './model.js';
import type { ValueAndGradient } from './train.js';

type Generated = Record<`${'softmax' | 'svm'}TrainingLoss_valueAndGradient`, (x: ArrayLike<number>) => { value: number; gradient: number[] }>;

export interface CompiledLosses {
  valueAndGradient: Record<LossKind, ValueAndGradient>;
  /** The generated module's text. */
  code: string;
}

export async function compileLosses(gradientMode: 'reverse' | 'forward' = 'reverse'): Promise<CompiledLosses> {
  const here = dirname(fileURLToPath(import.meta.url));
  const source = join(here, 'loss.ts');
  // Asked for by name: a construct reverse mode does not compile would be an error here, not a silent forward mode.
  const result = generateModule(readFileSync(source, 'utf8'), source, { functions: ['softmaxTrainingLoss', 'svmTrainingLoss'], gradientMode });
  if (result.diagnostics.length > 0) {
    throw new DdxError(result.diagnostics);
  }
  const out = join(here, '..', 'out');
  mkdirSync(out, { recursive: true });
  const file = join(out, gradientMode === 'reverse' ? 'loss.ddx.ts' : 'loss.forward.ddx.ts');
  writeFileSync(file, result.code);
  const generated = (await import(pathToFileURL(file).href)) as Generated;
  return {
    valueAndGradient: {
      softmax: (theta) => generated.softmaxTrainingLoss_valueAndGradient(theta),
      svm: (theta) => generated.svmTrainingLoss_valueAndGradient(theta),
    },
    code: result.code,
  };
}
