/**
 * Timing, through benny (benchmark.js underneath). The only file that knows about benny: to
 * replace it, reimplement `timeCases`.
 */
import b from 'benny';

export interface SpeedCase {
  readonly name: string;
  /** One evaluation; returns a number so the work cannot be optimised away. */
  readonly run: () => number;
  /** Evaluations per timed loop, so one loop lasts ~50 µs (timer and harness overhead stay small). */
  readonly batch: number;
}

export interface Timing {
  readonly name: string;
  /**
   * CPU seconds per evaluation: process CPU time measured around each timed loop (~50 µs), per
   * evaluation, 10th percentile over every loop benny ran. On a shared machine, time spent waiting
   * for a core is not counted, so this is far steadier than wall time (kept for reference below).
   */
  readonly seconds: number;
  /** Wall-clock seconds per evaluation, fastest sample and median over the samples (benny). */
  readonly wallMin: number;
  readonly wallMedian: number;
  /** Relative margin of error of the mean wall time, in percent (benny). */
  readonly rme: number;
  readonly samples: number;
}

export interface SpeedOptions {
  /** Seconds benchmark.js may spend sampling one case. */
  readonly maxTime: number;
  /** Seconds per sample (benchmark.js's minTime): short samples give many, so the fastest is robust. */
  readonly minTime: number;
  readonly minSamples: number;
}

const state = { sink: 0 };
/** The accumulated results (printed at the end so nothing is dead code). */
export const sink = (): number => state.sink;

/**
 * A fresh loop per case: `new Function` gives each case its own compiled code and type feedback,
 * so one case's call target does not make another's call site polymorphic. It counts its calls and
 * the process CPU time they took (one getrusage per loop: the loop is made long enough, ~50 µs,
 * for that to stay small).
 */
function batchedBody(run: () => number, batch: number, counter: Counter): () => void {
  // cpu(c0) returns the microseconds of user and system time since c0.
  const make = new Function('run', 'state', 'counter', 'cpu', `return function () {
    const c0 = cpu();
    let s = 0;
    for (let i = 0; i < ${batch}; i++) s += run();
    const c = cpu(c0);
    counter.loopMicros.push(c.user + c.system);
    counter.loops.push((c.user + c.system) / ${batch});
    counter.calls += ${batch};
    state.sink += s;
  };`);
  return make(run, state, counter, process.cpuUsage.bind(process)) as () => void;
}

interface Counter {
  calls: number;
  /** CPU µs of each timed loop, and the same per call. */
  loopMicros: number[];
  loops: number[];
}

/**
 * CPU seconds per call from the per-loop readings (µs of CPU per call, one per timed loop).
 * Normally the 10th percentile: load on a shared machine only ever adds time (cache misses, other
 * threads of the process such as the garbage collector), so a low quantile is the steady estimate
 * (not the minimum, which would reward the timer's rounding). If the loops were too short for the
 * timer's 1 µs resolution (a bad batch estimate), the mean over all loops, which rounding does not bias.
 */
function cpuPerCall(counter: Counter): number {
  const sorted = counter.loops.slice().sort((a, b) => a - b);
  const resolvable = counter.loopMicros.slice().sort((a, b) => a - b)[counter.loopMicros.length >> 1] >= 20;
  const micros = resolvable ? sorted[Math.floor(0.1 * (sorted.length - 1))] : counter.loopMicros.reduce((a, b) => a + b, 0) / counter.calls;
  return micros / 1e6;
}

/** Times each case in one benny suite; `onCase` is called as each one finishes (progress). */
export async function timeCases(
  title: string,
  cases: readonly SpeedCase[],
  options: SpeedOptions,
  onCase: (t: Timing) => void,
): Promise<Timing[]> {
  const timings: Timing[] = [];
  const batchOf = new Map(cases.map((c) => [c.name, Math.max(1, Math.round(c.batch))]));
  const counters = new Map(cases.map((c): [string, Counter] => [c.name, { calls: 0, loopMicros: [], loops: [] }]));
  await b.suite(
    title,
    ...cases.map((c) => b.add(c.name, batchedBody(c.run, batchOf.get(c.name)!, counters.get(c.name)!), {
      maxTime: options.maxTime, minTime: options.minTime, minSamples: options.minSamples,
    })),
    b.cycle((result) => {
      const batch = batchOf.get(result.name)!;
      const counter = counters.get(result.name)!;
      const t: Timing = {
        name: result.name,
        seconds: cpuPerCall(counter),
        wallMin: result.details.min / batch,
        wallMedian: result.details.median / batch,
        rme: result.details.relativeMarginOfError,
        samples: result.samples,
      };
      timings.push(t);
      onCase(t);
      return undefined; // no benny console output: progress is printed by the caller
    }),
  );
  return timings;
}
