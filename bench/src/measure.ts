/**
 * How the bench measures, in one module: every workload group in a fresh Node process, every
 * method timed in rounds alternating with its own primal baseline, the median ratio with its
 * spread, and the checks that decide whether a figure can be trusted. benny times each case
 * (speed.ts); everything around it is here.
 *
 * The statistics and checks are pure functions over timings (tested on synthetic timings in
 * test/measure.test.ts); `measureAgainstPrimal` runs the rounds and `inFreshProcess` the isolation.
 */
import { fork } from 'node:child_process';

/** One round: seconds per call of the primal and of the method, timed back to back. */
export interface Round {
  readonly primal: number;
  readonly method: number;
}

/** What a method's rounds say. Ratios are method ÷ primal of the same round. */
export interface RatioStats {
  /** Median of the per-round ratios: the figure reported. */
  readonly ratio: number;
  /** Interquartile range and extremes of the per-round ratios. */
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  /** (q3 − q1) / median: how much the rounds disagree. */
  readonly spread: number;
  /** (slowest − fastest primal round) / fastest: how far the baseline moved. */
  readonly baselineDrift: number;
  /** Median seconds per call of the method and of its primal rounds. */
  readonly seconds: number;
  readonly primalSeconds: number;
  readonly rounds: number;
  /**
   * Rounds from several processes (`pool`): the standard error of the figure, the mean of the
   * processes' medians (their standard deviation / √processes), relative to it; 0 for one process.
   */
  readonly processError: number;
}

/** The limits past which a figure is re-measured, and printed as unstable if it stays past them. */
export const limits = {
  /** A derivative cheaper than this many primal evaluations is suspicious (a dead primal, a folded loop, a noisy baseline). */
  fasterThanPrimal: 0.9,
  /** Interquartile range of the round ratios, relative to their median. */
  spread: 0.2,
  /** Movement of the primal baseline between rounds, relative to its fastest round. */
  baselineDrift: 0.25,
  /**
   * Standard error of the mean of the processes' medians, relative to it: how far the figure of
   * another set of processes could be. A third of `bench:stability`'s 15%: two runs' figures of
   * that error each differ by 7% (one standard deviation). Unlike the distance between the
   * fastest and the slowest process, it shrinks as processes are added.
   */
  processError: 0.05,
} as const;

/** The p-quantile of sorted values, interpolating linearly (p = 0.5: the median). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at), hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export const median = (values: readonly number[]): number => quantile(values.slice().sort((a, b) => a - b), 0.5);

export function summarise(rounds: readonly Round[]): RatioStats {
  if (rounds.length === 0) throw new Error('summarise: no rounds');
  const ratios = rounds.map((r) => r.method / r.primal).sort((a, b) => a - b);
  const primals = rounds.map((r) => r.primal);
  const ratio = quantile(ratios, 0.5);
  const q1 = quantile(ratios, 0.25), q3 = quantile(ratios, 0.75);
  const fastest = Math.min(...primals);
  return {
    ratio, q1, q3, min: ratios[0], max: ratios[ratios.length - 1],
    spread: (q3 - q1) / ratio,
    baselineDrift: (Math.max(...primals) - fastest) / fastest,
    seconds: median(rounds.map((r) => r.method)),
    primalSeconds: median(primals),
    rounds: rounds.length,
    processError: 0,
  };
}

/**
 * Why a figure cannot be trusted as it stands (empty: it can). `derivative` is false for the
 * primal's own row, which may be as fast as itself.
 */
export function problems(s: RatioStats, derivative: boolean): string[] {
  const out: string[] = [];
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  if (derivative && s.ratio < limits.fasterThanPrimal) out.push(`faster than ${limits.fasterThanPrimal}× its primal (${s.ratio.toFixed(2)}×)`);
  if (s.spread > limits.spread) out.push(`rounds spread ${pct(s.spread)} (interquartile, limit ${pct(limits.spread)})`);
  if (s.baselineDrift > limits.baselineDrift) out.push(`baseline moved ${pct(s.baselineDrift)} between rounds (limit ${pct(limits.baselineDrift)})`);
  if (s.processError > limits.processError) out.push(`processes disagree (standard error ${(100 * s.processError).toFixed(1)}%, limit ${pct(limits.processError)})`);
  return out;
}

/**
 * Whether more processes can mend a pooled figure: when its processes disagree (the standard error
 * of their mean shrinks as processes are added) or a derivative reads cheaper than its primal (the
 * figure may move). The spread and the baseline's movement over every round of every process do not
 * shrink with more processes: they are what pooling draws of compiled code shows.
 */
export const moreProcessesMayMend = (s: RatioStats, derivative: boolean): boolean =>
  s.processError > limits.processError || (derivative && s.ratio < limits.fasterThanPrimal);

export type Stability = 'ok' | 'unstable';

export interface Measured {
  readonly stats: RatioStats;
  readonly stability: Stability;
  /** The problems of the last attempt (empty when ok). */
  readonly problems: readonly string[];
  /** 1, or 2 when the first attempt had problems and the figure was re-measured. */
  readonly attempts: number;
  /** The rounds of the last attempt (for pooling with other processes' rounds, `pool`). */
  readonly timings: readonly Round[];
}

/** Decides from one or two attempts: the second replaces the first; still a problem → unstable. */
export function judge(attempts: readonly RatioStats[], derivative: boolean, timings: readonly Round[] = []): Measured {
  const stats = attempts[attempts.length - 1];
  const found = problems(stats, derivative);
  return { stats, stability: found.length === 0 ? 'ok' : 'unstable', problems: found, attempts: attempts.length, timings };
}

/**
 * One method's rounds from several fresh processes, pooled. Each process compiles the code anew,
 * and the speed of a compiled copy of a large function is a draw: recompiling GradBench ht's
 * residuals (~11 µs) in one process moves it between 11.0 and 12.4–12.9 µs, copy after copy, with
 * the same type feedback, no deoptimisation and no load. One process measures one draw of the
 * primal and one of the method, however many rounds it runs, so a group's ratios jumped by 12–25%
 * between runs. The figure is therefore the mean over the processes of each one's median ratio (each
 * process weighs the same, and the draws average out rather than flip, as a median of the pooled rounds
 * would with a majority of slow copies); the quartiles, extremes and baseline drift are over every
 * round of every process, so the spread shows how far the draws were apart, and the standard error
 * of that mean (`processError`) how far another set of processes could put the figure.
 */
export function pool(perProcess: readonly (readonly Round[])[]): RatioStats {
  const measured = perProcess.filter((r) => r.length > 0);
  if (measured.length === 0) throw new Error('pool: no rounds');
  const all = summarise(measured.flat());
  if (measured.length === 1) return all;
  const each = measured.map(summarise);
  const mean = (f: (s: RatioStats) => number) => each.reduce((sum, s) => sum + f(s), 0) / each.length;
  const ratio = mean((s) => s.ratio);
  const variance = each.reduce((sum, s) => sum + (s.ratio - ratio) ** 2, 0) / (each.length - 1);
  return {
    ...all, ratio, spread: (all.q3 - all.q1) / ratio, seconds: mean((s) => s.seconds), primalSeconds: mean((s) => s.primalSeconds),
    processError: Math.sqrt(variance / each.length) / ratio,
  };
}

/**
 * Times a method against its primal in `rounds` rounds, A B A B … (the order inside a round
 * alternates, so a drift of the machine's load does not favour either), then checks the figure; if
 * it has a problem, measures it once more with fresh rounds.
 * `timePair(first, second)` times two cases back to back and returns seconds per call of each.
 */
export async function measureAgainstPrimal(
  timePair: (order: 'primal first' | 'method first') => Promise<Round>,
  rounds: number,
  derivative: boolean,
): Promise<Measured> {
  let timings: Round[] = [];
  const attempt = async (): Promise<RatioStats> => {
    timings = [];
    for (let i = 0; i < rounds; i++) timings.push(await timePair(i % 2 === 0 ? 'primal first' : 'method first'));
    return summarise(timings);
  };
  const first = await attempt();
  if (problems(first, derivative).length === 0) return judge([first], derivative, timings);
  return judge([first, await attempt()], derivative, timings);
}

// --- isolation --------------------------------------------------------------------------------

/** A message from a group's process: a progress line, its result, or why it failed. */
export type FromChild<R> = { kind: 'progress'; line: string } | { kind: 'result'; result: R } | { kind: 'error'; message: string };

/**
 * V8's young generation in every measuring process: one fixed size instead of V8's default, which
 * starts at 1 MB and grows (to 32 MB on the 2-core machine) or shrinks with what the process has
 * allocated and kept so far. Code that allocates per operation ran at one of two speeds depending on
 * that history, drawn per process (README, "Young generation"): GradBench gmm's reverse natural form
 * read 45.9× and 58.5× in 2 of 16 fresh processes and 76–81× in the rest, the Dual on Rosenbrock's
 * gradient took 290–302 µs a call in 3 of 11 and 231–255 µs in the rest; fixed, 75.6–81.1× in 26 of 26
 * and 232–252 µs in 16 of 16. Held at 1 MB (V8's starting size) gmm's dual rows ran 7–10% slower
 * than held at 4, 16 or 32 MB, which read alike. A full collection before every case (`--expose-gc`)
 * moved the figures themselves (gmm's transform dual 116–176× against 99–111×) and is not used.
 */
export const measuringProcessFlags: readonly string[] = ['--min-semi-space-size=16', '--max-semi-space-size=16'];

/**
 * Runs `script` in a fresh Node process (same loader flags as this one, so TypeScript runs as
 * here, and `measuringProcessFlags`), sends it `request`, relays its progress lines, and resolves
 * with its result. The child answers through `serveInChild`. A crash or a missing answer rejects
 * with what was seen.
 */
export function inFreshProcess<Q, R>(script: string, request: Q, progress: (line: string) => void): Promise<R> {
  return new Promise((resolve, reject) => {
    const execArgv = [...process.execArgv, ...measuringProcessFlags];
    const child = fork(script, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    let stderr = '';
    let settled = false;
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('message', (m: FromChild<R>) => {
      if (m.kind === 'progress') progress(m.line);
      else if (m.kind === 'result') { settled = true; resolve(m.result); }
      else { settled = true; reject(new Error(m.message)); }
    });
    child.on('error', (e) => { if (!settled) { settled = true; reject(e); } });
    child.on('exit', (code, signal) => {
      if (!settled) {
        settled = true;
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`group process exited (${signal ?? `code ${code}`}) without a result${tail ? `: ${tail}` : ''}`));
      }
    });
    child.send(request as Parameters<typeof child.send>[0]);
  });
}

/** The child's side: answers one request with `handle`, sending progress lines on the way, then exits. */
export function serveInChild<Q, R>(handle: (request: Q, progress: (line: string) => void) => Promise<R>): void {
  const send = (m: FromChild<R>) => new Promise<void>((done) => process.send!(m, () => done()));
  process.once('disconnect', () => process.exit(1)); // the parent is gone: nobody waits for the result
  process.once('message', async (request: Q) => {
    try {
      const result = await handle(request, (line) => { void send({ kind: 'progress', line }); });
      await send({ kind: 'result', result });
    } catch (e) {
      await send({ kind: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
    process.disconnect();
    process.exit(0);
  });
}
