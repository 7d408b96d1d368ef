/**
 * Reverse mode on arrays filled once where they are made (a matrix's row copied for a callee, as
 * code written the natural way does: GradBench gmm's `qTimes(q[c], l[c], z)`) and on arrays made
 * again in a loop: the fill's old elements are not saved on the tape, and the adjoint array of the
 * binding left behind is reused. Gradients checked against closed forms; the near misses, where the
 * old elements are read backward, still save them.
 */
import { describe, expect, it } from 'vitest';
import { transform } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/filled.ts';
const head = "import { gradient } from '@ddx/dual';\n";

function compiled(source: string): { code: string; module: Promise<Record<string, unknown>> } {
  const result = transform(head + source, file, { mode: 'inline' });
  expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
  return { code: result.code, module: run(result.code) };
}

describe('reverse mode, arrays filled once', () => {
  it("rows of a matrix passed to a callee for each point and row, a callee's array and a map's: Σ e^{2m}(x − m)²", async () => {
    const { code, module } = compiled([
      'function scale(r: number[], z: number[]): number[] {',
      '  const out: number[] = [];',
      '  for (let j = 0; j < z.length; j++) out.push(Math.exp(r[j]) * z[j]);',
      '  return out;',
      '}',
      'function energy(m: number[][], xs: number[][]): number {',
      '  let s = 0;',
      '  for (const xi of xs) {',
      '    for (let c = 0; c < m.length; c++) {',
      '      const z = xi.map((v, j) => v - m[c][j]);',
      '      const y = scale(m[c], z);',
      '      for (let j = 0; j < y.length; j++) s += y[j] * y[j];',
      '    }',
      '  }',
      '  return s;',
      '}',
      'export function grad(t0: number[], xs: number[][]): number[] {',
      "  return gradient((t: number[]) => energy(Array.from({ length: 2 }, (_, c) => t.slice(2 * c, 2 * c + 2)), xs), t0, { mode: 'reverse' });",
      '}',
    ].join('\n'));
    // The row m[c] copied for scale: written once where it is made, nothing of it saved.
    expect(code).toMatch(/row\d* = new Array<number>\(/);
    expect(code).not.toMatch(/values\[valueTop\+\+\] = row\d*\[/);
    const grad = (await module).grad as (t: number[], xs: number[][]) => number[];
    const t = [0.3, -0.2, 0.1, 0.4], xs = [[0.5, -0.3], [1.2, 0.7], [-0.4, 0.9]];
    // ∂/∂m_cj of Σ_i e^{2 m_cj} (x_ij − m_cj)² = Σ_i 2 e^{2m}(x − m)(x − m − 1).
    const expected = t.map((m, at) => xs.reduce((s, x) => s + 2 * Math.exp(2 * m) * (x[at % 2] - m) * (x[at % 2] - m - 1), 0));
    grad(t, xs).forEach((g, i) => expect(g).toBeCloseTo(expected[i], 12));
    // Called again (the tape and the reused adjoint arrays kept between calls), and with other points.
    grad(t, xs).forEach((g, i) => expect(g).toBeCloseTo(expected[i], 12));
    const xs2 = [[2, 1]];
    const expected2 = t.map((m, at) => 2 * Math.exp(2 * m) * (xs2[0][at % 2] - m) * (xs2[0][at % 2] - m - 1));
    grad(t, xs2).forEach((g, i) => expect(g).toBeCloseTo(expected2[i], 12));
  });

  it('an array filled, then written again where a partial reads it: its elements saved, the gradient exact', async () => {
    const { code, module } = compiled([
      'function f(x: number[]): number {',
      '  let s = 0;',
      '  for (let i = 0; i < 2; i++) {',
      '    const a = new Array(2).fill(0);',
      '    for (let k = 0; k < a.length; k++) a[k] = x[k] * x[i];',
      '    s += a[0] * a[1];',
      '    a[0] = x[1];',
      '    s += a[0] * a[1];',
      '  }',
      '  return s;',
      '}',
      "export const g = gradient(f, [1.5, -0.7], { mode: 'reverse' });",
    ].join('\n'));
    expect(code).toMatch(/values\[valueTop\+\+\] = a\[/);
    // f = x0³x1 + x0x1³ + x0x1² + x1³.
    const [x0, x1] = [1.5, -0.7];
    const g = (await module).g as number[];
    expect(g[0]).toBeCloseTo(3 * x0 ** 2 * x1 + x1 ** 3 + x1 ** 2, 12);
    expect(g[1]).toBeCloseTo(x0 ** 3 + 3 * x0 * x1 ** 2 + 2 * x0 * x1 + 3 * x1 ** 2, 12);
  });
});
