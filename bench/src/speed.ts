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
   * Seconds per evaluation: the wall time of each timed loop (~50 µs), per evaluation, 10th
   * percentile over every loop benny ran. On a shared machine a loop that the scheduler interrupts
   * (or the garbage collector pauses) is slow and falls above that quantile, while most 50 µs loops
   * run uninterrupted. (Process CPU time was tried and is worse: it also counts the process's other
   * threads, V8's concurrent compilers and GC helpers.)
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
  /** Seconds benchmark.js pauses between cycles (its default, 5 ms, is most of a short case's time). */
  readonly delay?: number;
}

const state = { sink: 0 };
/** The accumulated results (printed at the end so nothing is dead code). */
export const sink = (): number => state.sink;

/**
 * A loop of its own per case: `new Function` gives each case its own compiled code and type
 * feedback, so one case's call target does not make another's call site polymorphic. Made once per
 * case and reused in every round (a fresh loop each round would start in the interpreter again and
 * tier up during the round). It counts its calls and the wall time of each loop (made long
 * enough, ~50 µs, for the two clock reads to stay small).
 */
function batchedBody(run: () => number, batch: number, counter: Counter): () => void {
  // now() is performance.now(): milliseconds, with sub-microsecond resolution in Node.
  const make = new Function('run', 'state', 'counter', 'now', `return function () {
    const t0 = now();
    let s = 0;
    for (let i = 0; i < ${batch}; i++) s += run();
    counter.loops.push((now() - t0) * 1000 / ${batch});
    counter.calls += ${batch};
    state.sink += s;
  };`);
  return make(run, state, counter, performance.now.bind(performance)) as () => void;
}

interface Counter {
  calls: number;
  /** µs per call of each timed loop. */
  loops: number[];
}

interface Prepared { readonly body: () => void; readonly counter: Counter; readonly batch: number }
const prepared = new WeakMap<SpeedCase, Prepared>();

function prepare(c: SpeedCase): Prepared {
  let p = prepared.get(c);
  if (!p) {
    const counter: Counter = { calls: 0, loops: [] };
    const batch = Math.max(1, Math.round(c.batch));
    p = { body: batchedBody(c.run, batch, counter), counter, batch };
    prepared.set(c, p);
  }
  return p;
}

/** Runs a case's timed loop for `ms` milliseconds, untimed, so V8 has optimised it before the first round. */
export function warmUp(c: SpeedCase, ms: number): void {
  const p = prepare(c);
  for (const start = performance.now(); performance.now() - start < ms; ) p.body();
  Object.assign(p.counter, { calls: 0, loops: [] });
}

/**
 * Seconds per call from the per-loop readings (µs per call, one per timed loop): the 10th
 * percentile. Load on a shared machine only ever adds time (preemption, cache misses, GC pauses),
 * so a low quantile is the steady estimate (not the minimum, which rewards one lucky loop).
 */
function secondsPerCall(counter: Counter): number {
  const sorted = counter.loops.slice().sort((a, b) => a - b);
  return sorted[Math.floor(0.1 * (sorted.length - 1))] / 1e6;
}

/** Times each case in one benny suite (in the order given); `onCase` is called as each one finishes. */
export async function timeCases(
  title: string,
  cases: readonly SpeedCase[],
  options: SpeedOptions,
  onCase: (t: Timing) => void,
): Promise<Timing[]> {
  const timings: Timing[] = [];
  const ready = new Map(cases.map((c): [string, Prepared] => {
    const p = prepare(c);
    Object.assign(p.counter, { calls: 0, loops: [] });
    return [c.name, p];
  }));
  // benny announces every suite on the console; the bench prints its own progress.
  const log = console.log;
  console.log = () => {};
  try {
    await b.suite(
      title,
      ...cases.map((c) => b.add(c.name, ready.get(c.name)!.body, {
        maxTime: options.maxTime, minTime: options.minTime, minSamples: options.minSamples, delay: options.delay ?? 0,
      })),
      b.cycle((result) => {
        const { batch, counter } = ready.get(result.name)!;
        const t: Timing = {
          name: result.name,
          seconds: secondsPerCall(counter),
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
  } finally {
    console.log = log;
  }
  return timings;
}
