/**
 * Where reverse mode starts to win: compiled forward-mode time ÷ compiled reverse-mode time for the
 * gradient of functions of different shapes at n = 1, 2, 3, 4, 6, 8, 12, 16 (a ratio above 1:
 * reverse mode is faster), and for the Jacobian of f: Rⁿ → Rᵐ (m < n) by columns (forward) ÷ by
 * rows (reverse), and ÷ `{ mode: 'auto' }` (which evaluates f once to count its values). Each function is compiled by @ddx/transform at call sites with `{ mode }`; the
 * two results are checked against each other first (relative 1e-12). One run:
 * `npx tsx --conditions=@ddx/source bench/src/reverse-crossover.ts`. Each time is the median of 9
 * rounds of a loop of at least 10 ms, after 50 ms of warm-up; the inputs alternate between two copies.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform } from '@ddx/transform';
import { generatedDir } from './methods/ddxTransform.js';

const source = `import { gradient, jacobian } from '@ddx/dual';
function rosenbrock(x: number[]): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
  return s;
}
function expLog(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(0.1 * x[i]) + Math.log(1 + x[i] * x[i]);
  return s;
}
const features = [0.3, -1.2, 0.8, 0.1, -0.5, 1.7, 0.9, -0.4, 0.2, 1.1, -0.9, 0.6, -1.4, 0.05, 0.7, -0.2];
const targets = [0.5, -0.25, 0.75, 0.1, -0.6, 0.3, 0.9, -0.8];
/** A dense layer's loss over 8 points, in its weights (one per feature used). */
function layerLoss(w: number[]): number {
  let loss = 0;
  for (let p = 0; p < 8; p++) {
    let z = 0;
    for (let j = 0; j < w.length; j++) z += w[j] * features[(j + 3 * p) % 16];
    const e = Math.tanh(z) - targets[p];
    loss += e * e;
  }
  return loss;
}
function two(a: number, b: number): number {
  return a * Math.sin(b) + Math.exp(a * b);
}
function three(a: number, b: number, c: number): number {
  return Math.hypot(a, b, c) * Math.cos(a - c) + b * b * c;
}
function moments1(x: number[]): number[] {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.sin(x[i]) * x[i];
  return [s];
}
function moments2(x: number[]): number[] {
  let s = 0, q = 0;
  for (let i = 0; i < x.length; i++) { s += Math.sin(x[i]) * x[i]; q += Math.exp(0.1 * x[i]); }
  return [s, q];
}
function moments4(x: number[]): number[] {
  let s = 0, q = 0, r = 0, t = 0;
  for (let i = 0; i < x.length; i++) { s += Math.sin(x[i]) * x[i]; q += Math.exp(0.1 * x[i]); r += x[i] * x[i]; t += Math.cos(x[i] + i); }
  return [s, q, r, t];
}
export const gradients = {
  rosenbrock: [(x: number[]) => gradient(rosenbrock, x, { mode: 'forward' }), (x: number[]) => gradient(rosenbrock, x, { mode: 'reverse' })],
  expLog: [(x: number[]) => gradient(expLog, x, { mode: 'forward' }), (x: number[]) => gradient(expLog, x, { mode: 'reverse' })],
  layerLoss: [(x: number[]) => gradient(layerLoss, x, { mode: 'forward' }), (x: number[]) => gradient(layerLoss, x, { mode: 'reverse' })],
  two: [(x: number[]) => gradient(two, x, { mode: 'forward' }), (x: number[]) => gradient(two, x, { mode: 'reverse' })],
  three: [(x: number[]) => gradient(three, x, { mode: 'forward' }), (x: number[]) => gradient(three, x, { mode: 'reverse' })],
};
export const jacobians = {
  1: [(x: number[]) => jacobian(moments1, x, { mode: 'forward' }), (x: number[]) => jacobian(moments1, x, { mode: 'reverse' })],
  2: [(x: number[]) => jacobian(moments2, x, { mode: 'forward' }), (x: number[]) => jacobian(moments2, x, { mode: 'reverse' })],
  4: [(x: number[]) => jacobian(moments4, x, { mode: 'forward' }), (x: number[]) => jacobian(moments4, x, { mode: 'reverse' })],
};
export const jacobiansAuto = {
  1: [(x: number[]) => jacobian(moments1, x, { mode: 'forward' }), (x: number[]) => jacobian(moments1, x, { mode: 'auto' })],
  2: [(x: number[]) => jacobian(moments2, x, { mode: 'forward' }), (x: number[]) => jacobian(moments2, x, { mode: 'auto' })],
  4: [(x: number[]) => jacobian(moments4, x, { mode: 'forward' }), (x: number[]) => jacobian(moments4, x, { mode: 'auto' })],
};
`;
type Pair<T> = [(x: number[]) => T, (x: number[]) => T];
mkdirSync(generatedDir, { recursive: true });
const file = join(generatedDir, 'reverse-crossover.ts');
const out = transform(source, file, { sourceMap: false });
if (out.diagnostics.length > 0) throw new Error(out.diagnostics.map((d) => d.message).join('\n'));
writeFileSync(file, out.code);
const compiled = (await import(pathToFileURL(file).href)) as {
  gradients: Record<string, Pair<number[]>>;
  jacobians: Record<string, Pair<number[][]>>;
  jacobiansAuto: Record<string, Pair<number[][]>>;
};

let sink = 0;
const first = (y: number[] | number[][]): number => (Array.isArray(y[0]) ? (y as number[][])[0][0] : (y as number[])[0]);
function time(f: () => number[] | number[][]): number {
  for (const t0 = performance.now(); performance.now() - t0 < 50;) for (let r = 0; r < 10; r++) sink += first(f());
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) sink += first(f());
    if (performance.now() - t0 >= 10) break;
    reps *= 2;
  }
  const rounds: number[] = [];
  for (let k = 0; k < 9; k++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) sink += first(f());
    rounds.push((performance.now() - t0) / reps);
  }
  return rounds.sort((a, b) => a - b)[4];
}

const point = (n: number): number[] => Array.from({ length: n }, (_, i) => 0.3 + 0.4 * Math.sin(1.7 * i + 0.2));
function agree(a: number[], b: number[], what: string): void {
  const scale = Math.max(1, ...b.map(Math.abs));
  a.forEach((ai, k) => { if (Math.abs(ai - b[k]) > 1e-12 * scale) throw new Error(`${what}: forward and reverse differ at entry ${k}`); });
}
/** forward time ÷ reverse time of `pair` at a point of length n, after checking they agree. */
function ratio<T extends number[] | number[][]>(pair: Pair<T>, n: number, what: string): number {
  const a = point(n), b = a.slice();
  const [fwd, rev] = pair;
  const [yf, yr] = [fwd(a), rev(a)];
  if (Array.isArray(yf[0])) (yf as number[][]).forEach((row, i) => agree((yr as number[][])[i], row, what));
  else agree(yr as number[], yf as number[], what);
  let flip = false;
  const xs = (): number[] => ((flip = !flip) ? a : b);
  return time(() => fwd(xs())) / time(() => rev(xs()));
}

const load = (): string => loadavg()[0].toFixed(1);
const ns = [1, 2, 3, 4, 6, 8, 12, 16];
const lines: string[] = [`Load average at the start: ${load()} (2 cores).`, '', '### Gradient: forward ÷ reverse', '', `| function | ${ns.map((n) => `n = ${n}`).join(' | ')} |`, `| --- | ${ns.map(() => '---').join(' | ')} |`];
for (const [name, pair] of Object.entries(compiled.gradients)) {
  const sizes = name === 'two' ? [2] : name === 'three' ? [3] : name === 'rosenbrock' ? ns.filter((n) => n >= 2) : ns;
  const cells = ns.map((n) => (sizes.includes(n) ? ratio(pair, n, `${name} n = ${n}`).toFixed(2) : ''));
  lines.push(`| ${name} | ${cells.join(' | ')} |`);
  console.log(lines[lines.length - 1]);
}
lines.push('', '### Jacobian (m values): by columns (forward) ÷ by rows (reverse)', '', `| m | ${ns.map((n) => `n = ${n}`).join(' | ')} |`, `| --- | ${ns.map(() => '---').join(' | ')} |`);
for (const [m, pair] of Object.entries(compiled.jacobians)) {
  const cells = ns.map((n) => (n > Number(m) ? ratio(pair, n, `jacobian m = ${m} n = ${n}`).toFixed(2) : ''));
  lines.push(`| ${m} | ${cells.join(' | ')} |`);
  console.log(lines[lines.length - 1]);
}
// 'auto' counts f's values by one evaluation first: columns ÷ auto, that evaluation included.
lines.push('', "### Jacobian (m values): by columns ÷ { mode: 'auto' } (rows from n ≥ 2m, after one evaluation of f)", '', `| m | ${ns.map((n) => `n = ${n}`).join(' | ')} |`, `| --- | ${ns.map(() => '---').join(' | ')} |`);
for (const [m, pair] of Object.entries(compiled.jacobiansAuto)) {
  const cells = ns.map((n) => (n > Number(m) ? ratio(pair, n, `jacobian auto m = ${m} n = ${n}`).toFixed(2) : ''));
  lines.push(`| ${m} | ${cells.join(' | ')} |`);
  console.log(lines[lines.length - 1]);
}
lines.push('', `Load average at the end: ${load()}.`);
const resultsDir = join(import.meta.dirname, '..', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'reverse-crossover.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
if (sink === 0.123456789) console.log('');
