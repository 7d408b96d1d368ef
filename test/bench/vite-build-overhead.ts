/**
 * Benchmark (not a test): how much the ddx plugin adds to the production build of
 * examples/vite-app. Builds the app with and without the plugin, alternating so that machine
 * noise hits both alike, and reports the median of the per-pair time ratios. Target: ≤ 1.25.
 *
 * Two settings:
 * - cli: `vite build` in a fresh Node process each time, as a user runs it (module loading and
 *   the plugin's first analysis project included);
 * - api: `build()` repeated in this process (warm modules: the per-build cost only).
 *
 *   pnpm build && npx tsx test/bench/vite-build-overhead.ts [pairs=7]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import ddx from '@ddx/transform/vite';
import { build } from 'vite';

const app = resolve(import.meta.dirname, '../../examples/vite-app');
const pairs = Number(process.argv[2] ?? 7);
const outDir = mkdtempSync(join(tmpdir(), 'ddx-vite-bench-'));
const viteBin = join(createRequire(join(app, 'package.json')).resolve('vite/package.json'), '../bin/vite.js');

// The CLI builds read one of two config files written next to the app's own (so that
// `@ddx/transform` resolves from there), identical but for the plugin.
const configs = {
  with: join(app, '.bench-with-ddx.config.mjs'),
  without: join(app, '.bench-without-ddx.config.mjs'),
};
writeFileSync(configs.with, `import ddx from '@ddx/transform/vite';\nexport default { plugins: [ddx()], logLevel: 'silent', build: { outDir: ${JSON.stringify(outDir)}, emptyOutDir: true } };\n`);
writeFileSync(configs.without, `export default { plugins: [], logLevel: 'silent', build: { outDir: ${JSON.stringify(outDir)}, emptyOutDir: true } };\n`);

async function apiBuild(withPlugin: boolean): Promise<number> {
  const start = performance.now();
  await build({ root: app, configFile: false, logLevel: 'silent', plugins: withPlugin ? [ddx()] : [], build: { outDir, emptyOutDir: true } });
  return performance.now() - start;
}

function cliBuild(withPlugin: boolean): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [viteBin, 'build', '--config', withPlugin ? configs.with : configs.without], { cwd: app, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`vite build failed:\n${run.stderr}`);
  return performance.now() - start;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Alternating pairs after one uncounted warm-up of each kind; which goes first alternates too. */
async function measure(name: string, timed: (withPlugin: boolean) => number | Promise<number>): Promise<void> {
  await timed(false);
  await timed(true);
  const times = { with: [] as number[], without: [] as number[] };
  for (let pair = 0; pair < pairs; pair++) {
    for (const withPlugin of pair % 2 === 0 ? [false, true] : [true, false]) {
      times[withPlugin ? 'with' : 'without'].push(await timed(withPlugin));
    }
  }
  const ratios = times.with.map((time, i) => time / times.without[i]);
  console.log(`${name}: without ${median(times.without).toFixed(0)} ms, with ${median(times.with).toFixed(0)} ms (medians); ` +
    `median ratio ${median(ratios).toFixed(3)} (target ≤ 1.25)`);
}

try {
  console.log(`vite build of examples/vite-app, ${pairs} alternating pairs per setting`);
  await measure('cli (fresh process per build)', cliBuild);
  await measure('api (repeated in one process)', apiBuild);
} finally {
  for (const file of Object.values(configs)) rmSync(file, { force: true });
  rmSync(outDir, { recursive: true, force: true });
}
