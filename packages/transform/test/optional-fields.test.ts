/**
 * Record fields present on some paths only (issue 14): culori's conversions make a record and set
 * `res.h = …` only where the colour has a hue, and unpack `alpha` from colours that may lack it.
 * An absent field is undefined exactly as in the plain program: reading it gives undefined (so
 * `=== undefined` tests behave as in the primal), its tangent and adjoint are 0. A verb's point
 * or value must have every field (its drivers take and give doubles): refused, naming the field.
 * Exact against closed forms, in each mode.
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

// Polar coordinates whose angle exists only right of the axis, and a weight only where given.
const polar = `
/** @param {{ x: number, y: number }} p */
export function polar({ x, y, w }) {
  const res = { mode: 'polar', r: Math.hypot(x, y) };
  if (x > 0) res.t = y / x;
  if (w !== undefined) res.w = w;
  return res;
}
`;

const compile = (user: string, mode: EmitMode) => transform(user, '/p/main.ts', {
  mode, readFile: (f: string) => (f === '/p/polar.js' ? polar : undefined), resolve: (s: string) => (s === './polar.js' ? '/p/polar.js' : undefined),
});
const messages = (r: ReturnType<typeof compile>) => r.diagnostics.map((d) => `${d.code} ${d.message}`);

const userOf = (options: string) => `import { gradient, jacobian } from '@ddx/dual';
// @ts-ignore: JavaScript without declarations
import { polar } from './polar.js';
interface Slope { run: number; rise?: number }
function slope(x: number, y: number): Slope {
  const s: Slope = { run: x * x };
  if (y !== 0) s.rise = y * x;
  return s;
}
/** t where the record has it, else 3r. */
const f = (v: number[]) => { const p = polar({ x: v[0], y: v[1] }); return p.t === undefined ? 3 * p.r : p.t; };
export const right = gradient(f, [1, 2]${options});
export const left = gradient(f, [-1, 2]${options});
export const both = jacobian((v: number[]) => { const p = polar({ x: v[0], y: v[1] }); return [p.r, p.t]; }, [3, 4]${options});
const g = (v: number[]) => { const s = slope(v[0], v[1]); return s.rise === undefined ? s.run : s.run + 5 * s.rise; };
export const flat = gradient(g, [2, 0]${options});
export const steep = gradient(g, [2, 3]${options});
`;

describe.each([['inline', ''], ['dual', ''], ['inline', ", { mode: 'reverse' }"]] as [EmitMode, string][])('%s mode%s', (mode, options) => {
  it('a field set on some paths only is undefined on the others, with derivative 0', async () => {
    const r = compile(userOf(options), mode);
    expect(messages(r)).toEqual([]);
    expect(r.code).not.toMatch(/= gradient\([fg],|= jacobian\(\(v/);
    const m = await run(r.code, { 'polar.ts': polar });
    // x > 0: t = y/x, ∇t = (−y/x², 1/x) = (−2, 1) at (1, 2).
    expect(m.right).toEqual([-2, 1]);
    // x ≤ 0: no t, 3r: ∇ = 3(x, y)/r = 3(−1, 2)/√5.
    expect(m.left).toEqual([-3 / Math.sqrt(5), 6 / Math.sqrt(5)].map((v) => expect.closeTo(v, 14)));
    // r = 5, t = 4/3 at (3, 4): rows (x/r, y/r) and (−y/x², 1/x).
    const both = m.both as number[][];
    expect(both[0]).toEqual([0.6, 0.8].map((v) => expect.closeTo(v, 15)));
    expect(both[1]).toEqual([-4 / 9, 1 / 3].map((v) => expect.closeTo(v, 15)));
    // y = 0: no rise, run = x²: (2x, 0) = (4, 0); else x² + 5xy: (2x + 5y, 5x) = (19, 10).
    expect(m.flat).toEqual([4, 0]);
    expect(m.steep).toEqual([19, 10]);
  });
});

const capturedOf = (options: string) => `import { gradient, derivative, hvp } from '@ddx/dual';
interface S { run: number; rise?: number }
const fixed: S = { run: 2 };
function make(a: number): S { const s: S = { run: a }; if (a > 5) s.rise = a; return s; }
export function outer(a: number) { const s = make(a); return gradient((v: number[]) => (s.rise === undefined ? 3 * v[0] * v[0] : s.rise * v[0] * v[0]) + s.run * v[1], [1, 1]${options}); }
export const lacking = outer(1), having = outer(7);
export const m = derivative((x: number) => (fixed.rise === undefined ? x * x : x), 3);
const f = (v: number[]) => { const s = make(v[0]); return s.rise === undefined ? v[0] ** 3 : s.rise * v[1] * v[1]; };
export const h2 = hvp(f, [2, 1], [1, 1]${options}), h7 = hvp(f, [7, 1], [1, 1]${options});
`;

describe.each([['inline', ''], ['dual', ''], ['inline', ", { mode: 'reverse' }"]] as [EmitMode, string][])('%s mode%s', (mode, options) => {
  it('a captured record, a module-level one and H·v read the absent field as undefined too', async () => {
    const r = compile(capturedOf(options), mode);
    expect(messages(r)).toEqual([]);
    const m = await run(r.code);
    // Without rise: 3x² + run·y, ∇ = (6x, run) = (6, 1); with rise = 7: 7x² + 7y, ∇ = (14, 7).
    expect(m.lacking).toEqual([6, 1]);
    expect(m.having).toEqual([14, 7]);
    expect(m.m).toBe(6);
    // x ≤ 5: x³, H = [[6x, 0], [0, 0]], H·(1, 1) = (12, 0); x > 5: x·y², H = [[0, 2y], [2y, 2x]], H·(1, 1) = (2, 16).
    expect(m.h2).toEqual([12, 0]);
    expect(m.h7).toEqual([2, 16]);
  });
});

describe('at a verb', () => {
  it('a record point or value with an optional field is refused, naming the field', () => {
    const user = `import { gradient, jvp } from '@ddx/dual';
interface Slope { run: number; rise?: number }
export const a = gradient((s: Slope) => s.run * 2, { run: 1 });
export const b = jvp((v: number[]): Slope => ({ run: v[0] }), [1], [1]);
`;
    expect(messages(compile(user, 'inline'))).toEqual([
      expect.stringMatching(/^DDX1022 gradient's point is a record \(Slope\) whose field 'rise' is optional \(absent on some paths\); a verb's point and value have every field/),
      expect.stringMatching(/^DDX1022 jvp's value is a record \(Slope\) whose field 'rise' is optional/),
    ]);
  });
});
