/**
 * Micro-benchmark of the run-time engine, reported as ratios measured in one run:
 *  1. `derivative` of f(x) = e^x / sqrt(sin³x + cos³x) at 1.5 against the primal f (target ≤ 2.5×),
 *     first alone, then again after the process has also run the same operations on hyper-duals,
 *     sparse gradient tangents and plain numbers (as the bench package's process does: V8 then
 *     compiles the shared operations for every shape they have met);
 *  2. `gradient` of 100-D Rosenbrock against central differences (target ≥ 2× faster);
 *  3. the two gradient strategies (one sweep per input, sparse chunked) at n = 2, 4, 8, 10, 100, 1000.
 *
 * Timing: every case is warmed up, then runs in rounds of a calibrated number of calls (~25 ms
 * of CPU time, measured with process.cpuUsage so that other processes on a shared machine do not
 * count); the cases being compared run interleaved and the median of the per-round ratios is
 * reported. Every result is summed into a sink that is printed, so V8 cannot drop the work.
 *
 * Run: `npm run bench:micro` (in packages/dual), or `npx tsx bench/micro.ts [--quick]`.
 */
import { derivative, gradient, ops, secondDerivative, type Real } from '../src/index.js';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 7 : 15;
const WARMUP = quick ? 2 : 4;
const ROUND_MS = quick ? 10 : 25;
const WARM_MS = quick ? 150 : 400;

let sink = 0;

/** A case: one call of the work, returning a number that is consumed. */
type Case = () => number;

/** CPU time of this process in ns: unlike wall time, it does not count the time other processes
 * on a shared machine hold the cores. */
const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1e3;
};

/** CPU ns per call of one round. */
function round(c: Case, calls: number): number {
  let s = 0;
  const t0 = cpuNow();
  for (let i = 0; i < calls; i++) s += c();
  const ns = (cpuNow() - t0) / calls;
  sink += s;
  return ns;
}

/** Warms `c` up (so the JIT has compiled it), then returns the calls per round that make one
 * round last about ROUND_MS of CPU time. */
function calibrate(c: Case): number {
  const warmEnd = cpuNow() + WARM_MS * 1e6;
  while (cpuNow() < warmEnd) sink += c();
  for (let n = 1; ; n *= 2) {
    const ns = round(c, n) * n;
    if (ns > (ROUND_MS * 1e6) / 4 || n > 1e8) return Math.max(1, Math.round((n * ROUND_MS * 1e6) / ns));
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Median ns per call of each case, and the median per-round ratio of each case to the first. */
function compare(cases: Record<string, Case>): { ns: Record<string, number>; ratio: Record<string, number> } {
  const names = Object.keys(cases);
  const calls = Object.fromEntries(names.map((k) => [k, calibrate(cases[k])]));
  const times: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    for (const k of names) {
      const ns = round(cases[k], calls[k]);
      if (r >= WARMUP) times[k].push(ns);
    }
  }
  const base = times[names[0]];
  return {
    ns: Object.fromEntries(names.map((k) => [k, median(times[k])])),
    ratio: Object.fromEntries(names.map((k) => [k, median(times[k].map((t, i) => t / base[i]))])),
  };
}

const fmt = (ns: number): string => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(1)} ns`);

// ---------------------------------------------------------------------------------------------
// 1. derivative of the reference function against the primal.

const { exp, sqrt, sin, cos, pow, add, div, sub, mul } = ops;
const fPrimal = (x: number): number => Math.exp(x) / Math.sqrt(Math.sin(x) ** 3 + Math.cos(x) ** 3);
const fDual = (x: Real): Real => div(exp(x), sqrt(add(pow(sin(x), 3), pow(cos(x), 3))));

// Points near 1.5 that change every call, so the work cannot be hoisted out of the loop.
const points = Array.from({ length: 64 }, (_, k) => 1.5 + k * 1e-9);
let p = 0;
const nextPoint = (): number => points[(p = (p + 1) & 63)];

console.log(`ddx runtime micro-benchmark (node ${process.version}${quick ? ', quick' : ''})\n`);
const scalar = compare({
  'primal f(x)': () => fPrimal(nextPoint()),
  'derivative(f, x)': () => derivative(fDual, nextPoint()),
});
console.log('f(x) = e^x / sqrt(sin³x + cos³x) at x ≈ 1.5');
for (const k of Object.keys(scalar.ns)) console.log(`  ${k.padEnd(22)} ${fmt(scalar.ns[k]).padStart(10)}   ${scalar.ratio[k].toFixed(2)} × primal`);

// ---------------------------------------------------------------------------------------------
// 2./3. gradient of n-D Rosenbrock.

const rosenbrockPrimal = (x: number[]): number => {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = 1 - x[i], b = x[i + 1] - x[i] * x[i];
    s += a * a + 100 * b * b;
  }
  return s;
};
const rosenbrock = (x: Real[]): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = sub(1, x[i]), b = sub(x[i + 1], mul(x[i], x[i]));
    s = add(s, add(mul(a, a), mul(100, mul(b, b))));
  }
  return s;
};
/** Central differences with the usual step h = ∛ε·max(1, |xᵢ|): 2n evaluations of f. */
const centralGradient = (f: (x: number[]) => number, x: number[]): number[] => {
  const xs = x.slice(), g = new Array<number>(x.length);
  for (let i = 0; i < x.length; i++) {
    const h = 6.055454452393343e-6 * Math.max(1, Math.abs(x[i]));
    xs[i] = x[i] + h;
    const up = f(xs);
    xs[i] = x[i] - h;
    g[i] = (up - f(xs)) / (2 * h);
    xs[i] = x[i];
  }
  return g;
};
const pointOf = (n: number): number[] => Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(i));

const x100 = pointOf(100);

// 1b. The reference comparison again, after the operations have met every other shape (it uses the
// Rosenbrock workload defined above, so it runs here; its result is printed before section 2's).
for (let i = 0; i < 20000; i++) {
  const x = nextPoint();
  sink += secondDerivative(fDual, x) + (fDual(x) as number);
  if (i % 100 === 0) sink += gradient(rosenbrock, x100)[1] + gradient((v: Real[]) => fDual(v[0]), [x])[0];
}
const mixed = compare({
  'primal f(x)': () => fPrimal(nextPoint()),
  'derivative(f, x)': () => derivative(fDual, nextPoint()),
});
console.log("\nthe same after f'' (hyper-duals), sparse gradients and f on numbers in this process");
for (const k of Object.keys(mixed.ns)) console.log(`  ${k.padEnd(22)} ${fmt(mixed.ns[k]).padStart(10)}   ${mixed.ratio[k].toFixed(2)} × primal`);

const grad = compare({
  'central differences': () => centralGradient(rosenbrockPrimal, x100)[1],
  'gradient (default)': () => gradient(rosenbrock, x100)[1],
});

console.log('\ngradient of 100-D Rosenbrock');
for (const k of Object.keys(grad.ns)) {
  const speedup = 1 / grad.ratio[k];
  console.log(`  ${k.padEnd(22)} ${fmt(grad.ns[k]).padStart(10)}   ${speedup.toFixed(2)} × as fast as central differences`);
}

console.log('\ngradient strategies (Rosenbrock; ratio sweeps / chunked, > 1 means chunked is faster)');
for (const n of [2, 4, 8, 10, 100, 1000]) {
  const x = pointOf(n);
  const s = compare({
    sweeps: () => gradient(rosenbrock, x, { strategy: 'sweeps' })[1],
    chunked: () => gradient(rosenbrock, x, { strategy: 'chunked' })[1],
  });
  console.log(`  n = ${String(n).padEnd(5)} sweeps ${fmt(s.ns.sweeps).padStart(10)}   chunked ${fmt(s.ns.chunked).padStart(10)}   sweeps/chunked ${(1 / s.ratio.chunked).toFixed(1)}`);
}
console.log(`\n(sink ${sink.toPrecision(3)})`);
