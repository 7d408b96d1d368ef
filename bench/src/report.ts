/**
 * Writes the results of a run: results.json (everything, machine-readable), REPORT.md (the
 * human report) and the SVG plots it shows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DefaultStepError, ErrorCurve } from './accuracy.js';
import { errorVsStepSpec, ratioSpec, renderSvg, scalingSpec, type ScalingPoint } from './plots.js';
import { moreProcessesAtMost } from './group.js';
import { limits } from './measure.js';
import { renderPngs } from './png.js';
import { M } from './suite.js';
import { problem } from './gradbench/problems.js';
import { scalarWorkloads } from './workloads.js';
import { sizedErrorLimit, sizeLabel, type GroupResult, type SpeedRow, type TargetResult, type TransformSpeed } from './targets.js';
import { formatError, formatRatio, formatStep, formatTime, table } from './format.js';

export { formatError, formatRatio, formatTime, table };

export interface Results {
  readonly meta: {
    readonly mode: 'quick' | 'full';
    readonly date: string;
    readonly node: string;
    readonly platform: string;
    readonly cpus: string;
    /** Load averages (1, 5, 15 min) when the run started and ended: the machine is shared. */
    readonly load: { readonly start: string; readonly end: string };
    /** The commit measured (git), and whether this is the published report. */
    readonly commit: string;
    readonly published: boolean;
    readonly wallSeconds: number;
    readonly command: string;
  };
  readonly targets: readonly TargetResult[];
  readonly speed: readonly GroupResult[];
  /** The GradBench problems at GradBench's sizes (src/gradbenchSizes.ts): a group per problem and size. */
  readonly gradbenchSizes?: readonly GroupResult[];
  readonly accuracy: {
    readonly workload: string;
    readonly x: number;
    readonly first: readonly ErrorCurve[];
    readonly second: readonly ErrorCurve[];
    readonly defaults: readonly DefaultStepError[];
  };
  readonly transformSpeed: TransformSpeed;
}

/** "1.06× (1.03–1.09)": the median ratio and the interquartile range of its rounds. */
export const ratioWithSpread = (r: SpeedRow): string => `${formatRatio(r.ratio!)} (${formatRatio(r.q1!)}–${formatRatio(r.q3!)})`;
const flag = (r: SpeedRow): string => (r.status === 'unstable' ? ' unstable' : '');

const cell = (g: GroupResult | undefined, method: string, show: 'ratio' | 'time'): string => {
  const r = g?.rows.find((x) => x.method === method);
  if (!r) return '';
  if (r.ratio === undefined) return r.status === 'failed' ? 'failed' : 'n/a';
  return (show === 'ratio' ? ratioWithSpread(r) : `${formatTime(r.seconds!)} (${r.method === M.primal ? '1×' : `${formatRatio(r.ratio)}, ${formatRatio(r.q1!)}–${formatRatio(r.q3!)}`})`) + flag(r);
};

const methodsOf = (groups: readonly GroupResult[]): string[] => [...new Set(groups.flatMap((g) => g.rows.map((r) => r.method)))];

// --- sections ---------------------------------------------------------------------------------

export function targetsTable(targets: readonly TargetResult[]): string {
  const status = (t: TargetResult) => (t.status === 'missed' || t.status === 'unstable' ? `**${t.status}**` : t.status);
  return table(['target', 'goal', 'measured', 'spread (q1–q3)', 'status'], targets.map((t) => [t.target, t.goal, t.measured, t.spread, status(t)]));
}

function groupTable(g: GroupResult): string {
  if (g.failure) return `The group's process failed: ${g.failure}`;
  return table(
    ['method', 'time per call', '× primal (q1–q3)', 'min–max', 'rounds', 'relative error', 'status'],
    g.rows.map((r) =>
      r.ratio !== undefined
        ? [r.method, formatTime(r.seconds!), r.method === M.primal ? '1' : ratioWithSpread(r), r.method === M.primal ? `baseline moved ${(100 * r.baselineDrift!).toFixed(0)}%` : `${formatRatio(r.min!)}–${formatRatio(r.max!)}`,
          `${r.rounds}${r.processes ? ` (${r.processes} processes)` : ''}${r.attempts === 2 ? ' ×2' : ''}`, formatError(r.error), r.status === 'unstable' ? `**unstable**: ${r.reason}` : 'ok']
        : [r.method, r.status === 'failed' ? 'failed' : 'unavailable', '', '', '', '', r.reason ?? '']),
  );
}

/** Methods × groups matrix of ratios (or times). */
function matrix(groups: readonly GroupResult[], label: (g: GroupResult) => string, show: 'ratio' | 'time'): string {
  return table(['method', ...groups.map(label)], methodsOf(groups).map((m) => [m, ...groups.map((g) => cell(g, m, show))]));
}

function bestErrorTable(first: readonly ErrorCurve[], second: readonly ErrorCurve[]): string {
  const methods = [...new Set([...first, ...second].map((c) => c.method))];
  const best = (cs: readonly ErrorCurve[], m: string): [string, string] => {
    const c = cs.find((x) => x.method === m);
    if (!c) return ['', ''];
    return [formatError(c.best.error), c.flat ? 'any (no step)' : formatStep(c.best.h)];
  };
  return table(["method", "best f' error", 'at h', "best f'' error", 'at h'], methods.map((m) => [m, ...best(first, m), ...best(second, m)]));
}

function defaultsTable(rows: readonly DefaultStepError[], order: 1 | 2): string {
  const mine = rows.filter((r) => r.order === order);
  const workloads = [...new Set(mine.map((r) => r.workload))];
  const methods = [...new Set(mine.map((r) => r.method))];
  const get = (m: string, w: string) => {
    const r = mine.find((x) => x.method === m && x.workload === w)!;
    return formatError(r.error) + (r.absolute ? ' (abs)' : '');
  };
  return table(['method', ...workloads], methods.map((m) => [m, ...workloads.map((w) => get(m, w))]));
}

function unavailableList(groups: readonly GroupResult[]): string {
  const reasons = new Map<string, Set<string>>();
  for (const g of groups) {
    for (const r of g.rows) {
      if (r.ratio !== undefined) continue;
      const key = `${r.method}: ${r.reason ?? r.status}`;
      if (!reasons.has(key)) reasons.set(key, new Set());
      reasons.get(key)!.add(g.id);
    }
  }
  if (reasons.size === 0) return 'Every row ran.';
  return [...reasons].map(([key, ids]) => `- ${key} — ${[...ids].join(', ')}`).join('\n');
}

/**
 * ddx's reverse mode against the tape-based peers on the same gradient: each peer's time ÷ reverse
 * mode's, both measured in one group's process against the same primal (a row per peer, a column per group).
 */
function againstPeers(groups: readonly GroupResult[], label: (g: GroupResult) => string): string[] {
  const peers = [M.tfjs, M.jaxGrad].filter((m) => groups.some((g) => g.rows.some((r) => r.method === m)));
  if (!peers.length) return [];
  const times = (g: GroupResult, m: string) => {
    const r = g.rows.find((x) => x.method === M.reverse), p = g.rows.find((x) => x.method === m);
    if (!p) return '';
    if (r?.ratio === undefined || p.ratio === undefined) return `n/a (${p.ratio === undefined ? p.reason ?? p.status : r?.reason ?? 'no reverse row'})`;
    return `${formatRatio(p.ratio / r.ratio)} (${formatRatio(p.q1! / r.q3!)}–${formatRatio(p.q3! / r.q1!)})${flag(r) || flag(p)}`;
  };
  return ['ddx reverse mode against the tape-based peers on the same gradient, measured in one run (one process per group, each against the same primal): ' +
    "the peer's time ÷ ddx reverse mode's (interquartile range from the rounds' quartiles). TensorFlow.js computes in float32 on its CPU backend, jax-js in float64 on Wasm.", '',
  table(['peer', ...groups.map(label)], peers.map((m) => [m, ...groups.map((g) => times(g, m))])), ''];
}

/** Issue 15's network: the classifier example's loss and its gradient. */
function networkSection(g: GroupResult): string[] {
  return ['### Gradient of a 2-16-3 network\'s loss (the classifier example)', '',
    'The loss the classifier example trains (examples/classifier: softmax cross-entropy of a 2-16-3 ReLU network over the 300-point three-armed spiral, ' +
    'plus ½λ‖W‖², 99 weights), written as a user would with the points passed in (src/network.ts; the example\'s own loss computes its points inside, ' +
    '~40% of its time, which would flatter every ratio to it; bench/test/network.test.ts checks the two agree). ' +
    '`gradient((w) => networkLoss(w, points, labels), θ, { mode })` compiled in inline mode: "ddx transform reverse" with `{ mode: \'reverse\' }`, ' +
    '"ddx transform inline" with `{ mode: \'forward\' }` (one sweep per weight). The hand-written derivative is backpropagation in plain JavaScript; ' +
    'TensorFlow.js is `tf.grad` of the same loss vectorised over the points (float32, CPU backend). Relative errors are against the hand-written gradient.', '',
    groupTable(g), '', ...againstPeers([g], () => 'network'), ''];
}

/** The GradBench problems: one row each, the ratios to the primal and to the hand-written derivative, correctness, rewrites. */
function gradbenchSection(groups: readonly GroupResult[]): string[] {
  const get = (g: GroupResult, m: string) => g.rows.find((r) => r.method === m);
  const ratio = (r: SpeedRow | undefined) => (r?.ratio === undefined ? (r ? (r.status === 'failed' ? 'failed' : 'n/a') : '') : ratioWithSpread(r) + flag(r));
  const vsHand = (g: GroupResult, m: string) => {
    const r = get(g, m), h = get(g, M.hand);
    if (r?.ratio !== undefined && problem(g.workload)?.engine) return formatRatio(r.ratio); // the baseline is the hand-written descent
    return r?.ratio === undefined || h?.ratio === undefined ? 'n/a' : formatRatio(r.ratio / h.ratio);
  };
  // the primal written the natural way (gmmNatural.ts, lstmNatural.ts): forward mode, and reverse mode's figure or diagnostic
  const natural = (g: GroupResult) => {
    const forward = get(g, M.natural('inline')), reverse = get(g, M.naturalReverse);
    if (!forward) return '';
    const flat = get(g, M.transform('inline'));
    const vsFlat = forward.ratio !== undefined && flat?.ratio !== undefined ? ` (${formatRatio(forward.ratio / flat.ratio)} the flattened form's)` : '';
    const rev = !reverse ? '' : reverse.ratio === undefined ? `; reverse mode: ${reverse.reason ?? reverse.status}` : `; reverse mode ${ratio(reverse)}`;
    return `${forward.ratio === undefined ? (forward.reason ?? forward.status) : ratio(forward)}${vsFlat}${rev}`;
  };
  const error = (g: GroupResult) => {
    const errors = g.rows.filter((r) => r.family === 'ddx' && r.error !== undefined).map((r) => `${formatError(r.error)} (${r.method.replace('ddx ', '')})`);
    return errors.join(', ') || (g.failure ? `failed: ${g.failure}` : 'not run');
  };
  const lines = [
    '### GradBench problems',
    '',
    'The evaluation problems of [GradBench](https://github.com/gradbench/gradbench) (its `evals/*/README.md` specify inputs, outputs and sizes), ' +
      'each primal written as plain TypeScript and differentiated by ddx: compiled by the transform (`inline`, the call site with `{ mode: \'forward\' }`, as a gradient\'s default `\'auto\'` would choose reverse mode from 4 inputs; `dual` runs the same call site on the ' +
      'run-time engine; "reverse mode" is the same call site with `{ mode: \'reverse\' }`, compiled in inline mode, or the diagnostic that rejects it); ' +
      '"natural form" is the primal written as a user would (matrices as number[][], helpers returning arrays: src/gradbench/*Natural.ts), compiled with `{ mode: \'forward\' }` in inline mode, its ratio to the flattened form\'s, and with `{ mode: \'reverse\' }`; the nested problems also run on the run-time engine directly (in their groups\' tables). The baseline of saddle and particle is the whole descent with ' +
      'hand-written gradients. Sizes are smaller than GradBench\'s (the forward rows cost one sweep per input; reverse mode at GradBench\'s own sizes: the next table); `pnpm bench:quick` uses smaller ones still. ' +
      'Correctness: relative error against the hand-written derivative (itself checked against central differences in bench/test/gradbench.test.ts).',
    '',
    table(['problem', 'size', 'verbs', 'forward mode × primal', 'forward mode × hand-written', 'reverse mode × primal', 'reverse mode × hand-written', 'transform dual (engine) × primal', 'natural form × primal (forward mode; reverse mode)', 'hand-written × primal', 'central diff. × primal', 'TF.js × primal', 'ddx error vs hand-written'],
      groups.map((g) => {
        const pb = problem(g.workload);
        const ddx = get(g, M.transform('inline')) ?? get(g, M.engine);
        const reverse = get(g, M.reverse);
        return [g.workload, g.title.replace(/^.*\), /, ''), pb?.verbs ?? '', ratio(ddx), ddx ? vsHand(g, ddx.method) : '',
          reverse?.ratio === undefined ? (reverse?.reason ?? '') : ratio(reverse), reverse?.ratio === undefined ? '' : vsHand(g, M.reverse), ratio(get(g, M.transform('dual'))),
          natural(g), ratio(get(g, M.hand)), ratio(get(g, M.central)), ratio(get(g, M.tfjs)), error(g)];
      })),
    '',
    'Where the natural form of a primal was rewritten for the transform:',
    '',
    ...groups.map((g) => problem(g.workload)).filter((pb) => pb?.rewrite).map((pb) => `- **${pb!.name}**: ${pb!.rewrite}`),
  ];
  return lines;
}

/** Issue 15's "at every size": each problem at GradBench's sizes, reverse mode against the hand-written gradient. */
function sizesSection(sized: readonly GroupResult[]): string[] {
  const get = (g: GroupResult, m: string) => g.rows.find((r) => r.method === m);
  const vsHand = (g: GroupResult) => {
    const r = get(g, M.reverse), h = get(g, M.hand);
    if (r?.ratio === undefined || h?.ratio === undefined) return r?.ratio === undefined ? r?.reason ?? r?.status ?? '' : h?.reason ?? h?.status ?? '';
    return `${formatRatio(r.ratio / h.ratio)} (${formatRatio(r.q1! / h.q3!)}–${formatRatio(r.q3! / h.q1!)})${flag(r) || flag(h)}`;
  };
  const time = (r: SpeedRow | undefined) => (r?.seconds === undefined ? '' : formatTime(r.seconds));
  const ratio = (r: SpeedRow | undefined) => (r?.ratio === undefined ? (r?.reason ?? '') : ratioWithSpread(r) + flag(r));
  return ['### GradBench problems at GradBench\'s sizes (reverse mode against the hand-written gradient)', '',
    'Issue 15 asks for the compiled gradient within 3× of the hand-written JavaScript gradient at every size. Each problem with a scalar objective and a hand-written gradient runs at ' +
      'GradBench\'s own sizes (the defaults of its `evals/<name>/run.py`: llsq m = 128 and n from 16 to 16,392; lse n from 2,500 to 1,280,000; det ℓ from 5 to 11; ode n of 1,000 to 100,000 and s of 1 to 100; ' +
      'gmm n = 1,000 with d from 2 to 64 and k from 5 to 100; lstm l = 2, 4 and c = 1,024, 4,096), smallest first, up to a size whose rows run in a few seconds; the inputs are the bench\'s seeded numbers. ' +
      'Each problem is measured in one fresh process, a group per size timed as every group is (against the primal, a GradBench group\'s rounds per process); reverse mode is the call site of the GradBench ' +
      `table's reverse row, compiled in inline mode. "reverse ÷ hand-written" is the ratio of their ratios to the primal (interquartile range from their quartiles); the error is against the hand-written gradient (agreement: ≤ ${sizedErrorLimit}).`,
    '',
    table(['problem', 'size', 'primal', 'hand-written', 'reverse mode', 'reverse mode × primal', 'reverse ÷ hand-written', 'relative error'],
      sized.map((g) => {
        if (g.failure) return [g.workload, '', '', '', '', '', `failed: ${g.failure}`, ''];
        const r = get(g, M.reverse);
        return [g.workload, sizeLabel(g), time(get(g, M.primal)), time(get(g, M.hand)), time(r), ratio(r), vsHand(g), formatError(r?.error)];
      })),
    ''];
}

// --- plots ------------------------------------------------------------------------------------

function scalingPoints(groups: readonly GroupResult[], task: 'gradient' | 'hessian' | 'hvp'): ScalingPoint[] {
  return groups
    .filter((g) => g.task === task && g.n !== undefined)
    .flatMap((g) => g.rows.filter((r) => r.ratio !== undefined).map((r) => {
      const primal = r.primalSeconds ?? r.seconds!;
      return { method: r.method, n: g.n!, seconds: r.seconds!, low: r.method === M.primal ? r.seconds! : r.q1! * primal, high: r.method === M.primal ? r.seconds! : r.q3! * primal };
    }));
}

function ratioBars(g: GroupResult | undefined) {
  return (g?.rows ?? []).filter((r) => r.ratio !== undefined && r.method !== M.primal)
    .map((r) => ({ method: r.method, ratio: r.ratio!, q1: r.q1!, q3: r.q3!, family: r.family, status: r.status }));
}

/** The SVG files of a run: name → vega-lite spec. */
function plotSpecs(results: Results) {
  const { accuracy, speed } = results;
  const formula = scalarWorkloads.find((w) => w.name === accuracy.workload)?.formula ?? accuracy.workload;
  const at = `f(x) = ${formula} at x = ${accuracy.x}`;
  const rosenbrock = 'f(x) = Σ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)²';
  return {
    'error-first.svg': errorVsStepSpec(`Error of f′ against step size, ${at}`, accuracy.first),
    'error-second.svg': errorVsStepSpec(`Error of f″ against step size, ${at}`, accuracy.second),
    'speed-first.svg': ratioSpec(`Cost of f′, ${at}`, ratioBars(speed.find((g) => g.id === 'martins.first'))),
    'speed-second.svg': ratioSpec(`Cost of f″, ${at}`, ratioBars(speed.find((g) => g.id === 'martins.second'))),
    'scaling-gradient.svg': scalingSpec(`Gradient of n-D Rosenbrock, ${rosenbrock}: time against n`, scalingPoints(speed, 'gradient')),
    'scaling-hessian.svg': scalingSpec(`Hessian of n-D Rosenbrock, ${rosenbrock}: time against n`, scalingPoints(speed, 'hessian')),
    'scaling-hvp.svg': scalingSpec(`Hessian-vector product of n-D Rosenbrock, ${rosenbrock}: time against n`, scalingPoints(speed, 'hvp')),
  };
}

// --- the report -------------------------------------------------------------------------------

const measurementNotes = [
  'Each row is first computed once and compared with the reference (the relative-error column), then timed. Rows that cannot run say why; no row is filled in by another engine.',
  'Inputs are read from a Float64Array and results summed into a sink, so nothing is constant-folded or dead; fast calls are repeated in a loop of ~50 µs.',
  'Isolation: the parent process generates the transform\'s code and runs the accuracy study; each group (a workload and a task) is then measured in fresh Node processes, 3 (2 in the full run), so the JIT state and garbage left by other groups cannot move its baseline: the speed of compiled code is a draw per process (ht\'s residuals run at 11.0 or 12.4–12.9 µs a call, copy after copy in one process; the run-time engine\'s allocations meet the collector at different times), so one process measures one draw; its figure is the mean of the processes\' medians, and its spread is over all their rounds.',
  'Rounds: each method is timed in rounds of two benny cases, its primal and itself, back to back (the order alternating between rounds: A B, B A, …), 5 rounds in each process (a GradBench group: its 5 rounds split among its processes, 2 in each of 3, or 3 in each of 2 in the full run). Its figure is the median over the rounds of method ÷ primal of the same round; the spread is the interquartile range of those ratios (min–max in the detailed tables).',
  `Checks: a derivative faster than ${limits.fasterThanPrimal}× its primal, an interquartile spread above ${100 * limits.spread}% of the median, or a primal that moved more than ${100 * limits.baselineDrift}% between rounds gets a second set of rounds. Pooled over the processes, the same checks apply, and the processes must agree: the standard error of the mean of their medians at most ${100 * limits.processError}% of it. A ddx or hand-written row whose processes disagree, or that reads cheaper than ${limits.fasterThanPrimal}× its primal, is timed in another fresh process (that row only, the others computed and warmed up as before), up to ${moreProcessesAtMost} more, each pooled with the rest (the rounds column counts its processes). A row that still fails, and every target read from it, says **unstable**.`,
  "Time per case is the wall time of each ~50 µs timed loop, per call, 10th percentile over the loops benny ran in that round: on a shared machine a loop that is preempted or paused by the garbage collector is slow and falls above that quantile, while most 50 µs loops run uninterrupted.",
  "Each case gets its own compiled loop (no shared call site). Library-style methods (finite differences, the runtime engine, peers) take the function as an argument, as in real use; in a group's process they see that group's functions only.",
  'Transform rows: for each workload and task a module `export const run = derivative(f)` (or `secondDerivative`, `gradient(f, { mode: \'forward\' })`, `hessian`, `jacobian`) is written to bench/.generated/ at start, compiled with `transform()` in each emit mode, and the output imported; the reverse-mode rows (`ddx transform reverse`) are the same call site with `{ mode: \'reverse\' }`. A gradient\'s default, `\'auto\'`, picks reverse mode from 4 inputs, so the forward rows ask for forward mode to show what reverse mode saves.',
  "Step sizes at the defaults: forward √ε, central ε^(1/3), five-point ε^(1/5), Richardson 1e-2 (halved twice); for f'': forward ε^(1/3), central ε^(1/4), five-point ε^(1/6); complex step 1e-20 (f') and ε^(1/4) (f''); all scaled by max(1, |x|).",
  'Gradients, Hessians and Jacobians in forward mode cost one sweep per input (Hessian: one per pair i ≤ j); a gradient in reverse mode costs one forward sweep that records on a tape and one backward sweep, whatever n; finite differences cost n + 1 (forward), 2n (central) and 2n² + 1 (Hessian) evaluations.',
  "jax-js: float64 arrays on the Wasm backend; `grad` is exact to rounding, the compiled `jit(grad)` is not (≈ 1e-7 relative here). Its `np.power` is float32-accurate in 0.1.25, so cubes are written as products; its `jacfwd` returns the Jacobian transposed (input-major), which the bench transposes. Each call dispatches array operations eagerly, so it is slow on scalar work.",
  'mathjs: the symbolic derivative is built and compiled once; the timed part is evaluating it. @thi.ng/dual-algebra has no second derivatives; its gradient is one sweep with n-part duals.',
]

export function markdown(results: Results, plotsNote = ''): string {
  const { meta, speed, accuracy } = results;
  const byTask = (task: string) => speed.filter((g) => g.task === task);
  const scalarFirst = byTask('first').filter((g) => g.workload !== 'martins');
  const scalarSecond = byTask('second').filter((g) => g.workload !== 'martins');
  const misses = results.targets.filter((t) => t.status === 'missed' || t.status === 'unstable');
  const out: string[] = [
    '# ddx benchmark report',
    '',
    `${meta.mode === 'quick' ? '**Quick mode** (CI smoke test: fewer workloads, short sampling — the numbers are indicative only). ' : ''}` +
      `Generated by \`${meta.command}\` on ${meta.date} at commit ${meta.commit}: Node ${meta.node}, ${meta.platform}, ${meta.cpus}; ` +
      `load average (1, 5, 15 min) ${meta.load.start} at the start and ${meta.load.end} at the end; the run took ${meta.wallSeconds.toFixed(0)} s.`,
    'Each workload group runs in a fresh Node process; every method is timed by benny in rounds alternating with its own primal ' +
      'baseline, and reported as the median ratio to the primal with the interquartile range of its rounds. A figure that is faster ' +
      `than ${limits.fasterThanPrimal}× its primal, spreads by more than ${100 * limits.spread}% or whose baseline moved by more than ` +
      `${100 * limits.baselineDrift}% is measured again, and printed as **unstable** if it stays so — never as met. Relative errors are against ` +
      'the references described under Accuracy.',
    '',
    '## Design targets',
    '',
    targetsTable(results.targets),
    '',
    ...(misses.length ? ['Where a target is missed:', '', ...misses.map((t) => `- **${t.target}**: ${t.note}`), ''] : []),
    '## Speed',
    '',
    `### The reference function f(x) = e^x / sqrt(sin³x + cos³x) at x = 1.5`,
    '',
    '![cost of f\'](speed-first.svg)',
    '',
  ];
  for (const id of ['martins.first', 'martins.second']) {
    const g = speed.find((x) => x.id === id);
    if (g) out.push(`#### ${g.title}`, '', groupTable(g), '');
  }
  if (scalarFirst.length) {
    out.push("### DiffTests scalar functions (x = 0.7): cost as × primal", '',
      'num2num_4 is a constant: it appears in the accuracy tables only, since there is nothing to time (V8 folds the loop away).', '',
      "f':", '', matrix(scalarFirst, (g) => g.workload, 'ratio'), '');
    out.push("f'':", '', matrix(scalarSecond, (g) => g.workload, 'ratio'), '');
  }
  for (const [task, name] of [['gradient', 'Gradient'], ['hessian', 'Hessian'], ['hvp', 'Hessian-vector product']] as const) {
    const groups = byTask(task);
    if (!groups.length) continue;
    out.push(`### ${name} of n-D Rosenbrock (x = −1.2, 1, −1.2, …${task === 'hvp' ? '; v = −0.5, 0, 0.5, …' : ''}): time per call (× primal, interquartile range over the rounds)`, '',
      matrix(groups, (g) => `n = ${g.n}`, 'time'), '', `![${task} scaling](scaling-${task}.svg)`, '');
    if (task === 'gradient') out.push(...againstPeers(groups, (g) => `n = ${g.n}`));
  }
  const jac = byTask('jacobian');
  if (jac.length) out.push('### Jacobian of the Brown almost-linear function', '', matrix(jac, (g) => `n = ${g.n}`, 'time'), '');
  for (const g of byTask('network')) out.push(...networkSection(g));
  const gb = byTask('gradbench');
  if (gb.length) out.push(...gradbenchSection(gb), '');
  if (results.gradbenchSizes?.length) out.push(...sizesSection(results.gradbenchSizes));
  out.push('### Every group in detail', '');
  for (const g of speed) if (!g.id.startsWith('martins.') && g.task !== 'network') out.push(`#### ${g.title}`, '', groupTable(g), '');
  out.push(
    '## Accuracy',
    '',
    `Relative error against the step size h for f' and f'' of the reference function at x = ${accuracy.x}: the V-shaped curves of ` +
      'Martins et al. (2003) and Fike & Alonso (2011). Truncation error falls with h until rounding error (≈ ε/hᵏ) takes over; ' +
      "the complex step has no subtraction for f', so it keeps falling to rounding level and stays there. Dual and hyper-dual numbers " +
      'take no step: a flat line. Reference: the composite "martins" row of `test/vectors/reference-derivatives.json` (25 digits).',
    '',
    "![error of f'](error-first.svg)",
    '',
    "![error of f''](error-second.svg)",
    '',
    bestErrorTable(accuracy.first, accuracy.second),
    '',
    '### Error at each method\'s default step (relative; absolute where the exact derivative is 0)',
    '',
    'References for the DiffTests functions are closed-form derivatives evaluated with mpmath at 40 digits (see `src/workloads.ts`).',
    '',
    "f':", '', defaultsTable(accuracy.defaults, 1), '',
    "f'':", '', defaultsTable(accuracy.defaults, 2), '',
    '## Rows not measured', '', unavailableList(speed), '',
  );
  out.push('## How it was measured', '', ...measurementNotes.map((n) => `- ${n}`), ...(plotsNote ? [`- ${plotsNote}`] : []), '');
  const ts = results.transformSpeed;
  out.push('## Transform speed', '',
    ts.seconds !== undefined ? `One \`transform()\` call, from a fresh transformer, on a module of ${ts.functions} functions each with a \`derivative\` call site (best of two runs): ${ts.seconds.toFixed(2)} s.` : `Not measured: ${ts.reason}.`, '');
  return out.join('\n');
}

/**
 * Writes REPORT.md, results.json, the SVG plots and (where Chromium is installed) their PNG
 * renderings into `dir`; returns the paths written and why PNGs were skipped, if they were.
 */
export async function writeResults(results: Results, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    written.push(path);
  };
  write('results.json', `${JSON.stringify(results, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 1)}\n`);
  for (const [name, spec] of Object.entries(plotSpecs(results))) write(name, await renderSvg(spec));
  const pngs = await renderPngs(written.filter((f) => f.endsWith('.svg')));
  if (typeof pngs !== 'string') written.push(...pngs.map((r) => r.png));
  write('REPORT.md', markdown(results, typeof pngs === 'string' ? `PNG renderings skipped: ${pngs}.` : 'Each plot is also saved as a PNG beside its SVG, as headless Chromium renders it.'));
  return written;
}
