/**
 * `pnpm bench:stability`: runs the quick bench twice, each as a fresh `pnpm bench:quick` would
 * (its own processes, its own output folder), and reports how far the headline ratios moved
 * between the two runs. They should agree within 15%. Not part of the test suite: on a shared
 * machine a run can be disturbed, and timing never decides a test.
 *
 * Headline ratios: the ratio to the primal of every ddx row and hand-written row of every group.
 * Exit code 0 when every headline ratio agrees within the tolerance, 1 when one does not, 2 when a
 * run failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatRatio, table } from './format.js';
import type { GroupResult } from './targets.js';

export const tolerance = 0.15;

export interface Headline {
  readonly group: string;
  readonly method: string;
  readonly first: number;
  readonly second: number;
  /** max / min − 1: how far the two runs are apart, as a fraction. */
  readonly change: number;
  readonly unstable: boolean;
}

/** The rows compared: ddx's and the hand-written derivatives (group.ts re-measures these when unstable). */
export const isHeadline = (family: string): boolean => family === 'ddx' || family === 'hand-written';

/** Pairs the headline rows of two runs (rows measured in both) and how far each moved. */
export function compareRuns(a: readonly GroupResult[], b: readonly GroupResult[]): Headline[] {
  const out: Headline[] = [];
  for (const g of a) {
    const other = b.find((x) => x.id === g.id);
    for (const r of g.rows) {
      const s = other?.rows.find((x) => x.method === r.method);
      if (!isHeadline(r.family) || r.ratio === undefined || s?.ratio === undefined) continue;
      out.push({
        group: g.id, method: r.method, first: r.ratio, second: s.ratio,
        change: Math.max(r.ratio, s.ratio) / Math.min(r.ratio, s.ratio) - 1,
        unstable: r.status === 'unstable' || s.status === 'unstable',
      });
    }
  }
  return out;
}

export function stabilityReport(rows: readonly Headline[], loads: readonly string[]): { text: string; agree: boolean } {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const within = rows.filter((r) => r.change <= tolerance);
  const worst = rows.reduce<Headline | undefined>((w, r) => (!w || r.change > w.change ? r : w), undefined);
  const changes = rows.map((r) => r.change).sort((x, y) => x - y);
  const medianChange = changes.length ? changes[Math.floor((changes.length - 1) / 2)] : NaN;
  const text = [
    table(['group', 'method', 'run 1', 'run 2', 'moved', `within ${pct(tolerance)}`],
      rows.map((r) => [r.group, r.method, formatRatio(r.first), formatRatio(r.second), pct(r.change), `${r.change <= tolerance ? 'yes' : '**no**'}${r.unstable ? ' (unstable in a run)' : ''}`])),
    '',
    `Stability: ${within.length} of ${rows.length} headline ratios agree within ${pct(tolerance)} between two quick runs; ` +
      `median movement ${pct(medianChange)}, largest ${worst ? `${pct(worst.change)} (${worst.group}: ${worst.method})` : 'n/a'}.`,
    `Load averages (1, 5, 15 min) at the start of each run: ${loads.join(' / ')} on ${os.cpus().length} cores.`,
  ].join('\n');
  return { text, agree: within.length === rows.length && rows.length > 0 };
}

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function main(): void {
  const root = mkdtempSync(join(os.tmpdir(), 'ddx-bench-stability-'));
  const runs: GroupResult[][] = [];
  const loads: string[] = [];
  for (const run of [1, 2]) {
    const out = join(root, `run${run}`);
    loads.push(os.loadavg().map((l) => l.toFixed(2)).join(', '));
    console.log(`stability: quick run ${run} of 2, writing ${out}`);
    const started = performance.now();
    const r = spawnSync(process.execPath, [...process.execArgv, join(benchDir, 'src', 'main.ts'), '--quick', '--out', out], { cwd: benchDir, encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(`stability: quick run ${run} failed (exit ${r.status}):\n${(r.stderr || r.stdout).split('\n').slice(-20).join('\n')}`);
      process.exit(2);
    }
    console.log(`  done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    runs.push((JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { speed: GroupResult[] }).speed);
  }
  const { text, agree } = stabilityReport(compareRuns(runs[0], runs[1]), loads);
  console.log(`\n${text}\n(the two reports: ${root})`);
  process.exit(agree ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
