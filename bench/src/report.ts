/**
 * Writes the results of a run: results.json (everything, machine-readable), REPORT.md (the
 * human report) and the SVG plots it shows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DefaultStepError, ErrorCurve } from './accuracy.js';
import { errorVsStepSpec, ratioSpec, renderSvg, scalingSpec, type ScalingPoint } from './plots.js';
import { M } from './suite.js';
import type { GroupResult, TargetResult, TransformSpeed } from './targets.js';

export interface Results {
  readonly meta: {
    readonly mode: 'quick' | 'full';
    readonly date: string;
    readonly node: string;
    readonly platform: string;
    readonly cpus: string;
    readonly wallSeconds: number;
    readonly command: string;
  };
  readonly targets: readonly TargetResult[];
  readonly speed: readonly GroupResult[];
  readonly accuracy: {
    readonly workload: string;
    readonly x: number;
    readonly first: readonly ErrorCurve[];
    readonly second: readonly ErrorCurve[];
    readonly defaults: readonly DefaultStepError[];
  };
  readonly transformSpeed: TransformSpeed;
}

// --- formatting -------------------------------------------------------------------------------

export function formatTime(seconds: number): string {
  if (seconds < 1e-6) return `${(seconds * 1e9).toPrecision(3)} ns`;
  if (seconds < 1e-3) return `${(seconds * 1e6).toPrecision(3)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toPrecision(3)} ms`;
  return `${seconds.toPrecision(3)} s`;
}
export const formatRatio = (r: number): string => (!Number.isFinite(r) || r <= 0 ? 'n/a' : r < 10 ? `${r.toFixed(2)}×` : `${r.toPrecision(3)}×`);
export const formatError = (e: number | undefined): string =>
  e === undefined ? '' : Number.isNaN(e) ? 'NaN' : e === 0 ? '0' : e.toExponential(1);
const formatStep = (h: number): string => h.toExponential(2).replace(/\.?0+e/, 'e');

/** A markdown table (also readable as plain text in a terminal). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const cell = (g: GroupResult | undefined, method: string, show: 'ratio' | 'time'): string => {
  const r = g?.rows.find((x) => x.method === method);
  if (!r) return '';
  if (r.status !== 'ok') return r.status === 'failed' ? 'failed' : 'n/a';
  return show === 'ratio' ? formatRatio(r.ratio!) : `${formatTime(r.seconds!)} (${formatRatio(r.ratio!)})`;
};

const methodsOf = (groups: readonly GroupResult[]): string[] => [...new Set(groups.flatMap((g) => g.rows.map((r) => r.method)))];

// --- sections ---------------------------------------------------------------------------------

export function targetsTable(targets: readonly TargetResult[]): string {
  const met = (m: boolean | null) => (m === null ? '—' : m ? 'yes' : '**no**');
  return table(['target', 'goal', 'measured', 'met?'], targets.map((t) => [t.target, t.goal, t.measured, met(t.met)]));
}

function groupTable(g: GroupResult): string {
  return table(
    ['method', 'CPU time per call', '× primal', 'wall ±', 'relative error'],
    g.rows.map((r) =>
      r.status === 'ok'
        ? [r.method, formatTime(r.seconds!), formatRatio(r.ratio!), `${r.rme!.toFixed(1)}%`, formatError(r.error)]
        : [r.method, r.status === 'failed' ? 'failed' : 'unavailable', '', '', r.reason ?? '']),
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
      if (r.status === 'ok') continue;
      const key = `${r.method}: ${r.reason ?? r.status}`;
      if (!reasons.has(key)) reasons.set(key, new Set());
      reasons.get(key)!.add(g.id);
    }
  }
  if (reasons.size === 0) return 'Every row ran.';
  return [...reasons].map(([key, ids]) => `- ${key} — ${[...ids].join(', ')}`).join('\n');
}

// --- plots ------------------------------------------------------------------------------------

function scalingPoints(groups: readonly GroupResult[], task: 'gradient' | 'hessian'): ScalingPoint[] {
  return groups
    .filter((g) => g.task === task && g.n !== undefined)
    .flatMap((g) => g.rows.filter((r) => r.status === 'ok').map((r) => ({ method: r.method, n: g.n!, seconds: r.seconds! })));
}

function ratioBars(g: GroupResult | undefined) {
  return (g?.rows ?? []).filter((r) => r.status === 'ok' && r.method !== M.primal).map((r) => ({ method: r.method, ratio: r.ratio!, family: r.family }));
}

/** The SVG files of a run: name → vega-lite spec. */
function plotSpecs(results: Results) {
  const { accuracy, speed } = results;
  const at = `${accuracy.workload}, x = ${accuracy.x}`;
  return {
    'error-first.svg': errorVsStepSpec(`Error of f' against step size (${at})`, accuracy.first),
    'error-second.svg': errorVsStepSpec(`Error of f'' against step size (${at})`, accuracy.second),
    'speed-first.svg': ratioSpec(`Cost of f' (${at})`, ratioBars(speed.find((g) => g.id === 'martins.first'))),
    'speed-second.svg': ratioSpec(`Cost of f'' (${at})`, ratioBars(speed.find((g) => g.id === 'martins.second'))),
    'scaling-gradient.svg': scalingSpec('Gradient of n-D Rosenbrock: time against n', scalingPoints(speed, 'gradient')),
    'scaling-hessian.svg': scalingSpec('Hessian of n-D Rosenbrock: time against n', scalingPoints(speed, 'hessian')),
  };
}

// --- the report -------------------------------------------------------------------------------

const measurementNotes = [
  'Each row is first computed once and compared with the reference (the relative-error column), then timed. Rows that cannot run say why; no row is filled in by another engine.',
  'Inputs are read from a Float64Array and results summed into a sink, so nothing is constant-folded or dead; fast calls are repeated in a loop of ~50 µs.',
  'Time per call is process CPU time (user + system) read around each ~50 µs timed loop, per call, 10th percentile over every loop benny ran; in full mode each group runs twice (the second time in reverse order) and each row keeps its faster round: on a shared, loaded machine, time spent waiting for a core is not counted, so ratios stay steady where wall time swings. benny\'s wall-clock fastest sample and median are kept in results.json; ± is its relative margin of error of the mean wall time, a measure of how busy the machine was.',
  'Each case gets its own compiled loop (no shared call site). Library-style methods (finite differences, the runtime engine, peers) take the function as an argument and are shared by every workload, as in real use; the accuracy study runs first, so all of them are timed in that shared state.',
  'Transform rows: for each workload and task a module `export const run = derivative(f)` (or `secondDerivative`, `gradient`, `hessian`, `jacobian`) is written to bench/.generated/ at start, compiled with `transform()` in each emit mode, and the output imported.',
  "Step sizes at the defaults: forward √ε, central ε^(1/3), five-point ε^(1/5), Richardson 1e-2 (halved twice); for f'': forward ε^(1/3), central ε^(1/4), five-point ε^(1/6); complex step 1e-20 (f') and ε^(1/4) (f''); all scaled by max(1, |x|).",
  'Gradients, Hessians and Jacobians in forward mode cost one sweep per input (Hessian: one per pair i ≤ j); finite differences cost n + 1 (forward), 2n (central) and 2n² + 1 (Hessian) evaluations.',
  "jax-js: float64 arrays on the Wasm backend; `grad` is exact to rounding, the compiled `jit(grad)` is not (≈ 1e-7 relative here). Its `np.power` is float32-accurate in 0.1.25, so cubes are written as products; its `jacfwd` returns the Jacobian transposed (input-major), which the bench transposes. Each call dispatches array operations eagerly, so it is slow on scalar work.",
  'mathjs: the symbolic derivative is built and compiled once; the timed part is evaluating it. @thi.ng/dual-algebra has no second derivatives; its gradient is one sweep with n-part duals.',
]

export function markdown(results: Results): string {
  const { meta, speed, accuracy } = results;
  const byTask = (task: string) => speed.filter((g) => g.task === task);
  const scalarFirst = byTask('first').filter((g) => g.workload !== 'martins');
  const scalarSecond = byTask('second').filter((g) => g.workload !== 'martins');
  const misses = results.targets.filter((t) => t.met === false);
  const out: string[] = [
    '# ddx benchmark report',
    '',
    `${meta.mode === 'quick' ? '**Quick mode** (CI smoke test: fewer workloads, short sampling — the numbers are indicative only). ' : ''}` +
      `Generated by \`${meta.command}\` on ${meta.date}: Node ${meta.node}, ${meta.platform}, ${meta.cpus}; the run took ${meta.wallSeconds.toFixed(0)} s.`,
    'Speed is the CPU time per call while benny (benchmark.js) runs each case, in one process, reported as a ratio to the primal ' +
      'function measured in the same run; the machine is shared, so only the ratios are meaningful. Relative errors are against ' +
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
  for (const [task, name] of [['gradient', 'Gradient'], ['hessian', 'Hessian']] as const) {
    const groups = byTask(task);
    if (!groups.length) continue;
    out.push(`### ${name} of n-D Rosenbrock (x = −1.2, 1, −1.2, …): time per call (× one primal evaluation)`, '',
      matrix(groups, (g) => `n = ${g.n}`, 'time'), '', `![${task} scaling](scaling-${task}.svg)`, '');
  }
  const jac = byTask('jacobian');
  if (jac.length) out.push('### Jacobian of the Brown almost-linear function', '', matrix(jac, (g) => `n = ${g.n}`, 'time'), '');
  out.push('### Every group in detail', '');
  for (const g of speed) if (!g.id.startsWith('martins.')) out.push(`#### ${g.title}`, '', groupTable(g), '');
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
  out.push('## How it was measured', '', ...measurementNotes.map((n) => `- ${n}`), '');
  const ts = results.transformSpeed;
  out.push('## Transform speed', '',
    ts.seconds !== undefined ? `One \`transform()\` call, from a fresh transformer, on a module of ${ts.functions} functions each with a \`derivative\` call site (best of two runs): ${ts.seconds.toFixed(2)} s.` : `Not measured: ${ts.reason}.`, '');
  return out.join('\n');
}

/** Writes REPORT.md, results.json and the SVG plots into `dir`; returns the paths written. */
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
  write('REPORT.md', markdown(results));
  return written;
}
