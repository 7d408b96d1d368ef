/**
 * A function of a parameter of no type given to a verb at a record point (issue 14):
 * `export function area(p) { return p.x * p.y; }` in a JavaScript module, then
 * `gradient(area, { x: 2, y: 3 })`. Its fields meet number operators, so it is plain numeric
 * code: compiled for the record the point gives (left to the run-time engine, it threw at run
 * time with no location). A function calling ddx's methods on its fields (`p.x.mul(p.y)`) stays
 * the engine's, which takes no record point: at one, refused at build time. Where the point says no
 * record, the parameter is named at build time. Exact against closed forms.
 */
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const shapes = `
export function area(p) { return p.x * p.y; }
export function norm({ r, g, b }) { return Math.sqrt(r * r + g * g + b * b); }
export function withAlpha({ r, g, b, alpha }) { return alpha === undefined ? r + g + b : alpha * (r + g + b); }
export function cubeOf(p) { return p.k > 0 ? p.k ** 3 : -p.k; }
export function alphaOr({ r, g, alpha }) { if (alpha === undefined) alpha = 2; return alpha * r * g; }
export function alphaTimes({ r, alpha }) { return alpha * r; }
export function alphaSet({ r, alpha }) { r = r * 2; alpha = 3; return alpha * r; }
// Records passed on to callees (culori's conversions: rgb => toOklab(toLrgb(rgb))).
export function scaled(p) { return area(p) * 2; }
export const lin = (c) => c * c;
export const squares = ({ r, g, b }) => ({ mode: 'sq', r: lin(r), g: lin(g), b: lin(b) });
export const total = ({ r, g, b }) => r + g + 2 * b;
export const same = (c) => c;
export const kept = ({ r, g }) => ({ r: same(r), g: same(g) });
export const guarded = ({ r, g }) => { if (r === undefined) r = 0; return r * g; };
export const chain = (rgb) => { const s = total(squares(rgb)); return rgb.r === rgb.g ? s : s + 0; };
`;

const compile = (user: string, mode: EmitMode, fileName = '/p/main.ts') => transform(user, fileName, {
  mode, readFile: (f: string) => (f === '/p/shapes.js' ? shapes : undefined), resolve: (s: string) => (s === './shapes.js' ? '/p/shapes.js' : undefined),
});
const messages = (r: ReturnType<typeof compile>) => r.diagnostics.map((d) => `${d.code} ${d.message}`);

/** `options`: the verbs' options (`, { mode: 'reverse' }`). */
const userOf = (options = '') => `import { gradient, valueAndGradient } from '@ddx/dual';
// @ts-ignore: JavaScript without declarations
import { area, norm, cubeOf } from './shapes.js';
export const a = gradient(area, { x: 2, y: 3 }${options});
// Another layout of the same fields: another version of area.
export const b = gradient(area, { y: 5, x: 7 }${options});
export const n = gradient(norm, { r: 1, g: 2, b: 2 }${options});
export const c = valueAndGradient(cubeOf, { k: -2 }${options});
export const d = gradient(cubeOf, { k: 2 }${options});
`;
const user = userOf();

describe.each([['inline', ''], ['dual', ''], ['inline', ", { mode: 'reverse' }"]] as [EmitMode, string][])('%s mode%s', (mode, options) => {
  it('a JavaScript function of an untyped (or destructured) record parameter compiles at a record point', async () => {
    const r = compile(userOf(options), mode);
    expect(messages(r)).toEqual([]);
    expect(r.code).not.toMatch(/= (valueAndGradient|gradient)\((area|norm|cubeOf)/);
    const m = await run(r.code, { 'shapes.ts': shapes });
    // ∇(xy) = (y, x).
    expect(m.a).toEqual({ x: 3, y: 2 });
    expect(m.b).toEqual({ y: 7, x: 5 });
    // ∇‖(r, g, b)‖ = (r, g, b) / ‖…‖ = (1, 2, 2) / 3.
    const n = m.n as Record<string, number>;
    expect([n.r, n.g, n.b]).toEqual([1 / 3, 2 / 3, 2 / 3].map((v) => expect.closeTo(v, 15)));
    // -k for k ≤ 0 (derivative -1), k³ for k > 0 (3k² = 12 at 2).
    expect(m.c).toEqual({ value: 2, gradient: { k: -1 } });
    expect(m.d).toEqual({ k: 12 });
  });
});

describe.each([['inline', ''], ['dual', ''], ['inline', ", { mode: 'reverse' }"]] as [EmitMode, string][])('passed on, %s mode%s', (mode, options) => {
  it('a callee reading a parameter of no type as a record is compiled for the record its caller passes', async () => {
    const r = compile(`import { gradient } from '@ddx/dual';
// @ts-ignore: JavaScript without declarations
import { scaled, chain, guarded } from './shapes.js';
export const s = gradient(scaled, { x: 2, y: 3 }${options});
// A name unpacked from the record, assigned in the body (culori's if (r === undefined) r = 0).
export const gd = gradient(guarded, { r: 2, g: 3 }${options});
export const c = gradient(chain, { r: 1, g: 2, b: 3 }${options});
// From TypeScript: an object literal of numbers is a record.
export const t = gradient((v: number[]) => chain({ r: v[0], g: v[1], b: v[2] }), [3, 1, 0.5]${options});
`, mode);
    expect(messages(r)).toEqual([]);
    const m = await run(r.code, { 'shapes.ts': shapes });
    // ∇(2xy) = (2y, 2x); ∇(r² + g² + 2b²) = (2r, 2g, 4b).
    expect(m.s).toEqual({ x: 6, y: 4 });
    expect(m.c).toEqual({ r: 2, g: 4, b: 12 });
    expect(m.t).toEqual([6, 2, 2]);
    expect(m.gd).toEqual({ r: 3, g: 2 });
  });
});

describe('in a JavaScript module', () => {
  it('the verb call compiles too', async () => {
    const r = compile(user.replace(/^\/\/ @ts-ignore.*\n/m, ''), 'inline', '/p/main.js');
    expect(messages(r)).toEqual([]);
    const m = await run(r.code, { 'shapes.ts': shapes });
    expect(m.a).toEqual({ x: 3, y: 2 });
  });

  it('a point whose record is not known at build time names the parameter and asks for a JSDoc record type', () => {
    const r = compile(`import { gradient } from '@ddx/dual';\nimport { area } from './shapes.js';\nexport function slope(q) { return gradient(area, q); }\n`, 'inline', '/p/main.js');
    expect(messages(r)).toEqual([
      "DDX1006 'area' reads 'p.x' of 'p', a parameter with no type, and the point of gradient, 'q', is not a record of numbers known at build time, which would give its shape: give 'p' a record type, in JSDoc: /** @param {{ x: number, … }} p */",
    ]);
  });

  it('an argument that is no record, passed to a parameter read as one, is refused naming the parameter', () => {
    const r = compile(`import { derivative } from '@ddx/dual';\n// @ts-ignore: JavaScript without declarations\nimport { area } from './shapes.js';\nexport const d = derivative((t: number) => area(t), 1);\n`, 'inline');
    expect(messages(r)).toEqual([
      "DDX1006 'area' reads 'p.x' of 'p', a parameter with no type, and argument 1 of this call is not a record of numbers known at build time, which would give its shape: pass a record (an object literal of numbers, or a record variable), or give 'p' a record type, in JSDoc: /** @param {{ x: number, … }} p */",
    ]);
  });

  it.each([['inline', ''], ['dual', ''], ['inline', ", { mode: 'reverse' }"]] as [EmitMode, string][])('a field the point does not give is undefined, as in JavaScript: its tests fold (%s%s)', async (mode, options) => {
    const r = compile(`import { gradient } from '@ddx/dual';\nimport { withAlpha, alphaOr } from './shapes.js';\nexport const w = gradient(withAlpha, { r: 1, g: 2, b: 3 }${options});\nexport const wa = gradient(withAlpha, { r: 1, g: 2, b: 3, alpha: 5 }${options});\nexport const o = gradient(alphaOr, { r: 3, g: 4 }${options});\n`, mode, '/p/main.js');
    expect(messages(r)).toEqual([]);
    expect(r.code).not.toMatch(/= gradient\((withAlpha|alphaOr)/);
    const m = await run(r.code, { 'shapes.ts': shapes });
    // alpha undefined: ∇(r + g + b) = (1, 1, 1); given: ∇(α(r + g + b)) = (α, α, α, r + g + b).
    expect(m.w).toEqual({ r: 1, g: 1, b: 1 });
    expect(m.wa).toEqual({ r: 5, g: 5, b: 5, alpha: 6 });
    // alpha defaulted to 2: ∇(2rg) = (2g, 2r).
    expect(m.o).toEqual({ r: 8, g: 6 });
  });

  it('a field the point does not give, read as a number, is refused naming it (JavaScript would compute NaN with undefined)', () => {
    const r = compile(`import { gradient } from '@ddx/dual';\nimport { alphaTimes } from './shapes.js';\nexport const w = gradient(alphaTimes, { r: 1 });\n`, 'inline', '/p/main.js');
    expect(messages(r)).toEqual([
      expect.stringMatching(/^DDX1050 'alphaTimes' unpacks 'alpha' from a record without that field \(.*\), so it is undefined here, as in JavaScript, and this use of it is not compiled; a name unpacked from an absent field may only be tested against undefined .*; give the record the field instead$/),
    ]);
  });

  it('a JavaScript record read for a field it lacks is refused naming the reader, its parameter and the layout\'s types (not any)', () => {
    const r = compile(`import { derivative } from '@ddx/dual';\nimport { area, kept } from './shapes.js';\nexport const d = derivative((t) => area(kept({ r: t, g: 2 })), 1);\n`, 'inline', '/p/main.js');
    expect(messages(r)).toEqual([
      `DDX1022 'area' reads 'p.x' of its parameter 'p', given a '{ r: number; g: number }' here; 'x' is not a number field of '{ r: number; g: number }'; a record the transform differentiates through is read by its number fields`,
    ]);
  });

  it('a field the point does not give, assigned elsewhere than by a defaulting statement, is refused naming the field', () => {
    const r = compile(`import { gradient } from '@ddx/dual';\nimport { alphaSet } from './shapes.js';\nexport const w = gradient(alphaSet, { r: 1 });\n`, 'inline', '/p/main.js');
    expect(messages(r)).toEqual([
      expect.stringMatching(/^DDX1050 'alphaSet' unpacks 'alpha' from a record without that field \(.*\), so it is undefined here, as in JavaScript; a name unpacked from an absent field may be given a value only by a statement if \(alpha === undefined\) alpha = …; .*; give the record the field instead$/),
    ]);
  });
});

describe('written over ddx values', () => {
  // The run-time engine takes numbers and arrays of numbers as points: a record point given to a
  // function left to it would throw when the program runs. Refused at build time, at the point.
  it('a function calling methods of its fields, at a record point, is refused at the point (the engine takes no record)', () => {
    const engine = `import { gradient } from '@ddx/dual';\nfunction area(p) { return p.x.mul(p.y); }\nexport const a = gradient(area, { x: 2, y: 3 });\n`;
    const r = compile(engine, 'inline', '/p/main.js');
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['DDX1009', 3, 33]]);
    expect(r.diagnostics[0].message).toBe("'area' is written over ddx values (it calls their methods, or names @ddx/dual), so it is left to the run-time engine, which takes no record point: '{ x: 2, y: 3 }' is a record (x, y), which gradient would refuse when the program runs. Write 'area' with number operators (p.x * p.y, Math.sin(p.x); not p.x.mul(…)) and the transform compiles it for this record; or keep it for the engine with an array point, reading p[0], p[1], …");
    expect(r.diagnostics[0].frame).toContain('gradient(area, { x: 2, y: 3 })');
  });

  it('so is a function typed over Real records, a function known only by its type, either point of hvp, the curried form applied to a record, and an array of records', () => {
    const source = `import { gradient, hvp, type Real } from '@ddx/dual';
declare const g: (p: Real[]) => Real;
export const a = hvp((p: { x: Real; y: Real }) => p.x.mul(p.y), [2, 3], { x: 1, y: 0 });
export const b = gradient(g, { x: 1 });
export const c = gradient(g)({ y: 1 });
export const d = gradient((ps: { x: Real }[]) => ps[0].x.mul(ps[1].x), [{ x: 2 }, { x: 3 }]);
`;
    const r = compile(source, 'inline');
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['DDX1009', 3, 73], ['DDX1009', 4, 30], ['DDX1009', 5, 30], ['DDX1009', 6, 72]]);
    // The engine: gradient: `x[0]` must be a number, got an object with keys x.
    expect(r.diagnostics[3].message).toMatch(/'\[\{ x: 2 \}, \{ x: 3 \}\]' is an array of records \(x\), .* \(ps\[0\]\.x \* ps\[0\]\.x, Math\.sin\(ps\[0\]\.x\); not ps\[0\]\.x\.mul\(…\)\)/);
    expect(r.diagnostics[0].message).toMatch(/^the function is written over ddx values .* '\{ x: 1, y: 0 \}' is a record \(x, y\), which hvp would refuse/);
    expect(r.diagnostics[1].message).toMatch(/^'g' is written over ddx values .* '\{ x: 1 \}' is a record \(x\), which gradient would refuse .* \(not \.mul\(…\)\) .* array point of numbers$/);
  });

  it('at an array point, or given options, it stays with the run-time engine, untouched', () => {
    const source = `import { gradient, type Real } from '@ddx/dual';
export const a = gradient((p: Real[]) => p[0].mul(p[1]), [2, 3]);
export const b = gradient((p: Real[]) => p[0].mul(p[1]), { strategy: 'chunked' });
export const c = gradient((p: Real[]) => p[0].mul(p[1]))([2, 3]);
`;
    const r = compile(source, 'inline');
    expect(messages(r)).toEqual([]);
    expect(r.changed).toBe(false);
  });

  it('a plain function of an untyped record parameter passed to a solver is no engine code: refused at build time, not left to throw', () => {
    // solve(area, …) was left as written (area counted as over ddx values): gradient(f, p0) threw at run time.
    const source = `import { gradient } from '@ddx/dual';
function solve(f: (p: any) => number, p0: { x: number; y: number }) { return gradient(f, p0); }
function area(p) { return p.x * p.y; }
export const a = solve(area, { x: 2, y: 3 });
`;
    const r = compile(source, 'inline');
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['DDX1006', 4]]);
    expect(r.diagnostics[0].message).toMatch(/^'area' reads 'p\.x' of 'p', a parameter with no type/);
  });
});
