/**
 * The accuracy study: error against step size for every finite-difference method (the V-shaped
 * curves of Martins et al. 2003 and Fike & Alonso 2011) next to the flat dual / hyper-dual line,
 * and the error of each method at its default step across the scalar workloads.
 */
import * as fd from './methods/finiteDifferences.js';
import * as cs from './methods/complexStep.js';
import * as runtime from './methods/ddxRuntime.js';
import { M, type Result } from './suite.js';
import { scalarWorkload, scalarWorkloads, type ScalarName } from './workloads.js';

/** max |value − reference| / max |reference| (plain |value − reference| when the reference is 0). */
export function relativeError(value: Result, reference: Result): number {
  const v = [value].flat(2) as number[], r = [reference].flat(2) as number[];
  if (v.length !== r.length) return NaN;
  let diff = 0, size = 0;
  for (let i = 0; i < r.length; i++) {
    diff = Math.max(diff, Math.abs(v[i] - r[i]));
    size = Math.max(size, Math.abs(r[i]));
  }
  if (Number.isNaN(diff) || v.some(Number.isNaN)) return NaN;
  return size === 0 ? diff : diff / size;
}

/** 10^(−k/perDecade) from `from` down to `to` (inclusive), e.g. 1e-1, 10^-1.25, …, 1e-16. */
export function stepSizes(from = 1e-1, to = 1e-16, perDecade = 4): number[] {
  const first = Math.round(-Math.log10(from) * perDecade), last = Math.round(-Math.log10(to) * perDecade);
  return Array.from({ length: last - first + 1 }, (_, i) => 10 ** (-(first + i) / perDecade));
}

export interface CurvePoint { readonly h: number; readonly error: number }
export interface ErrorCurve {
  readonly method: string;
  /** true for the step-free methods (dual numbers): the same error at every h. */
  readonly flat: boolean;
  readonly points: readonly CurvePoint[];
  /** The smallest error reached and the step where it is reached (the largest such h on ties). */
  readonly best: CurvePoint;
}

type Stepped = (f: (x: number) => number, x: number, h: number) => number;
type ComplexStepped = (f: (z: cs.Complex) => cs.Complex, x: number, h: number) => number;

const steppedFirst: [string, Stepped][] = [
  [M.forward, fd.forwardDifference], [M.central, fd.centralDifference],
  [M.fivePoint, fd.fivePointDifference], [M.richardson, (f, x, h) => fd.richardsonDifference(f, x, h)],
];
const steppedSecond: [string, Stepped][] = [
  [M.forward, fd.forwardSecondDifference], [M.central, fd.centralSecondDifference],
  [M.fivePoint, fd.fivePointSecondDifference], [M.richardson, (f, x, h) => fd.richardsonSecondDifference(f, x, h)],
];
const complexStepped: Record<1 | 2, ComplexStepped> = { 1: cs.complexStep, 2: cs.complexStepSecond };

function curve(method: string, points: CurvePoint[], flat = false): ErrorCurve {
  const best = points.reduce((a, p) => (p.error < a.error || Number.isNaN(a.error) ? p : a), points[0]);
  return { method, flat, points, best };
}

export interface StudyOptions {
  /** Steps for the finite differences (default 1e-1 … 1e-16, four per decade). */
  readonly steps?: readonly number[];
  /** Steps for the complex step, which keeps working far below 1e-16 (default 1e-1 … 1e-20). */
  readonly complexSteps?: readonly number[];
  /** Extra step-free methods drawn as flat lines (e.g. the transform's output), by name. */
  readonly exact?: ReadonlyArray<readonly [string, (x: number) => number]>;
}

/** Error against h of each method for the `order`-th derivative of a scalar workload. */
export function errorVsStep(name: ScalarName, order: 1 | 2, options: StudyOptions = {}): ErrorCurve[] {
  const w = scalarWorkload(name);
  const reference = order === 1 ? w.reference.first : w.reference.second;
  const steps = options.steps ?? stepSizes();
  const complexSteps = options.complexSteps ?? stepSizes(1e-1, 1e-20);
  const error = (value: number): number => relativeError(value, reference);
  const curves = (order === 1 ? steppedFirst : steppedSecond).map(([method, d]) =>
    curve(method, steps.map((h) => ({ h, error: error(d(w.f, w.x, h)) }))));
  const cf = cs.complexScalar[name];
  curves.push(curve(M.complexStep, complexSteps.map((h) => ({ h, error: error(complexStepped[order](cf, w.x, h)) }))));
  const exact: (readonly [string, (x: number) => number])[] = [
    order === 1 ? [M.dual, (x) => runtime.runtimeFirst(name, x)] : [M.hyperDual, (x) => runtime.runtimeSecond(name, x)],
    ...(options.exact ?? []),
  ];
  const all = [...steps, ...complexSteps];
  const hs = [Math.max(...all), Math.min(...all)];
  for (const [method, d] of exact) {
    const e = error(d(w.x));
    curves.push(curve(method, hs.map((h) => ({ h, error: e })), true));
  }
  return curves;
}

export interface DefaultStepError {
  readonly workload: ScalarName;
  readonly order: 1 | 2;
  readonly method: string;
  readonly value: number;
  readonly reference: number;
  /** Relative error, or absolute when the reference is 0 (`absolute` true). */
  readonly error: number;
  readonly absolute: boolean;
}

/** The error of each method at its default step, for every scalar workload, f' and f''. */
export function defaultStepErrors(names: readonly ScalarName[] = scalarWorkloads.map((w) => w.name)): DefaultStepError[] {
  const rows: DefaultStepError[] = [];
  for (const name of names) {
    const w = scalarWorkload(name);
    const cf = cs.complexScalar[name];
    const methods: [1 | 2, string, () => number][] = [
      [1, M.forward, () => fd.forwardDifference(w.f, w.x)],
      [1, M.central, () => fd.centralDifference(w.f, w.x)],
      [1, M.fivePoint, () => fd.fivePointDifference(w.f, w.x)],
      [1, M.richardson, () => fd.richardsonDifference(w.f, w.x)],
      [1, M.complexStep, () => cs.complexStep(cf, w.x)],
      [1, M.dual, () => runtime.runtimeFirst(name, w.x)],
      [2, M.forward, () => fd.forwardSecondDifference(w.f, w.x)],
      [2, M.central, () => fd.centralSecondDifference(w.f, w.x)],
      [2, M.fivePoint, () => fd.fivePointSecondDifference(w.f, w.x)],
      [2, M.richardson, () => fd.richardsonSecondDifference(w.f, w.x)],
      [2, M.complexStep, () => cs.complexStepSecond(cf, w.x)],
      [2, M.hyperDual, () => runtime.runtimeSecond(name, w.x)],
    ];
    for (const [order, method, compute] of methods) {
      const reference = order === 1 ? w.reference.first : w.reference.second;
      const value = compute();
      rows.push({ workload: name, order, method, value, reference, error: relativeError(value, reference), absolute: reference === 0 });
    }
  }
  return rows;
}
