/**
 * Out-parameters: functions that write their results into an array argument (gl-matrix's
 * `add(out, a, b)`, an ODE step `rk4Step(out, y, h)`), called as statements, or as `return`/`const`
 * of the array they write, from a differentiated function. In both emit modes the values and the
 * writes equal the plain program's, and the derivatives are exact (closed forms, or central
 * differences of the plain function with a stated tolerance). What cannot be compiled is diagnosed.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, generateModule, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const modes: EmitMode[] = ['inline', 'dual'];

async function compiled(mode: EmitMode, source: string): Promise<Record<string, unknown>> {
  const r = transform(source, '/virtual/main.ts', { mode });
  expect(r.diagnostics.map(formatDiagnostic), mode).toEqual([]);
  expect(r.changed, mode).toBe(true);
  return run(r.code);
}

const codes = (source: string, mode: EmitMode = 'inline'): string[] => transform(source, '/virtual/main.ts', { mode }).diagnostics.map((d) => d.code);

/** Central differences of `f` at `x` (step h), one partial per coordinate. */
function centralGradient(f: (x: number[]) => number, x: readonly number[], h = 1e-5): number[] {
  return x.map((_, i) => {
    const up = x.slice(), down = x.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

// An explicit fourth-order Runge–Kutta step of the harmonic oscillator q' = p, p' = −ω²q, written
// as numeric code is written: the derivative into an out-parameter, the step into another.
const rk4Module = `import { gradient, derivative, valueAndGradient } from '@ddx/dual';
function field(out: number[], y: number[], w: number): void {
  out[0] = y[1];
  out[1] = -w * w * y[0];
}
function axpy(out: number[], y: number[], k: number[], a: number): number[] {
  for (let i = 0; i < y.length; i++) out[i] = y[i] + a * k[i];
  return out;
}
function rk4Step(out: number[], y: number[], h: number, w: number): number[] {
  const k1 = [0, 0], k2 = [0, 0], k3 = [0, 0], k4 = [0, 0], t = [0, 0];
  field(k1, y, w);
  field(k2, axpy(t, y, k1, h / 2), w);
  field(k3, axpy(t, y, k2, h / 2), w);
  field(k4, axpy(t, y, k3, h), w);
  for (let i = 0; i < y.length; i++) out[i] = y[i] + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  return out;
}
export function position(s: number[]): number {
  // s = [q0, p0, w]: ten steps of h = 0.1 from (q0, p0).
  const y = [s[0], s[1]];
  const next = [0, 0];
  for (let n = 0; n < 10; n++) {
    rk4Step(next, y, 0.1, s[2]);
    y[0] = next[0];
    y[1] = next[1];
  }
  return y[0];
}
export function finalState(h: number): number {
  const y = [1, 0];
  const r = rk4Step([0, 0], y, h, 2);
  return r[0] + r[1];
}
export const g = gradient(position, [1, 0.5, 1.5]);
export const vg = valueAndGradient(position, [1, 0.5, 1.5]);
export const dh = derivative(finalState, 0.05);
`;

/** The RK4 map of y' = A y over one step: I + hA + (hA)²/2 + (hA)³/6 + (hA)⁴/24, A = [[0, 1], [−ω², 0]]. */
function rk4Matrix(h: number, w: number): number[][] {
  const A = [[0, h], [-w * w * h, 0]];
  const mul = (X: number[][], Y: number[][]) => X.map((row) => Y[0].map((_, j) => row.reduce((s, x, k) => s + x * Y[k][j], 0)));
  let term = [[1, 0], [0, 1]];
  let M = term;
  for (let k = 1; k <= 4; k++) {
    term = mul(term, A).map((row) => row.map((x) => x / k));
    M = M.map((row, i) => row.map((x, j) => x + term[i][j]));
  }
  return M;
}
function matrixPower(M: number[][], n: number): number[][] {
  let P = [[1, 0], [0, 1]];
  for (let k = 0; k < n; k++) P = P.map((row) => M[0].map((_, j) => row.reduce((s, x, l) => s + x * M[l][j], 0)));
  return P;
}

describe.each(modes)('out-parameters (%s mode)', (mode) => {
  it('an rk4Step(out, y, h) ODE step: the gradient through ten steps is the row of the step matrix power, ∂/∂ω matches central differences', async () => {
    const m = await compiled(mode, rk4Module);
    const P = matrixPower(rk4Matrix(0.1, 1.5), 10);
    const g = m.g as number[];
    // The step is linear in (q0, p0): its gradient there is exact (1e-14 relative to the matrix entries).
    expect(g[0]).toBeCloseTo(P[0][0], 13);
    expect(g[1]).toBeCloseTo(P[0][1], 13);
    // ∂/∂ω against central differences of the plain function (h = 1e-5: error ~1e-10).
    const position = m.position as (s: number[]) => number;
    expect(g[2]).toBeCloseTo(centralGradient(position, [1, 0.5, 1.5])[2], 8);
    // The value is the plain program's, bit for bit.
    const vg = m.vg as { value: number; gradient: number[] };
    expect(vg.value).toBe(position([1, 0.5, 1.5]));
    expect(vg.gradient).toEqual(g);
    // finalState(h) = sum of the first column of the step matrix at ω = 2: its derivative in h, closed form.
    // M = I + hA + h²A²/2 + h³A³/6 + h⁴A⁴/24 with A = [[0, 1], [−4, 0]]: M[0][0] + M[1][0] = 1 − 4h − 2h² + (8/3)h³ + (2/3)h⁴.
    const h = 0.05;
    expect(m.dh as number).toBeCloseTo(-4 - 4 * h + 8 * h * h + (8 / 3) * h ** 3, 13);
  });

  it('the caller sees the writes of the plain program: values and writes into its local arrays', async () => {
    const m = await compiled(mode, `import { gradient, jacobian } from '@ddx/dual';
function mulInto(out: number[], a: number[], b: number[]): number[] {
  for (let i = 0; i < a.length; i++) out[i] = a[i] * b[i];
  return out;
}
function accumulate(acc: number[], v: number[]): void {
  for (let i = 0; i < v.length; i++) acc[i] += v[i];
}
function twice(v: number[]): void {
  accumulate(v, [v[0], v[1], v[2]]);
}
export function f(x: number[]): number[] {
  const acc = [1, 1, 1];
  const tmp = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    accumulate(acc, mulInto(tmp, x, acc));
  }
  twice(acc);
  return [acc[0], acc[1] * acc[2], tmp[2]];
}
export const J = jacobian(f, [0.5, -0.25, 2]);
export const G = gradient((x: number[]) => { const v = [0, 0, 0]; mulInto(v, x, x); twice(v); return v[0] + v[1] * v[2]; }, [0.5, -0.25, 2]);
`);
    // acc_i = (1 + x_i)³ after three steps, doubled; tmp_i = x_i (1 + x_i)², the last product.
    const x = [0.5, -0.25, 2];
    const f = m.f as (x: number[]) => number[];
    const J = m.J as number[][];
    const d = (t: number) => 6 * (1 + t) ** 2;
    expect(J[0][0]).toBeCloseTo(d(x[0]), 13);
    expect(J[0][1]).toBe(0);
    expect(J[1][1]).toBeCloseTo(d(x[1]) * 2 * (1 + x[2]) ** 3, 12);
    expect(J[1][2]).toBeCloseTo(2 * (1 + x[1]) ** 3 * d(x[2]), 12);
    expect(J[2][2]).toBeCloseTo((1 + x[2]) ** 2 + 2 * x[2] * (1 + x[2]), 13);
    // Against central differences of the plain function too (1e-6).
    J.forEach((row, i) => expect(row.map((v) => v + 0)).toEqual(centralGradient((y) => f(y)[i], x).map((v) => expect.closeTo(v, 6) as unknown as number)));
    // v_i = 2 x_i²: ∇(2x0² + 4 x1² x2²) = [4x0, 8x1 x2², 8x1² x2].
    expect(m.G).toEqual([4 * 0.5, 8 * -0.25 * 4, 8 * 0.0625 * 2]);
  });

  it('a verb never writes the caller\'s input: a function that writes its own parameter is diagnosed at the write (DDX1011)', () => {
    const source = `import { gradient } from '@ddx/dual';
function clampInPlace(v: number[]): void {
  for (let i = 0; i < v.length; i++) v[i] = Math.min(v[i], 1);
}
function f(x: number[]): number {
  clampInPlace(x);
  return x[0] * x[1];
}
export const g = gradient(f, [2, 0.5]);
`;
    const r = transform(source, '/virtual/main.ts', { mode });
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['DDX1011', 6]]);
    expect(r.diagnostics[0].message).toMatch(/copy it into a local array first/);
  });
});

describe('out-parameters that cannot be compiled are diagnosed', () => {
  const head = `import { derivative, gradient } from '@ddx/dual';
function add(out: number[], a: number[], b: number[]): number[] {
  out[0] = a[0] + b[0];
  return out;
}
`;
  it('the same array passed as out and as an input (aliasing): DDX1057', () => {
    expect(codes(`${head}function f(x: number[]): number {\n  const v = [x[0], x[1]];\n  add(v, v, x);\n  return v[0];\n}\nexport const g = gradient(f, [1, 2]);\n`)).toEqual(['DDX1057']);
  });
  it('a call that writes, used as an operand: DDX1056', () => {
    expect(codes(`${head}function f(x: number[]): number {\n  const v = [0, 0];\n  return add(v, x, x)[0] * 2;\n}\nexport const g = gradient(f, [1, 2]);\n`)).toEqual(['DDX1017']);
    expect(codes(`${head}function n(out: number[], a: number): number {\n  out[0] = a;\n  return a * 2;\n}\nfunction f(x: number[]): number {\n  const v = [0, 0];\n  return n(v, x[0]) * x[1];\n}\nexport const g = gradient(f, [1, 2]);\n`)).toEqual(['DDX1056']);
  });
  it('a recursive function that writes its array argument: DDX1056', () => {
    expect(codes(`${head}function fill(out: number[], i: number): void {\n  if (i < out.length) {\n    out[i] = i;\n    fill(out, i + 1);\n  }\n}\nfunction f(x: number[]): number {\n  const v = [0, 0];\n  fill(v, 0);\n  return v[1] * x[0];\n}\nexport const g = gradient(f, [1, 2]);\n`)).toEqual(['DDX1056']);
  });
  it('writing an array the caller does not own (captured data): DDX1011', () => {
    expect(codes(`${head}export function fit(data: number[]) {\n  return gradient((x: number[]) => { add(data, x, x); return x[0]; }, [1, 2]);\n}\n`)).toEqual(['DDX1011']);
  });
  it('a call that writes, inside a nested derivative: DDX1058', () => {
    expect(codes(`${head}function h(t: number): number {\n  const v = [0, 0];\n  add(v, [t, t], [t, 1]);\n  return v[0] * t;\n}\nfunction f(x: number): number {\n  return derivative(h, x) * x;\n}\nexport const d = derivative(f, 1);\n`)).toEqual(['DDX1058']);
  });
  it('ddx gen leaves out a helper that writes its array parameter and names it with the reason', () => {
    const r = generateModule(`export function add(out: number[], a: number[], b: number[]): number[] {\n  out[0] = a[0] + b[0];\n  return out;\n}\nexport function sq(x: number): number {\n  return x * x;\n}\n`, '/virtual/lib.ts');
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toContain('sq_derivative');
    expect(r.code).not.toContain('add_');
    const alone = generateModule(`export function add(out: number[], a: number[], b: number[]): number[] {\n  out[0] = a[0] + b[0];\n  return out;\n}\n`, '/virtual/lib.ts');
    expect(alone.diagnostics.map((d) => d.code)).toEqual(['DDX1015']);
    expect(alone.diagnostics[0].message).toMatch(/left out: add/);
    const named = generateModule(`export function add(out: number[], a: number[], b: number[]): number[] {\n  out[0] = a[0] + b[0];\n  return out;\n}\n`, '/virtual/lib.ts', { functions: ['add'] });
    expect(named.diagnostics.map((d) => d.code)).toEqual(['DDX1011']);
    expect(named.diagnostics[0].message).toMatch(/writes its array parameter 'out'/);
  });
});
