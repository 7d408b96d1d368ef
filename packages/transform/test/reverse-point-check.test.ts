/**
 * Reverse mode's point check fused into the loop that reads the point (emit/reverse/pointcheck.ts):
 * every bad point throws the run-time engine's error, message for message, before any element is
 * used (an element's valueOf is never called), and a good point gives the engine's gradient. Each
 * function is compiled twice: the call sites in reverse mode (inline), and in forward mode in dual
 * mode, which hands them to the engine (f's dual version), the oracle. Functions whose loop the check may ride on
 * (fused) stand next to ones where it may not (a read before the loop, a loop from 1, a loop left
 * early, a read past the loop's bound), which keep the whole check.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const functions = {
  // Fused: reads x[i] and x[i + 1] of a loop bounded by x.length - 1.
  rosenbrock: `(x: number[]): number => {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = 1 - x[i];
    const b = x[i + 1] - x[i] * x[i];
    s += a * a + 100 * b * b;
  }
  return s;
}`,
  // Fused: every element in its own iteration.
  squares: `(x: number[]): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i] * (i + 1);
  return s;
}`,
  // Fused: three elements per iteration, in a loop the forward sweep runs (s is saved on the tape).
  triples: `(x: number[]): number => {
  let s = 1;
  for (let i = 0; i < x.length - 2; i++) s = Math.sin(s) + Math.sin(x[i] * x[i + 2]) * x[i + 1];
  return s;
}`,
  // Not fused: x[0] is read before the loop.
  before: `(x: number[]): number => {
  let s = x[0] * x[0];
  for (let i = 0; i < x.length - 1; i++) s += x[i] * x[i + 1];
  return s;
}`,
  // Not fused: the loop starts at 1 (x[0] would not be tested).
  fromOne: `(x: number[]): number => {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += x[i] * x[i];
  return s;
}`,
  // Not fused: the loop may be left early (at [3, 3, 'b', 4] before x[2] is read).
  early: `(x: number[]): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (s > 5) break;
    s += x[i] * x[i];
  }
  return s;
}`,
  // Not fused: x[i + 2] lies past what the bound x.length - 1 proves (read forward before its test).
  past: `(x: number[]): number => {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s = Math.sin(s) + x[i] * x[i + 1] + (x[i + 2] ?? 0);
  return s;
}`,
};

const points = `const called: string[] = [];
const sneaky = { valueOf: () => { called.push('valueOf'); return 2; } };
export const points: unknown[] = [
  [1.5, -2, 3, 0.25],
  Float64Array.from([1.5, -2, 3, 0.25]),
  [0.5, 2],
  ['a', 1, 2, 3],
  [1, 'b', 2, 3],
  [1, 2, 3, null],
  [1, , 3, 4],
  [1, sneaky, 3, 4],
  [1, 2, sneaky, 4],
  [3, 3, 'b', 4],
  [null],
  [7],
  [],
  { length: 2, 0: 1, 1: 2 },
  'ab',
];
export const valueOfCalls = () => called.length;`;

const attempt = `const attempt = (call: () => unknown): string => { try { return 'returned ' + JSON.stringify(call()); } catch (e) { return (e as Error).constructor.name + ': ' + (e as Error).message; } };`;

/** The module; `mode`: the call sites' (reverse mode, or forward mode that dual mode hands to the engine). */
function source(mode: 'reverse' | 'forward'): string {
  const lines = [`import { gradient, valueAndGradient } from '@ddx/dual';`, points, attempt];
  for (const [name, f] of Object.entries(functions)) {
    lines.push(`const ${name} = ${f};`);
    lines.push(`export const ${name}Gradients = points.map((p) => attempt(() => gradient(${name}, p as number[], { mode: '${mode}' })));`);
    lines.push(`export const ${name}Values = points.map((p) => attempt(() => valueAndGradient(${name}, p as number[], { mode: '${mode}' })));`);
  }
  return lines.join('\n') + '\n';
}

async function compiled(mode: EmitMode): Promise<{ code: string; module: Record<string, unknown> }> {
  const r = transform(source(mode === 'dual' ? 'forward' : 'reverse'), '/virtual/main.ts', { mode });
  expect(r.diagnostics.map(formatDiagnostic), mode).toEqual([]);
  return { code: r.code, module: await run(r.code) };
}

/**
 * Gradients within 1e-13 relative of the engine's (reverse mode sums in another order); errors the
 * same text, but for an array-like point, where the engine (which also takes an options object
 * there) names the options too (hygiene.test.ts).
 */
function agree(reverse: string, engine: string): boolean {
  if (!reverse.startsWith('returned ') || !engine.startsWith('returned ')) return reverse === engine.replace(' (or an options object: strategy, mode)', '');
  const numbers = (s: string): number[] => (s.match(/-?\d+(\.\d+)?(e[-+]?\d+)?/g) ?? []).map(Number);
  const [a, b] = [numbers(reverse), numbers(engine)];
  return a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= 1e-13 * Math.max(1, Math.abs(b[i])));
}

describe('reverse mode checks the point as the engine does, also where the check rides on a loop', () => {
  it('every bad point throws the engine\'s error before an element is used; good points give its gradient', async () => {
    const [reverse, engine] = await Promise.all([compiled('inline'), compiled('dual')]);
    for (const name of Object.keys(functions)) {
      for (const kind of ['Gradients', 'Values']) {
        const r = reverse.module[`${name}${kind}`] as string[], e = engine.module[`${name}${kind}`] as string[];
        r.forEach((got, i) => expect(agree(got, e[i]), `${name}${kind} at point ${i}: ${got} vs the engine's ${e[i]}`).toBe(true));
        // The good points return (the oracle's side of the comparison is not an error).
        expect(e.slice(0, 3).every((s) => s.startsWith('returned ')), `${name}${kind}`).toBe(true);
      }
    }
    expect(engine.module.valueOfCalls as () => number).toBeTypeOf('function');
    expect((reverse.module.valueOfCalls as () => number)()).toBe(0);
    expect((engine.module.valueOfCalls as () => number)()).toBe(0);
    // The fused loops carry the test of their elements; the others keep the whole check up front.
    expect(reverse.code).toContain(`typeof x[i] !== 'number' || typeof x[i + 1] !== 'number') {`);
    expect(reverse.code).toContain(`typeof x[i] !== 'number' || typeof x[i + 1] !== 'number' || typeof x[i + 2] !== 'number') {`);
    expect(reverse.code).toContain(`typeof x[i] !== 'number') {`);
    const fusedHeads = reverse.code.match(/if \(!Array\.isArray\(x\) \|\| x\.length <= \d\) \{/g) ?? [];
    // rosenbrock, squares and triples, for gradient and valueAndGradient (and their guarded fallbacks where they have one).
    expect(fusedHeads.length).toBeGreaterThanOrEqual(6);
  });
});
