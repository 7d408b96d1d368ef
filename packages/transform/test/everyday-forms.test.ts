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
});
