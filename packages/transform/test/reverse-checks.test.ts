/**
 * Reverse mode's rejections happen in analysis (analyze/reverseChecks.ts), before any backend
 * emits: a module with several constructs reverse mode does not compile reports every one of them
 * together, each at its construct, and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { transform } from '../src/index.js';

const file = '/project/src/reverse-problems.ts';
const head = "import { gradient, jacobian } from '@ddx/dual';\n";

/** The 1-based line and column of the first occurrence of `text` in `source`. */
function at(source: string, text: string): { line: number; column: number } {
  const i = source.indexOf(text);
  if (i < 0) throw new Error(`'${text}' is not in the source`);
  const before = source.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('reverse mode is checked in analysis', () => {
  const source = [
    head,
    'function inLoop(v: number[]): number {',
    '  let s = 0;',
    '  let a = [v[0], 1];',
    '  const b = [v[1], 2];',
    '  for (let i = 0; i < 2; i++) {',
    '    a = b;',
    '    a.push(v[0]);',
    '    s += a[0] * b[1];',
    '  }',
    '  return s;',
    '}',
    'function shared(x: number[]): number {',
    '  let a = [x[0]];',
    '  let b = [x[1]];',
    '  [a, b] = [b, b];',
    '  b.push(x[0]);',
    '  return a[1] * 2 + b[0];',
    '}',
    'function filled(x: number[]): number {',
    '  const a = new Array(3).fill(x[0]);',
    '  return a[0] + a[2];',
    '}',
    'function fine(x: number[]): number {',
    '  return x[0] * x[1];',
    '}',
    'function write(out: number[], x: number): void {',
    '  out[0] = x * x;',
    '}',
    'function effects(x: number[]): number {',
    '  const o = [0];',
    '  write(o, x[0]);',
    '  return o[0];',
    '}',
    'function rows(x: number[]): number[] {',
    '  return [x[0] * x[1], x[1]];',
    '}',
    "export const g1 = gradient(inLoop, [1, 2], { mode: 'reverse' });",
    "export const g2 = gradient(shared, [1, 2], { mode: 'reverse' });",
    // An active fill compiles (reverse-rules.test.ts checks the numbers).
    "export const g3 = gradient(filled, [1, 2], { mode: 'reverse' });",
    "export const g4 = gradient(fine, [1, 2], { mode: 'reverse' });",
    "export const g5 = gradient(effects, [1, 2], { mode: 'reverse' });",
    "export const g6 = jacobian(rows, [1, 2], { mode: 'reverse' });",
    // 'auto' falls back to forward mode where reverse mode does not compile f: no diagnostic.
    'export const g7 = gradient(inLoop, [1, 2, 3, 4, 5]);',
  ].join('\n');

  it('reports every problem of the module together, each at its construct, and writes nothing', () => {
    const r = transform(source, file, { readFile: () => undefined });
    const seen = r.diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column, message: d.message }));
    expect(seen).toEqual([
      { code: 'DDX1062', ...at(source, 'a = b;'), message: expect.stringMatching(/^an array that grows by push \('a'\) while another local array names it too \(`y = z`, then y or z used\) is not supported in reverse mode yet; use forward mode \(remove mode: 'reverse'\) for now$/) },
      { code: 'DDX1062', ...at(source, 'b, b];'), message: expect.stringMatching(/^an array that grows by push \('b'\) while another local array names it too/) },
    ]);
    expect(r.changed).toBe(false);
  });

  it('compiles the same module once the problems are gone (the checks reject only what they name)', () => {
    const kept = source.split('\n').filter((l) => !/g[123] = /.test(l)).join('\n');
    const r = transform(kept, file, { readFile: () => undefined });
    expect(r.diagnostics).toEqual([]);
    expect(r.changed).toBe(true);
  });
});
