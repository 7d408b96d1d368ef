/**
 * ddx's gradient of the plain `networkLoss`: `generateModule` of @ddx/transform compiles
 * network.ts into inline tangent code, written to out/ and imported (what `ddx gen` does on
 * disk; doing it at start-up keeps it current).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DdxError, generateModule } from '@ddx/transform';

export type Gradient = (theta: readonly number[]) => number[];

export async function compileNetworkGradient(): Promise<Gradient> {
  const here = dirname(fileURLToPath(import.meta.url));
  const source = join(here, 'network.ts');
  const result = generateModule(readFileSync(source, 'utf8'), source, { functions: ['networkLoss'] });
  if (result.diagnostics.length > 0) throw new DdxError(result.diagnostics);
  const file = join(here, '..', 'out', 'network.ddx.ts');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, result.code);
  const generated = (await import(pathToFileURL(file).href)) as { networkLoss_gradient: Gradient };
  return (theta) => generated.networkLoss_gradient(theta);
}
