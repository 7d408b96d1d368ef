/**
 * The DESIGN performance targets, checked against the ratios measured in one run.
 */
import { M, type Family, type Task } from './suite.js';

export interface SpeedRow {
  readonly method: string;
  readonly family: Family;
  readonly status: 'ok' | 'unavailable' | 'failed';
  readonly reason?: string;
  /** CPU seconds per call (see speed.ts). */
  readonly seconds?: number;
  /** Wall-clock seconds per call: fastest sample and median (benny). */
  readonly wallMin?: number;
  readonly wallMedian?: number;
  /** Relative margin of error of the mean, percent. */
  readonly rme?: number;
  /** seconds ÷ the primal's seconds in the same group. */
  readonly ratio?: number;
  /** Relative error of the result against the reference. */
  readonly error?: number;
}

export interface GroupResult {
  readonly id: string;
  readonly title: string;
  readonly task: Task;
  readonly workload: string;
  readonly n?: number;
  readonly rows: readonly SpeedRow[];
}

export interface TransformSpeed {
  readonly functions: number;
  readonly seconds?: number;
  readonly reason?: string;
}

export interface TargetResult {
  readonly target: string;
  readonly goal: string;
  readonly measured: string;
  /** null: not measured in this run. */
  readonly met: boolean | null;
  readonly note: string;
}

const row = (groups: readonly GroupResult[], id: string, method: string): SpeedRow | undefined =>
  groups.find((g) => g.id === id)?.rows.find((r) => r.method === method);

const x = (v: number): string => `${v.toFixed(2)}×`;
const why = (r: SpeedRow | undefined): string => (r ? r.reason ?? r.status : 'not in this run');

/** "at most `limit` × primal" for one row. */
function ratioAtMost(groups: readonly GroupResult[], target: string, id: string, method: string, limit: number, missNote: string): TargetResult {
  const r = row(groups, id, method);
  const goal = `≤ ${limit}× primal`;
  if (r?.ratio === undefined) return { target, goal, measured: `not measured (${why(r)})`, met: null, note: '' };
  const met = r.ratio <= limit;
  return { target, goal, measured: `${x(r.ratio)} primal`, met, note: met ? '' : `missed by ${x(r.ratio / limit)}: ${missNote}` };
}

/** "`fast` is at least `factor` × faster than `slow`" within one group. */
function fasterBy(groups: readonly GroupResult[], target: string, id: string, fast: string, slow: string, factor: number, missNote: string, exact = false): TargetResult {
  const f = row(groups, id, fast), s = row(groups, id, slow);
  const goal = `≥ ${factor}× faster than ${slow}${exact ? ', exact' : ''}`;
  if (f?.seconds === undefined || s?.seconds === undefined) {
    return { target, goal, measured: `not measured (${f?.seconds === undefined ? `${fast}: ${why(f)}` : `${slow}: ${why(s)}`})`, met: null, note: '' };
  }
  const speedup = s.seconds / f.seconds;
  const isExact = !exact || (f.error !== undefined && f.error <= 1e-14);
  const met = speedup >= factor && isExact;
  const errorText = exact ? `, error ${f.error?.toExponential(1)}` : '';
  const note = met ? '' : speedup < factor ? `missed by ${x(factor / speedup)}: ${missNote}` : 'not exact to 1e-14';
  const measured = speedup >= 1 ? `${x(speedup)} faster` : `${x(1 / speedup)} slower`;
  return { target, goal, measured: `${measured}${errorText}`, met, note };
}

export function evaluateTargets(groups: readonly GroupResult[], transformSpeed: TransformSpeed): TargetResult[] {
  const inline = 'ddx transform inline';
  const allocation = 'the run-time engine allocates a Dual/HyperDual object per operation and looks up perturbation tags; the transform removes both';
  const peer = "both pay for the same elementary calls (exp, sin, cos, sqrt and two `** 3`, which are most of one primal evaluation), and @thi.ng/dual-algebra's 1-dual operations are loop-free array code, so it costs only a few primal evaluations itself: no engine can be 6× faster than it on this function";
  const sweeps = (order: string) =>
    `forward mode makes ${order} over the whole function, each a few times a primal evaluation, against the plain evaluations of finite differences; beating them by that factor needs several tangents per sweep (vector mode) or reverse mode`;
  const speedRow = transformSpeed.seconds;
  return [
    ratioAtMost(groups, "transform inline, f'", 'martins.first', inline, 1.6, 'the generated tangent code does more work than a hand-written derivative'),
    ratioAtMost(groups, "transform inline, f''", 'martins.second', inline, 2.0, 'second-order code carries four hyper-dual components per value'),
    ratioAtMost(groups, "runtime Dual, f'", 'martins.first', M.dual, 2.5, allocation),
    fasterBy(groups, "transform inline vs @thi.ng/dual-algebra, f'", 'martins.first', inline, M.thing, 6, peer),
    fasterBy(groups, "runtime Dual vs @thi.ng/dual-algebra, f'", 'martins.first', M.dual, M.thing, 6, `${allocation}; and ${peer}`),
    fasterBy(groups, 'gradient, Rosenbrock n = 100 (transform inline)', 'rosenbrock.gradient.100', inline, M.central, 2, sweeps('n sweeps'), true),
    fasterBy(groups, 'gradient, Rosenbrock n = 100 (runtime Dual)', 'rosenbrock.gradient.100', M.dual, M.central, 2, `${sweeps('n sweeps')}; and ${allocation}`, true),
    fasterBy(groups, 'Hessian, n = 10 (transform inline)', 'rosenbrock.hessian.10', inline, M.central, 5, sweeps('n(n+1)/2 hyper-dual sweeps (2n² + 1 evaluations for central differences)')),
    fasterBy(groups, 'Hessian, n = 10 (runtime HyperDual)', 'rosenbrock.hessian.10', M.hyperDual, M.central, 5, `${sweeps('n(n+1)/2 hyper-dual sweeps (2n² + 1 evaluations for central differences)')}; and ${allocation}`),
    speedRow === undefined
      ? { target: 'transform speed', goal: `${transformSpeed.functions} functions ≤ 3 s`, measured: `not measured (${transformSpeed.reason})`, met: null, note: '' }
      : {
          target: 'transform speed', goal: `${transformSpeed.functions} functions ≤ 3 s`, measured: `${speedRow.toFixed(2)} s`, met: speedRow <= 3,
          note: speedRow <= 3 ? '' : `missed by ${x(speedRow / 3)}: type analysis through ts-morph dominates`,
        },
    { target: 'plugin build overhead', goal: '≤ 25% on a Vite build', measured: 'measured by test/bench/vite-build-overhead.ts, not here: see packages/transform/PLUGINS.md', met: null, note: '' },
  ];
}
