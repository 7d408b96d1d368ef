/**
 * Math members without a derivative rule (imul, clz32) are accepted on values that do not depend
 * on the input, with their own arity; and rejected statements are named in words a user knows.
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/members.ts';

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('accepts Math.clz32 (one argument) and Math.imul (two) on constants', async () => {
    const source = [
      "import { derivative } from '@ddx/dual';",
      'function f(x: number): number { return x * Math.clz32(8) + x * x * Math.imul(3, 4); }',
      'export const d = derivative(f, 2);',
    ].join('\n');
    const result = transform(source, file, { mode });
    expect(result.diagnostics).toEqual([]);
    // d/dx [28x + 12x²] at 2 = 28 + 48
    expect((await run(result.code)).d).toBe(Math.clz32(8) + 2 * Math.imul(3, 4) * 2);
  });

  it('rejects Math.clz32 with the wrong number of arguments', () => {
    const source = [
      "import { derivative } from '@ddx/dual';",
      'function f(x: number): number { return x * Math.clz32(8, 1); }',
      'export const d = derivative(f, 2);',
    ].join('\n');
    const [diagnostic] = transform(source, file, { mode }).diagnostics;
    expect(diagnostic.code).toBe('DDX1003');
    expect(diagnostic.message).toMatch(/Math\.clz32 takes 1 argument/);
  });

  it('names a debugger statement as such, not by a syntax-kind range marker', () => {
    const source = [
      "import { derivative } from '@ddx/dual';",
      'function f(x: number): number { debugger; return x; }',
      'export const d = derivative(f, 2);',
    ].join('\n');
    const [diagnostic] = transform(source, file, { mode }).diagnostics;
    expect(diagnostic.code).toBe('DDX1002');
    expect(diagnostic.message).toMatch(/DebuggerStatement is not supported/);
    expect(diagnostic.message).not.toMatch(/LastStatement/);
  });
});
