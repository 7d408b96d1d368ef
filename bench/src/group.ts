/**
 * One workload group, measured: every candidate computed once and checked against the reference,
 * then every method timed against its own primal baseline in alternating rounds (measure.ts).
 * Run as a script, this file is the fresh process a group runs in (`runGroupIsolated`).
 */
import { fileURLToPath } from 'node:url';
import { relativeError } from './accuracy.js';
import { inFreshProcess, measureAgainstPrimal, median, serveInChild, summarise, type Round } from './measure.js';
import { loadCompiled } from './methods/ddxTransform.js';
import { loadJax } from './methods/jax.js';
import { loadTfjs } from './methods/tfjs.js';
import { loadMathjs } from './methods/mathjs.js';
import { problem } from './gradbench/problems.js';
import { formatRatio, formatTime } from './format.js';
import { timeCases, warmUp, type SpeedCase, type SpeedOptions } from './speed.js';
import { buildGroups, fullSuite, M, quickSuite, type Candidate, type Group, type Result, type SuiteConfig } from './suite.js';
import type { GroupResult, SpeedRow } from './targets.js';

export interface MeasureOptions extends SpeedOptions {
  /** Milliseconds of calls before a case is timed (V8 tiers up first). */
  readonly warmupMs: number;
  /** Rounds per method, each timing the primal and the method back to back. */
  readonly rounds: number;
}

/** benny's sampling per case and round; warm-up; rounds per method (5: more rounds mostly add chances for the baseline check to trip under load). */
export const measureOptions = (quick: boolean): MeasureOptions =>
  quick
    ? { maxTime: 0.01, minTime: 0.001, minSamples: 5, delay: 0, warmupMs: 10, rounds: 5 }
    : { maxTime: 0.02, minTime: 0.001, minSamples: 5, delay: 0, warmupMs: 30, rounds: 5 };

const firstNumber = (r: Result): number => (typeof r === 'number' ? r : Array.isArray(r[0]) ? (r[0] as number[])[0] : (r[0] as number));

/**
 * The calls per timed loop so one loop lasts ~50 µs (timer and harness overhead stay small).
 * Estimated after `warmupMs` of calls: a first call runs in V8's interpreter, often 10–50× slower
 * than optimised code, and a batch sized from it made loops of a few calls (5 for a 160 ns
 * function), whose readings jumped between two levels from round to round.
 */
function batchSize(compute: () => Result, warmupMs: number): number {
  for (const start = performance.now(); performance.now() - start < warmupMs; ) compute();
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < 2 && calls < 100_000) {
    compute();
    calls++;
  }
  const perCall = (performance.now() - start) / 1000 / calls;
  return Math.min(100_000, Math.max(1, Math.round(50e-6 / perCall)));
}

const failure = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0] : String(e));

/** Computes each candidate once (result, error), then times the ones that ran against the primal. */
export async function measureGroup(g: Group, options: MeasureOptions, progress: (line: string) => void): Promise<GroupResult> {
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
      const s = m.stats;
      rows.push({
        method: c.method, family: c.family, status: m.stability, error,
        seconds: s.seconds, primalSeconds: s.primalSeconds, ratio: s.ratio, q1: s.q1, q3: s.q3, min: s.min, max: s.max,
        spread: s.spread, baselineDrift: s.baselineDrift, rounds: s.rounds, attempts: m.attempts,
        ...(m.problems.length ? { reason: m.problems.join('; ') } : {}),
      });
      progress(`  ${c.method.padEnd(26)} ${formatRatio(s.ratio).padStart(8)} primal (${formatRatio(s.q1)}–${formatRatio(s.q3)}, ${formatTime(s.seconds)})` +
        `${m.attempts > 1 ? ', re-measured' : ''}${m.stability === 'unstable' ? ` — unstable: ${m.problems.join('; ')}` : ''}`);
    } catch (e) {
      rows.push({ method: c.method, family: c.family, status: 'failed', reason: `timing failed: ${failure(e)}` });
    }
  }
  // The primal's own row: its median over every round of the group, and how far it moved overall.
  const p = rows.find((r) => r.method === M.primal)!;
  if (primalRounds.length) {
    const s = summarise(primalRounds.map((t) => ({ primal: t, method: t })));
    Object.assign(p, { seconds: median(primalRounds), primalSeconds: median(primalRounds), ratio: 1, q1: 1, q3: 1, min: 1, max: 1, spread: 0, baselineDrift: s.baselineDrift, rounds: primalRounds.length });
  }
  return { id: g.id, title: g.title, task: g.task, workload: g.workload, n: g.n, rows };
}

/** What the parent asks a group's process to do. */
export interface GroupRequest {
  readonly id: string;
  readonly quick: boolean;
}

// The peers are loaded by the groups that use them only: importing each takes seconds.
const needsJax = (id: string, config: SuiteConfig): boolean => id.startsWith('martins.') || (config.jaxVectors && /^(rosenbrock|brown)/.test(id));
const needsMathjs = (id: string): boolean => /\.(first|second)$/.test(id);
const needsTfjs = (id: string): boolean =>
  /^(rosenbrock\.gradient\.|classifier\.)/.test(id) || (id.startsWith('gradbench.') && problem(id.slice('gradbench.'.length))?.tfjs !== undefined);

/** In the group's process: builds that one group (engines loaded there) and measures it. */
async function serveGroup(request: GroupRequest, progress: (line: string) => void): Promise<GroupResult> {
  const config = request.quick ? quickSuite : fullSuite;
  const transform = await loadCompiled();
  const jax = needsJax(request.id, config) ? await loadJax() : 'not loaded for this group';
  const tfjs = needsTfjs(request.id) ? await loadTfjs() : 'not loaded for this group';
  const mathjs = needsMathjs(request.id) ? await loadMathjs() : 'not loaded for this group';
  const [group] = buildGroups(config, { jax, tfjs, mathjs, transform }, (id) => id === request.id);
  if (!group) throw new Error(`no group ${request.id} in the ${request.quick ? 'quick' : 'full'} suite`);
  return measureGroup(group, measureOptions(request.quick), progress);
}

const thisFile = fileURLToPath(import.meta.url);

/** Measures one group in a fresh Node process, so the JIT state other groups leave cannot move its baseline. */
export function runGroupIsolated(request: GroupRequest, progress: (line: string) => void): Promise<GroupResult> {
  return inFreshProcess<GroupRequest, GroupResult>(thisFile, request, progress);
}

if (process.send && process.argv[1] === thisFile) serveInChild(serveGroup);
