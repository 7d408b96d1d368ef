/**
 * Data captured by an arrow written at the call site: arrays (and numbers) of the enclosing
 * function or module that the differentiated function reads but never writes. They are
 * constants of the derivative, passed on by the call site.
 *
 * Oracles: the run-time engine of @ddx/dual on a twin written with `ops` (same numbers to the
 * last bit, both modes), the closed forms of least squares (gradient, Hessian, Jacobian of the
 * residuals), and central differences for a nonlinear Jacobian.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { sameNumber } from './fixtures.js';
import { run } from './run.js';

const source = `import { gradient, hessian, hvp, jacobian, jvp, valueGradientHessian, ops, type Real } from '@ddx/dual';

function loss(w: number[], xs: readonly number[], ys: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = w[0] * xs[i] + w[1] - ys[i];
    s += r * r;
  }
  return s / xs.length;
}
function lossOps(w: readonly Real[], xs: readonly number[], ys: readonly number[]): Real {
  let s: Real = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = ops.sub(ops.add(ops.mul(w[0], xs[i]), w[1]), ys[i]);
    s = ops.add(s, ops.mul(r, r));
  }
  return ops.div(s, xs.length);
}

export function grad(w: number[], xs: number[], ys: number[]): number[] {
  return gradient((v: number[]) => loss(v, xs, ys), w);
}
export function hess(w: number[], xs: number[], ys: number[]): number[][] {
  return hessian((v: number[]) => loss(v, xs, ys), w);
}
export function all(w: number[], xs: number[], ys: number[]) {
  return valueGradientHessian((v: number[]) => loss(v, xs, ys), w);
}
export function hv(w: number[], d: number[], xs: number[], ys: number[]): number[] {
  return hvp((v: number[]) => loss(v, xs, ys), w, d);
}
export function jv(w: number[], d: number[], xs: number[], ys: number[]): number {
  return jvp((v: number[]) => loss(v, xs, ys), w, d);
}
export const engine = {
  grad: (w: number[], xs: number[], ys: number[]) => gradient((v: Real[]) => lossOps(v, xs, ys), w),
  hess: (w: number[], xs: number[], ys: number[]) => hessian((v: Real[]) => lossOps(v, xs, ys), w),
  all: (w: number[], xs: number[], ys: number[]) => valueGradientHessian((v: Real[]) => lossOps(v, xs, ys), w),
  hv: (w: number[], d: number[], xs: number[], ys: number[]) => hvp((v: Real[]) => lossOps(v, xs, ys), w, d),
  jv: (w: number[], d: number[], xs: number[], ys: number[]) => jvp((v: Real[]) => lossOps(v, xs, ys), w, d),
  decay: (p: number[], ts: Float64Array, ys: Float64Array) => jacobian((q: Real[]) => {
    const r: Real[] = [];
    for (let i = 0; i < ts.length; i++) r.push(ops.sub(ops.mul(q[1], ops.exp(ops.mul(ops.neg(q[0]), ts[i]))), ys[i]));
    return r;
  }, p),
  curried: (ts: Float64Array) => gradient((q: Real[]) => {
    let s: Real = 0;
    for (let i = 0; i < ts.length; i++) s = ops.add(s, ops.mul(ops.sin(ops.mul(q[0], ts[i])), q[1]));
    return s;
  }),
};

// Residuals of an exponential decay q1 · exp(−q0 t) through (ts[i], ys[i]): a nonlinear Jacobian.
export function decay(p: number[], ts: Float64Array, ys: Float64Array): number[][] {
  return jacobian((q: number[]) => {
    const r: number[] = [];
    for (let i = 0; i < ts.length; i++) r.push(q[1] * Math.exp(-q[0] * ts[i]) - ys[i]);
    return r;
  }, p);
}
// The curried form reads the data when called, as the closure does.
export function curried(ts: Float64Array) {
  return gradient((q: number[]) => {
    let s = 0;
    for (let i = 0; i < ts.length; i++) s += Math.sin(q[0] * ts[i]) * q[1];
    return s;
  });
}
`;

/** Deterministic data: y ≈ 1.7 x − 0.4 plus a wobble. */
const n = 7;
const xs = Array.from({ length: n }, (_, i) => 0.3 + 0.45 * i);
const ys = xs.map((x, i) => 1.7 * x - 0.4 + 0.1 * Math.sin(3 * i));
const w = [0.8, 0.25];
const d = [-1.5, 0.6];

/** Least squares L(w) = Σ rᵢ² / n, rᵢ = w0 xᵢ + w1 − yᵢ: ∇L = (2/n) Σ rᵢ [xᵢ, 1], ∇²L = (2/n) Σ [[xᵢ², xᵢ], [xᵢ, 1]]. */
function closedForm(p: number[]) {
  const r = xs.map((x, i) => p[0] * x + p[1] - ys[i]);
  const value = r.reduce((s, ri) => s + ri * ri, 0) / n;
  const gradient = [(2 / n) * r.reduce((s, ri, i) => s + ri * xs[i], 0), (2 / n) * r.reduce((s, ri) => s + ri, 0)];
  const sxx = xs.reduce((s, x) => s + x * x, 0);
  const sx = xs.reduce((s, x) => s + x, 0);
  return { value, gradient, hessian: [[(2 / n) * sxx, (2 / n) * sx], [(2 / n) * sx, 2]] };
}

const numbers = (x: unknown): number[] =>
  typeof x === 'number' ? [x] : Array.isArray(x) ? x.flatMap(numbers) : x && typeof x === 'object' ? Object.values(x).flatMap(numbers) : [];

function expectSame(got: unknown, want: unknown, what: string): void {
  const a = numbers(got);
  const b = numbers(want);
  expect(a.length, what).toBe(b.length);
  expect(a.length, what).toBeGreaterThan(0);
  a.forEach((x, i) => expect(sameNumber(x, b[i]), `${what}[${i}]: ${x} vs ${b[i]}`).toBe(true));
}

function expectClose(got: unknown, want: unknown, tolerance: number, what: string): void {
  const a = numbers(got);
  const b = numbers(want);
  expect(a.length, what).toBe(b.length);
  a.forEach((x, i) => expect(Math.abs(x - b[i]), `${what}[${i}]: ${x} vs ${b[i]}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(b[i]))));
}

type Fn = (...args: unknown[]) => unknown;

async function compiled(mode: EmitMode): Promise<Record<string, Fn> & { engine: Record<string, Fn> }> {
  const r = transform(source, `/virtual/captures-${mode}.ts`, { mode, sourceMap: false });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  expect(r.changed).toBe(true);
  return (await run(r.code)) as never;
}

describe('captured data arrays', () => {
  for (const mode of ['inline', 'dual'] as const) {
    it(`least squares (${mode}): the engine to the last bit, the closed forms to 1e-13`, async () => {
      const m = await compiled(mode);
      for (const verb of ['grad', 'hess', 'all'] as const) expectSame(m[verb](w, xs, ys), m.engine[verb](w, xs, ys), verb);
      expectSame(m.hv(w, d, xs, ys), m.engine.hv(w, d, xs, ys), 'hvp');
      expectSame(m.jv(w, d, xs, ys), m.engine.jv(w, d, xs, ys), 'jvp');
      const c = closedForm(w);
      expectClose(m.grad(w, xs, ys), c.gradient, 1e-13, 'gradient');
      expectClose(m.hess(w, xs, ys), c.hessian, 1e-13, 'Hessian');
      expectClose(m.all(w, xs, ys), c, 1e-13, 'valueGradientHessian');
      expectClose(m.hv(w, d, xs, ys), c.hessian.map((row) => row[0] * d[0] + row[1] * d[1]), 1e-13, 'hvp');
      expectClose(m.jv(w, d, xs, ys), c.gradient[0] * d[0] + c.gradient[1] * d[1], 1e-13, 'jvp');
    });

    it(`a nonlinear Jacobian over captured Float64Arrays (${mode}): the engine, the closed form, central differences`, async () => {
      const m = await compiled(mode);
      const ts = Float64Array.from(xs);
      const data = Float64Array.from(ys);
      const p = [0.35, 2.5];
      const got = m.decay(p, ts, data) as number[][];
      expectSame(got, m.engine.decay(p, ts, data), 'Jacobian vs engine');
      // rᵢ = q1 e^(−q0 tᵢ) − yᵢ: ∂rᵢ/∂q0 = −tᵢ q1 e^(−q0 tᵢ), ∂rᵢ/∂q1 = e^(−q0 tᵢ).
      expectClose(got, xs.map((t) => [-t * p[1] * Math.exp(-p[0] * t), Math.exp(-p[0] * t)]), 1e-14, 'Jacobian vs closed form');
      // Central differences, h = 1e-6: truncation ~h² |r'''| and rounding ~1e-16/h, both below 1e-8.
      const h = 1e-6;
      const residual = (q: number[]): number[] => xs.map((t, i) => q[1] * Math.exp(-q[0] * t) - ys[i]);
      const fd = xs.map((_, i) => [0, 1].map((k) => {
        const plus = [...p];
        const minus = [...p];
        plus[k] += h;
        minus[k] -= h;
        return (residual(plus)[i] - residual(minus)[i]) / (2 * h);
      }));
      expectClose(got, fd, 1e-8, 'Jacobian vs central differences');
    });

    it(`the curried form reads the captured array when called (${mode})`, async () => {
      const m = await compiled(mode);
      const ts = Float64Array.from([0.5, 1, 2]);
      const twin = Float64Array.from(ts);
      const g = m.curried(ts) as (q: number[]) => number[];
      const e = m.engine.curried(twin) as (q: number[]) => number[];
      const q = [0.7, 1.3];
      // ∂/∂q0 = q1 Σ tᵢ cos(q0 tᵢ), ∂/∂q1 = Σ sin(q0 tᵢ).
      const exact = (t: ArrayLike<number>): number[] => {
        const all = Array.from(t);
        return [q[1] * all.reduce((s, ti) => s + ti * Math.cos(q[0] * ti), 0), all.reduce((s, ti) => s + Math.sin(q[0] * ti), 0)];
      };
      expectSame(g(q), e(q), 'before the data changes');
      expectClose(g(q), exact(ts), 1e-14, 'before the data changes');
      ts[2] = 3;
      twin[2] = 3;
      expectSame(g(q), e(q), 'after the data changed');
      expectClose(g(q), exact(ts), 1e-14, 'after the data changed');
    });
  }

  it('a captured array gets no tangent and no flags (inline mode)', () => {
    const r = transform(source, '/virtual/captures-flags.ts', { sourceMap: false });
    expect(r.diagnostics).toEqual([]);
    const generated = r.code.slice(0, r.code.indexOf('// ---- end of generated code'));
    expect(generated).not.toMatch(/\b(xs|ys|ts)_(perturbed|e1|e2|e12)\b|\bd(xs|ys|ts)\b/);
    expect(generated).not.toMatch(/boolean/);
    expect(generated).toMatch(/xs: ArrayLike<number>, ys: ArrayLike<number>\)/);
  });
});

describe('captured data is never written, and only what is known to be numbers is captured', () => {
  const head = "import { derivative, gradient, jacobian } from '@ddx/dual';\n";
  const rejected: Record<string, { code: string; diagnostic: string; at: string; message?: RegExp }> = {
    'an element assignment': {
      code: 'export function f(w: number[], xs: number[]) {\n  return gradient((v: number[]) => { xs[0] = v[0]; return v[0] * xs[1]; }, w);\n}\n',
      diagnostic: 'DDX1011', at: 'xs[0] = v[0]', message: /'xs' is captured .* must not change it/,
    },
    'a compound element assignment after a read': {
      code: 'export function f(w: number[], xs: number[]) {\n  return gradient((v: number[]) => { const a = xs[1] * v[0]; xs[1] += a; return a; }, w);\n}\n',
      diagnostic: 'DDX1011', at: 'xs[1] += a', message: /must not change it/,
    },
    'an element increment': {
      code: 'export function f(w: number[], xs: number[]) {\n  return gradient((v: number[]) => { xs[0]++; return v[0] * xs[0]; }, w);\n}\n',
      diagnostic: 'DDX1011', at: 'xs[0]++', message: /must not change it/,
    },
    'a push onto a captured local': {
      code: 'export function f(x0: number) {\n  const seen: number[] = [];\n  return derivative((x: number) => { seen.push(x); return x * seen.length; }, x0);\n}\n',
      diagnostic: 'DDX1011', at: 'seen.push(x)', message: /must not change it/,
    },
    'returning the captured array': {
      code: 'export function f(w: number[], xs: number[]) {\n  return jacobian((v: number[]) => xs, w);\n}\n',
      diagnostic: 'DDX1017', at: 'xs, w)', message: /cannot be returned/,
    },
    'a captured array used as a number': {
      code: 'export function f(w: number[], xs: number[]) {\n  return gradient((v: number[]) => v[0] * xs, w);\n}\n',
      diagnostic: 'DDX1017', at: 'xs, w)', message: /used as a number/,
    },
    'a captured number read as an array': {
      code: 'export function f(w: number[], k: number) {\n  return gradient((v: number[]) => v[0] * k + v[1] * k[0], w);\n}\n',
      diagnostic: 'DDX1017', at: 'k[0], w)', message: /'k' is a number, not an array/,
    },
    'an array that is not of numbers': {
      code: 'export function f(w: number[], names: string[]) {\n  return gradient((v: number[]) => v[0] * names[0], w);\n}\n',
      diagnostic: 'DDX1017', at: 'names[0], w)', message: /'names' cannot be captured/,
    },
    'an unannotated array whose elements are not known numbers': {
      code: 'export function f(w: number[], labels: string[]) {\n  const xs = labels.map((s) => s.length);\n  return gradient((v: number[]) => v[0] * xs[0], w);\n}\n',
      diagnostic: 'DDX1017', at: 'xs[0], w)', message: /annotate it/,
    },
    'a number whose initializer is not known to be a number (the length of a string)': {
      code: 'export function f(w: number[], label: string) {\n  const k = label.length;\n  return gradient((v: number[]) => v[0] * k, w);\n}\n',
      diagnostic: 'DDX1007', at: 'k, w)', message: /^'k' of the enclosing scope is not known to be a number, .* from its initializer 'label\.length'; annotate it/,
    },
    // Reassigned outside the arrow it compiles (reassigned-captures.test.ts); assigned by the arrow itself, it cannot.
    'a number of the enclosing function that the arrow assigns': {
      code: 'export function f(w: number[]) {\n  let k = 1;\n  return gradient((v: number[]) => { k += v[0]; return v[0] * k; }, w);\n}\n',
      diagnostic: 'DDX1011', at: 'k += v[0]', message: /^'k' belongs to the enclosing scope: the function reads its value when called, but assigning it from inside is not compiled/,
    },
    'a module-level array written in its module, read by a function passed by name': {
      code: 'const W = [1, 2];\nexport function reset() { W[0] = 0; }\nfunction g(v: number[]): number { return v[0] * W[1]; }\nexport const a = gradient(g, [1, 2]);\n',
      diagnostic: 'DDX1051', at: 'W[1]', message: /'W' .* an element written \('W\[0\] = 0'\) at line \d+.*\(x\) => f\(x, W\)/,
    },
  };
  for (const [name, c] of Object.entries(rejected)) {
    it(name, () => {
      const code = head + c.code;
      for (const mode of ['inline', 'dual'] as const) {
        const r = transform(code, `/virtual/rejected-capture-${mode}.ts`, { mode });
        expect(r.changed).toBe(false);
        expect(r.diagnostics.map((x) => x.code)).toEqual([c.diagnostic]);
        const offset = code.indexOf(c.at);
        const before = code.slice(0, offset).split('\n');
        expect({ line: r.diagnostics[0].line, column: r.diagnostics[0].column }).toEqual({ line: before.length, column: before[before.length - 1].length + 1 });
        if (c.message) expect(r.diagnostics[0].message).toMatch(c.message);
      }
    });
  }
});

describe('an array a solver returns, read by an arrow passed to a solver', () => {
  // Refused (DDX1017) until the solver's version knew an array from its callee's declared return type
  // (number[]). descend takes one gradient step of 0.1 from start: for p0², r1 = [0.8 s0, s1]; then
  // for p0·(r1[0] + r1[1]) the gradient is [c, 0] with c = 0.8 s0 + s1, so run(s) = [s0 − 0.1c, s1].
  const code = `import { gradient } from '@ddx/dual';
function descend(f: (x: number[]) => number, x0: number[]): number[] {
  const g = gradient(f, x0);
  return [x0[0] - 0.1 * g[0], x0[1] - 0.1 * g[1]];
}
export function run(start: number[]) {
  const r1 = descend((p: number[]) => p[0] * p[0], start);
  return descend((p: number[]) => p[0] * (r1[0] + r1[1]), start);
}
`;
  it.each(['inline', 'dual'] as const)('compiles to the closed form (%s mode)', async (mode) => {
    const r = transform(code, '/virtual/captured-returned-array.ts', { mode });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const m = await run(r.code);
    for (const [s0, s1] of [[1, 2], [-0.5, 3]]) {
      const c = 0.8 * s0 + s1;
      const got = (m.run as (s: number[]) => number[])([s0, s1]);
      expect(Math.abs(got[0] - (s0 - 0.1 * c))).toBeLessThan(1e-15);
      expect(got[1]).toBe(s1);
    }
  });
});

describe('numbers the checker cannot type without a lib, captured by an arrow', () => {
  // The length and elements of an array of numbers, Math constants and Math functions of numbers
  // (the analysis has no lib, so the checker does not type them), of the enclosing function or module.
  const code = `import { derivative, gradient } from '@ddx/dual';
const ys = [1, 2, 3];
export function grad(x: number[]): number[] {
  const n = x.length, a = x[0], r = Math.sqrt(x[1]), p = Math.PI;
  return gradient((t: number[]) => t[0] * n + t[1] * a * r + p * t[0] * t[1], x);
}
const m = ys.length;
export const d = derivative((t: number) => t * t * m, 2);
/** A number a spread makes, and an array map makes of numbers. */
export function made(x: number[]): number[] {
  const h = Math.hypot(...x), xs = x.map((v, i) => v * (i + 1));
  return gradient((t: number[]) => t[0] * h + t[1] * xs[1], x);
}
`;
  it.each(['inline', 'dual'] as const)('compile to the closed forms (%s mode)', async (mode) => {
    const r = transform(code, '/virtual/captured-numbers.ts', { mode });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const m = await run(r.code);
    // ∇(n t0 + a r t1 + π t0 t1) at t = x = [1, 4]: [n + π t1, a r + π t0] with n = 2, a = 1, r = 2.
    expect((m.grad as (x: number[]) => number[])([1, 4])).toEqual([2 + Math.PI * 4, 2 + Math.PI]);
    expect(m.d).toBe(12); // (3 t²)' = 6t
    expect((m.made as (x: number[]) => number[])([3, 4])).toEqual([5, 8]); // [|x|, 2 x1]
  });
});
