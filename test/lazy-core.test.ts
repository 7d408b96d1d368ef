import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

// The compiler core loads TypeScript (ts-morph), which costs more than a small build: the plugin
// loads it only for the first module that mentions @ddx/dual. Checked in a fresh process, with
// the compiler in its worker thread and on the bundler's thread (DDX_NO_WORKER).
it.each([['in a worker thread', {}], ['on the bundler’s thread', { DDX_NO_WORKER: '1' }]])('a build without @ddx/dual never loads the compiler core; one with it does (%s)', (_, env) => {
  const run = spawnSync(process.execPath, [resolve(import.meta.dirname, 'fixtures/lazy-core.cjs')], { encoding: 'utf8', env: { ...process.env, DDX_NO_WORKER: '', ...env } });
  expect(run.status, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({ imported: false, plainBuild: false, ddxBuild: true });
}, 30_000);

// The ddx command loads TypeScript only for the commands that need it: help, the version and a
// usage error answer without it. Checked with the built bin in fresh processes.
it('ddx --help, --version and a usage error never load the compiler; print does', () => {
  const bin = resolve(import.meta.dirname, '../packages/transform/bin/ddx.mjs');
  const probe = resolve(import.meta.dirname, 'fixtures/report-compiler.mjs');
  const loaded = (args: string[]) => {
    const run = spawnSync(process.execPath, ['--import', probe, bin, ...args], { cwd: resolve(import.meta.dirname, 'fixtures/project'), encoding: 'utf8' });
    return /compiler loaded: (true|false)/.exec(run.stderr)?.[1];
  };
  expect(['--help', '--version', 'frobnicate', 'gen --mode nope'].map((args) => loaded(args.split(' ')))).toEqual(['false', 'false', 'false', 'false']);
  expect(loaded(['print', 'src/entry.ts'])).toBe('true');
}, 60_000);
