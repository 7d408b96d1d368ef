/**
 * `outer(x)[i][j]`: an element of the matrix a callee returns, read without a local. It compiles as
 * `const m = outer(x); m[i][j]` does (the call held in a local first, inside the branch or loop
 * where JavaScript evaluates it only sometimes); where the call cannot be made first (a
 * destructuring default), the diagnostic says to hold it in a local
 * (issue 14: it was a misleading "only elements of array parameters … can be read").
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/called-matrix.ts';
const head = "import { gradient } from '@ddx/dual';\n";
const outer = 'function outer(x: number[]): number[][] {\n  return [[x[0] * x[1], Math.sin(x[0])], [x[1] * x[1], 2 * x[0]]];\n}\n';

async function compiled(source: string, mode: EmitMode): Promise<Record<string, unknown>> {
  const result = transform(head + outer + source, file, { mode, readFile: () => undefined });
  expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
  return run(result.code);
}

const close = (got: number[], want: number[]): void => {
  expect(got.length).toBe(want.length);
  got.forEach((g, k) => expect(g).toBeCloseTo(want[k], 12));
};

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('outer(x)[0][0] * outer(x)[1][0] = x0·x1³, forward and reverse mode, against the closed form', async () => {
    const m = await compiled([
      'function f(x: number[]): number {',
      '  return outer(x)[0][0] * outer(x)[1][0];',
      '}',
      'export const fwd = gradient(f, [1.5, 2], { mode: "forward" });',
      ...(mode === 'inline' ? ['export const rev = gradient(f, [1.5, 2], { mode: "reverse" });'] : []),
      'export const v = f([1.5, 2]);',
    ].join('\n'), mode);
    expect(m.v).toBeCloseTo(1.5 * 8, 12);
    close(m.fwd as number[], [8, 3 * 1.5 * 4]);
    if (mode === 'inline') close(m.rev as number[], [8, 3 * 1.5 * 4]);
  });

  it('outer(x)[0][1] where JavaScript evaluates the call only sometimes: made inside the branch taken', async () => {
    const m = await compiled([
      'function f(x: number[]): number {',
      '  return x[0] > 0 ? outer(x)[0][1] : outer(x)[1][0] * x[0];',
      '}',
      'export const above = gradient(f, [0.7, -1.3], { mode: "forward" });',
      'export const below = gradient(f, [-0.7, -1.3], { mode: "forward" });',
      ...(mode === 'inline' ? ['export const rev = gradient(f, [-0.7, -1.3], { mode: "reverse" });'] : []),
    ].join('\n'), mode);
    // sin(x0) above 0; x1²·x0 below.
    close(m.above as number[], [Math.cos(0.7), 0]);
    close(m.below as number[], [1.69, 2 * -1.3 * -0.7]);
    if (mode === 'inline') close(m.rev as number[], [1.69, 2 * -1.3 * -0.7]);
  });

  it('outer(x)[i][1 - i] in a loop, beside outer(x)[0][0]', async () => {
    const m = await compiled([
      'function f(x: number[]): number {',
      '  let s = 0;',
      '  for (let i = 0; i < 2; i++) s += outer(x)[i][1 - i] * x[i];',
      '  return s + outer(x)[0][0];',
      '}',
      'export const g = gradient(f, [0.7, -1.3], { mode: "forward" });',
    ].join('\n'), mode);
    const [a, b] = [0.7, -1.3];
    close(m.g as number[], [Math.cos(a) * a + Math.sin(a) + b, 3 * b * b + a]);
  });
});

describe('what stays rejected says to hold the result in a local', () => {
  const diagnostics = (body: string): string[] =>
    transform(head + outer + `function f(x: number[]): number {\n  ${body}\n}\nexport const g = gradient(f, [1, 2], { mode: "forward" });\n`, file, { readFile: () => undefined })
      .diagnostics.map((d) => `${d.code} ${d.message}`);

  it('a read in the default of an array destructuring, where nothing can go before it', () => {
    expect(diagnostics('const [a, b = outer(x)[0][1]] = x;\n  return a * b;')).toEqual([
      "DDX1017 'outer(x)[0][1]' reads an element of what 'outer(x)' returns in a default value (evaluated only when the value is missing), which is compiled only for a function returning a matrix (number[][]) in a place where the call can be made first; hold the result in a local first (const m = outer(x)) and read m[i][j]",
    ]);
  });
});
