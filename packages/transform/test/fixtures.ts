/** Shared by the fixture tests: reading fixture folders and transforming them in both modes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform, type EmitMode, type TransformResult } from '../src/index.js';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface Fixture {
  name: string;
  dir: string;
  input: string;
}

export function listFixtures(): Fixture[] {
  return fs.readdirSync(fixturesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(fixturesDir, name);
      return { name, dir, input: fs.readFileSync(path.join(dir, 'input.ts'), 'utf8') };
    });
}

/** Transforms a fixture's input.ts; sibling modules are read from the fixture folder. */
export function transformFixture(f: Fixture, mode: EmitMode): TransformResult {
  const readFile = (file: string): string | undefined => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  return transform(f.input, path.join(f.dir, 'input.ts'), { mode, readFile });
}

/** Same number to the last bit (±0 and NaN compare equal: tangent signs of zero are not specified). */
export function sameNumber(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
