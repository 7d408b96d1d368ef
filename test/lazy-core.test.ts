import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

// The compiler core loads TypeScript (ts-morph), which costs more than a small build: the plugin
// loads it only for the first module that mentions @ddx/dual. Checked in a fresh process.
it('a build without @ddx/dual never loads the compiler core; one with it does', () => {
  const run = spawnSync(process.execPath, [resolve(import.meta.dirname, 'fixtures/lazy-core.cjs')], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({ imported: false, plainBuild: false, ddxBuild: true });
}, 30_000);
