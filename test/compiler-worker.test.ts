import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

// The plugin runs the compiler in a worker thread, so that loading TypeScript runs beside the
// bundler's own work (packages/transform/PLUGINS.md, "Build cost"). Checked with the built
// package in fresh processes, against the compiler on the bundler's thread (DDX_NO_WORKER):
// the same code, the same diagnostics (message, location, frame) and the same warnings, for a
// module that compiles, one with warnings and one that is rejected, with Rolldown and esbuild,
// without a cache and with a new one (the worker then runs the compiler's CommonJS build, loaded
// through V8's code cache); and each process exits by itself, the worker ended with its build.

const fixtures = ['project', 'equality', 'unsupported', 'reexport'];

function buildAll(env: NodeJS.ProcessEnv) {
  const run = spawnSync(process.execPath, [resolve(import.meta.dirname, 'fixtures/compiler-worker.mjs'), ...fixtures], {
    encoding: 'utf8', env, timeout: 120_000,
  });
  // A worker left running would keep the process alive until the timeout kills it.
  expect(run.signal, 'the build process exits by itself').toBeNull();
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { builds: Record<string, Record<string, { code?: string; error?: unknown; warnings: unknown[] }>>; compilerOnThisThread: boolean };
}

it('the compiler’s worker thread gives what the compiler on the bundler’s thread gives, and the build exits', () => {
  const { DDX_NO_WORKER: _, ...env } = process.env;
  const inWorker = buildAll(env);
  const cachedInWorker = buildAll({ ...env, CACHED: '1' });
  const onThread = buildAll({ ...env, DDX_NO_WORKER: '1' });
  expect(inWorker.compilerOnThisThread).toBe(false);
  expect(cachedInWorker.compilerOnThisThread).toBe(false);
  expect(onThread.compilerOnThisThread).toBe(true);
  expect(inWorker.builds).toEqual(onThread.builds);
  expect(cachedInWorker.builds).toEqual(onThread.builds);
  // What is compared is what the fixtures are for: code with derivatives, warnings, a rejection.
  const { project, equality, unsupported } = inWorker.builds;
  for (const bundler of ['rolldown', 'esbuild']) {
    expect(project[bundler].code).toContain('damped_tangent(');
    expect(equality[bundler].warnings.length).toBeGreaterThan(0);
    expect(JSON.stringify(unsupported[bundler].error)).toContain('DDX1002');
  }
}, 360_000);
