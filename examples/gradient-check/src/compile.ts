/**
 * ddx's gradients of the plain `networkLoss`: `generateModule` of @ddx/transform compiles
 * network.ts twice, into reverse-mode adjoint code (one forward sweep recording on a tape, one
 * backward sweep: backpropagation, generated) and into forward mode's inline tangent code (one
 * sweep per parameter), each written to out/ and imported (what `ddx gen --gradient-mode …` does
 * on disk; doing it at start-up keeps it current).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DdxError, generateModule } from '@ddx/transform';

export type Gradient = (theta: readonly number[]) => number[];

/** The gradient of networkLoss by each mode of the transform. */
export interface CompiledGradients {
  reverse: Gradient;
  forward: Gradient;
}

async function compile(gradientMode: 'reverse' | 'forward'): Promise<Gradient> {
  const here = dirname(fileURLToPath(import.meta.url));
  const source = join(here, 'network.ts');
  const result = generateModule(readFileSync(source, 'utf8'), source, { functions: ['networkLoss'], gradientMode });
  if (result.diagnostics.length > 0) throw new DdxError(result.diagnostics);
  const file = join(here, '..', 'out', gradientMode === 'reverse' ? 'network.ddx.ts' : 'network.forward.ddx.ts');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, result.code);
  const generated = (await import(pathToFileURL(file).href)) as { networkLoss_gradient: Gradient };
  return (theta) => generated.networkLoss_gradient(theta);
}

export async function compileNetworkGradients(): Promise<CompiledGradients> {
  return { reverse: await compile('reverse'), forward: await compile('forward') };
}
