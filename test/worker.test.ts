import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { checkLibrary, type BuiltLibrary } from './library-checks.js';

// The built plugin runs the compiler in a worker thread (the tests from source run it in the
// bundler's thread): the module it compiles there is right, and a rejected module fails the build
// with the diagnostic. Checked in a fresh process against the built package.
it('the built plugin compiles examples/tsup-library in its worker thread, and reports a rejection through the bundler', async () => {
  const run = spawnSync(process.execPath, [resolve(import.meta.dirname, 'fixtures/worker-build.cjs')], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const { code, failure } = JSON.parse(run.stdout) as { code: string; failure?: string };
  // Inside test/, where the built module's import of @ddx/dual resolves.
  const dir = resolve(import.meta.dirname, '.builds/worker');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'entry.mjs');
  writeFileSync(file, code);
  checkLibrary((await import(pathToFileURL(file).href)) as BuiltLibrary);
  expect(failure).toMatch(/entry\.ts:\d+:\d+: error DDX1002: switch/);
}, 60_000);
