/**
 * `typeof` of a value whose type the checker narrowed to a union of literals (a module data
 * object's field inside `switch (OB.k) { case 0: case 1: … }`, typed `0 | 1` there): every member
 * gives 'number', so the test folds as for `number` (fuzz seed 19320 run 1413: DDX1003 before).
 * A union whose members give different names is still refused. Oracle: the closed form.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const close = closeWithin(1e-14);

const code = (test: string): string => `import { derivative } from '@ddx/dual';
const OB = { k: 1, w: [3, 2] };
export function f(x: number, y?: number): number {
  let s = x * x;
  switch (OB.k) {
    case 0:
    case 1:
      s += ${test} ? Math.sin(x) : x;
      break;
    default:
      s += 1;
  }
  return s;
}
export const df = derivative((x: number) => f(x), 0.5);
`;

describe.each<EmitMode>(['inline', 'dual'])('typeof of a field narrowed to a union of number literals (%s)', (mode) => {
  it('folds to number, against the closed form', async () => {
    const r = transform(code("typeof OB.k === 'number'"), `/virtual/typeof-narrowed-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    close((m.f as (x: number) => number)(0.5), 0.25 + Math.sin(0.5));
    close(m.df, 1 + Math.cos(0.5));
  });
});

describe('typeof of a union whose members differ', () => {
  it('is refused (DDX1003)', () => {
    const r = transform(code("typeof (x > 0 ? OB.k : 'a') === 'number'"), '/virtual/typeof-mixed.ts');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1003']);
  });
});
