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

  it('accepts members of Math unpacked by var, at module level and in a nested block (function-scoped)', async () => {
    const source = [
      "import { derivative } from '@ddx/dual';",
      'var { min, max } = Math;',
      'function f(x: number): number {',
      '  var { sqrt, exp: e } = Math;',
      '  if (x > 0) { var { PI } = Math; }',
      '  return max(0, min(sqrt(x), 9)) * e(x) + x * PI;',
      '}',
      'export const d = derivative(f, 4);',
    ].join('\n');
    const result = transform(source, file, { mode });
    expect(result.diagnostics).toEqual([]);
    // (√x eˣ + πx)' = eˣ (√x + 1/(2√x)) + π at 4.
    expect((await run(result.code)).d).toBeCloseTo(Math.exp(4) * (2 + 1 / 4) + Math.PI, 12);
  });

  it('rejects members of Math unpacked into a name that is reassigned, with a default or beside a rest element', () => {
    for (const body of ['let { sqrt } = Math; sqrt = Math.exp; return sqrt(x);', 'const { sqrt, ...rest } = Math; return sqrt(x);',
      'const { sqrt = Math.exp } = Math; return sqrt(x);']) {
      const source = ["import { derivative } from '@ddx/dual';", `function f(x: number): number { ${body} }`, 'export const d = derivative(f, 2);'].join('\n');
      const [diagnostic] = transform(source, file, { mode }).diagnostics;
      expect(diagnostic.code).toBe('DDX1002');
      expect(diagnostic.message).toMatch(/only members of 'Math' unpacked into names that are never reassigned/);
    }
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

  it('differentiates Math functions passed as f: unary ones compiled, the others by the run-time engine', async () => {
    const source = [
      "import { derivative, gradient, hessian } from '@ddx/dual';",
      'export const cosine = derivative(Math.sin, 0.3);',
      'export const hypot = gradient(Math.hypot, [3, 4]);',
      'export const atan2 = gradient(Math.atan2, [1, 2]);',
      'export const max = gradient(Math.max, [1, 3]);',
      'export const pow = hessian(Math.pow, [2, 3]);',
    ].join('\n');
    const result = transform(source, file, { mode });
    expect(result.diagnostics).toEqual([]);
    const out = await run(result.code);
    expect(out.cosine).toBe(Math.cos(0.3));
    expect(out.hypot).toEqual([0.6, 0.8]);
    // ∂atan2(y, x) = (x, −y) / (x² + y²)
    expect(out.atan2).toEqual([2 / 5, -1 / 5]);
    expect(out.max).toEqual([0, 1]);
    // pow(a, b) = a^b at (2, 3): ∂²/∂a² = b(b−1)a^(b−2) = 12, ∂²/∂a∂b = a^(b−1)(1 + b ln a), ∂²/∂b² = a^b ln²a
    const [[aa, ab], [ba, bb]] = out.pow as number[][];
    expect([aa, ab, ba, bb].map((v, i) => Math.abs(v - [12, 4 * (1 + 3 * Math.LN2), 4 * (1 + 3 * Math.LN2), 8 * Math.LN2 ** 2][i]) <= 1e-14 * 40)).toEqual([true, true, true, true]);
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
