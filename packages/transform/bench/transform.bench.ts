/**
 * Benchmarks of @ddx/transform (run: `npm run bench` in packages/transform, or
 * `npx tsx --conditions=@ddx/source packages/transform/bench/transform.bench.ts`).
 *
 * 1. Generated inline f' and f'' on the reference function f(x) = e^x / sqrt(sin³x + cos³x),
 *    as ratios of the primal f measured in the same run (targets: ≤ 1.6× and ≤ 2.0×).
 * 2. Transform speed: 1,000 functions transformed cold, i.e. by a fresh transformer (target ≤ 3 s).
 *
 * Ratios, not absolute times, are the result: the machine is shared and noisy.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ts } from 'ts-morph';
import { createTransformer, transform } from '../src/index.js';

const reference = `import { derivative, secondDerivative } from '@ddx/dual';
export function f(x: number): number {
  return Math.exp(x) / Math.sqrt(Math.sin(x) ** 3 + Math.cos(x) ** 3);
}
export const df = derivative(f);
export const d2f = secondDerivative(f);
`;

async function load(code: string): Promise<Record<string, (x: number) => number>> {
  const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddx-bench-'));
  const file = path.join(dir, 'reference.mjs');
  fs.writeFileSync(file, js.replace(/^import .*@ddx\/dual.*$/m, ''));
  return (await import(pathToFileURL(file).href)) as Record<string, (x: number) => number>;
}

/** Nanoseconds per call of g over a sweep of points near 1.5, best of several rounds. */
function time(g: (x: number) => number, rounds = 15, n = 400_000): number {
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += g(1.5 + (i & 1023) * 1e-6);
    const dt = Number(process.hrtime.bigint() - t0) / n;
    if (dt < best) best = dt;
  }
  if (sink === 42) console.log('');
  return best;
}

async function derivativeRatios(): Promise<void> {
  const [loadAverage] = os.loadavg();
  console.log(`(load average ${loadAverage.toFixed(1)} on ${os.cpus().length} cores: absolute times are inflated, ratios less so)`);
  const r = transform(reference, '/bench/reference.ts');
  if (r.diagnostics.length > 0) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const m = await load(r.code);
  // Interleave the measurements so drifting load affects all three alike.
  const results = { f: Infinity, df: Infinity, d2f: Infinity };
  for (let k = 0; k < 3; k++) {
    results.f = Math.min(results.f, time(m.f));
    results.df = Math.min(results.df, time(m.df));
    results.d2f = Math.min(results.d2f, time(m.d2f));
  }
  console.log('Reference f(x) = e^x / sqrt(sin^3 x + cos^3 x), inline mode, same run:');
  console.log(`  primal f     ${results.f.toFixed(1)} ns/call`);
  console.log(`  f'  (inline) ${results.df.toFixed(1)} ns/call  = ${(results.df / results.f).toFixed(2)} × primal (target ≤ 1.6)`);
  console.log(`  f'' (inline) ${results.d2f.toFixed(1)} ns/call  = ${(results.d2f / results.f).toFixed(2)} × primal (target ≤ 2.0)`);
}

/** A module of `count` numeric functions (varied bodies: loops, branches, calls) with derivative calls. */
export function manyFunctions(count: number): string {
  const lines = ["import { derivative, gradient } from '@ddx/dual';"];
  for (let i = 0; i < count; i++) {
    switch (i % 4) {
      case 0:
        lines.push(`function f${i}(x: number): number { return Math.exp(x * ${i + 1}) / Math.sqrt(Math.sin(x) ** 3 + Math.cos(x) ** 3 + ${i}); }`);
        lines.push(`export const d${i} = derivative(f${i}, 0.5);`);
        break;
      case 1:
        lines.push(`function f${i}(x: number[]): number { let s = 0; for (let k = 0; k < x.length; k++) { s += x[k] * x[k] * ${i}; } return s; }`);
        lines.push(`export const d${i} = gradient(f${i}, [1, 2, 3]);`);
        break;
      case 2:
        lines.push(`function f${i}(x: number): number { if (x > ${i}) { return Math.log(x); } const y = x * x; return y * Math.tanh(y) + f${i - 2}(x); }`);
        lines.push(`export const d${i} = derivative(f${i}, 0.5);`);
        break;
      default:
        lines.push(`function f${i}(a: number, b: number): number { let p = 1; for (let k = 0; k < 3; k++) p *= a + b * k; return Math.atan2(p, b) + Math.max(a, b); }`);
        lines.push(`export const d${i} = gradient(f${i}, [1, 2]);`);
    }
  }
  return lines.join('\n') + '\n';
}

function transformSpeed(): void {
  const count = 1000;
  const code = manyFunctions(count);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = createTransformer().transform(code, '/bench/many.ts');
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (r.diagnostics.length > 0) throw new Error(r.diagnostics[0].message);
  // 100 modules of 10 functions each, through one transformer (a build), also cold.
  const transformer = createTransformer();
  const t1 = performance.now();
  for (let m = 0; m < 100; m++) transformer.transform(manyFunctions(10).replace(/\bf(\d+)/g, `g${m}_$1`), `/bench/m${m}.ts`);
  const ms100 = performance.now() - t1;
  console.log(`Transform speed (cold, inline): ${count} functions in one module: ${(ms / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU (target ≤ 3 s); ` +
    `100 modules × 10 functions through one transformer: ${(ms100 / 1000).toFixed(2)} s; output ${(r.code.length / 1024).toFixed(0)} KiB`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await derivativeRatios();
  transformSpeed();
}
