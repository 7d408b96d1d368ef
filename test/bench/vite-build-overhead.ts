/**
 * Benchmark (not a test): how much the ddx plugin adds to the production build of
 * examples/vite-app. Builds the app with and without the plugin, alternating so that machine
 * noise hits both alike, and reports the median of the per-pair time ratios. Target: ≤ 1.25.
 *
 * Five settings:
 * - cli: `vite build` in a fresh Node process each time, as a user runs it (module loading and
 *   the plugin's first analysis project included), in three states of the plugin's cache:
 *   - clean checkout: no cache (`cache: false`), so every build loads and compiles TypeScript;
 *   - edited: every module with call sites changed since the last build (their stored results
 *     removed), so the compiler runs, loaded through V8's code cache kept by an earlier build;
 *   - unchanged: the app as at the last build, so the stored results serve and TypeScript is
 *     never loaded;
 * - api: `build()` repeated in this process (warm modules: the per-build cost only), with the
 *   result cache off and warm.
 *
 *   pnpm build && npx tsx test/bench/vite-build-overhead.ts [pairs=7]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
const cacheDir = join(outDir, 'ddx-cache');
type Plugin = 'none' | 'uncached' | 'cached';
const pluginOptions = { uncached: { cache: false }, cached: { cache: cacheDir } } as const;
const configs: Record<Plugin, string> = {
  none: join(app, '.bench-without-ddx.config.mjs'),
  uncached: join(app, '.bench-ddx-uncached.config.mjs'),
  cached: join(app, '.bench-ddx-cached.config.mjs'),
};
const buildOptions = `logLevel: 'silent', build: { outDir: ${JSON.stringify(join(outDir, 'dist'))}, emptyOutDir: true }`;
writeFileSync(configs.none, `export default { plugins: [], ${buildOptions} };\n`);
for (const plugin of ['uncached', 'cached'] as const) {
  writeFileSync(configs[plugin], `import ddx from '@ddx/transform/vite';\nexport default { plugins: [ddx(${JSON.stringify(pluginOptions[plugin])})], ${buildOptions} };\n`);
}

const apiBuild = (plugin: Plugin) => async (): Promise<number> => {
  const start = performance.now();
  await build({ root: app, configFile: false, logLevel: 'silent', plugins: plugin === 'none' ? [] : [ddx(pluginOptions[plugin])], build: { outDir: join(outDir, 'dist'), emptyOutDir: true } });
  return performance.now() - start;
};

/** Removes the stored results (not the compiler's code cache), as an edit of every module with call sites would. */
const forgetResults = () => {
  if (!existsSync(cacheDir)) return;
  for (const file of readdirSync(cacheDir, { recursive: true, encoding: 'utf8' })) if (file.endsWith('.json')) rmSync(join(cacheDir, file));
};

const cliBuild = (plugin: Plugin, before?: () => void) => (): number => {
  before?.();
  const start = performance.now();
  const run = spawnSync(process.execPath, [viteBin, 'build', '--config', configs[plugin]], { cwd: app, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`vite build failed:\n${run.stderr}`);
  return performance.now() - start;
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

type Timed = () => number | Promise<number>;

/** Alternating pairs after one uncounted warm-up of each kind; which goes first alternates too. */
async function measure(name: string, without: Timed, withPlugin: Timed): Promise<void> {
  await without();
  await withPlugin();
  const times = { with: [] as number[], without: [] as number[] };
  for (let pair = 0; pair < pairs; pair++) {
    for (const plugin of pair % 2 === 0 ? [false, true] : [true, false]) {
      times[plugin ? 'with' : 'without'].push(await (plugin ? withPlugin : without)());
    }
  }
  const ratios = times.with.map((time, i) => time / times.without[i]);
  console.log(`${name}: without ${median(times.without).toFixed(0)} ms, with ${median(times.with).toFixed(0)} ms (medians); ` +
    `median ratio ${median(ratios).toFixed(3)} (target ≤ 1.25)`);
}

try {
  console.log(`vite build of examples/vite-app, ${pairs} alternating pairs per setting`);
  await measure('cli, clean checkout (no cache)        ', cliBuild('none'), cliBuild('uncached'));
  await measure('cli, edited (compiler code cache only)', cliBuild('none'), cliBuild('cached', forgetResults));
  await measure('cli, unchanged (results cached)       ', cliBuild('none'), cliBuild('cached'));
  await measure('api, no cache   (repeated in one process)', apiBuild('none'), apiBuild('uncached'));
  await measure('api, warm cache (repeated in one process)', apiBuild('none'), apiBuild('cached'));
} finally {
  for (const file of Object.values(configs)) rmSync(file, { force: true });
  rmSync(outDir, { recursive: true, force: true });
}
