/**
 * Benchmark (not a test): how long the `ddx` command takes, as a user runs it, each run a fresh
 * Node process: `ddx --help`, `ddx --version`, and `ddx gen` / `ddx print` of one small file in a
 * project with node_modules (so that the second and later runs load TypeScript through V8's code
 * cache, as the CLI does in a user's project). The commands alternate, so that machine noise hits
 * them alike, beside `node` running an empty script (Node's own start). Reported are the medians of
 * wall-clock time (with minimum and maximum) and of CPU time (user and system, all threads), and the
 * load average during the runs: on a shared machine wall-clock time follows the load, CPU time
 * much less.
 *
 *   pnpm build && npx tsx test/bench/cli-timing.ts [runs=9]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const runs = Number(process.argv[2] ?? 9);
const ddx = resolve(import.meta.dirname, '../../packages/transform/bin/ddx.mjs');
const project = mkdtempSync(join(tmpdir(), 'ddx-cli-timing-'));
mkdirSync(join(project, 'src'));
mkdirSync(join(project, 'node_modules/@ddx'), { recursive: true });
symlinkSync(resolve(import.meta.dirname, '../../packages/dual'), join(project, 'node_modules/@ddx/dual'));
writeFileSync(join(project, 'src/model.ts'), 'export function damped(x: number): number {\n  return Math.exp(-x / 2) * Math.cos(2 * x);\n}\n');

// Preloaded into each run: writes the process's CPU time at exit.
const cpuReport = join(project, 'cpu-ms');
const cpuPreload = join(project, 'cpu.cjs');
writeFileSync(cpuPreload, `process.on('exit', () => { const { user, system } = process.cpuUsage(); require('node:fs').writeFileSync(${JSON.stringify(cpuReport)}, String((user + system) / 1000)); });\n`);
writeFileSync(join(project, 'empty.mjs'), '');

const commands: Record<string, string[]> = {
  'node (empty script)': [join(project, 'empty.mjs')],
  'ddx --help': [ddx, '--help'],
  'ddx --version': [ddx, '--version'],
  'ddx gen (one small file)': [ddx, 'gen', 'src/model.ts', '--out', 'gen'],
  'ddx print (one function)': [ddx, 'print', 'src/model.ts', '--fn', 'damped'],
};
const times = new Map<string, { wall: number; cpu: number }[]>(Object.keys(commands).map((name) => [name, []]));
const loads: number[] = [];
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

try {
  // One uncounted round first: it writes the code cache that the later runs read.
  for (let round = 0; round <= runs; round++) {
    for (const [name, args] of Object.entries(commands)) {
      const start = performance.now();
      const run = spawnSync(process.execPath, ['--require', cpuPreload, ...args], { cwd: project, encoding: 'utf8' });
      const wall = performance.now() - start;
      if (run.status !== 0) throw new Error(`${name} failed:\n${run.stderr}`);
      if (round > 0) times.get(name)!.push({ wall, cpu: Number(readFileSync(cpuReport, 'utf8')) });
      loads.push(loadavg()[0]);
    }
  }
  console.log(`ddx, each run a fresh process, ${runs} runs of each (node ${process.version}, ${process.platform})`);
  for (const [name, values] of times) {
    const wall = values.map((t) => t.wall);
    console.log(`${name.padEnd(26)} wall median ${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)}), ` +
      `CPU median ${median(values.map((t) => t.cpu)).toFixed(0)} ms`);
  }
  console.log(`load average (1 min) during the runs: ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)}`);
} finally {
  rmSync(project, { recursive: true, force: true });
}
