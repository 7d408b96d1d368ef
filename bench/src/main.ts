/**
 * `pnpm bench` / `pnpm bench:quick`: runs the accuracy study and the speed suite (each group in a
 * fresh process, see measure.ts), prints a summary, and writes the report (REPORT.md,
 * results.json, plots) into a git-ignored folder — into the published bench/results/ only with
 * `--publish`.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultStepErrors, errorVsStep } from './accuracy.js';
import { formatError, formatRatio, formatTime, table } from './format.js';
import { measureOptions, moreProcessesAtMost, processesFor, runGroupIsolated } from './group.js';
import { compileTargets, emitModes, measureTransformSpeed } from './methods/ddxTransform.js';
import { targetsTable, writeResults, type Results } from './report.js';
import { buildGroups, fullSuite, M, quickSuite, transformTargets, type Engines } from './suite.js';
import { evaluateTargets, type GroupResult } from './targets.js';
import { measureSizes, sizesPlan } from './gradbenchSizes.js';
import { scalarWorkload } from './workloads.js';

export interface Args {
  readonly quick: boolean;
  readonly out: string;
  readonly publish: boolean;
  readonly help: boolean;
}

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where a run writes unless told otherwise: git-ignored, so running the bench leaves the work tree clean. */
export const defaultOut = (quick: boolean): string => join(benchDir, 'out', quick ? 'quick' : 'full');
export const publishedDir = join(benchDir, 'results');

export const usage = `Usage: pnpm bench [--quick] [--out <dir> | --publish]
  --quick      CI smoke test: the reference function, small n, short sampling
  --out <dir>  where to write REPORT.md, results.json and the plots
               (default: bench/out/full, or bench/out/quick with --quick; git-ignored)
  --publish    write the published report, bench/results/ (full mode only), with the
               machine, its load and the commit recorded
  --help       this text`;

/** Parses the command line; throws an Error naming the offending argument. */
export function parseArgs(argv: readonly string[]): Args {
  let quick = false, help = false, publish = false, out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--help' || a === '-h') help = true;
    else if (a === '--publish') publish = true;
    else if (a === '--out') {
      const dir = argv[++i];
      if (dir === undefined || dir.startsWith('--')) throw new Error('`--out` needs a directory, e.g. `--out /tmp/bench`');
      out = resolve(dir);
    } else if (a.startsWith('--out=')) out = resolve(a.slice('--out='.length));
    else if (a === '--') continue; // pnpm passes its separator through
    else throw new Error(`unknown argument \`${a}\`\n${usage}`);
  }
  if (publish && out !== undefined) throw new Error('`--publish` writes bench/results/; it cannot be combined with `--out`');
  if (publish && quick) throw new Error('`--publish` publishes a full run; it cannot be combined with `--quick`');
  return { quick, publish, help, out: publish ? publishedDir : out ?? defaultOut(quick) };
}

/** The commit the run measured (and whether the work tree had changes), for the published report. */
function commit(): string {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: benchDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const hash = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${hash} (with uncommitted changes)` : hash;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

const loadAverage = (): string => os.loadavg().map((l) => l.toFixed(2)).join(', ');

/** The closing summary: every target with its measured figure, spread and verdict, then the reference function's rows. */
export function summary(results: Results): string {
  const lines = ['', 'Design targets (measured, interquartile spread over the rounds, met / missed / unstable)', targetsTable(results.targets), ''];
  for (const id of ['martins.first', 'martins.second']) {
    const g = results.speed.find((x) => x.id === id);
    if (!g) continue;
    lines.push(g.title, table(['method', 'time', '× primal', 'spread', 'rel. error', 'status'], g.rows.map((r) =>
      r.ratio !== undefined
        ? [r.method, formatTime(r.seconds!), formatRatio(r.ratio), `${formatRatio(r.q1!)}–${formatRatio(r.q3!)}`, formatError(r.error), r.status === 'unstable' ? `unstable: ${r.reason}` : 'ok']
        : [r.method, '—', '—', '', '', r.reason ?? r.status])), '');
  }
  const unstable = results.speed.flatMap((g) => g.rows.filter((r) => r.status === 'unstable').map((r) => `${g.id}: ${r.method}`));
  lines.push(unstable.length ? `${unstable.length} rows stayed unstable after re-measuring: ${unstable.join(', ')}` : 'No row stayed unstable.');
  return lines.join('\n');
}

export async function runBench(args: Args, log: (line: string) => void = console.log): Promise<Results> {
  const started = performance.now();
  const loadAtStart = loadAverage();
  const measured = commit(); // at the start: the code that is measured, whatever is edited meanwhile
  const mode = args.quick ? 'quick' : 'full';
  const config = args.quick ? quickSuite : fullSuite;
  log(`ddx bench (${mode} mode): ${config.scalars.length} scalar workloads, gradient n = ${config.gradientSizes.join(', ')}, Hessian n = ${config.hessianSizes.join(', ')}`);
  log(`  writing to ${args.out}${args.publish ? ' (publishing)' : ''}; load average ${loadAtStart} on ${os.cpus().length} cores`);

  log('[1/4] @ddx/transform: generating the compiled derivatives into bench/.generated');
  const transform = await compileTargets(transformTargets(config), log);
  const ready = [...transform.values()].filter((o) => o.ok).length;
  log(`  transform: ${ready} of ${transform.size} derivatives generated (${emitModes.join(' and ')} modes)`);

  log('[2/4] accuracy study: error against step size, and at the default steps');
  const exactFrom = (key: string): [string, (x: number) => number][] => {
    const o = transform.get(`inline:${key}`);
    return o?.ok ? [[M.transform('inline'), o.run as (x: number) => number]] : [];
  };
  const w = scalarWorkload('martins');
  const accuracy = {
    workload: w.name, x: w.x,
    first: errorVsStep('martins', 1, { exact: exactFrom('martins.first') }),
    second: errorVsStep('martins', 2, { exact: exactFrom('martins.second') }),
    defaults: defaultStepErrors(),
  };
  for (const c of accuracy.first) log(`  f'  ${c.method.padEnd(26)} best ${formatError(c.best.error)}${c.flat ? '' : ` at h = ${c.best.h.toExponential(1)}`}`);

  // The ids only: each group is built and measured in its own process.
  const ids: string[] = [];
  const engines: Engines = { jax: 'not loaded in the parent', transform };
  buildGroups(config, engines, (id) => { ids.push(id); return false; });
  const rounds = measureOptions(args.quick).rounds, processes = processesFor('', args.quick);
  log(`[3/4] speed: ${ids.length} groups, each in ${processes} fresh processes (${rounds} rounds in each; a GradBench group's ${rounds} split among them); every method against its own primal; a ddx or hand-written row unstable when pooled, in up to ${moreProcessesAtMost} more`);
  const speed: GroupResult[] = [];
  for (const [i, id] of ids.entries()) {
    const t0 = performance.now();
    log(`(${i + 1}/${ids.length}) ${id}`);
    try {
      speed.push(await runGroupIsolated({ id, quick: args.quick }, log));
    } catch (e) {
      const failure = e instanceof Error ? e.message : String(e);
      log(`  failed: ${failure}`);
      speed.push({ id, title: id, task: id.split('.')[1] as GroupResult['task'], workload: id.split('.')[0], rows: [], failure });
    }
    log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const plan = sizesPlan(config);
  log(`  and ${plan.length} GradBench problems at GradBench's sizes (${plan.map((p) => `${p.name} ${p.sizes}`).join(', ')}), each in one fresh process: reverse mode against the hand-written gradient`);
  const gradbenchSizes = await measureSizes(config, log);
  const transformSpeed = await measureTransformSpeed(1000);

  const results: Results = {
    meta: {
      mode, date: new Date().toISOString(), node: process.version, platform: `${os.platform()} ${os.arch()}`,
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
      load: { start: loadAtStart, end: loadAverage() }, commit: measured, published: args.publish,
      wallSeconds: (performance.now() - started) / 1000, command: args.publish ? 'pnpm bench --publish' : args.quick ? 'pnpm bench:quick' : 'pnpm bench',
    },
    targets: evaluateTargets(speed, transformSpeed, gradbenchSizes),
    speed, gradbenchSizes, accuracy, transformSpeed,
  };
  log('[4/4] writing the report');
  const written = await writeResults(results, args.out);
  log(summary(results));
  const shown = relative(process.cwd(), args.out) || '.';
  log(`\nwrote ${written.length} files to ${shown.startsWith('..') ? args.out : shown}: open ${join(shown.startsWith('..') ? args.out : shown, 'REPORT.md')} ` +
    `(${results.meta.wallSeconds.toFixed(0)} s; load average ${results.meta.load.start} at the start, ${results.meta.load.end} at the end)`);
  if (!args.publish) log('the published report, bench/results/, is unchanged (pnpm bench --publish updates it)');
  return results;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(usage);
    return;
  }
  await runBench(args);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
