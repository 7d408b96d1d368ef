/**
 * One workload group, measured: every candidate computed once and checked against the reference,
 * then every method timed against its own primal baseline in alternating rounds (measure.ts).
 * Run as a script, this file is the fresh process a group runs in (`runGroupIsolated`).
 */
import { fileURLToPath } from 'node:url';
import { relativeError } from './accuracy.js';
import { inFreshProcess, measureAgainstPrimal, median, moreProcessesMayMend, pool, problems, serveInChild, summarise, type RatioStats, type Round } from './measure.js';
import { loadCompiled } from './methods/ddxTransform.js';
import { loadJax } from './methods/jax.js';
import { loadTfjs } from './methods/tfjs.js';
import { loadMathjs } from './methods/mathjs.js';
import { problem } from './gradbench/problems.js';
import { formatRatio, formatTime } from './format.js';
import { timeCases, warmUp, type SpeedCase, type SpeedOptions } from './speed.js';
import { isHeadline } from './stability.js';
import { buildGroups, fullSuite, M, quickSuite, type Candidate, type Group, type Result, type SuiteConfig } from './suite.js';
import type { GroupResult, SpeedRow } from './targets.js';

export interface MeasureOptions extends SpeedOptions {
  /** Milliseconds of calls before a case is timed (V8 tiers up first). */
  readonly warmupMs: number;
  /** Rounds per method, each timing the primal and the method back to back (over all of a group's processes). */
  readonly rounds: number;
}

/**
 * Fresh processes a group is measured in (`pool` in measure.ts says why), 3 in the quick bench
 * (which `bench:stability` compares) and 2 in the full one: the speed of compiled code is a draw per
 * process. For the GradBench problems, whose functions are large (ht's residuals ~11 µs, their
 * derivatives up to milliseconds), each compiled copy's speed is a draw of 12–25%, and their rounds
 * are split among the processes (each process adds ~1 s of start-up and warm-up, and their groups are
 * the slow ones). The small workloads draw too, through the run-time engine's allocations and the
 * collector (the Dual on martins' f′ read 2.70× and 2.24× in two quick runs of one process each), but
 * each of their processes needs all its rounds: with 2, the primal timed beside brown's hand-written
 * Jacobian read 31–100 ns instead of 131 ns in a fresh process's first rounds (ade3d3f, reverted).
 */
export const processesFor = (_id: string, quick: boolean): number => (quick ? 3 : 2);

/**
 * Fresh processes added, at most, for the rows still unstable once a group's processes are pooled
 * (`rowsToRemeasure`, `runGroupIsolated`). Re-measuring inside a process takes fresh rounds of the
 * same compiled code, which does not help when the draw of that code is what varies: in the quick
 * runs of 5 December the one headline row per run outside 15% (llsq reverse, martins' transform
 * dual, the Dual on martins' f′) had each been marked unstable within its run. Resampling the
 * medians of nine processes each (martins' f′, llsq, brown; loaded machine): rows whose processes
 * differ by 13–16% (one standard deviation) moved by more than 15% between two runs of 3 processes
 * in 15–24% of the pairs, with up to 3 more 7–12%; the ddx and hand-written rows (≤ 7%) took 3.0–3.2
 * processes on average. A draw of two levels far apart is not helped when the first 3 processes
 * happen to agree: nothing in the run shows it.
 */
export const moreProcessesAtMost = 3;

/** Rounds per process: a GradBench group's rounds split among its processes, every round in each process of another group (processesFor). */
export const roundsPerProcess = (id: string, quick: boolean): number => {
  const { rounds } = measureOptions(quick);
  return id.startsWith('gradbench.') ? Math.ceil(rounds / processesFor(id, quick)) : rounds;
};

/** benny's sampling per case and round; warm-up; rounds per method (5: more rounds mostly add chances for the baseline check to trip under load). */
export const measureOptions = (quick: boolean): MeasureOptions =>
  quick
    ? { maxTime: 0.01, minTime: 0.001, minSamples: 5, delay: 0, warmupMs: 10, rounds: 5 }
    : { maxTime: 0.02, minTime: 0.001, minSamples: 5, delay: 0, warmupMs: 30, rounds: 5 };

const firstNumber = (r: Result): number => (typeof r === 'number' ? r : Array.isArray(r[0]) ? (r[0] as number[])[0] : (r[0] as number));

/**
 * Calls a case makes before it is timed, however long `warmupMs` is (up to `warmupCapMs`). A
 * heavy function is still in V8's lower tiers after a few milliseconds: gmm's natural-form inline
 * gradient took 2–6 ms per call for its first 40–70 calls (its tangent function deoptimised on
 * the elements kind of its tangent arrays, small integers in the first sweeps and doubles after,
 * and was recompiled), then 0.25 ms; with 10 ms of warm-up, whether a process's few rounds came
 * before or after that decided between 850× and 105× primal.
 */
const warmupCalls = 100;
/** The longest a case warms up for: a case of more than 10 ms per call stops before `warmupCalls`. */
const warmupCapMs = 1000;

/**
 * The calls per timed loop so one loop lasts ~50 µs (timer and harness overhead stay small).
 * Estimated after the warm-up (`warmupMs` and `warmupCalls`): a first call runs in V8's
 * interpreter, often 10–50× slower than optimised code, and a batch sized from it made loops of a
 * few calls (5 for a 160 ns function), whose readings jumped between two levels from round to round.
 * The time per call is the fastest of short windows over 2 ms (`fastestPerCall`), not one
 * window of 2 ms: load only ever adds time, and a 2 ms window that the scheduler interrupts reads
 * many times slower. At load 30–40 one window gave martins' f′ loops of 1–19 calls for the Dual
 * (six of eight fresh processes 1 or 2) and 1–33 for the transform's dual, drawn per process, where
 * ~50 µs would take ~190, and a loop of a call or two reads mostly its two clock reads: the Dual read
 * 2.16–2.78× (median 2.48×) across the eight; sized from the fastest window, 24–45 calls in eight
 * processes alternating with those, 2.14–2.55× (median 2.26×).
 */
function batchSize(compute: () => Result, warmupMs: number): number {
  for (let start = performance.now(), warm = 0, elapsed = 0; (elapsed < warmupMs || warm < warmupCalls) && elapsed < warmupCapMs; warm++) {
    compute();
    elapsed = performance.now() - start;
  }
  return Math.min(100_000, Math.max(1, Math.round(50e-6 / fastestPerCall(compute))));
}

/**
 * Seconds per call, the fastest of windows within 2 ms (a call at least): the calls per window
 * doubled from 1 until a window lasts 10 µs, many clock reads' worth, then windows of that many.
 */
function fastestPerCall(compute: () => Result): number {
  const start = performance.now();
  let calls = 1, fastest = Infinity;
  for (let seconds = secondsFor(compute, calls); ; seconds = secondsFor(compute, calls *= 2)) {
    fastest = Math.min(fastest, seconds / calls);
    if (seconds >= 10e-6 || calls >= 100_000) break;
  }
  while (performance.now() - start < 2) fastest = Math.min(fastest, secondsFor(compute, calls) / calls);
  return fastest;
}

/** Seconds `calls` calls take, back to back. */
function secondsFor(compute: () => Result, calls: number): number {
  const start = performance.now();
  for (let i = 0; i < calls; i++) compute();
  return (performance.now() - start) / 1000;
}

const failure = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0] : String(e));

/** A measured row's progress line: its figure, quartiles and time per call, and whether it was re-measured or stayed unstable. */
function rowLine(r: SpeedRow): string {
  return `  ${r.method.padEnd(26)} ${formatRatio(r.ratio!).padStart(8)} primal (${formatRatio(r.q1!)}–${formatRatio(r.q3!)}, ${formatTime(r.seconds!)})` +
    `${(r.attempts ?? 1) > 1 ? ', re-measured' : ''}${r.status === 'unstable' ? ` — unstable: ${r.reason}` : ''}`;
}

/**
 * Computes each candidate once (result, error), then times the ones that ran against the primal.
 * `timings`, if given, receives each row's rounds (the primal's under its own name), for `pool`.
 * `only`, if given, names the methods timed (and given rows): the others are still computed and
 * warmed up, so the code that is timed has the same history in the process as in a whole group's.
 */
export async function measureGroup(
  g: Group, options: MeasureOptions, progress: (line: string) => void, timings?: Map<string, Round[]>, only?: readonly string[],
): Promise<GroupResult> {
  const checked = g.candidates.map((c: Candidate) => {
    if (!c.compute) return { c, row: { method: c.method, family: c.family, status: 'unavailable', reason: c.unavailable } as SpeedRow };
    try {
      const value = c.compute();
      return { c, error: c.family === 'primal' ? undefined : relativeError(value, g.reference) };
    } catch (e) {
      return { c, row: { method: c.method, family: c.family, status: 'failed', reason: failure(e) } as SpeedRow };
    }
  });
  const caseOf = new Map<string, SpeedCase>();
  for (const { c, row } of checked) {
    if (row) continue;
    const compute = c.compute!;
    const speedCase = { name: c.method, run: () => firstNumber(compute()), batch: batchSize(compute, options.warmupMs) };
    warmUp(speedCase, options.warmupMs); // so sampling does not start in the middle of V8's tier-up
    caseOf.set(c.method, speedCase);
  }
  const primal = caseOf.get(M.primal);
  if (!primal) throw new Error(`${g.id}: the primal did not run`);
  const primalRounds: number[] = [];
  const rows: SpeedRow[] = [];
  for (const { c, row, error } of checked) {
    if (only && c.method !== M.primal && !only.includes(c.method)) continue; // computed and warmed up above, not timed
    if (row) { rows.push(row); continue; }
    if (c.method === M.primal) { rows.push({ method: c.method, family: c.family, status: 'ok' }); continue; }
    const method = caseOf.get(c.method)!;
    const timePair = async (order: 'primal first' | 'method first'): Promise<Round> => {
      const pair = order === 'primal first' ? [primal, method] : [method, primal];
      const t = await timeCases(g.title, pair, options, () => {});
      const round = { primal: t.find((x) => x.name === M.primal)!.seconds, method: t.find((x) => x.name === c.method)!.seconds };
      primalRounds.push(round.primal);
      return round;
    };
    try {
      const m = await measureAgainstPrimal(timePair, options.rounds, true);
      timings?.set(c.method, [...m.timings]);
      const row = measuredRow(c.method, c.family, error, m.stats, m.problems, m.attempts);
      rows.push(row);
      progress(rowLine(row));
    } catch (e) {
      rows.push({ method: c.method, family: c.family, status: 'failed', reason: `timing failed: ${failure(e)}` });
    }
  }
  // The primal's own row: its median over every round of the group, and how far it moved overall.
  const p = rows.find((r) => r.method === M.primal)!;
  if (primalRounds.length) {
    timings?.set(M.primal, primalRounds.map((t) => ({ primal: t, method: t })));
    const s = summarise(primalRounds.map((t) => ({ primal: t, method: t })));
    Object.assign(p, { seconds: median(primalRounds), primalSeconds: median(primalRounds), ratio: 1, q1: 1, q3: 1, min: 1, max: 1, spread: 0, baselineDrift: s.baselineDrift, rounds: primalRounds.length });
  }
  return { id: g.id, title: g.title, task: g.task, workload: g.workload, n: g.n, rows };
}

function measuredRow(method: string, family: SpeedRow['family'], error: number | undefined, s: RatioStats, found: readonly string[], attempts: number): SpeedRow {
  return {
    method, family, status: found.length ? 'unstable' : 'ok', error,
    seconds: s.seconds, primalSeconds: s.primalSeconds, ratio: s.ratio, q1: s.q1, q3: s.q3, min: s.min, max: s.max,
    spread: s.spread, baselineDrift: s.baselineDrift, rounds: s.rounds, attempts,
    ...(found.length ? { reason: found.join('; ') } : {}),
  };
}

/** A group's process's answer: the group measured, and each row's rounds (for pooling across processes). */
export interface ProcessResult {
  readonly group: GroupResult;
  readonly timings: ReadonlyMap<string, readonly Round[]>;
}

/** A process's answer and the methods it was asked to time, if not all (`GroupRequest`). */
export interface ProcessRun extends ProcessResult {
  readonly methods?: readonly string[];
}

/**
 * One group's measurements from several processes as one: each timed row's rounds pooled (`pool`)
 * over the processes that timed it, and checked again; a row that failed or was unavailable in any
 * of them is reported as it was there. The first process times every method.
 */
export function mergeProcesses(runs: readonly ProcessRun[]): GroupResult {
  const [first] = runs;
  if (runs.length === 1) return first.group;
  const rows = first.group.rows.map((row): SpeedRow => {
    const timedIn = runsTiming(runs, row);
    const same = timedIn.map((r) => r.group.rows.find((x) => x.method === row.method));
    const unmeasured = same.find((r) => r?.seconds === undefined);
    if (unmeasured || same.includes(undefined)) return unmeasured ?? { method: row.method, family: row.family, status: 'failed', reason: 'missing from a process' };
    const s = pool(timedIn.map((r) => r.timings.get(row.method) ?? []));
    if (row.family === 'primal') return { ...row, seconds: s.primalSeconds, primalSeconds: s.primalSeconds, baselineDrift: s.baselineDrift, rounds: s.rounds, processes: timedIn.length };
    const attempts = Math.max(...same.map((r) => r!.attempts ?? 1));
    return { ...measuredRow(row.method, row.family, row.error, s, problems(s, true), attempts), processes: timedIn.length };
  });
  return { ...first.group, rows };
}

/** The processes that timed a row: all for the primal, else those not limited to other methods. */
const runsTiming = (runs: readonly ProcessRun[], row: SpeedRow): ProcessRun[] =>
  runs.filter((r) => !r.methods || row.family === 'primal' || r.methods.includes(row.method));

/**
 * The rows of a group to measure in another fresh process: ddx's and the hand-written derivatives
 * (the figures `bench:stability` compares and the targets are read from) unstable when pooled,
 * for a reason more processes may mend (`moreProcessesMayMend`). The peers' rows are left as they
 * are: some are unstable in nearly every run (jax-js jit(grad) on martins' f′, the complex step on
 * brown, TensorFlow.js on llsq: 13–19% from process to process), and would add three processes to
 * their groups every time.
 */
export function rowsToRemeasure(runs: readonly ProcessRun[]): string[] {
  return mergeProcesses(runs).rows
    .filter((r) => isHeadline(r.family) && r.ratio !== undefined && r.status === 'unstable')
    .filter((r) => runsTiming(runs, r).length > 1 && moreProcessesMayMend(pool(runsTiming(runs, r).map((p) => p.timings.get(r.method) ?? [])), true))
    .map((r) => r.method);
}

/** What the parent asks a group's process to do. */
export interface GroupRequest {
  readonly id: string;
  readonly quick: boolean;
  /** The methods to time (besides the primal), if not all: a re-measurement (`measureGroup`'s `only`). */
  readonly methods?: readonly string[];
}

// The peers are loaded by the groups that use them only: importing each takes seconds.
const needsJax = (id: string, config: SuiteConfig): boolean => id.startsWith('martins.') || (config.jaxVectors && /^(rosenbrock|brown)/.test(id));
const needsMathjs = (id: string): boolean => /\.(first|second)$/.test(id);
const needsTfjs = (id: string): boolean =>
  /^(rosenbrock\.gradient\.|classifier\.)/.test(id) || (id.startsWith('gradbench.') && problem(id.slice('gradbench.'.length))?.tfjs !== undefined);

/** In the group's process: builds that one group (engines loaded there) and measures it. */
async function serveGroup(request: GroupRequest, progress: (line: string) => void): Promise<ProcessResult> {
  const config = request.quick ? quickSuite : fullSuite;
  const transform = await loadCompiled();
  const jax = needsJax(request.id, config) ? await loadJax() : 'not loaded for this group';
  const tfjs = needsTfjs(request.id) ? await loadTfjs() : 'not loaded for this group';
  const mathjs = needsMathjs(request.id) ? await loadMathjs() : 'not loaded for this group';
  const [group] = buildGroups(config, { jax, tfjs, mathjs, transform }, (id) => id === request.id);
  if (!group) throw new Error(`no group ${request.id} in the ${request.quick ? 'quick' : 'full'} suite`);
  const options = measureOptions(request.quick);
  const timings = new Map<string, Round[]>();
  const measured = await measureGroup(group, { ...options, rounds: roundsPerProcess(request.id, request.quick) }, progress, timings, request.methods);
  return { group: measured, timings };
}

const thisFile = fileURLToPath(import.meta.url);

/**
 * Measures one group in fresh Node processes (`processesFor`), so the JIT
 * state other groups leave cannot move its baseline, and a group whose compiled code's speed is a
 * draw is measured over several draws. Rows still unstable when pooled (`rowsToRemeasure`) are
 * timed in one more fresh process at a time, up to `moreProcessesAtMost`, each pooled with the rest.
 * `inProcess` measures a request in one fresh process (replaced by synthetic timings in the tests).
 */
export async function runGroupIsolated(
  request: GroupRequest,
  progress: (line: string) => void,
  inProcess: (request: GroupRequest, progress: (line: string) => void) => Promise<ProcessResult> = (r, p) => inFreshProcess(thisFile, r, p),
): Promise<GroupResult> {
  const count = processesFor(request.id, request.quick);
  const runs: ProcessRun[] = [];
  const indented = count > 1 ? (line: string) => progress(`  ${line}`) : progress;
  for (let k = 1; k <= count; k++) {
    if (count > 1) progress(`  process ${k} of ${count}:`);
    runs.push(await inProcess(request, indented));
  }
  const started = performance.now();
  for (let more = 1, methods = rowsToRemeasure(runs); methods.length && more <= moreProcessesAtMost; more++, methods = rowsToRemeasure(runs)) {
    progress(`  unstable when pooled, so timed in another fresh process (${more} of at most ${moreProcessesAtMost}): ${methods.join(', ')}`);
    runs.push({ ...(await inProcess({ ...request, methods }, indented)), methods });
  }
  const merged = mergeProcesses(runs);
  if (runs.length > 1) {
    const more = runs.length - count;
    progress(`  pooled over the processes${more ? ` (${more} more: ${((performance.now() - started) / 1000).toFixed(1)} s)` : ''}:`);
    for (const r of merged.rows) if (r.ratio !== undefined && r.family !== 'primal') progress(`${rowLine(r)}, ${r.processes} processes`);
  }
  return merged;
}

if (process.send && process.argv[1] === thisFile) serveInChild(serveGroup);
