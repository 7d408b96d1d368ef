/**
 * Timing, through benny (benchmark.js underneath). The only file that knows about benny: to
 * replace it, reimplement `timeCases`.
 */
import b from 'benny';

export interface SpeedCase {
  readonly name: string;
  /** One evaluation; returns a number so the work cannot be optimised away. */
  readonly run: () => number;
  /** Evaluations per timed call, to keep the harness overhead small next to fast functions. */
  readonly batch: number;
}

export interface Timing {
  readonly name: string;
  /** Median seconds per evaluation. */
  readonly seconds: number;
  /** Relative margin of error of the mean, in percent. */
  readonly rme: number;
  readonly samples: number;
}

export interface SpeedOptions {
  /** Seconds benchmark.js may spend sampling one case. */
  readonly maxTime: number;
  readonly minSamples: number;
}

const state = { sink: 0 };
/** The accumulated results (printed at the end so nothing is dead code). */
export const sink = (): number => state.sink;

/**
 * A fresh loop per case: `new Function` gives each case its own compiled code and type feedback,
 * so one case's call target does not make another's call site polymorphic.
 */
function batchedBody(run: () => number, batch: number): () => void {
  const make = new Function('run', 'state', `return function () { let s = 0; for (let i = 0; i < ${batch}; i++) s += run(); state.sink += s; };`);
  return make(run, state) as () => void;
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
  await b.suite(
    title,
    ...cases.map((c) => b.add(c.name, batchedBody(c.run, batchOf.get(c.name)!), { maxTime: options.maxTime, minSamples: options.minSamples })),
    b.cycle((result) => {
      const t: Timing = {
        name: result.name,
        seconds: result.details.median / batchOf.get(result.name)!,
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
