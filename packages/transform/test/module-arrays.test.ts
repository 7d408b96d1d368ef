/**
 * Module-level arrays read by a differentiated function (analyze/moduleArrays.ts): a table of
 * numeric constants is constant data of the derivative; any array that could differ from its
 * literal while the program runs is rejected (DDX1051), naming why.
 */
import { describe, expect, it } from 'vitest';
import { transform } from '../src/index.js';
import { run } from './run.js';

const head = "import { derivative } from '@ddx/dual';\n";
const reader = 'function f(x: number): number {\n  return x * W[1];\n}\nexport const d = derivative(f, 2);\n';

describe('module-level arrays that are not constant data', () => {
  const rejected: Record<string, { code: string; why: RegExp }> = {
    'an element written elsewhere in the module': { code: 'const W = [1, 2];\nexport function set(v: number) { W[1] = v; }\n', why: /an element written \('W\[1\] = v'\) at line 3/ },
    'an element incremented': { code: 'const W = [1, 2];\nexport function bump() { W[0]++; }\n', why: /an element written \('W\[0\]\+\+'\)/ },
    'an element written by destructuring': { code: 'let W = [1, 2];\nexport function swap() { [W[0], W[1]] = [W[1], W[0]]; }\n', why: /an element written/ },
    'written through a callback that takes the array': { code: 'const W = [1, 2];\nexport function zero() { W.forEach((x, i, a) => { a[i] = 0; }); }\n', why: /'W\.forEach'/ },
    'pushed to': { code: 'const W = [1, 2];\nexport function grow() { W.push(3); }\n', why: /'W\.push'/ },
    'passed to a function (which may write it)': { code: 'const W = [1, 2];\nfunction fill(a: number[]) { a[0] = 5; }\nfill(W);\n', why: /passed to a call \('fill\(W\)'\)/ },
    'reassigned (var)': { code: 'var W = [1, 2];\nexport function swap() { W = [3, 4]; }\n', why: /reassigned/ },
    'exported writable': { code: 'export const W = [1, 2];\n', why: /exported, so any module may write its elements/ },
    'made at run time': { code: 'const W: number[] = new Array(3).fill(1);\n', why: /an array made at run time/ },
    'an element that is not a constant': { code: 'declare const k: number;\nconst W = [1, k];\n', why: /element 'k' is not a numeric constant/ },
  };
  for (const [name, c] of Object.entries(rejected)) {
    it(name, () => {
      for (const mode of ['inline', 'dual'] as const) {
        const r = transform(head + c.code + reader, `/virtual/module-arrays-${mode}.ts`, { mode });
        expect(r.changed).toBe(false);
        expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1051']);
        expect(r.diagnostics[0].message).toMatch(c.why);
        expect(r.diagnostics[0].message).toMatch(/Pass the array as a parameter/);
      }
    });
  }
});

describe('module-level constant arrays', () => {
  it('an exported readonly table, a table written as const, a table read in a local function, by for…of and by reduce compile, exactly', async () => {
    const code = head +
      'export const A: readonly number[] = [2, 3];\nexport const B = [5, 7] as const;\nconst C = [11];\n' +
      'function f(x: number): number {\n  const g = (t: number): number => C[0] * t;\n  let s = 0;\n  for (const c of C) s += c;\n  return A[0] * x * x + B[1] * x + g(x) + A.reduce((p, a) => p + a * x, 0) + s;\n}\n' +
      'export const results = [derivative(f, 2)];\n';
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, `/virtual/module-arrays-ok-${mode}.ts`, { mode });
      expect(r.diagnostics).toEqual([]);
      expect(r.changed).toBe(true);
      // f' = 2·2x + 7 + 11 + (2 + 3) at x = 2.
      expect((await run(r.code)).results).toEqual([2 * 2 * 2 + 7 + 11 + 5]);
    }
  });
});
