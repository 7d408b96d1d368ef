/**
 * Everyday forms of numeric code (issue 14) that one emit mode rejected or that were rejected in
 * both: each compiles in both modes (reverse mode too where it applies), with derivatives exact
 * against closed forms.
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/forms.ts';
const head = "import { derivative, gradient, jacobian } from '@ddx/dual';\n";

async function compiled(source: string, mode: EmitMode): Promise<Record<string, unknown>> {
  const result = transform(head + source, file, { mode });
  expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
  return run(result.code);
}

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('an index read from a data array passed to a helper is a number in both modes (GradBench ht: parents[b])', async () => {
    // Each bone's pair is its parent's (q0 · x0, q1 + x1), the root's (x0, x1): a bone at depth d
    // holds (x0^d, d · x1). The loop over acc.slice(2p, 2p + 2) has an update on an index read from
    // `parents`, which dual mode made a dual number (DDX1012) where inline mode compiled it.
    const m = await compiled([
      'function chain(x: number[], parents: number[]): number[] {',
      '  const acc = new Array<number>(2 * parents.length).fill(0);',
      '  for (let b = 0; b < parents.length; b++) {',
      '    const p = parents[b];',
      '    if (p < 0) { acc[2 * b] = x[0]; acc[2 * b + 1] = x[1]; }',
      '    else {',
      '      const q = acc.slice(2 * p, 2 * p + 2);',
      '      acc[2 * b] = q[0] * x[0]; acc[2 * b + 1] = q[1] + x[1];',
      '    }',
      '  }',
      '  return acc;',
      '}',
      'function total(x: number[], parents: number[]): number {',
      '  const acc = chain(x, parents);',
      '  let s = 0;',
      '  for (const v of acc) s += v;',
      '  return s;',
      '}',
      'const parents = [-1, 0, 1, 1];',
      'export const J = jacobian((x: number[]) => chain(x, parents), [2, 3]);',
      'export const g = gradient((x: number[]) => total(x, parents), [2, 3]);',
    ].join('\n'), mode);
    const depths = [1, 2, 3, 3], x0 = 2;
    expect(m.J).toEqual(depths.flatMap((d) => [[d * x0 ** (d - 1), 0], [0, d]]));
    const g = [depths.reduce((s, d) => s + d * x0 ** (d - 1), 0), depths.reduce((s, d) => s + d, 0)];
    expect(m.g).toEqual(g);
  });

  it('a loop that runs until a return inside it (for (;;), while (true), do … while (true)) ends the function', async () => {
    const m = await compiled([
      // t doubles from x until above 10: t = 4x for x = 3, so f = 4x², f′ = 8x.
      'function f(x: number): number {',
      '  let t = x;',
      '  for (;;) {',
      '    if (t > 10) return t * x;',
      '    t = t * 2;',
      '  }',
      '}',
      // g = x⁴ (three products), g′ = 4x³.
      'function g(x: number): number {',
      '  let t = x, n = 0;',
      '  while (true) {',
      '    n++;',
      '    if (n > 3) return t;',
      '    t = t * x;',
      '  }',
      '}',
      // s = x0³ at x0 = 2 (the first power above 5): h = x0³·x1, ∇h = [3x0²x1, x0³].
      'function h(x: number[]): number {',
      '  let s = x[0];',
      '  do {',
      '    if (s > 5) return s * x[1];',
      '    s = s * x[0];',
      '  } while (true);',
      '}',
      "export const d = [derivative(f, 3), derivative(g, 2), gradient(h, [2, 3]), gradient(h, [2, 3], { mode: 'reverse' })];",
    ].join('\n'), mode);
    expect(m.d).toEqual([8 * 3, 4 * 2 ** 3, [3 * 4 * 3, 8], [3 * 4 * 3, 8]]);
  });

  it('an unannotated arrow passed to a solver takes its parameter types from the solver (the contextual type)', async () => {
    const m = await compiled([
      'function descend(f: (x: number[]) => number, x0: number[]): number[] {',
      '  const x = [x0[0], x0[1]];',
      '  for (let k = 0; k < 50; k++) {',
      '    const g = gradient(f, x);',
      '    x[0] -= 0.1 * g[0]; x[1] -= 0.1 * g[1];',
      '  }',
      '  return x;',
      '}',
      'export const m = descend((p) => (p[0] - 1) * (p[0] - 1) + (p[1] + 2) * (p[1] + 2), [0, 0]);',
      'function slope(f: (t: number) => number, t0: number): number { return derivative(f, t0); }',
      'export const a = slope((t) => t * t * t, 2);',
    ].join('\n'), mode);
    // Each step takes 0.2 (x − c) off x − c, c = (1, −2): x = c − 0.8⁵⁰ c from (0, 0). a = 3t² = 12.
    const shrink = 0.8 ** 50;
    expect((m.m as number[])[0]).toBeCloseTo(1 - shrink, 14);
    expect((m.m as number[])[1]).toBeCloseTo(-2 + 2 * shrink, 14);
    expect(m.a).toBe(12);
  });

  it("a module-level var or let its module never writes is a constant (var pi = Math.PI), also imported", async () => {
    const constants = [
      'export var pi = Math.PI;',
      'export let halfLog2Pi = 0.5 * Math.log(2 * pi);',
      'var b1 = 3, b0 = 1 / b1 / b1;',
      'export function scaled(x: number): number { return b0 * x * x; }',
    ].join('\n');
    const main = [
      "import { pi, halfLog2Pi, scaled } from './constants.js';",
      'var k = 2;',
      'function f(x: number): number { return pi * x * x + halfLog2Pi * x + k * scaled(x); }',
      'export const d = derivative(f, 1.5);',
      'export const g = gradient((v: number[]) => f(v[0]) * v[1], [1.5, 2], { mode: "reverse" });',
    ].join('\n');
    const result = transform(head + main, file, { mode, readFile: (p) => (p === '/project/src/constants.ts' ? constants : undefined) });
    expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
    const m = await run(result.code, { 'constants.ts': constants });
    // f = πx² + ½ln(2π)·x + (2/9)x²: f′(1.5) = 3π + ½ln(2π) + (2/3).
    const df = 3 * Math.PI + 0.5 * Math.log(2 * Math.PI) + 2 / 3;
    expect(m.d).toBeCloseTo(df, 13);
    const f = Math.PI * 2.25 + 0.5 * Math.log(2 * Math.PI) * 1.5 + (2 / 9) * 2.25;
    expect((m.g as number[])[0]).toBeCloseTo(2 * df, 13);
    expect((m.g as number[])[1]).toBeCloseTo(f, 13);
  });

  it('Math.max(...xs) and Math.min(...xs) of an array of numbers, a tie taking the first element that attains it', async () => {
    const m = await compiled([
      'function top(x: number[]): number {',
      '  const sq = x.map((v) => v * v);',
      '  return Math.max(...sq) + 2 * Math.min(...x);',
      '}',
      'function lse(x: number[]): number {',
      '  const m = Math.max(...x);',
      '  let s = 0;',
      '  for (const v of x) s += Math.exp(v - m);',
      '  return m + Math.log(s);',
      '}',
      'function none(x: number): number { const e: number[] = []; return Math.max(...e) < 0 ? x * Math.min(...e) : x; }',
      'export const g = [gradient(top, [1, -3, 2]), gradient(top, [3, -3, 1])];',
      "export const l = [gradient(lse, [1, 2, 3]), gradient(lse, [1, 2, 3], { mode: 'reverse' })];",
      'export const d = derivative(none, 2);',
    ].join('\n'), mode);
    // max of the squares at x1 = -3 (2·x1), min at x1 (2); at [3, -3, 1] the squares tie at 9 and x0 comes first.
    expect(m.g).toEqual([[0, -4, 0], [6, 2, 0]]);
    // ∇ log Σ exp x = softmax(x).
    const x = [1, 2, 3], sum = x.reduce((s, v) => s + Math.exp(v), 0);
    for (const grad of m.l as number[][]) grad.forEach((gi, i) => expect(gi).toBeCloseTo(Math.exp(x[i]) / sum, 15));
    // No elements: max -Infinity, min Infinity, as in JavaScript.
    expect(m.d).toBe(Infinity);
  });

  it("destructures the array a verb or a callee returns (const [ax, ay] = gradient(…)) inside a differentiated function", async () => {
    const m = await compiled([
      // ∇(w p0 p1) at (1, 2) = (2w, w): force = 2w², force′ = 4w.
      'function force(w: number): number {',
      '  const [ax, ay] = gradient((p: number[]) => w * p[0] * p[1], [1, 2]);',
      '  return ax * ay;',
      '}',
      'function unit(t: number): number[] { return [Math.cos(t), Math.sin(t)]; }',
      // cos t · sin t = sin(2t) / 2, whose derivative is cos 2t.
      'function h(t: number): number { const [c, s = 1] = unit(t); return c * s; }',
      'export const d = [derivative(force, 3), derivative(h, 0.3)];',
    ].join('\n'), mode);
    expect((m.d as number[])[0]).toBe(12);
    expect((m.d as number[])[1]).toBeCloseTo(Math.cos(0.6), 15);
  });

  it('a loop for ever that a break may leave may still end the function (DDX1013)', () => {
    const source = head + [
      'function f(x: number): number {',
      '  for (;;) {',
      '    if (x > 2) break;',
      '    if (x < -2) return x;',
      '    x = x * 2;',
      '  }',
      '}',
      'export const d = derivative(f, 3);',
    ].join('\n');
    expect(transform(source, file, { mode }).diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual(['DDX1013 8']);
  });
});

