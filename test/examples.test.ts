/**
 * examples/tsup-library, built for real: `tsup` with the ddx esbuild plugin of its
 * tsup.config.ts, and the built module imported and checked against reference values. (The
 * example's own tests run as a Vitest project of the root config, with its vitest.config.ts and
 * so the ddx Vite plugin; examples/vite-app is built and driven in Chromium by its own test.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLibrary, type BuiltLibrary } from './library-checks.js';

const library = resolve(import.meta.dirname, '../examples/tsup-library');
const requireFromLibrary = createRequire(join(library, 'package.json'));
const binOf = (name: string, bin: string) => join(requireFromLibrary.resolve(`${name}/package.json`), '..', bin);

/** Runs a package's command-line entry in the example's folder; fails with its output. */
function run(script: string) {
  const result = spawnSync(process.execPath, [script], { cwd: library, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(result.status, `${script} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
}

describe('examples/tsup-library', () => {
  it('builds with tsup and the ddx esbuild plugin into a module with exact derivatives and no @ddx/dual left', async () => {
    run(binOf('tsup', 'dist/cli-default.js'));
    const built = join(library, 'dist/index.js');
    expect(existsSync(join(library, 'dist/index.d.ts'))).toBe(true);
    // Every call site is compiled: the bundle neither imports @ddx/dual nor calls its verbs.
    const code = readFileSync(built, 'utf8');
    expect(code).not.toContain('@ddx/dual');
    expect(code).not.toMatch(/\b(?:derivative|secondDerivative|gradient|hessian)\(/);

    checkLibrary((await import(pathToFileURL(built).href)) as BuiltLibrary);
  }, 90_000);
});
