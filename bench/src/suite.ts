/**
 * The catalogue of what is measured: groups (a workload and a task, e.g. "f' of martins" or
 * "gradient of Rosenbrock, n = 100"), each with its reference result and one candidate per method.
 * A candidate either computes the derivative or says why it cannot (never a substitute).
 */
import * as fd from './methods/finiteDifferences.js';
import * as cs from './methods/complexStep.js';
import * as runtime from './methods/ddxRuntime.js';
import * as hand from './methods/handWritten.js';
import { thingFirst, thingGradient } from './methods/thing.js';
import type { MathjsDerivative } from './methods/mathjs.js';
import type { JaxMethods } from './methods/jax.js';
import type { TfjsMethods } from './methods/tfjs.js';
import { naturalSource, problem, problems, sourceInMode, type Derivative, type Problem } from './gradbench/problems.js';
import { emitModes, type TransformOutcome, type TransformTarget } from './methods/ddxTransform.js';
import { networkGradient, networkInput, networkLoss, networkSource } from './network.js';
import {
  brownAlmostLinear, brownJacobian, brownPoint, rosenbrock, rosenbrockDirection, rosenbrockGradient, rosenbrockHessian, rosenbrockHvp, rosenbrockPoint,
  scalarWorkload, type ScalarName,
} from './workloads.js';

export type Task = 'first' | 'second' | 'gradient' | 'hessian' | 'hvp' | 'jacobian' | 'network' | 'gradbench' | 'gradbench-size';
export type Family = 'primal' | 'hand-written' | 'ddx' | 'finite differences' | 'peer';
export type Result = number | number[] | number[][];

export interface Candidate {
  readonly method: string;
  readonly family: Family;
  /** Computes the derivative at the group's point. */
  readonly compute?: () => Result;
  /** Why there is no result (the row is reported as such). */
  readonly unavailable?: string;
}

export interface Group {
  readonly id: string; // e.g. 'martins.first', 'rosenbrock.gradient.100'
  readonly title: string;
  readonly task: Task;
  readonly workload: string;
  readonly n?: number;
  readonly reference: Result;
  readonly candidates: readonly Candidate[];
}

export interface SuiteConfig {
  readonly scalars: readonly ScalarName[];
  readonly gradientSizes: readonly number[];
  readonly hessianSizes: readonly number[];
  readonly jacobianSizes: readonly number[];
  /** GradBench problems (src/gradbench/problems.ts), at the quick or the full size. */
  readonly gradbench: readonly string[];
  readonly gradbenchSize: 'quick' | 'full';
  /** jax-js on the vector workloads too (milliseconds a call: the full suite only). */
  readonly jaxVectors: boolean;
}

/**
 * num2num_4 is a constant: it is in the accuracy tables, but leaves nothing to time (V8 folds the loop).
 * jax-js (milliseconds a call, eagerly dispatched) is timed on the reference function only among the scalars.
 */
export const fullSuite: SuiteConfig = {
  scalars: ['martins', 'num2num_1', 'num2num_2', 'num2num_3', 'num2num_5'],
  // n = 10,000 times reverse mode, the hand-written gradient and the peers only (see sweepsAtMost)
  gradientSizes: [10, 100, 1000, 10_000],
  hessianSizes: [10, 100],
  jacobianSizes: [10, 100],
  gradbench: problems.map((p) => p.name),
  gradbenchSize: 'full',
  jaxVectors: true,
};

export const quickSuite: SuiteConfig = {
  scalars: ['martins'],
  gradientSizes: [100],
  hessianSizes: [10],
  jacobianSizes: [10],
  // one of each shape (a polynomial fit, an ODE loop, a mixture, a sparse Jacobian, a dense
  // Jacobian from a generated call site); the nested problems take ~0.1-0.4 s a call, and the
  // smoke test runs on every CI run
  gradbench: ['llsq', 'ode', 'gmm', 'ba', 'ht'],
  gradbenchSize: 'quick',
  jaxVectors: false,
};

/** Method names, shared by every group so tables and plots line up. */
export const M = {
  primal: 'primal f (baseline)',
  hand: 'hand-written derivative',
  dual: 'ddx Dual (runtime)',
  hyperDual: 'ddx HyperDual (runtime)',
  transform: (mode: string) => `ddx transform ${mode}`,
  reverse: 'ddx transform reverse',
  natural: (mode: string) => `ddx transform ${mode}, natural form`,
  naturalReverse: 'ddx transform reverse, natural form',
  forward: 'forward difference',
  central: 'central difference',
  fivePoint: 'five-point difference',
  richardson: 'Richardson (3 levels)',
  complexStep: 'complex step',
  thing: '@thi.ng/dual-algebra',
  mathjs: 'mathjs derivative',
  jaxGrad: 'jax-js grad',
  jaxJit: 'jax-js jit(grad)',
  jaxHessian: 'jax-js hessian',
  jaxJacobian: 'jax-js jacfwd',
  engine: 'ddx run-time engine (nested)',
  tfjs: 'TensorFlow.js grad (float32)',
} as const;

/** A module whose `run` is `call`, a call site of `verb` on Rosenbrock. */
const rosenbrockCallSite = (verb: string, call: string): string =>
  `import { ${verb} } from '@ddx/dual';\nimport { rosenbrock } from '../src/functions.js';\n\nexport const run = ${call};\n`;

/** The transform targets (one per group) the suite will ask for. */
export function transformTargets(config: SuiteConfig): TransformTarget[] {
  return [
    ...config.scalars.flatMap((fn): TransformTarget[] => [
      { key: `${fn}.first`, verb: 'derivative', fn },
      { key: `${fn}.second`, verb: 'secondDerivative', fn },
    ]),
    { key: 'rosenbrock.gradient', verb: 'gradient', fn: 'rosenbrock' },
    // Reverse mode, asked for at the call site (the generated code of both emit modes is reverse mode's).
    {
      key: 'rosenbrock.gradient.reverse', verb: 'gradient', fn: 'rosenbrock',
      source: rosenbrockCallSite('gradient', "(x: number[]) => gradient(rosenbrock, x, { mode: 'reverse' })"),
    },
    { key: 'rosenbrock.hessian', verb: 'hessian', fn: 'rosenbrock' },
    // Second order over reverse mode: the Hessian as products with the adjoint code's tangent, and one such product.
    { key: 'rosenbrock.hessian.reverse', verb: 'hessian', fn: 'rosenbrock', source: rosenbrockCallSite('hessian', "(x: number[]) => hessian(rosenbrock, x, { mode: 'reverse' })") },
    { key: 'rosenbrock.hvp', verb: 'hvp', fn: 'rosenbrock', source: rosenbrockCallSite('hvp', "(x: number[], v: number[]) => hvp(rosenbrock, x, v, { mode: 'forward' })") },
    { key: 'rosenbrock.hvp.reverse', verb: 'hvp', fn: 'rosenbrock', source: rosenbrockCallSite('hvp', "(x: number[], v: number[]) => hvp(rosenbrock, x, v, { mode: 'reverse' })") },
    { key: 'brownAlmostLinear.jacobian', verb: 'jacobian', fn: 'brownAlmostLinear' },
    { key: 'classifier.network', verb: 'gradient', fn: 'networkLoss', source: networkSource('forward') },
    { key: 'classifier.network.reverse', verb: 'gradient', fn: 'networkLoss', source: networkSource('reverse') },
    ...config.gradbench.flatMap((name): TransformTarget[] => {
      const pb = problem(name);
      const sources: [string, string | undefined][] = pb ? [
        [`gradbench.${name}`, sourceInMode(pb, 'forward')], [`gradbench.${name}.reverse`, sourceInMode(pb, 'reverse')],
        [`gradbench.${name}.natural`, naturalSource(pb, 'forward')], [`gradbench.${name}.natural.reverse`, naturalSource(pb, 'reverse')],
      ] : [];
      return sources.filter((k): k is [string, string] => k[1] !== undefined).map(([key, source]) => ({ key, verb: 'gradient' as const, fn: name, source }));
    }),
  ];
}

export interface Engines {
  readonly jax: JaxMethods | string;
  readonly tfjs?: TfjsMethods | string;
  readonly mathjs?: MathjsDerivative | string;
  readonly transform: Map<string, TransformOutcome>;
}

const ok = (method: string, family: Family, compute: () => Result): Candidate => ({ method, family, compute });

/**
 * Two equal copies of an input, handed out in turn. No call in a timing loop then has a
 * loop-invariant input, so V8 cannot hoist a cheap primal out of the loop (Rosenbrock n = 10, ~12 ns,
 * came out 4× faster in one process than in another), and every method pays the same small cost.
 */
function alternating<T>(a: T, b: T): () => T {
  let k = 0;
  return () => ((k ^= 1) === 1 ? a : b);
}
const missing = (method: string, family: Family, unavailable: string): Candidate => ({ method, family, unavailable });
/** The largest n at which the gradient's forward-mode, runtime and finite-difference rows are timed. */
const sweepsAtMost = 1000;

function transformCandidates(engines: Engines, key: string, input: () => unknown): Candidate[] {
  return transformCalls(engines, key, (run) => (run as (x: unknown) => Result)(input()));
}

/** Reverse mode's candidate (`{ mode: 'reverse' }` at the call site, compiled in inline mode). */
function reverseCandidate(engines: Engines, key: string, input: () => unknown): Candidate {
  return inlineCall(engines, key, (run) => (run as (x: unknown) => Result)(input()));
}
/** One candidate, the call site `key` compiled in inline mode (reverse mode's row unless `method` says otherwise). */
function inlineCall(engines: Engines, key: string, call: (run: (...a: never[]) => Result) => Result, method: string = M.reverse): Candidate {
  const outcome = engines.transform.get(`inline:${key}`);
  if (!outcome) return missing(method, 'ddx', 'not generated');
  if (!outcome.ok) return missing(method, 'ddx', outcome.reason);
  const run = outcome.run as (...a: never[]) => Result;
  return ok(method, 'ddx', () => call(run));
}

/** One candidate per emit mode, calling the generated `run` as `call` says. */
function transformCalls(engines: Engines, key: string, call: (run: (...a: never[]) => Result) => Result, method: (mode: string) => string = M.transform): Candidate[] {
  return emitModes.map((mode) => {
    const outcome = engines.transform.get(`${mode}:${key}`);
    if (!outcome) return missing(method(mode), 'ddx', 'not generated');
    if (!outcome.ok) return missing(method(mode), 'ddx', outcome.reason);
    const run = outcome.run as (...a: never[]) => Result;
    return ok(method(mode), 'ddx', () => call(run));
  });
}

/** A peer's candidate, or why there is none (a peer loaded lazily, in the groups that use it). */
function peer<E>(engine: E | string | undefined, method: string, make: (e: E) => () => Result): Candidate {
  return engine === undefined ? missing(method, 'peer', 'not loaded') : typeof engine === 'string' ? missing(method, 'peer', engine) : ok(method, 'peer', make(engine));
}
const jaxCandidate = (engines: Engines, method: string, make: (jax: JaxMethods) => () => Result): Candidate[] => [peer(engines.jax, method, make)];

/** Builds every group; `point` arrays are read at call time (a Float64Array, so nothing is constant-folded). */
export function buildGroups(config: SuiteConfig, engines: Engines, want: (id: string) => boolean = () => true): Group[] {
  const groups: Group[] = [];
  // A group is built only if wanted (a group's process builds just its own).
  const add = (id: string, make: () => Omit<Group, 'id'>) => { if (want(id)) groups.push({ id, ...make() }); };
  for (const name of config.scalars) {
    const w = scalarWorkload(name);
    const at = alternating(new Float64Array([w.x]), new Float64Array([w.x]));
    const f = w.f, cf = cs.complexScalar[name], handFirst = name === 'martins' ? hand.martinsFirst : undefined;
    const handSecond = name === 'martins' ? hand.martinsSecond : undefined;
    add(`${name}.first`, () => ({
      title: `f' of ${name}, x = ${w.x}`, task: 'first', workload: name, reference: w.reference.first,
      candidates: [
        ok(M.primal, 'primal', () => f(at()[0])),
        ...(handFirst ? [ok(M.hand, 'hand-written', () => handFirst(at()[0]))] : []),
        ok(M.dual, 'ddx', () => runtime.runtimeFirst(name, at()[0])),
        ...transformCandidates(engines, `${name}.first`, () => at()[0]),
        ok(M.forward, 'finite differences', () => fd.forwardDifference(f, at()[0])),
        ok(M.central, 'finite differences', () => fd.centralDifference(f, at()[0])),
        ok(M.fivePoint, 'finite differences', () => fd.fivePointDifference(f, at()[0])),
        ok(M.richardson, 'finite differences', () => fd.richardsonDifference(f, at()[0])),
        ok(M.complexStep, 'finite differences', () => cs.complexStep(cf, at()[0])),
        ok(M.thing, 'peer', () => thingFirst(name, at()[0])),
        peer(engines.mathjs, M.mathjs, (mathjs) => { const d = mathjs(name, 1); return () => d(at()[0]); }),
        ...(name === 'martins' ? jaxCandidate(engines, M.jaxGrad, (jax) => { const d = jax.first(name); return () => d(at()[0]); }) : []),
        ...(name === 'martins' ? jaxCandidate(engines, M.jaxJit, (jax) => { const d = jax.firstJit(name); return () => d(at()[0]); }) : []),
      ],
    }));
    add(`${name}.second`, () => ({
      title: `f'' of ${name}, x = ${w.x}`, task: 'second', workload: name, reference: w.reference.second,
      candidates: [
        ok(M.primal, 'primal', () => f(at()[0])),
        ...(handSecond ? [ok(M.hand, 'hand-written', () => handSecond(at()[0]))] : []),
        ok(M.hyperDual, 'ddx', () => runtime.runtimeSecond(name, at()[0])),
        ...transformCandidates(engines, `${name}.second`, () => at()[0]),
        ok(M.forward, 'finite differences', () => fd.forwardSecondDifference(f, at()[0])),
        ok(M.central, 'finite differences', () => fd.centralSecondDifference(f, at()[0])),
        ok(M.fivePoint, 'finite differences', () => fd.fivePointSecondDifference(f, at()[0])),
        ok(M.richardson, 'finite differences', () => fd.richardsonSecondDifference(f, at()[0])),
        ok(M.complexStep, 'finite differences', () => cs.complexStepSecond(cf, at()[0])),
        missing(M.thing, 'peer', 'first derivatives only (no hyper-dual numbers)'),
        peer(engines.mathjs, M.mathjs, (mathjs) => { const d = mathjs(name, 2); return () => d(at()[0]); }),
        ...(name === 'martins' ? jaxCandidate(engines, M.jaxGrad, (jax) => { const d = jax.second(name); return () => d(at()[0]); }) : []),
      ],
    }));
  }
  for (const n of config.gradientSizes) {
    const x = rosenbrockPoint(n);
    const xs = alternating(x, x.slice());
    // A method that sweeps the function once or twice per input costs n² (about 0.1-1 s a call at
    // n = 10,000): past sweepsAtMost it is named in the table, not timed.
    const sweeping = (candidate: Candidate): Candidate =>
      n <= sweepsAtMost ? candidate : missing(candidate.method, candidate.family, `not timed at n > ${sweepsAtMost}: one or two sweeps of f per input`);
    add(`rosenbrock.gradient.${n}`, () => ({
      title: `gradient of Rosenbrock, n = ${n}`, task: 'gradient', workload: 'rosenbrock', n,
      reference: rosenbrockGradient(x),
      candidates: [
        ok(M.primal, 'primal', () => rosenbrock(xs())),
        ok(M.hand, 'hand-written', () => rosenbrockGradient(xs())),
        ...[
          ok(M.dual, 'ddx', () => runtime.runtimeGradient(xs())),
          ...transformCandidates(engines, 'rosenbrock.gradient', () => xs()),
        ].map(sweeping),
        reverseCandidate(engines, 'rosenbrock.gradient.reverse', () => xs()),
        ...[
          ok(M.forward, 'finite differences', () => fd.forwardGradient(rosenbrock, xs())),
          ok(M.central, 'finite differences', () => fd.centralGradient(rosenbrock, xs())),
          ok(M.complexStep, 'finite differences', () => cs.complexStepGradient(cs.complexRosenbrock, xs())),
          ok(M.thing, 'peer', () => thingGradient(xs())),
        ].map(sweeping),
        ...(config.jaxVectors ? jaxCandidate(engines, M.jaxGrad, (jax) => { const g = jax.gradient(n); return () => g(xs()); }) : []),
        peer(engines.tfjs, M.tfjs, (tf) => { const g = tf.rosenbrockGradient(); return () => g(xs()); }),
      ],
    }));
  }
  for (const n of config.hessianSizes) {
    const x = rosenbrockPoint(n);
    const xs = alternating(x, x.slice());
    add(`rosenbrock.hessian.${n}`, () => ({
      title: `Hessian of Rosenbrock, n = ${n}`, task: 'hessian', workload: 'rosenbrock', n,
      reference: rosenbrockHessian(x),
      candidates: [
        ok(M.primal, 'primal', () => rosenbrock(xs())),
        ok(M.hand, 'hand-written', () => rosenbrockHessian(xs())),
        ok(M.hyperDual, 'ddx', () => runtime.runtimeHessian(xs())),
        ...transformCandidates(engines, 'rosenbrock.hessian', () => xs()),
        reverseCandidate(engines, 'rosenbrock.hessian.reverse', () => xs()),
        ok(M.central, 'finite differences', () => fd.centralHessian(rosenbrock, xs())),
        ...(config.jaxVectors ? jaxCandidate(engines, M.jaxHessian, (jax) => { const h = jax.hessian(n); return () => h(xs()); }) : []),
      ],
    }));
    const v = rosenbrockDirection(n);
    add(`rosenbrock.hvp.${n}`, () => ({
      title: `Hessian-vector product of Rosenbrock, n = ${n}`, task: 'hvp', workload: 'rosenbrock', n,
      reference: rosenbrockHvp(x, v),
      candidates: [
        ok(M.primal, 'primal', () => rosenbrock(xs())),
        ok(M.hand, 'hand-written', () => rosenbrockHvp(xs(), v)),
        ok(M.hyperDual, 'ddx', () => runtime.runtimeHvp(xs(), v)),
        ...transformCalls(engines, 'rosenbrock.hvp', (run) => (run as (x: number[], v: number[]) => Result)(xs(), v)),
        inlineCall(engines, 'rosenbrock.hvp.reverse', (run) => (run as (x: number[], v: number[]) => Result)(xs(), v)),
      ],
    }));
  }
  for (const n of config.jacobianSizes) {
    const x = brownPoint(n);
    const xs = alternating(x, x.slice());
    add(`brown.jacobian.${n}`, () => ({
      title: `Jacobian of Brown almost-linear, n = ${n}`, task: 'jacobian', workload: 'brownAlmostLinear', n,
      reference: brownJacobian(x),
      candidates: [
        ok(M.primal, 'primal', () => brownAlmostLinear(xs())),
        ok(M.hand, 'hand-written', () => brownJacobian(xs())),
        ok(M.dual, 'ddx', () => runtime.runtimeJacobian(xs())),
        ...transformCandidates(engines, 'brownAlmostLinear.jacobian', () => xs()),
        ok(M.forward, 'finite differences', () => fd.forwardJacobian(brownAlmostLinear, xs())),
        ok(M.central, 'finite differences', () => fd.centralJacobian(brownAlmostLinear, xs())),
        ok(M.complexStep, 'finite differences', () => cs.complexStepJacobian(cs.complexBrownAlmostLinear, xs())),
        ...(config.jaxVectors ? jaxCandidate(engines, M.jaxJacobian, (jax) => { const j = jax.jacobian(n); return () => j(xs()); }) : []),
      ],
    }));
  }
  add('classifier.network', () => networkGroup(engines));
  for (const name of config.gradbench) {
    add(`gradbench.${name}`, () => gradbenchGroup(problem(name)!, config.gradbenchSize === 'quick', engines));
  }
  return groups;
}

/**
 * Issue 15's network: the classifier example's loss over its 300 points (src/network.ts), 99
 * parameters; the reference is the hand-written backprop. Forward mode's inline code only (its dual
 * emit mode would take tens of milliseconds a call, in the quick suite too).
 */
function networkGroup(engines: Engines): Omit<Group, 'id'> {
  const { theta, points, labels } = networkInput();
  const thetas = alternating(theta, theta.slice());
  const call = (run: (...a: never[]) => Result) => (run as (...a: unknown[]) => Result)(thetas(), points, labels);
  return {
    title: 'gradient of the classifier\'s loss, a 2-16-3 ReLU network over 300 points (99 weights)', task: 'network', workload: 'classifier', n: theta.length,
    reference: networkGradient(theta, points, labels),
    candidates: [
      ok(M.primal, 'primal', () => networkLoss(thetas(), points, labels)),
      ok(M.hand, 'hand-written', () => networkGradient(thetas(), points, labels)),
      inlineCall(engines, 'classifier.network.reverse', call),
      inlineCall(engines, 'classifier.network', call, M.transform('inline')),
      ok(M.central, 'finite differences', () => fd.centralGradient((t) => networkLoss(t as number[], points, labels), thetas())),
      peer(engines.tfjs, M.tfjs, (tf) => { const g = tf.networkGradient(points, labels); return () => g(thetas()); }),
    ],
  };
}

/**
 * Issue 15's "at every size" (src/gradbenchSizes.ts): a GradBench problem with a scalar objective at one
 * of GradBench's sizes, its primal, hand-written gradient and reverse mode only (the call site of its
 * group's reverse row); the reference is the hand-written gradient.
 */
export function gradbenchSizeGroup(pb: Problem, input: Record<string, unknown>, engines: Engines): Omit<Group, 'id'> {
  if (!pb.hand || !pb.transform || !pb.reverse) throw new Error(`${pb.name}: no hand-written gradient and reverse call site to compare`);
  const p = pb.prepare(input), hand = pb.hand, call = pb.transform.call;
  return {
    title: `GradBench ${pb.name} (${pb.title}), ${pb.size(p)}`, task: 'gradbench-size', workload: pb.name,
    reference: hand(p),
    candidates: [
      ok(M.primal, 'primal', () => pb.primal(p)),
      ok(M.hand, 'hand-written', () => hand(p)),
      inlineCall(engines, `gradbench.${pb.name}.reverse`, (run) => call(run as (...a: never[]) => Derivative, p)),
    ],
  };
}

/** A GradBench problem at the bench's size; the reference is the hand-written derivative (central differences where there is none). */
function gradbenchGroup(pb: Problem, quick: boolean, engines: Engines): Omit<Group, 'id'> {
  const p = pb.prepare(pb.input(quick));
  // the natural form's arguments (its matrices) are made once, outside the timed call
  const args = pb.natural?.args(p);
  const natural = args && ((run: (...a: never[]) => Result) => (run as (...a: unknown[]) => Result)(...args));
  return {
    title: `GradBench ${pb.name} (${pb.title}), ${pb.size(p)}`, task: 'gradbench', workload: pb.name,
    reference: pb.hand ? pb.hand(p) : pb.central!(p),
    candidates: [
      ok(M.primal, 'primal', () => pb.primal(p)),
      // (the nested problems' primal is already the descent with hand-written gradients)
      ...(pb.engine ? [] : [pb.hand ? ok(M.hand, 'hand-written', () => pb.hand!(p)) : missing(M.hand, 'hand-written', 'no hand-written derivative (the reference is central differences)')]),
      ...(pb.transform ? transformCalls(engines, `gradbench.${pb.name}`, (run) => pb.transform!.call(run as (...a: never[]) => Derivative, p)) : []),
      ...(pb.transform && pb.reverse ? [inlineCall(engines, `gradbench.${pb.name}.reverse`, (run) => pb.transform!.call(run as (...a: never[]) => Derivative, p))] : []),
      ...(natural ? [
        ...transformCalls(engines, `gradbench.${pb.name}.natural`, natural, M.natural),
        ...(pb.reverse ? [inlineCall(engines, `gradbench.${pb.name}.natural.reverse`, natural, M.naturalReverse)] : []),
      ] : []),
      ...(pb.engine ? [ok(M.engine, 'ddx', () => pb.engine!(p))] : []),
      pb.central ? ok(M.central, 'finite differences', () => pb.central!(p)) : missing(M.central, 'finite differences', 'not written for the nested descent'),
      !pb.tfjs ? missing(M.tfjs, 'peer', "GradBench's TensorFlow.js tool has no implementation of this problem")
        : peer(engines.tfjs, M.tfjs, (tf) => pb.tfjs!(tf, p)),
    ],
  };
}
