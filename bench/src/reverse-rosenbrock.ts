/**
 * Reverse mode's rows only: the n-D Rosenbrock gradient by `gradient(rosenbrock, x, { mode:
 * 'reverse' })` (compiled by @ddx/transform), as ratios to the primal, to central differences
 * and to the hand-written gradient, at n = 10, 100, 1,000 and 10,000; the Hessian-vector product
 * over reverse mode (`hvp(…, { mode: 'reverse' })`, the adjoint of the tangent code) as a ratio to
 * the primal, and the Hessian over reverse mode (3 such products: analyze/band.ts proves
 * Rosenbrock's Hessian tridiagonal) as a ratio to the hand-written dense Hessian (n ≤ 1,000),
 * measured in one run:
 * `npx tsx --conditions=@ddx/source bench/src/reverse-rosenbrock.ts`. Each time is the median
 * of 15 rounds of a loop of at least 20 ms; the inputs alternate between two copies.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform } from '@ddx/transform';
import { rosenbrock } from './functions.js';
import { centralGradient } from './methods/finiteDifferences.js';
import { rosenbrockGradient, rosenbrockHessian, rosenbrockPoint } from './workloads.js';
import { generatedDir } from './methods/ddxTransform.js';

const source = `import { gradient, hessian, hvp } from '@ddx/dual';
import { rosenbrock } from '../src/functions.js';
export const reverse = (x: number[]) => gradient(rosenbrock, x, { mode: 'reverse' });
export const hvpReverse = (x: number[], v: number[]) => hvp(rosenbrock, x, v, { mode: 'reverse' });
export const hessianReverse = (x: number[]) => hessian(rosenbrock, x, { mode: 'reverse' });
export const forward = (x: number[]) => gradient(rosenbrock, x, { mode: 'forward' });
`;
mkdirSync(generatedDir, { recursive: true });
const file = join(generatedDir, 'rosenbrock.gradient.reverse.ts');
const out = transform(source, file, { sourceMap: false });
if (out.diagnostics.length > 0) throw new Error(out.diagnostics.map((d) => d.message).join('\n'));
writeFileSync(file, out.code);
const compiled = (await import(pathToFileURL(file).href)) as {
  reverse: (x: number[]) => number[];
  forward: (x: number[]) => number[];
  hvpReverse: (x: number[], v: number[]) => number[];
  hessianReverse: (x: number[]) => number[][];
};

let sink = 0;
/** A number out of a result (a number, a vector or a matrix), so that the work is not dropped. */
const first = (y: unknown): number => (typeof y === 'number' ? y : Array.isArray((y as unknown[])[0]) ? (y as number[][])[0][0] : (y as number[])[0]);
function time(f: () => unknown): number {
  // Warm up first (as the main bench does): a first call in V8's interpreter can take 20 ms under
  // load, which would size the timed loop at one unoptimised call per round.
  for (const t0 = performance.now(); performance.now() - t0 < 100;) for (let r = 0; r < 10; r++) { const y = f(); sink += first(y); }
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) { const y = f(); sink += first(y); }
    const dt = performance.now() - t0;
    if (dt >= 20) break;
    reps *= 2;
  }
  const rounds: number[] = [];
  for (let k = 0; k < 15; k++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) { const y = f(); sink += first(y); }
    rounds.push((performance.now() - t0) / reps);
  }
  rounds.sort((a, b) => a - b);
  return rounds[7];
}

const rows: string[] = ['| n | primal (µs) | reverse ÷ primal | hand-written ÷ primal | central differences ÷ reverse | reverse ÷ hand-written | forward (compiled) ÷ reverse | hvp (reverse) ÷ primal | Hessian (reverse) ÷ hand-written Hessian |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
for (const n of [10, 100, 1000, 10000]) {
  const a = rosenbrockPoint(n), b = a.slice();
  let flip = false;
  const xs = (): number[] => ((flip = !flip) ? a : b);
  const g = compiled.reverse(a), want = rosenbrockGradient(a);
  if (g.some((v, i) => Math.abs(v - want[i]) > 1e-12 * Math.max(1, Math.abs(want[i])))) throw new Error(`reverse mode differs from the hand-written gradient at n = ${n}`);
  const primal = time(() => rosenbrock(xs()));
  const reverse = time(() => compiled.reverse(xs()));
  const hand = time(() => rosenbrockGradient(xs()));
  const central = n <= 1000 ? time(() => centralGradient(rosenbrock, xs())) : NaN;
  const forward = n <= 1000 ? time(() => compiled.forward(xs())) : NaN;
  // Second order over reverse mode: checked against the hand-written Hessian first.
  const v = a.map((_, i) => ((i % 3) - 1) * 0.5), H = n <= 1000 ? rosenbrockHessian(a) : undefined;
  const hv = compiled.hvpReverse(a, v);
  const hvWant = H ? H.map((row) => row.reduce((s, h, j) => s + h * v[j], 0)) : undefined;
  if (hvWant && hv.some((e, i) => Math.abs(e - hvWant[i]) > 1e-12 * Math.max(1, Math.abs(hvWant[i])))) throw new Error(`hvp over reverse mode differs from the hand-written Hessian at n = ${n}`);
  if (H && compiled.hessianReverse(a).some((row, i) => row.some((e, j) => Math.abs(e - H[i][j]) > 1e-12 * Math.max(1, Math.abs(H[i][j]))))) throw new Error(`the Hessian over reverse mode differs from the hand-written one at n = ${n}`);
  const hvpTime = time(() => compiled.hvpReverse(xs(), v));
  const hessianRatio = H ? time(() => compiled.hessianReverse(xs())) / time(() => rosenbrockHessian(xs())) : NaN;
  const r = (x: number): string => (Number.isNaN(x) ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(2));
  rows.push(`| ${n} | ${(primal * 1000).toFixed(2)} | ${r(reverse / primal)} | ${r(hand / primal)} | ${r(central / reverse)} | ${r(reverse / hand)} | ${r(forward / reverse)} | ${r(hvpTime / primal)} | ${r(hessianRatio)} |`);
  console.error(rows[rows.length - 1]);
}
console.log(rows.join('\n'));
if (sink === 42) console.log('');
