/**
 * A module-level `const` object of data read by field inside a compiled function
 * (`const data = { x: [1, 2, 3], y: [2, 4, 6] }; function fit(w: number[]) { const x = data.x; … }`):
 * constant data, as a module-level table is (analyze/moduleArrays.ts, moduleObjectFieldOf), when
 * nothing in its module can write it; otherwise DDX1051 naming the write. Derivatives against
 * closed forms (least squares: ∇ = 2 Σ rᵢ (xᵢ, 1), H = 2 Σ [[xᵢ², xᵢ], [xᵢ, 1]]).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const file = '/project/src/main.ts';
const head = "import { derivative, secondDerivative, gradient, hessian, hvp, jvp } from '@ddx/dual';\n";

async function compiled(source: string, mode: EmitMode, files: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const r = transform(head + source, file, { mode, readFile: (f) => files[f], resolve: (spec) => Object.keys(files).find((f) => spec === `./${f.split('/').pop()!.replace(/\.ts$/, '.js')}`) });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  const siblings = Object.fromEntries(Object.entries(files).map(([f, s]) => [f.split('/').pop()!, s]));
  return run(r.code, siblings);
}

const diagnosticsOf = (source: string): string[] =>
  transform(head + source, file, { readFile: () => undefined }).diagnostics.map((d) => `${d.code} ${d.message}`);

const data = { x: [1, 2, 3], y: [2, 4, 6.5] };
const w0 = [1.5, -0.5];
// r_i = w0 x_i + w1 − y_i
const residuals = (w: number[]) => data.x.map((x, i) => w[0]! * x + w[1]! - data.y[i]!);
const gradientAt = (w: number[]) => {
  const r = residuals(w);
  return [2 * r.reduce((s, ri, i) => s + ri * data.x[i]!, 0), 2 * r.reduce((s, ri) => s + ri, 0)];
};
const sx = data.x.reduce((s, x) => s + x, 0), sxx = data.x.reduce((s, x) => s + x * x, 0);
const hessianOf = [[2 * sxx, 2 * sx], [2 * sx, 2 * data.x.length]];

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('a function given by name reads the fields: every verb, forward and reverse', async () => {
    const m = await compiled(`
const data2 = { x: [1, 2, 3], y: [2, 4, 6.5], scale: 2, name: 'line' };
function fit2(w: number[]) {
  const x = data2.x;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (w[0] * x[i] + w[1] - data2.y[i]) ** 2;
  return s * data2.scale / 2;
}
function sumOf(w: number) { let s = 0; for (const v of data2.x) s += v * w * w; return s + data2.y.reduce((a, b) => a + b * w, 0); }
export const g = gradient(fit2, [1.5, -0.5]);
export const gr = gradient(fit2, [1.5, -0.5], { mode: 'reverse' });
export const h = hessian(fit2, [1.5, -0.5]);
export const hr = hvp(fit2, [1.5, -0.5], [1, 0], { mode: 'reverse' });
export const j = jvp(fit2, [1.5, -0.5], [0, 1]);
export const d = derivative(sumOf, 2);
export const d2 = secondDerivative(sumOf, 2);
`, mode);
    for (const grad of [m.g, m.gr]) (grad as number[]).forEach((v, i) => expect(v).toBeCloseTo(gradientAt(w0)[i]!, 12));
    expect(m.h).toEqual(hessianOf);
    expect(m.hr).toEqual([hessianOf[0]![0], hessianOf[1]![0]]);
    expect(m.j).toBeCloseTo(gradientAt(w0)[1]!, 12);
    // Σx · w² + Σy · w: 2 Σx w + Σy, then 2 Σx
    expect(m.d).toBe(2 * sx * 2 + 12.5);
    expect(m.d2).toBe(2 * sx);
  });

  it('an object passed elsewhere to a function that only reads it, and one exported as const, read from another module', async () => {
    const m = await compiled(`
import { table } from './table.js';
const data = { x: [1, 2, 3], n: 3 };
function total(d: { x: number[]; n: number }) { return d.x[0] + d.n; }
export const t = total(data);
function f(w: number) { return w * w * data.x[2] * data.n + w * table.c[1]; }
export const d = derivative(f, 2);
export const e = derivative((w: number) => w * total(data), 1);
`, mode, { '/project/src/table.ts': 'export const table = { c: [10, 20] } as const;\n' });
    // 2w · 3 · 3 + 20 at w = 2
    expect(m.d).toBe(56);
    expect(m.e).toBe(4);
  });

  it('typeof of the object, of a field or of a table in a type is no use of its value', async () => {
    const m = await compiled(`
const model = { k: 2, w: [1, 3] };
const P = [5, 7];
type K = typeof model.k;
type Table = typeof P;
export const first: Table[0] = P[0];
function f(x: typeof model.k, t: number[]): K { const y: K = model.k; const z: typeof x = x; return y * x * z + model.w[1] * x + t[0] * P[1]; }
export const d = derivative((x: number) => f(x, P), 1.5);
export const d2 = secondDerivative((x: number) => f(x, P), 1.5);
export const g = gradient((p: number[]) => f(p[0], P) * p[1], [1.5, 2], { mode: 'reverse' });
`, mode);
    // f(x) = 2x² + 3x + 35: f' = 4x + 3, f'' = 4
    expect(m.d).toBe(9);
    expect(m.d2).toBe(4);
    expect(m.g).toEqual([18, 2 * 2.25 + 4.5 + 35]);
  });
});

describe.each(['inline', 'dual'] as EmitMode[])('read by a local function of an arrow at a verb (%s)', (mode) => {
  // The arrow captures the object (a record with array fields); a local function inside it read
  // it too and was refused (DDX1022, acceptance fuzz seed 1 run 4929). It reads the fields as
  // constant data. Closed forms: g(u) = w₁u + k, f(x) = g(x)·x = 2x² + 2x, f′ = 4x + 2.
  it('compiles, every verb forward and reverse, against closed forms', async () => {
    const m = await compiled(`
const ob = { k: 2, w: [1, 2] };
export const d = (a: number) => derivative((x: number) => { const g = (u: number) => u * ob.w[1] + ob.k; return g(x) * x; }, a);
export const made = (a: number) => derivative((x: number) => { const g = ((k: number) => (u: number): number => u * ob.w[1] + k)(ob.k); return g(x) * x; }, a);
export const gr = (p: number[]) => gradient((q: number[]) => { const g = (u: number) => u * ob.w[1] + ob.w[0]; return g(q[0]) * q[1] + ob.k; }, p, { mode: 'reverse' });
`, mode);
    for (const a of [-1, 0.5, 3]) {
      expect((m.d as (a: number) => number)(a)).toBe(4 * a + 2);
      expect((m.made as (a: number) => number)(a)).toBe(4 * a + 2);
    }
    // (2q₀ + 1)·q₁ + 2: ∇ = (2q₁, 2q₀ + 1)
    expect((m.gr as (p: number[]) => number[])([1.5, -3])).toEqual([-6, 4]);
  });
  it('refuses one its module writes (DDX1051), as a function given by name', () => {
    const [d, ...rest] = diagnosticsOf('const ob = { k: 2, w: [1, 2] };\nexport function poke() { ob.w[1] = 7; }\nexport const d = derivative((x: number) => { const g = (u: number) => u * ob.w[1]; return g(x) * x; }, 1);\n');
    expect(rest).toEqual([]);
    expect(d).toMatch(/^DDX1051 'ob' \(declared at module level in main\.ts\) is not constant data: an element written \('ob\.w\[1\] = 7'\)/);
  });
});

describe('an object its module may write is refused, naming the write (DDX1051)', () => {
  const use = 'function f(w: number) { return w * data.x[1]; }\nexport const d = derivative(f, 1);\n';
  const cases: Record<string, { code: string; message: RegExp }> = {
    'an element written': { code: 'export function poke() { data.x[0] = 5; }\n', message: /is not constant data: an element written \('data\.x\[0\] = 5'\) at line 3/ },
    'a field assigned': { code: 'export function poke() { data.x = [4]; }\n', message: /its field 'x' written \('data\.x = \[4\]'\)/ },
    'a number field incremented': { code: 'export function poke() { data.n++; }\n', message: /its field 'n' written \('data\.n\+\+'\)/ },
    'a field deleted': { code: 'export function poke() { delete (data as { n?: number }).n; }\n', message: /used as a value|its field 'n' written/ },
    'passed to a function that writes it': { code: 'function bad(d: { x: number[] }) { d.x.push(4); }\nbad(data);\n', message: /passed to a call \('bad\(data\)'\) that does not only read it/ },
    'written through a const naming its field': { code: 'export function alias() { const y = data.x; y[0] = 2; }\n', message: /an element written \('y\[0\] = 2'\) at line 3, through the const 'y'/ },
    'used as a value': { code: 'export const all = [data];\n', message: /used as a value \('\[data\]'\)/ },
    'passed to a function the transform cannot see': { code: 'export const all = Object.values(data);\n', message: /passed to a call \('Object\.values\(data\)'\) of 'Object\.values', which the transform cannot see/ },
    'written through this in a method': { code: '', message: /its field 'n' written \('this\.n = v'\) at line 2, through 'this' in its member 'set'/ },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const decl = name === 'written through this in a method' ? 'const data = { x: [1, 2, 3], n: 3, set(v: number) { this.n = v; } };\n' : 'const data = { x: [1, 2, 3], n: 3 };\n';
      const [d, ...rest] = diagnosticsOf(decl + c.code + use);
      expect(rest).toEqual([]);
      expect(d).toMatch(/^DDX1051 'data' \(declared at module level in main\.ts\) is not constant data: /);
      expect(d).toMatch(c.message);
    });
  }
  it('exported without as const', () => {
    const [d] = diagnosticsOf('export const data = { x: [1, 2, 3] };\n' + use);
    expect(d).toMatch(/^DDX1051 .* it is exported, so any module may write its fields; declare it `as const`/);
  });
  it('a field that is not constant', () => {
    const [d] = diagnosticsOf('const base = [1, 2, 3];\nconst data = { x: base };\n' + use);
    expect(d).toMatch(/^DDX1051 .* its field 'x' is not a numeric constant nor a literal of them \('x: base'\)/);
  });
});
