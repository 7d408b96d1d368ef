/**
 * The DESIGN performance targets, checked against the ratios measured in one run.
 */
import { formatRatio } from './format.js';
import { problem } from './gradbench/problems.js';
import { M, type Family, type Task } from './suite.js';

export interface SpeedRow {
  readonly method: string;
  readonly family: Family;
  /** ok: measured and stable; unstable: measured, but past a limit of measure.ts even when re-measured. */
  readonly status: 'ok' | 'unstable' | 'unavailable' | 'failed';
  /** Why a row has no figure, or (unstable) which checks it failed. */
  readonly reason?: string;
  /** Median seconds per call of the method, and of its own primal rounds (see speed.ts). */
  readonly seconds?: number;
  readonly primalSeconds?: number;
  /** Median over the rounds of (method ÷ primal of the same round), with quartiles and extremes (several processes: see `processes`). */
  readonly ratio?: number;
  readonly q1?: number;
  readonly q3?: number;
  readonly min?: number;
  readonly max?: number;
  /** (q3 − q1) / ratio, and how far the primal baseline moved between rounds (fractions). */
  readonly spread?: number;
  readonly baselineDrift?: number;
  readonly rounds?: number;
  /** 2 when the first set of rounds failed a check and the row was measured again. */
  readonly attempts?: number;
  /** Fresh processes the rounds came from, when more than one (group.ts, `processesFor`): the ratio is then the mean of each process's median. */
  readonly processes?: number;
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
  /** Set when the group's process failed: why (the rows are then empty). */
  readonly failure?: string;
}

export interface TransformSpeed {
  readonly functions: number;
  readonly seconds?: number;
  readonly reason?: string;
}

/** reported: a figure the issue asks for with no goal to meet (ddx against a peer on the same gradient). */
export type TargetStatus = 'met' | 'missed' | 'unstable' | 'not measured' | 'reported';

export interface TargetResult {
  readonly target: string;
  readonly goal: string;
  readonly measured: string;
  /** The figure's interquartile range over the rounds, as text ('' when not measured). */
  readonly spread: string;
  /** unstable: the figure failed a check of measure.ts even when re-measured, so it is neither met nor missed. */
  readonly status: TargetStatus;
  readonly note: string;
}

const row = (groups: readonly GroupResult[], id: string, method: string): SpeedRow | undefined =>
  groups.find((g) => g.id === id)?.rows.find((r) => r.method === method);

const x = (v: number): string => `${v.toFixed(2)}×`;
const why = (r: SpeedRow | undefined): string => (r ? r.reason ?? r.status : 'not in this run');
const notMeasured = (target: string, goal: string, reason: string): TargetResult => ({ target, goal, measured: `not measured (${reason})`, spread: '', status: 'not measured', note: '' });
const unstable = (rows: readonly SpeedRow[]): string =>
  rows.filter((r) => r.status === 'unstable').map((r) => `${r.method}: ${r.reason}`).join('; ');

/** "at most `limit` × primal" for one row. */
function ratioAtMost(groups: readonly GroupResult[], target: string, id: string, method: string, limit: number, missNote: string): TargetResult {
  const r = row(groups, id, method);
  const goal = `≤ ${limit}× primal`;
  if (r?.ratio === undefined) return notMeasured(target, goal, why(r));
  const spread = `${x(r.q1!)}–${x(r.q3!)}`;
  const measured = `${x(r.ratio)} primal`;
  if (r.status === 'unstable') return { target, goal, measured, spread, status: 'unstable', note: `not trusted: ${unstable([r])}` };
  const met = r.ratio <= limit;
  return { target, goal, measured, spread, status: met ? 'met' : 'missed', note: met ? '' : `missed by ${x(r.ratio / limit)}: ${missNote}` };
}

/**
 * "`fast` is at least `factor` × faster than `slow`" within one group, from the two ratios to the
 * primal (each measured against its own baseline); the spread combines their quartiles.
 */
function fasterBy(groups: readonly GroupResult[], target: string, id: string, fast: string, slow: string, factor: number, missNote: string, exact = false): TargetResult {
  const f = row(groups, id, fast), s = row(groups, id, slow);
  const goal = `≥ ${factor}× faster than ${slow}${exact ? ', exact' : ''}`;
  if (f?.ratio === undefined || s?.ratio === undefined) {
    return notMeasured(target, goal, f?.ratio === undefined ? `${fast}: ${why(f)}` : `${slow}: ${why(s)}`);
  }
  const speedup = s.ratio / f.ratio;
  const low = s.q1! / f.q3!, high = s.q3! / f.q1!;
  const spread = `${x(low)}–${x(high)}`;
  const errorText = exact ? `, error ${f.error?.toExponential(1)}` : '';
  const measured = `${speedup >= 1 ? `${x(speedup)} faster` : `${x(1 / speedup)} slower`}${errorText}`;
  if (f.status === 'unstable' || s.status === 'unstable') return { target, goal, measured, spread, status: 'unstable', note: `not trusted: ${unstable([f, s])}` };
  const isExact = !exact || (f.error !== undefined && f.error <= 1e-14);
  const met = speedup >= factor && isExact;
  const note = met ? '' : speedup < factor ? `missed by ${x(factor / speedup)}: ${missNote}` : 'not exact to 1e-14';
  return { target, goal, measured, spread, status: met ? 'met' : 'missed', note };
}

/**
 * "`method` costs at most `limit` × `other`" within one group, from the two ratios to the primal;
 * `otherName` names the other row in the goal and figure (default: its method name).
 */
function withinOf(groups: readonly GroupResult[], target: string, id: string, method: string, other: string, limit: number, missNote: string, otherName = other): TargetResult {
  const r = row(groups, id, method), o = row(groups, id, other);
  const goal = `≤ ${limit}× ${otherName}`;
  if (r?.ratio === undefined || o?.ratio === undefined) return notMeasured(target, goal, r?.ratio === undefined ? `${method}: ${why(r)}` : `${other}: ${why(o)}`);
  const times = r.ratio / o.ratio;
  const spread = `${x(r.q1! / o.q3!)}–${x(r.q3! / o.q1!)}`;
  const measured = `${x(times)} ${otherName}`;
  if (r.status === 'unstable' || o.status === 'unstable') return { target, goal, measured, spread, status: 'unstable', note: `not trusted: ${unstable([r, o])}` };
  const met = times <= limit;
  return { target, goal, measured, spread, status: met ? 'met' : 'missed', note: met ? '' : `missed by ${x(times / limit)}: ${missNote}` };
}

/**
 * ddx's `method` against a peer's row on the same gradient, in one group (so in one run and one
 * process): the peer's time ÷ ddx's, from their ratios to the same primal. No goal: issue 15 asks
 * for the ratio to be reported.
 */
function againstPeer(groups: readonly GroupResult[], target: string, id: string, method: string, peerMethod: string): TargetResult {
  const r = row(groups, id, method), p = row(groups, id, peerMethod);
  const goal = `report ${method} ÷ ${peerMethod}`;
  if (r?.ratio === undefined || p?.ratio === undefined) return notMeasured(target, goal, r?.ratio === undefined ? `${method}: ${why(r)}` : `${peerMethod}: ${why(p)}`);
  const speedup = p.ratio / r.ratio;
  const measured = `${formatRatio(speedup)} faster (ddx ${formatRatio(r.ratio)} primal, the peer ${formatRatio(p.ratio)})`;
  const spread = `${formatRatio(p.q1! / r.q3!)}–${formatRatio(p.q3! / r.q1!)}`;
  if (r.status === 'unstable' || p.status === 'unstable') return { target, goal, measured, spread, status: 'unstable', note: `not trusted: ${unstable([r, p])}` };
  return { target, goal, measured, spread, status: 'reported', note: '' };
}

/** What a GradBench problem's compiled derivative is, for its targets' labels. */
function gradbenchDerivative(workload: string): 'gradient' | 'Jacobian' | 'nested derivative' | 'Newton step' {
  const verbs = problem(workload)?.verbs ?? 'gradient';
  return verbs.startsWith('jacobian') ? 'Jacobian' : verbs.includes('inside') ? 'nested derivative' : verbs.includes('secondDerivative') ? 'Newton step' : 'gradient';
}

/**
 * The largest relative error (largest difference ÷ largest entry) against the hand-written gradient
 * taken as agreement. Reverse mode sums in another order: lse's adjoint at the maximum carries
 * 1 − Σ softmax, a rounding error that grows with n against entries of about 1/n (1.8e-12 at
 * n = 2,500, 3.0e-10 at n = 160,000).
 */
export const sizedErrorLimit = 1e-9;

/** A size's label, from its group's title ("GradBench ode (…), n = 1000, s = 10" → "n = 1000, s = 10"). */
export const sizeLabel = (g: GroupResult): string => g.title.replace(/^.*\), /, '');

/**
 * Issue 15's "compiled gradient within 3× of the hand-written JavaScript gradient at every size": one
 * target per problem over its sizes (src/gradbenchSizes.ts), met only if reverse mode is within 3× of
 * the hand-written gradient, and agrees with it, at every size; the spread is the worst size's.
 */
function atEverySize(sized: readonly GroupResult[]): TargetResult[] {
  return [...new Set(sized.map((g) => g.workload))].map((name) => {
    const groups = sized.filter((g) => g.workload === name);
    const target = `GradBench ${name}: compiled gradient, reverse mode, at every size`;
    const goal = `≤ 3× hand-written at ${groups.length === 1 ? 'its one size' : `each of ${groups.length} sizes`}`;
    const each = groups.map((g) => ({ g, r: row(groups, g.id, M.reverse), h: row(groups, g.id, M.hand) }));
    const unmeasured = each.find(({ g, r, h }) => g.failure || r?.ratio === undefined || h?.ratio === undefined);
    if (unmeasured) {
      const { g, r, h } = unmeasured;
      return notMeasured(target, goal, `${sizeLabel(g)}: ${g.failure ?? (r?.ratio === undefined ? `${M.reverse}: ${why(r)}` : `${M.hand}: ${why(h)}`)}`);
    }
    const times = each.map(({ g, r, h }) => ({ g, r: r!, h: h!, times: r!.ratio! / h!.ratio! }));
    const worst = times.reduce((a, b) => (b.times > a.times ? b : a));
    const measured = `${times.map((t) => x(t.times)).join(', ')} hand-written`;
    const spread = `${x(worst.r.q1! / worst.h.q3!)}–${x(worst.r.q3! / worst.h.q1!)} (${sizeLabel(worst.g)})`;
    const wrong = times.filter((t) => !(t.r.error! <= sizedErrorLimit));
    const over = times.filter((t) => t.times > 3);
    const shaky = times.filter((t) => t.r.status === 'unstable' || t.h.status === 'unstable');
    const note = [
      ...wrong.map((t) => `differs from the hand-written gradient at ${sizeLabel(t.g)} (relative error ${t.r.error?.toExponential(1)})`),
      ...over.map((t) => `${x(t.times)} at ${sizeLabel(t.g)}, missed by ${x(t.times / 3)}`),
    ];
    if (note.length) return { target, goal, measured, spread, status: 'missed', note: note.join('; ') };
    if (shaky.length) return { target, goal, measured, spread, status: 'unstable', note: `not trusted: ${shaky.map((t) => `${sizeLabel(t.g)}: ${unstable([t.r, t.h])}`).join('; ')}` };
    return { target, goal, measured, spread, status: 'met', note: '' };
  });
}

export function evaluateTargets(groups: readonly GroupResult[], transformSpeed: TransformSpeed, sized: readonly GroupResult[] = []): TargetResult[] {
  const inline = 'ddx transform inline';
  const allocation = 'the run-time engine allocates a Dual/HyperDual object per operation and looks up perturbation tags; the transform removes both';
  const peer = "both pay for the same elementary calls (exp, sin, cos, sqrt and two `** 3`, which are most of one primal evaluation), and @thi.ng/dual-algebra's 1-dual operations are loop-free array code, so it costs only a few primal evaluations itself: no engine can be 6× faster than it on this function";
  const sweeps = (order: string) =>
    `forward mode makes ${order} over the whole function, each a few times a primal evaluation, against the plain evaluations of finite differences; beating them by that factor needs several tangents per sweep (vector mode) or reverse mode`;
  const reverseTape = 'the adjoint code saves values on its tape in the forward sweep and reads them back in the backward sweep, where a hand-written gradient is one loop of closed-form terms';
  const forwardSweeps: Record<ReturnType<typeof gradbenchDerivative>, string> = {
    gradient: 'the compiled gradient is forward mode: one sweep per input (n sweeps of the primal), where the hand-written derivative is one reverse sweep or a closed form',
    Jacobian: 'the compiled Jacobian is forward mode: one sweep per input column, where the hand-written Jacobian is a closed form of the whole sweep',
    'nested derivative': 'the compiled descent differentiates through the inner descent in forward mode (a hyper-dual sweep per inner step), where the baseline computes the inner gradients in closed form',
    'Newton step': 'the compiled Newton step is forward mode: a gradient sweep per centroid coordinate and a hyper-dual sweep per Hessian diagonal entry, where the hand-written step is closed form',
  };
  const peerRows = (id: string, label: string): TargetResult[] =>
    [M.tfjs, M.jaxGrad].filter((peerMethod) => row(groups, id, peerMethod))
      .map((peerMethod) => againstPeer(groups, `${label} (transform, reverse mode) vs ${peerMethod}`, id, M.reverse, peerMethod));
  const speedRow = transformSpeed.seconds;
  return [
    ratioAtMost(groups, "transform inline, f'", 'martins.first', inline, 1.6, 'the generated tangent code does more work than a hand-written derivative'),
    ratioAtMost(groups, "transform inline, f''", 'martins.second', inline, 2.0, 'second-order code carries four hyper-dual components per value'),
    ratioAtMost(groups, "runtime Dual, f'", 'martins.first', M.dual, 2.5, allocation),
    fasterBy(groups, "transform inline vs @thi.ng/dual-algebra, f'", 'martins.first', inline, M.thing, 6, peer),
    fasterBy(groups, "runtime Dual vs @thi.ng/dual-algebra, f'", 'martins.first', M.dual, M.thing, 6, `${allocation}; and ${peer}`),
    fasterBy(groups, 'gradient, Rosenbrock n = 100 (transform inline, forward mode)', 'rosenbrock.gradient.100', inline, M.central, 2, sweeps('n sweeps'), true),
    // Issue 15's reverse-mode targets, at the sizes this run has (the quick suite: n = 100).
    ...[10, 100, 1000, 10_000].filter((n) => groups.some((g) => g.id === `rosenbrock.gradient.${n}`)).flatMap((n) => [
      ratioAtMost(groups, `gradient, Rosenbrock n = ${n} (transform, reverse mode)`, `rosenbrock.gradient.${n}`, M.reverse, 3, reverseTape),
      ...(n === 10 || n > 1000 ? [] : [fasterBy(groups, `gradient, Rosenbrock n = ${n} (transform, reverse mode) vs central differences`, `rosenbrock.gradient.${n}`, M.reverse, M.central, n === 100 ? 30 : 300, reverseTape)]),
      // issue 15: "against TensorFlow.js (tf.grad, CPU backend) and jax-js on the same gradients: report the ratio"
      ...peerRows(`rosenbrock.gradient.${n}`, `gradient, Rosenbrock n = ${n}`),
    ]),
    // Issue 15's second order over reverse mode, at n = 100 (the full suite).
    ...(groups.some((g) => g.id === 'rosenbrock.hessian.100') ? [
      withinOf(groups, 'Hessian, Rosenbrock n = 100 (transform, reverse mode)', 'rosenbrock.hessian.100', M.reverse, M.hand, 4,
        'the Hessian over reverse mode is one Hessian-vector product (a forward and a backward sweep of tangents) per column group of its band', 'the hand-written Hessian'),
    ] : []),
    ...(groups.some((g) => g.id === 'rosenbrock.hvp.100') ? [
      ratioAtMost(groups, 'Hessian-vector product, Rosenbrock n = 100 (transform, reverse mode)', 'rosenbrock.hvp.100', M.reverse, 8,
        'the product is the tangent of the adjoint code: both sweeps carry a value and a tangent'),
    ] : []),
    ...(groups.some((g) => g.id === 'classifier.network') ? [
      ratioAtMost(groups, "2-16-3 network's loss gradient, 300 points, 99 weights (transform, reverse mode)", 'classifier.network', M.reverse, 4,
        'the adjoint code saves five values per hidden unit and point on its tape (a, h and the three running scores, each overwritten in the loop) and calls a product helper per partial, where hand-written backprop keeps the 16 activations of a point in a buffer'),
      ...peerRows('classifier.network', "2-16-3 network's loss gradient"),
    ] : []),
    fasterBy(groups, 'gradient, Rosenbrock n = 100 (runtime Dual)', 'rosenbrock.gradient.100', M.dual, M.central, 2, `${sweeps('n sweeps')}; and ${allocation}`, true),
    fasterBy(groups, 'Hessian, n = 10 (transform inline, forward mode)', 'rosenbrock.hessian.10', inline, M.central, 5, sweeps('n(n+1)/2 hyper-dual sweeps (2n² + 1 evaluations for central differences)')),
    fasterBy(groups, 'Hessian, n = 10 (runtime HyperDual)', 'rosenbrock.hessian.10', M.hyperDual, M.central, 5, `${sweeps('n(n+1)/2 hyper-dual sweeps (2n² + 1 evaluations for central differences)')}; and ${allocation}`),
    speedRow === undefined
      ? notMeasured('transform speed', `${transformSpeed.functions} functions ≤ 3 s`, transformSpeed.reason ?? '')
      : {
          target: 'transform speed', goal: `${transformSpeed.functions} functions ≤ 3 s`, measured: `${speedRow.toFixed(2)} s`, spread: '', status: speedRow <= 3 ? 'met' : 'missed',
          note: speedRow <= 3 ? '' : `missed by ${x(speedRow / 3)}: type analysis through ts-morph dominates`,
        },
    ...groups.filter((g) => g.task === 'gradbench' && g.rows.some((r) => r.method === inline)).map((g) => {
      const derivative = gradbenchDerivative(g.workload);
      const target = `GradBench ${g.workload}: compiled ${derivative}, forward mode`;
      // the nested problems' baseline (primal) is already the descent with hand-written gradients
      return derivative === 'nested derivative'
        ? withinOf(groups, target, g.id, inline, M.primal, 3, forwardSweeps[derivative], 'the descent with hand-written gradients')
        : withinOf(groups, target, g.id, inline, M.hand, 3, forwardSweeps[derivative]);
    }),
    ...groups.filter((g) => g.task === 'gradbench' && g.rows.some((r) => r.method === M.reverse && r.ratio !== undefined)).map((g) => {
      const derivative = gradbenchDerivative(g.workload);
      return withinOf(groups, `GradBench ${g.workload}: compiled ${derivative}, reverse mode`, g.id, M.reverse, M.hand, 3, derivative === 'Jacobian'
        ? 'the compiled Jacobian by rows runs one forward and one backward sweep of the whole function per output (the function again per row, not its tape replayed), where the hand-written Jacobian is a closed form of one sweep; rows pay where outputs are few (ba: 2 per observation against 15 inputs), not where they outnumber the inputs (ht: 3 per point against 28)'
        : 'the adjoint code saves and restores on its tape and calls a product helper per partial, where the hand-written gradient is a closed form of the whole sweep');
    }),
    ...atEverySize(sized),
    notMeasured('plugin build overhead', '≤ 25% on a Vite build', 'measured by test/bench/vite-build-overhead.ts, not here: see packages/transform/PLUGINS.md'),
  ];
}
