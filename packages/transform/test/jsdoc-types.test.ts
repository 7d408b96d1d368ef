/**
 * Types TypeScript reads from JSDoc in `.js` modules (issue 14). A JavaScript parameter's number or
 * array kind is told by its use (program.ts, javaScriptParamKind), so JSDoc adds nothing there; a
 * record is not: `p.x` of a parameter of no type may be a record's field or a Dual's member. A
 * record or tuple type given in JSDoc (`@param {{ x: number, y: number }} p`, a `@typedef`) is the
 * parameter's shape; without it, a function reading its fields as numbers takes the shape of the
 * record each call passes (untyped-records.test.ts). Each module below is compiled with its JSDoc
 * and without it. Exact against closed forms.
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const geometry = `
/** @typedef {{ x: number, y: number }} Point */

/** @param {Point} p */
export function area(p) { return p.x * p.y; }

/**
 * @param {{ r: number, g: number }} c
 * @param {number} k
 */
export function mix({ r, g }, k) { return k * r * g * g; }
`;

/** The same module without its JSDoc comments. */
const bare = geometry.replace(/\/\*\*[^]*?\*\/\s*/g, '');

const user = `import { gradient } from '@ddx/dual';
// @ts-ignore: JavaScript without declarations
import { area, mix } from './geometry.js';
export const a = gradient((v: number[]) => area({ x: v[0], y: v[1] }), [2, 3]);
export const m = gradient((v: number[]) => mix({ r: v[0], g: v[1] }, 2), [2, 3], { mode: 'reverse' });
export const p = gradient(area, { x: 5, y: 7 });
`;

const compile = (lib: string, mode: EmitMode) => transform(user, '/p/main.ts', {
  mode, readFile: (f: string) => (f === '/p/geometry.js' ? lib : undefined), resolve: (s: string) => (s === './geometry.js' ? '/p/geometry.js' : undefined),
});

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('a record parameter typed by JSDoc (a @typedef, an object type, destructured) compiles, at a verb and called', async () => {
    const r = compile(geometry, mode);
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(r.code).not.toMatch(/export const p = gradient\(area/);
    const m = await run(r.code, { 'geometry.ts': geometry });
    // ∇(xy) = (y, x); ∇(2rg²) = (2g², 4rg).
    expect(m.a).toEqual([3, 2]);
    expect(m.m).toEqual([18, 24]);
    expect(m.p).toEqual({ x: 7, y: 5 });
  });
});

describe('without the JSDoc', () => {
  it('the same module compiles for the records its calls and the point pass', async () => {
    const r = compile(bare, 'inline');
    expect(bare).not.toContain('@param');
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    const m = await run(r.code, { 'geometry.ts': bare });
    expect(m.a).toEqual([3, 2]);
    expect(m.m).toEqual([18, 24]);
    expect(m.p).toEqual({ x: 7, y: 5 });
  });
});

describe('a field added to a record after it is made', () => {
  // culori's convertRgbToHsl: the hue exists only where the colour is not grey.
  const hsl = `
/** @param {{ r: number, g: number, b: number }} c */
export function toHsl({ r, g, b }) {
  const M = Math.max(r, g, b), m = Math.min(r, g, b);
  const res = { mode: 'hsl', l: 0.5 * (M + m) };
  if (M - m !== 0) res.h = (M === r ? (g - b) / (M - m) + (g < b) * 6 : 4) * 60;
  return res;
}
`;
  it('compiles: the field is undefined where it is not assigned, as in JavaScript', async () => {
    const user = "import { jacobian } from '@ddx/dual';\n// @ts-ignore: JavaScript without declarations\nimport { toHsl } from './geometry.js';\n" +
      'export const j = jacobian((v: number[]) => { const c = toHsl({ r: v[0], g: v[1], b: v[2] }); return [c.h, c.l]; }, [0.8, 0.4, 0.3]);\n';
    const r = transform(user, '/p/main.ts', { mode: 'inline', readFile: (f: string) => (f === '/p/geometry.js' ? hsl : undefined), resolve: (s: string) => (s === './geometry.js' ? '/p/geometry.js' : undefined) });
    expect(r.diagnostics).toEqual([]);
    const m = await run(r.code, { 'geometry.ts': hsl });
    // M = r, m = b: h = 60(g − b)/(r − b), ∇h = 60 (−(g − b), r − b, g − r)/(r − b)² = (−24, 120, −96); l = (r + b)/2.
    const [h, l] = m.j as number[][];
    expect(h).toEqual([-24, 120, -96].map((v) => expect.closeTo(v, 12)));
    expect(l).toEqual([0.5, 0, 0.5]);
  });
});
