/**
 * `let { r, g, b } = toLinear(rgb)` (culori's convertRgbToXyz65): the fields of the record a
 * callee returns, unpacked into locals — renamed, with defaults (taken where the field is absent),
 * assigned later — in TypeScript and in untyped JavaScript. Exact against closed forms in each
 * mode; the callee's arguments are evaluated once, in order, with their side effects.
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

// Polar to Cartesian, and a weight present only where asked for (untyped JavaScript, as culori's).
const cartesian = `
/** @param {number} r @param {number} t @param {number} w */
export function cartesian(r, t, w) {
  const res = { mode: 'xy', x: r * Math.cos(t), y: r * Math.sin(t) };
  if (w > 0) res.w = w * r;
  return res;
}
/** @param {number[]} v */
export function fromJs(v) {
  let { x, y: up, w = 10 } = cartesian(v[0], v[1], v[2]);
  x = x * up;
  return x + w;
}
`;

const compile = (user: string, mode: EmitMode) => transform(user, '/p/main.ts', {
  mode, readFile: (f: string) => (f === '/p/cartesian.js' ? cartesian : undefined), resolve: (s: string) => (s === './cartesian.js' ? '/p/cartesian.js' : undefined),
});
const messages = (r: ReturnType<typeof compile>) => r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);

const userOf = (options: string) => `import { derivative, gradient } from '@ddx/dual';
// @ts-ignore: JavaScript without declarations
import { cartesian, fromJs } from './cartesian.js';
interface P { x: number; y: number; w?: number }
function polar(r: number, t: number): P { return { x: r * Math.cos(t), y: r * Math.sin(t) }; }
/** x·y + 3x of (r, t), x renamed, y assigned later. */
function f(v: number[]): number {
  let { x: across, y } = polar(v[0], v[1]);
  y = across * y;
  const { x } = polar(v[0], v[1]);
  return y + 3 * x;
}
/** A default where the field is absent: w = 2 in TypeScript; in JavaScript w·r where w > 0, else 10. */
const g = (v: number[]) => { const { x, w = 2 } = polar(v[0], v[1]); return x * w; };
/** Side effects of the arguments run once, in order: t = v[1] + v[0], r = v[0]·v[0]. */
function h(v: number[]): number {
  let t = v[1], r = 0;
  let { x, y } = polar((r = v[0] * v[0]), (t += v[0]));
  x += t;
  return x * y + r;
}
export const df = gradient(f, [2, 0.5]${options});
export const dg = gradient(g, [2, 0.5]${options});
export const dh = gradient(h, [2, 0.5]${options});
export const dj = gradient(fromJs, [2, 0.5, 3]${options});
export const dk = gradient(fromJs, [2, 0.5, 0]${options});
export const d1 = derivative((r: number) => { let { x, y } = cartesian(r, 0.5, 1); return x * y; }, 2);
export const values = [f([2, 0.5]), h([2, 0.5]), fromJs([2, 0.5, 3]), fromJs([2, 0.5, 0])];
`;

const close = closeWithin(1e-14);

describe.each([['inline', ''], ['dual', ''], ['inline', ", { mode: 'reverse' }"]] as [EmitMode, string][])('%s mode%s', (mode, options) => {
  it('fields of a returned record, renamed, defaulted and assigned later, in TypeScript and JavaScript', async () => {
    const r = compile(userOf(options), mode);
    expect(messages(r)).toEqual([]);
    expect(r.code).not.toMatch(/= gradient\([fgh],|= gradient\(fromJs,/);
    const m = await run(r.code, { 'cartesian.ts': cartesian });
    const [rr, t] = [2, 0.5];
    const [c, s] = [Math.cos(t), Math.sin(t)];
    // f = r² cos t sin t + 3r cos t: ∂r = 2r cs + 3c, ∂t = r²(c² − s²) − 3r s.
    (m.df as number[]).forEach((v, i) => close(v, [2 * rr * c * s + 3 * c, rr * rr * (c * c - s * s) - 3 * rr * s][i]));
    // g = 2r cos t: (2c, −2r s).
    (m.dg as number[]).forEach((v, i) => close(v, [2 * c, -2 * rr * s][i]));
    // h with R = a², T = b + a: x = R cos T + T, y = R sin T; h = x·y + R.
    const hOf = (a: number, b: number) => { const R = a * a, T = b + a; return (R * Math.cos(T) + T) * R * Math.sin(T) + R; };
    const [R, T] = [rr * rr, t + rr];
    const x = R * Math.cos(T) + T, y = R * Math.sin(T);
    // ∂x/∂R = cos T, ∂x/∂T = −R sin T + 1, ∂y/∂R = sin T, ∂y/∂T = R cos T; ∂R/∂a = 2a, ∂T/∂a = ∂T/∂b = 1.
    const dT = (-R * Math.sin(T) + 1) * y + x * R * Math.cos(T);
    const dR = Math.cos(T) * y + x * Math.sin(T) + 1;
    (m.dh as number[]).forEach((v, i) => close(v, [dR * 2 * rr + dT, dT][i]));
    // fromJs with w > 0: r² cos t sin t + w r: (2r cs + w, r²(c² − s²), r); with w = 0 (absent): … + 10.
    (m.dj as number[]).forEach((v, i) => close(v, [2 * rr * c * s + 3, rr * rr * (c * c - s * s), rr][i]));
    (m.dk as number[]).forEach((v, i) => close(v, [2 * rr * c * s, rr * rr * (c * c - s * s), 0][i]));
    // d/dr of r² cos(0.5) sin(0.5) at 2.
    close(m.d1 as number, 2 * rr * c * s);
    const values = m.values as number[];
    close(values[0], rr * rr * c * s + 3 * rr * c);
    close(values[1], hOf(rr, t));
    close(values[2], rr * rr * c * s + 3 * rr);
    close(values[3], rr * rr * c * s + 10);
  });
});

describe('refused', () => {
  it('a rest element is refused, naming what to write', () => {
    const user = `import { gradient } from '@ddx/dual';
interface P { x: number; y: number; z: number }
function make(a: number): P { return { x: a, y: 2 * a, z: 3 * a }; }
export const a = gradient((v: number[]) => { const { x, ...others } = make(v[0]); return x * others.y; }, [1]);
`;
    expect(messages(compile(user, 'inline'))).toEqual([
      expect.stringMatching(/^DDX1022 4:57 a rest element \(\.\.\.others\) would copy the other fields of the record \(P\) into a new object; unpack the fields by name/),
    ]);
  });
});
