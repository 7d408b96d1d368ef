/**
 * The GradBench problems (github.com/gradbench/gradbench, evals/*): each with its input as
 * GradBench's eval sends it, the primal as plain TypeScript, the ddx call site a user would write
 * (compiled by @ddx/transform; the nested problems also on the run-time engine), a hand-written
 * derivative, central differences and, where GradBench's own TensorFlow.js tool implements it, TF.js.
 * The same table serves the bench (src/suite.ts) and the GradBench tool (src/gradbench/tool.ts).
 */
import { centralGradient, centralJacobian, defaultStep } from '../methods/finiteDifferences.js';
import { blockJacobianValues, bundleObjective, expand, handJacobianValues, jacobianOutput, jacobianPattern, reprojectionError, type BundleData } from './ba.js';
import type { TfjsMethods } from '../methods/tfjs.js';
import { det, detGradient } from './det.js';
import { gmmGradient, gmmObjective } from './gmm.js';
import { handJacobian, handResiduals } from './ht.js';
import { fromGradBench, handArguments, handInstance, handPose, toGradBench, withPose, type HandArguments } from './htModel.js';
import { kmeansCost, kmeansDirection } from './kmeans.js';
import { llsqGradient, llsqObjective } from './llsq.js';
import { logSumExp, logSumExpGradient } from './lse.js';
import { lstmGradient, lstmObjective, textBits } from './lstm.js';
import { expected, particleEngine, particleHand, saddleEngine, saddleHand } from './nested.js';
import { odeGradient, odeSolve } from './ode.js';
import { normal, uniform } from './random.js';
import { readFileSync } from 'node:fs';

export type Derivative = number | number[] | number[][];
type Input = Record<string, unknown>;

export interface Problem<P = any> {
  readonly name: string;
  readonly title: string;
  /** GradBench's function names: the primal (none for the nested problems), and the derivative(s) this tool answers. */
  readonly primalFunction?: string;
  readonly derivativeFunctions: readonly string[];
  /** What the derivative is, and which ddx verbs compute it. */
  readonly task: string;
  readonly verbs: string;
  /** GradBench's input at the bench's size (`quick`: the smoke test's smaller size). */
  readonly input: (quick: boolean) => Input;
  /**
   * Issue 15's "at every size": inputs at GradBench's own sizes (the defaults of its
   * python/gradbench/gradbench/evals/<name>/run.py), smallest first, up to one whose gradients
   * still run in a few seconds a size; measured by src/gradbenchSizes.ts, reverse mode against the hand-written gradient.
   */
  readonly sizes?: readonly (() => Input)[];
  readonly size: (p: P) => string;
  /** From GradBench's input to the arrays the functions take (not timed). */
  readonly prepare: (input: Input) => P;
  /** The timed baseline: the function that is differentiated (for the nested problems, the descent with hand-written gradients). */
  readonly primal: (p: P) => number | number[];
  readonly primalOutput: (p: P) => unknown;
  /** A hand-written derivative (where there is none, the reference is central differences). */
  readonly hand?: (p: P) => Derivative;
  /** The module @ddx/transform compiles (it imports from ../src/gradbench/), exporting `run`, and how to call it. */
  readonly transform?: {
    readonly source: string;
    readonly call: (run: (...a: never[]) => Derivative, p: P) => Derivative;
    /** The reverse row's call site, where reverse mode computes more than the gradient (kmeans: the Hessian's diagonal); else `source` with its gradients in reverse mode. */
    readonly reverseSource?: string;
  };
  /**
   * Also timed with reverse mode asked for at the same call site (`gradient(f, x, { mode: 'reverse' })`,
   * or `jacobian(f, x, { mode: 'reverse' })`, the Jacobian by rows; `sourceInMode`), called as
   * `transform.call` calls its `run`: the problems with a scalar objective of one array, and the
   * Jacobians of one array (ba, ht).
   */
  readonly reverse?: boolean;
  /**
   * The mode the GradBench tool compiles (src/gradbench/tool.ts): reverse where the problem has it
   * (the faster on every gradient, and on ba's Jacobian), unless set here; ht's Jacobian by rows runs
   * 3 × points forward and backward sweeps against forward mode's 28 columns.
   */
  readonly toolMode?: 'forward';
  /** The run-time engine used directly (the nested problems). */
  readonly engine?: (p: P) => Derivative;
  readonly central?: (p: P) => Derivative;
  readonly tfjs?: (tf: TfjsMethods, p: P) => () => Derivative;
  /** The derivative in GradBench's output format. */
  readonly derivativeOutput: (d: Derivative, p: P) => unknown;
  /** Where the natural form of the primal had to be rewritten for the transform, and why. */
  readonly rewrite?: string;
  /**
   * The primal written the natural way (nested arrays, helpers returning arrays) in its own module of
   * src/gradbench/, whose export `fn` holds the verb's call: compiled as a whole (`naturalSource`),
   * timed beside the flattened form and checked against the same hand-written derivative. `args`
   * are `fn`'s arguments (made once, not timed).
   */
  readonly natural?: { readonly file: string; readonly fn: string; readonly args: (p: P) => unknown[] };
}

const module = (verbs: string, imports: string, file: string, run: string): string =>
  [`// Generated by bench/src/gradbench/problems.ts: the call site a user writes.`,
    `import { ${verbs} } from '@ddx/dual';`, `import { ${imports} } from '../src/gradbench/${file}.js';`, '', run, ''].join('\n');

/**
 * The problem's call site with `{ mode }` added to its `gradient(…)` or `jacobian(…)` calls (the
 * module is otherwise the same), for the problems with a reverse row (`reverse`): the timed rows say
 * which mode they measure, where the call as written would take the verb's default (a gradient's
 * 'auto': reverse mode from 4 inputs; a Jacobian's: forward mode, by columns). The nested descents'
 * call sites (inner gradients of 2 values, which 'auto' runs forward) are as written.
 */
export function sourceInMode(pb: Problem, mode: 'forward' | 'reverse'): string | undefined {
  if (!pb.transform) return undefined;
  if (!pb.reverse) return mode === 'forward' ? pb.transform.source : undefined;
  if (mode === 'reverse' && pb.transform.reverseSource) return pb.transform.reverseSource;
  const out = pb.transform.source.replace(/\b(gradient|jacobian)\(((?:[^;])*)\)(;|\.)/g, (_, verb: string, args: string, end: string) => `${verb}(${args}, { mode: '${mode}' })${end}`);
  if (out === pb.transform.source) throw new Error(`${pb.name}: no gradient(…) or jacobian(…) call site to put in ${mode} mode`);
  return out;
}

/**
 * The natural form's module as the transform reads it: its imports of src/gradbench/ from the
 * generated folder, its verb's call (`return gradient(…, x);` or `return jacobian(…, x);` ending its
 * function) in the mode asked for (the rows say which mode they measure; as in `sourceInMode`, only
 * the problems with a reverse row, `reverse`, have a reverse form), and `run` exported.
 */
export function naturalSource(pb: Problem, mode: 'forward' | 'reverse'): string | undefined {
  if (!pb.natural || (mode === 'reverse' && !pb.reverse)) return undefined;
  const text = readFileSync(new URL(`./${pb.natural.file}.ts`, import.meta.url), 'utf8');
  const inMode = pb.reverse ? text.replace(/(\n {2}return (?:gradient|jacobian)\([\s\S]*?, \w+)\);\n\}/, `$1, { mode: '${mode}' });\n}`) : text;
  if (pb.reverse && inMode === text) throw new Error(`${pb.natural.file}.ts: no return gradient(…, x); or jacobian(…, x); call to put in ${mode} mode`);
  return `${inMode.replace(/from '\.\/(\w+)\.js'/g, "from '../src/gradbench/$1.js'")}\n// Appended by bench/src/gradbench/problems.ts.\nexport const run = ${pb.natural.fn};\n`;
}

const rows = (flat: readonly number[], width: number): number[][] =>
  Array.from({ length: flat.length / width }, (_, i) => flat.slice(i * width, (i + 1) * width));

/** Newton direction from central differences: gradient, and the Hessian's diagonal by second differences. */
function centralNewton(f: (v: readonly number[]) => number, x: readonly number[]): number[] {
  const g = centralGradient(f, x);
  const v = x.slice(), fx = f(x);
  return g.map((gi, i) => {
    const h = defaultStep.central2 * Math.max(1, Math.abs(x[i]));
    v[i] = x[i] + h;
    const up = f(v);
    v[i] = x[i] - h;
    const down = f(v);
    v[i] = x[i];
    return gi / ((up - 2 * fx + down) / (h * h));
  });
}

// Each problem's input at a size, as GradBench's eval generates it (its own seeded numbers: src/gradbench/random.ts).
const llsqInput = (m: number, n: number): Input => ({ x: uniform(m, 1), n });
const lseInput = (n: number): Input => ({ x: uniform(n, 2) });
const detInput = (ell: number): Input => ({ A: uniform(ell * ell, 3), ell });
const odeInput = (n: number, s: number): Input => ({ x: uniform(n, 4), s });

const llsq: Problem<{ x: number[]; n: number }> = {
  name: 'llsq', title: 'linear least squares objective', primalFunction: 'primal', derivativeFunctions: ['gradient'],
  task: 'gradient of ½ Σᵢ (sᵢ − Σⱼ xⱼ tᵢʲ)²', verbs: 'gradient',
  input: (quick) => (quick ? llsqInput(8, 64) : llsqInput(32, 512)),
  // GradBench: m = 128, n = 16, 32, …, 16392
  sizes: [16, 256, 4096, 16392].map((n) => () => llsqInput(128, n)),
  size: (p) => `m = ${p.x.length}, n = ${p.n}`,
  prepare: (i) => ({ x: i.x as number[], n: i.n as number }),
  primal: (p) => llsqObjective(p.x, p.n),
  primalOutput: (p) => llsqObjective(p.x, p.n),
  hand: (p) => llsqGradient(p.x, p.n),
  reverse: true,
  transform: {
    source: module('gradient', 'llsqObjective', 'llsq', 'export function run(x: number[], n: number): number[] {\n  return gradient((v: number[]) => llsqObjective(v, n), x);\n}'),
    call: (run, p) => (run as (x: number[], n: number) => number[])(p.x, p.n),
  },
  central: (p) => centralGradient((v) => llsqObjective(v, p.n), p.x),
  tfjs: (tf, p) => tf.llsqGradient(p.x, p.n),
  derivativeOutput: (d) => d,
};

const lse: Problem<{ x: number[] }> = {
  name: 'lse', title: 'log-sum-exp', primalFunction: 'primal', derivativeFunctions: ['gradient'],
  task: 'gradient of log Σ e^xᵢ (max subtracted)', verbs: 'gradient',
  input: (quick) => lseInput(quick ? 100 : 1000),
  // GradBench: n = 2,500, 5,000, …, 1,280,000 (up to 160,000: above, a process's rounds spread by 40% under load)
  sizes: [2500, 20000, 160000].map((n) => () => lseInput(n)),
  size: (p) => `n = ${p.x.length}`,
  prepare: (i) => ({ x: i.x as number[] }),
  primal: (p) => logSumExp(p.x),
  primalOutput: (p) => logSumExp(p.x),
  hand: (p) => logSumExpGradient(p.x),
  reverse: true,
  transform: {
    source: module('gradient', 'logSumExp', 'lse', 'export function run(x: number[]): number[] {\n  return gradient(logSumExp, x);\n}'),
    call: (run, p) => (run as (x: number[]) => number[])(p.x),
  },
  central: (p) => centralGradient(logSumExp, p.x),
  tfjs: (tf, p) => tf.lseGradient(p.x),
  derivativeOutput: (d) => d,
};

const detProblem: Problem<{ a: number[]; ell: number }> = {
  name: 'det', title: 'determinant by minors', primalFunction: 'primal', derivativeFunctions: ['gradient'],
  task: 'gradient of det A (expansion by minors, recursive)', verbs: 'gradient',
  input: (quick) => detInput(quick ? 4 : 6),
  // GradBench: ℓ = 5, 6, …, 11 (up to 8: the cost grows as ℓ!, ℓ = 9's hand-written gradient takes ~0.25 s)
  sizes: [5, 6, 7, 8].map((ell) => () => detInput(ell)),
  size: (p) => `ℓ = ${p.ell}`,
  prepare: (i) => ({ a: i.A as number[], ell: i.ell as number }),
  primal: (p) => det(p.a, p.ell),
  primalOutput: (p) => det(p.a, p.ell),
  hand: (p) => detGradient(p.a, p.ell),
  reverse: true,
  transform: {
    source: module('gradient', 'det', 'det', 'export function run(a: number[], ell: number): number[] {\n  return gradient((v: number[]) => det(v, ell), a);\n}'),
    call: (run, p) => (run as (a: number[], ell: number) => number[])(p.a, p.ell),
  },
  central: (p) => centralGradient((v) => det(v, p.ell), p.a),
  derivativeOutput: (d) => d,
  rewrite: "cmpad's link arrays (mutated in the recursion) became copied minors: the natural TypeScript form, and accepted as is",
};

const ode: Problem<{ x: number[]; s: number }> = {
  name: 'ode', title: 'Runge–Kutta solution of an ODE', primalFunction: 'primal', derivativeFunctions: ['gradient'],
  task: 'gradient of y_{n−1}(2), RK4 with s steps', verbs: 'gradient',
  input: (quick) => (quick ? odeInput(16, 4) : odeInput(64, 10)),
  // GradBench: n = 1,000, 10,000, 100,000 and s = 1, 10, 100, ordered by n·s (up to n·s = 10,000: n·s = 100,000 takes ~50 ms a gradient)
  sizes: [[1000, 1], [1000, 10], [10000, 1]].map(([n, s]) => () => odeInput(n, s)),
  size: (p) => `n = ${p.x.length}, s = ${p.s}`,
  prepare: (i) => ({ x: i.x as number[], s: i.s as number }),
  primal: (p) => odeSolve(p.x, p.s)[p.x.length - 1],
  primalOutput: (p) => odeSolve(p.x, p.s),
  hand: (p) => odeGradient(p.x, p.s),
  reverse: true,
  transform: {
    source: module('gradient', 'odeSolve', 'ode', 'export function run(x: number[], s: number): number[] {\n  return gradient((v: number[]) => odeSolve(v, s)[v.length - 1], x);\n}'),
    call: (run, p) => (run as (x: number[], s: number) => number[])(p.x, p.s),
  },
  central: (p) => centralGradient((v) => odeSolve(v, p.s)[v.length - 1], p.x),
  derivativeOutput: (d) => d,
  rewrite: 'accepted as written, `gradient((v) => odeSolve(v, s)[v.length - 1], x)` over the solver that returns y(2) (a helper slope(x, y) returning an array, stages by y.map, the step as y = y.map(…)), in reverse mode too',
};

const kmeans: Problem<{ centroids: number[]; points: number[][]; d: number; k: number }> = {
  name: 'kmeans', title: 'k-means Newton step', primalFunction: 'cost', derivativeFunctions: ['dir'],
  task: 'J ⊘ diag H of Σᵢ minⱼ |cⱼ − pᵢ|² (gradient and Hessian diagonal)', verbs: 'gradient, secondDerivative (per centroid coordinate)',
  input: (quick) => {
    const [n, k, d] = quick ? [50, 3, 2] : [200, 5, 4];
    const points = rows(uniform(n * d, 5), d);
    return { points, centroids: points.slice(-k) };
  },
  size: (p) => `n = ${p.points.length}, k = ${p.k}, d = ${p.d}`,
  prepare: (i) => {
    const points = i.points as number[][], centroids = i.centroids as number[][];
    return { points, centroids: centroids.flat(), d: points[0].length, k: centroids.length };
  },
  primal: (p) => kmeansCost(p.centroids, p.points),
  primalOutput: (p) => kmeansCost(p.centroids, p.points),
  hand: (p) => kmeansDirection(p.centroids, p.points),
  reverse: true,
  transform: {
    // diag H without the rest of H: Hᵢᵢ is the second derivative of f along the i-th unit vector,
    // one hyper-dual sweep each (hessian(…) costs n(n+1)/2 or more sweeps for n entries of it)
    source: module('gradient, secondDerivative', 'kmeansCost', 'kmeans', [
      'export function run(c: number[], points: number[][]): number[] {',
      '  const g = gradient((v: number[]) => kmeansCost(v, points), c);',
      '  return g.map((gi: number, i: number) => gi / secondDerivative((t: number) => kmeansCost(c.map((cj, j) => (j === i ? cj + t : cj)), points), 0));',
      '}'].join('\n')),
    // The reverse row: diag H as H·1, one hvp over reverse mode — exact only because this cost's
    // Hessian is diagonal (each squared distance involves one centroid coordinate, Math.min picks
    // one centroid per point); for another f, H·1 sums each row. 3–5× faster than the
    // secondDerivative per coordinate above at full size, 1.1–3× at the quick size (three runs, load ~12).
    reverseSource: module('gradient, hvp', 'kmeansCost', 'kmeans', [
      'export function run(c: number[], points: number[][]): number[] {',
      "  const g = gradient((v: number[]) => kmeansCost(v, points), c, { mode: 'reverse' });",
      "  const h = hvp((v: number[]) => kmeansCost(v, points), c, c.map(() => 1), { mode: 'reverse' });",
      '  return g.map((gi: number, i: number) => gi / h[i]);',
      '}'].join('\n')),
    call: (run, p) => (run as (c: number[], points: number[][]) => number[])(p.centroids, p.points),
  },
  central: (p) => centralNewton((v) => kmeansCost(v, p.points), p.centroids),
  derivativeOutput: (dir, p) => rows(dir as number[], p.d),
  rewrite: 'the points are as GradBench gives them, number[][] data read by for (const p of points) and p[l]; the centroids, which the verbs differentiate, are one flat row-major array (written when the compiled hvp took one array of numbers; gradient, jvp, hvp and vjp take a number[][] point now, not used here yet); the diagonal of the Hessian is one secondDerivative per centroid coordinate, along its unit vector (ddx has no diagonal-only verb; hessian(…) computed all kd × kd entries for kd of them, 810× the hand-written direction); the parameters of the arrow in g.map are annotated (i: number), as the inner arrow reads i (DDX1007 otherwise)',
};

interface GmmPrepared { theta: number[]; x: number[]; d: number; k: number; m: number; gamma: number }
function gmmInput(d: number, k: number, n: number): Input {
  const lSize = (d * (d - 1)) / 2;
  return {
    d, k, n, m: 0, gamma: 1, x: rows(normal(n * d, 6), d), alpha: normal(k, 7), mu: rows(uniform(k * d, 8), d),
    q: rows(normal(k * d, 9), d), l: lSize ? rows(normal(k * lSize, 10), lSize) : Array.from({ length: k }, () => []),
  };
}
const gmm: Problem<GmmPrepared> = {
  name: 'gmm', title: 'Gaussian mixture model log-posterior', primalFunction: 'objective', derivativeFunctions: ['jacobian'],
  task: 'gradient of the log posterior w.r.t. α, μ, q, l', verbs: 'gradient',
  input: (quick) => (quick ? gmmInput(2, 3, 20) : gmmInput(3, 5, 100)),
  // GradBench: d = 2, 10, 20, 32, 64 and k = 5, 10, 25, 50, 100, ordered by d·k, n = 1,000 (up to d·k = 200: the cost grows as d²k)
  sizes: [[2, 5], [10, 5], [10, 10], [20, 10]].map(([d, k]) => () => gmmInput(d, k, 1000)),
  size: (p) => `d = ${p.d}, k = ${p.k}, n = ${p.x.length / p.d}`,
  prepare: (i) => ({
    theta: [...(i.alpha as number[]), ...(i.mu as number[][]).flat(), ...(i.q as number[][]).flat(), ...(i.l as number[][]).flat()],
    x: (i.x as number[][]).flat(), d: i.d as number, k: i.k as number, m: i.m as number, gamma: i.gamma as number,
  }),
  primal: (p) => gmmObjective(p.theta, p.x, p.d, p.k, p.m, p.gamma),
  primalOutput: (p) => gmmObjective(p.theta, p.x, p.d, p.k, p.m, p.gamma),
  hand: (p) => gmmGradient(p.theta, p.x, p.d, p.k, p.m, p.gamma),
  reverse: true,
  transform: {
    source: module('gradient', 'gmmObjective', 'gmm', [
      'export function run(theta: number[], x: number[], d: number, k: number, m: number, gamma: number): number[] {',
      '  return gradient((t: number[]) => gmmObjective(t, x, d, k, m, gamma), theta);',
      '}'].join('\n')),
    call: (run, p) => (run as (...a: unknown[]) => number[])(p.theta, p.x, p.d, p.k, p.m, p.gamma),
  },
  central: (p) => centralGradient((t) => gmmObjective(t, p.x, p.d, p.k, p.m, p.gamma), p.theta),
  derivativeOutput: (g, p) => {
    const v = g as number[], { d, k } = p, lSize = (d * (d - 1)) / 2;
    return {
      alpha: v.slice(0, k), mu: rows(v.slice(k, k + k * d), d), q: rows(v.slice(k + k * d, k + 2 * k * d), d),
      l: lSize ? rows(v.slice(k + 2 * k * d), lSize) : Array.from({ length: k }, () => []),
    };
  },
  natural: { file: 'gmmNatural', fn: 'gmmNaturalGradient', args: (p) => [p.theta, rows(p.x, p.d), p.d, p.k, p.m, p.gamma] },
  rewrite: 'α, μ, q, l packed into one parameter array θ: the verbs differentiate with respect to one array of numbers (or several numbers); a record { alpha, mu, q, l } is rejected (DDX1022: its matrix fields are not numbers or records of numbers, and a record with array fields is not varied as a whole) and a verb differentiates one point (a number[][] point compiles, but α, μ, q, l are four arrays). The data x is flat too, which is no longer needed: number[][] data compile (gmmNatural.ts reads x as rows). Also timed written the natural way (src/gradbench/gmmNatural.ts, the "natural form" rows: matrices, a helper returning Q·z), forward mode; θ still packed at the call site (one point: α, μ, q, l are four arrays)',
};

/** The text the lstm problem reads (GradBench reads a text file; any English text serves). */
const lstmText = 'The quick brown fox jumps over the lazy dog while the five boxing wizards jump quickly. ';

/** l layers over the first c characters of the text (repeated as needed), as GradBench's data files hold them. */
function lstmInput(l: number, c: number): Input {
  const { bits: b, rows: sequence } = textBits(lstmText.repeat(Math.ceil(c / lstmText.length)).slice(0, c));
  return { main_params: rows(uniform(2 * l * 4 * b, 11), 4 * b), extra_params: rows(uniform(3 * b, 12), b), state: rows(uniform(2 * l * b, 13), b), sequence };
}

interface LstmPrepared { params: number[]; state: number[]; sequence: number[]; l: number; b: number }
const lstm: Problem<LstmPrepared> = {
  name: 'lstm', title: 'LSTM language-model loss', primalFunction: 'objective', derivativeFunctions: ['jacobian'],
  task: 'gradient of the loss w.r.t. the main and extra parameters', verbs: 'gradient',
  input: (quick) => (quick ? lstmInput(1, 8) : lstmInput(2, 20)),
  // GradBench: l = 2, 4 and c = 1,024, 4,096 (its data files); c = 4,096 left out (its hand-written gradient alone takes ~65 ms a call)
  sizes: [[2, 1024], [4, 1024]].map(([l, c]) => () => lstmInput(l, c)),
  size: (p) => `l = ${p.l}, c = ${p.sequence.length / p.b}, b = ${p.b}`,
  prepare: (i) => {
    const main = i.main_params as number[][];
    return {
      params: [...main.flat(), ...(i.extra_params as number[][]).flat()], state: (i.state as number[][]).flat(),
      sequence: (i.sequence as number[][]).flat(), l: main.length / 2, b: main[0].length / 4,
    };
  },
  primal: (p) => lstmObjective(p.params, p.state, p.sequence, p.l, p.b),
  primalOutput: (p) => lstmObjective(p.params, p.state, p.sequence, p.l, p.b),
  hand: (p) => lstmGradient(p.params, p.state, p.sequence, p.l, p.b),
  reverse: true,
  transform: {
    source: module('gradient', 'lstmObjective', 'lstm', [
      'export function run(params: number[], state: number[], sequence: number[], l: number, b: number): number[] {',
      '  return gradient((v: number[]) => lstmObjective(v, state, sequence, l, b), params);',
      '}'].join('\n')),
    call: (run, p) => (run as (...a: unknown[]) => number[])(p.params, p.state, p.sequence, p.l, p.b),
  },
  central: (p) => centralGradient((v) => lstmObjective(v, p.state, p.sequence, p.l, p.b), p.params),
  derivativeOutput: (d) => d,
  natural: { file: 'lstmNatural', fn: 'lstmNaturalGradient', args: (p) => [p.params, rows(p.state, p.b), rows(p.sequence, p.b)] },
  rewrite: 'main and extra parameters packed into one flat array: one point is differentiated (a number[][] point compiles, but main and extra are two). The state and sequence are flat too, which is no longer needed: number[][] data compile when read only (assigning an element of one is DDX1023, so a matrix state would be copied into local rows first); the state is updated in a copy, state.slice() (writing into the captured state would be DDX1011, and would change the caller\'s). Also timed written the natural way (src/gradbench/lstmNatural.ts, the "natural form" rows: GradBench\'s number[][] rows, a step helper returning [hidden, cell]), forward mode, with the rewrites listed there',
};

const baCamera = [0.02, -0.01, 0.005, 0.1, -0.2, -2, 400, 1.5, -0.5, -3e-7, 6e-13];
/** One observation's block by central differences. */
const centralBlock = (v: number[], featureX: number, featureY: number): number[][] => centralJacobian((u) => reprojectionError(u, featureX, featureY), v);
const ba: Problem<BundleData> = {
  name: 'ba', title: 'bundle adjustment', primalFunction: 'objective', derivativeFunctions: ['jacobian'],
  task: 'sparse Jacobian of the reprojection and weight errors, from 2 × 15 blocks', verbs: 'jacobian (per observation)',
  input: (quick) => {
    const [n, m, p] = quick ? [3, 5, 10] : [10, 100, 400];
    return { n, m, p, cam: baCamera, x: [0.3, 0.2, 5], w: 0.9, feat: [10, 20] };
  },
  size: (d) => `n = ${d.n}, m = ${d.m}, p = ${d.p}`,
  prepare: (i) => expand(i as Parameters<typeof expand>[0]),
  primal: (d) => bundleObjective(d).reproj,
  primalOutput: (d) => {
    const { reproj, wErr } = bundleObjective(d);
    return { reproj_error: { elements: reproj.slice(0, 2), repeated: d.p }, w_err: { element: wErr[0], repeated: d.p } };
  },
  // the sparse Jacobian's values (its pattern, jacobianPattern, depends on the sizes only): each
  // observation's 2 × 15 block by hand, written in place (ba.ts, reprojectionBlock)
  hand: (d) => handJacobianValues(d),
  // also by rows, `jacobian(…, { mode: 'reverse' })`: 2 forward and backward sweeps per observation, against forward mode's 15 columns (16 tangent runs)
  reverse: true,
  transform: {
    source: module('jacobian', 'reprojectionError', 'ba', [
      '/** One observation\'s 2 × 15 block: the feature is read by the arrow from this function\'s parameters. */',
      'export function run(v: number[], featureX: number, featureY: number): number[][] {',
      '  return jacobian((u: number[]) => reprojectionError(u, featureX, featureY), v);',
      '}'].join('\n')),
    call: (run, d) => blockJacobianValues(d, run as unknown as (v: number[], fx: number, fy: number) => number[][]),
  },
  central: (d) => blockJacobianValues(d, centralBlock),
  derivativeOutput: (vals, d) => jacobianOutput({ ...jacobianPattern(d), vals: vals as number[] }),
  rewrite: "accepted as written: one observation's error [ex, ey] is a function of its 15 inputs returning an array, and `jacobian((u) => reprojectionError(u, fx, fy), v)` gives its 2 × 15 block; the Rodrigues branch tests θ² > 0 rather than ≠ 0 (an equality test of an active value is warning DDX2001)",
};

type Hand = { args: HandArguments; points: number; vertices: number; complicated: boolean };
const ht: Problem<Hand> = {
  name: 'ht', title: 'hand tracking', primalFunction: 'objective', derivativeFunctions: ['jacobian'],
  task: 'Jacobian of the residuals: 26 pose columns, and 2 packed u columns (complicated variant)', verbs: 'jacobian',
  input: (quick) => toGradBench(handInstance(quick ? { rings: 2, around: 4, points: 20, complicated: true } : { rings: 4, around: 6, points: 100, complicated: true })),
  size: (p) => `22 bones, ${p.vertices} vertices (synthetic), ${p.points} points, ${p.complicated ? 'complicated' : 'simple'}`,
  prepare: (i) => {
    const h = fromGradBench(i);
    return { args: handArguments(h, handPose(h)), points: h.correspondences.length, vertices: h.model.basePositions.length / 3, complicated: h.us.length > 0 };
  },
  primal: (p) => handResiduals(...p.args),
  primalOutput: (p) => handResiduals(...p.args),
  hand: (p) => handJacobian(...p.args),
  // also by rows, as asked for (3 × points forward and backward sweeps, each through the whole
  // skinning, against forward mode's 28 columns: rows are the wrong mode here, and the GradBench
  // tool keeps forward mode; `'auto'` would pick columns, n < 2m)
  reverse: true,
  toolMode: 'forward',
  transform: {
    source: module('jacobian', 'handResiduals', 'ht', [
      'export function run(',
      '  at: readonly number[], us: readonly number[], triangles: readonly number[], correspondences: readonly number[], points: readonly number[],',
      '  parents: readonly number[], baseRelatives: readonly number[], inverseBaseAbsolutes: readonly number[], basePositions: readonly number[],',
      '  weights: readonly number[], mirror: number,',
      '): number[][] {',
      '  return jacobian((pose: number[]) => handResiduals(pose, us, triangles, correspondences, points, parents, baseRelatives, inverseBaseAbsolutes, basePositions, weights, mirror), at);',
      '}'].join('\n')),
    call: (run, p) => (run as unknown as (...a: HandArguments) => number[][])(...p.args),
  },
  central: (p) => centralJacobian((pose) => handResiduals(...withPose(p.args, pose)), p.args[0]),
  derivativeOutput: (d) => d,
  natural: {
    file: 'htNatural', fn: 'htNaturalJacobian',
    args: (p) => {
      const [pose, us, triangles, correspondences, points, parents, baseRelatives, inverseBaseAbsolutes, basePositions, weights, mirror] = p.args;
      return [pose, rows(us, 2), rows(triangles, 3), correspondences, rows(points, 3), parents, rows(baseRelatives, 16), rows(inverseBaseAbsolutes, 16),
        rows(basePositions, 3), rows(weights, basePositions.length / 3), mirror];
    },
  },
  rewrite: 'the call site is as written, `jacobian((pose) => handResiduals(pose, us, …model), θ)`; the model is passed as its flat arrays and the points flat, which is no longer needed: a record of number[] fields and numbers compiles as data, and so do number[][] points (checked once in a scratch compile, not kept: handResiduals over such a model record and point rows, compiled in both emit modes, equals the hand-written Jacobian to 2e-17 in both variants); only the model\'s boneNames, a string[] field, is DDX1022, so such a record leaves the names out. The complicated variant\'s two u columns are seeded together (δu added to every u: each residual depends on its own u only), as GradBench\'s Futhark tool does, where a jacobian over [us, θ] would cost 2n + 26 sweeps. The model is synthetic (GradBench\'s model files are not copied). Also timed written the natural way (src/gradbench/htNatural.ts, the "natural form" rows: 4 × 4 matrices and points as number[][] rows, helpers returning arrays), one rewrite: a vertex read by index (destructuring a data matrix\'s row is DDX1017); its per-bone matrices as number[][] fields of one model record are DDX1022',
};

/** nestedPlain.ts is the transform's input as a whole (its descent is specialised per call in that module), with the call site appended. */
const nestedSource = (entry: 'saddle' | 'particle'): string =>
  `${readFileSync(new URL('./nestedPlain.ts', import.meta.url), 'utf8')}\n// Appended by bench/src/gradbench/problems.ts: the entry point the bench calls.\nexport const run = ${entry};\n`;

const saddle: Problem<{ start: number[] }> = {
  name: 'saddle', title: 'saddle point by nested gradient descent', derivativeFunctions: ['ff'],
  task: 'min over x of max over y of f(x, y): the outer gradient differentiates through the inner descent', verbs: 'gradient inside gradient (compiled; and the run-time engine)',
  input: () => ({ start: [1, 1] }),
  size: () => 'start = (1, 1)',
  prepare: (i) => ({ start: i.start as number[] }),
  primal: (p) => saddleHand(p.start),
  primalOutput: (p) => saddleHand(p.start),
  hand: (p) => saddleHand(p.start),
  transform: { source: nestedSource('saddle'), call: (run, p) => (run as (start: number[]) => number[])(p.start) },
  engine: (p) => saddleEngine(p.start),
  derivativeOutput: (d) => d,
  rewrite: 'compiled, nested: a descent helper argmin(f, x0) calling gradient(f, x) inside, differentiated through by the outer descent (src/gradbench/nestedPlain.ts). Written as the engine\'s version (for (;;) with return, x = next, an argmax wrapping f in (x) => -f(x)), with three small rewrites, each with its diagnostic: argmin is not exported (DDX1018), a loop for the norm (Math.hypot(...g) over an array is DDX1003) and the inner reply a module-level function (a local arrow called from another arrow is DDX1030). The run-time engine runs it too (written over ops); the baseline is the same descent with hand-written gradients',
};

const particle: Problem<{ w: number }> = {
  name: 'particle', title: 'charged particle trajectory, nested', derivativeFunctions: ['ff'],
  task: 'argmin over w of the miss distance, whose Euler path uses ∇ of the potential', verbs: 'gradient inside gradient (compiled; and gradient inside derivative on the run-time engine)',
  input: () => ({ w: 0 }),
  size: () => 'w₀ = 0',
  prepare: (i) => ({ w: i.w as number }),
  primal: (p) => particleHand(p.w),
  primalOutput: (p) => particleHand(p.w),
  hand: (p) => particleHand(p.w),
  transform: { source: nestedSource('particle'), call: (run, p) => (run as (w: number) => number)(p.w) },
  engine: (p) => particleEngine(p.w),
  derivativeOutput: (d) => d,
  rewrite: 'compiled, nested: the path\'s force is gradient of the potential inside the cost that the descent differentiates (src/gradbench/nestedPlain.ts), with the same descent helper as saddle and its rewrites; the force unpacked as written, const [ax, ay] = gradient(…). The run-time engine runs it too; the baseline is the same descent with the path\'s tangent written by hand',
};

export const problems: readonly Problem[] = [llsq, lse, detProblem, ode, kmeans, gmm, lstm, ba, ht, saddle, particle];
export const problem = (name: string): Problem | undefined => problems.find((p) => p.name === name);

export { expected };
