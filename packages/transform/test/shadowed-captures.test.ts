/**
 * A local function that reads the enclosing function's `x`, called from the function given to a
 * nested verb whose own parameter is also named `x`: the capture takes another name inside that
 * function, and the verb's call, where `x` still means the enclosing variable, passes it by its
 * name. Where the name means another variable at the verb's call too (a block's `const a` around
 * it), nothing can pass it by its name: DDX1030, as before. Oracles: closed forms.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { expectClose } from './close.js';
import { run } from './run.js';

const code = `import { derivative, gradient, secondDerivative } from '@ddx/dual';
export function f(x: number): number {
  const h = (t: number): number => t * x;
  return derivative((x: number) => h(x) * x, 1.5);
}
export function k(a: number): number {
  const sq = (t: number): number => t * t * a;
  return derivative((a: number) => sq(a) + a, 2);
}
export function m(x: number): number {
  const h = (t: number): number => Math.sin(t * x);
  const w = (t: number): number => h(t) + x;
  return gradient((x: number[]) => w(x[0]) * x[1], [0.5, 2])[0];
}
export const df = derivative(f, 2);
export const d2f = secondDerivative(f, 2);
export const dk = derivative(k, 3);
export const dm = derivative(m, 0.7);
export const reverse = gradient((v: number[]) => f(v[0]) * k(v[1]), [2, 3], { mode: 'reverse' });
`;

describe.each<EmitMode>(['inline', 'dual'])('a capture hidden by the nested verb\'s own parameter (%s)', (mode) => {
  it('takes another name there, against the closed forms', async () => {
    const r = transform(code, `/virtual/shadowed-captures-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const mod = await run(r.code);
    // f(x) = d/du (u·x·u) at 1.5 = 3x; k(a) = d/du (u²a + u) at 2 = 4a + 1; m(x) = 2x·cos(x/2).
    expectClose((mod.f as (x: number) => number)(2), 6, 1e-13, 'f(2)');
    expectClose(mod.df, 3, 1e-13, 'df');
    expectClose(mod.d2f, 0, 1e-13, 'd2f');
    expectClose((mod.k as (a: number) => number)(3), 13, 1e-13, 'k(3)');
    expectClose(mod.dk, 4, 1e-13, 'dk');
    const x = 0.7;
    expectClose((mod.m as (x: number) => number)(x), 2 * x * Math.cos(x / 2), 1e-13, 'm(x)');
    expectClose(mod.dm, 2 * Math.cos(x / 2) - x * Math.sin(x / 2), 1e-13, 'dm');
    // f(v0)·k(v1) = 3v0·(4v1 + 1).
    const rev = mod.reverse as number[];
    expectClose(rev[0], 3 * 13, 1e-13, 'reverse[0]');
    expectClose(rev[1], 6 * 4, 1e-13, 'reverse[1]');
  });
});

describe('a capture hidden at the verb\'s call too', () => {
  const refused = (body: string): string[] => transform(`import { derivative } from '@ddx/dual';
export function g(a: number): number {
  const sq = (t: number): number => t * t * a;
  {
    const a = 5;
    ${body}
  }
}
export const dg = derivative(g, 2);
`, '/virtual/shadowed-at-call.ts').diagnostics.map((d) => `${d.code} ${d.message}`);
  it('is refused (DDX1030), by the arrow\'s parameter or by what it reads', () => {
    const message = "DDX1030 'sq' reads 'a' of its enclosing function, but here 'a' names another variable; rename one of them";
    expect(refused('return derivative((a: number) => sq(a), 2);')).toEqual([message]);
    expect(refused('return derivative((u: number) => sq(u) * a, 2);')).toEqual([message]);
  });
});
