/**
 * hvp, hessian and valueGradientHessian over reverse mode (`{ mode: 'reverse' }`: the adjoint of
 * f's tangent code, emit/reverse/hvp.ts), against oracles that are not that code:
 * - forward mode's hvp and Hessian compiled in the same module (hyper-dual rows): relative 1e-13,
 *   absolute floor 1e-13 × max(|f(x)|, the largest entry), since the sums run in another order;
 * - central differences of forward mode's gradient (h = 1e-5, within 1e-6 × max(1, |entry|));
 * - closed forms (Rosenbrock's Hessian) and the 25-digit reference vectors of
 *   test/vectors/reference-derivatives.json (every unary Math row's f'', the binary and composite
 *   rows' Hessians): relative 1e-13, floor 1e-15.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform } from '../src/index.js';
import { run } from './run.js';

interface Case {
  source: string;
  /** How the test calls f at a point x (f of an array, or of numbers). */
  call?: string;
  points: number[][];
  hessian?: (x: number[]) => number[][];
}

const rosenbrock = `function f(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = 1 - x[i];
    const b = x[i + 1] - x[i] * x[i];
    s += a * a + 100 * b * b;
  }
  return s;
}`;

/** Rosenbrock's Hessian, by hand. */
function rosenbrockHessian(x: number[]): number[][] {
  const n = x.length;
  const H = x.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n - 1; i++) {
    H[i][i] += 2 + 1200 * x[i] * x[i] - 400 * x[i + 1];
    H[i][i + 1] -= 400 * x[i];
    H[i + 1][i] -= 400 * x[i];
    H[i + 1][i + 1] += 200;
  }
  return H;
}

const cases: Record<string, Case> = {
  'Rosenbrock, a loop over one array': {
    source: rosenbrock,
    points: [[1.2, 0.7, -0.4], [-1.2, 1, 0.5, 2, -0.3, 0.8, 1.1], [0.9, -0.6, 1.4, 0.3, -1.1, 2.2, 0.5, 1.7, -0.4, 0.8, 1.25, -0.9]],
    hessian: rosenbrockHessian,
  },
  'straight-line code through the Math functions': {
    source: `function f(x: number[]): number {
  const u = x[0] * x[1];
  const r = Math.hypot(x[0], x[1], 2);
  return Math.sin(u) + Math.exp(x[2] / (1 + x[0] * x[0])) + Math.log(1 + x[1] * x[1]) * Math.sqrt(x[2] * x[2] + 1)
    + Math.tanh(x[0] - x[2]) + Math.atan2(x[1], x[2]) + r ** 3 + Math.pow(r, x[2]) + Math.cbrt(u + 5) / Math.cosh(x[1])
    + Math.max(x[0], x[2]) * Math.abs(x[1]) + Math.atan(x[0] * x[2]) - Math.expm1(x[1] / 3) + Math.asinh(u);
}`,
    points: [[0.4, -0.3, 1.7], [1.1, 2.2, -0.5], [-0.8, 0.6, 0.9]],
  },
  'branches, break, continue and an early return': {
    source: `function f(x: number[]): number {
  let s = 0.5;
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 2) break;
    if (x[i] < 0) {
      s += Math.cos(x[i]) * s;
      continue;
    }
    s = s * x[i] + Math.exp(-x[i] * s);
  }
  if (s > 10) return Math.log(s) * x[0];
  let p = 1;
  let k = 0;
  while (k < x.length) {
    p *= 1 + x[k] * x[k] * s;
    k += 2;
  }
  return s * s + Math.sqrt(p);
}`,
    points: [[0.3, -1.2, 1.5, 0.9], [1.9, 0.2, 2.5, -0.7, 1.3], [0.7, -0.4, 1.1, 0.2, -1.5, 0.6]],
  },
  'terms summed into the result, some skipped by an exit between a term and its sum': {
    // The adjoint of a term summed into the result is 1 only where nothing can skip the sum
    // (function.ts, oneAdjoints): r, read only there, is skipped by the break and the continue.
    source: `function f(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const r = Math.sin(x[i]) * x[i] * x[1];
    const t = x[i] * x[i] * Math.sin(x[i]);
    if (x[i] > 1.5) break;
    const u = Math.exp(x[i] * 0.3) * x[0];
    if (x[i] < 0) continue;
    const q = x[i] * u + t / (1 + x[i] * x[i]);
    s += t + u + q + r;
    if (i < 2) s -= u * t;
  }
  const w = x[0] * x[1];
  const z = w * w + Math.cos(w);
  s += z;
  return s;
}`,
    points: [[0.3, -0.4, 1.2, 2.0, 0.5], [1.7, 0.2, 0.9], [0.4, 0.8, -1.1, 1.3]],
  },
  'calls: a callee of numbers, of arrays, returning an array': {
    source: `function sq(t: number): number {
  return t * t;
}
function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function scaled(a: number[], c: number): number[] {
  return [a[0] * c, Math.sin(a[1]) * c, a[2] / c];
}
function f(x: number[]): number {
  const w = [1, 2, 3];
  const y = scaled(x, x[1] + 2);
  return sq(x[0] - x[1]) * Math.sin(x[2]) + dot(x, x) * sq(x[1]) + dot(w, x) * x[0] + dot(y, x);
}`,
    points: [[0.4, -0.3, 1.7], [1.1, 2.2, -0.5]],
  },
  'two names of one array, both used, written through either; const c = t ? a : [..] written through c': {
    source: `function f(x: number[]): number {
  let a = [x[0], 0];
  const b = [x[1], x[0]];
  a = b;
  a[0] = a[0] * x[1];
  b[1] = Math.sin(a[1]) + b[0];
  const c = x[0] > 0 ? a : [x[2], x[2]];
  c[1] = c[1] * x[2];
  return a[0] * b[1] + b[0] + a[1] * c[0];
}`,
    points: [[0.5, -1, 2], [-0.5, 0.7, 1.5]],
  },
  // Helpers run for what they write into their array argument (the fuzzer's scaleInto and polarInto,
  // gl-matrix's style): their tangent code writes the array and its tangents (issue 15).
  'helpers writing their array argument, in a loop and reading what they overwrite': {
    source: `function scaleInto(out: number[], k: number, a: number): void {
  out[0] = k * a;
  out[1] = Math.sin(a) + k;
}
function polarInto(out: number[], r: number, t: number): void {
  out[0] = r * Math.cos(t);
  out[1] += r * Math.sin(t);
}
function rotate(v: number[], t: number): void {
  const c = Math.cos(t), s = Math.sin(t);
  const a = v[0];
  v[0] = c * a - s * v[1];
  v[1] = s * a + c * v[1];
}
function f(x: number[]): number {
  const o = [0, 0];
  scaleInto(o, x[0], x[1]);
  const p = [1, x[2]];
  polarInto(p, o[0] + x[2], o[1]);
  let s = 0;
  for (let i = 0; i < 3; i++) {
    rotate(p, x[0] * p[1]);
    s += p[0] * p[1] * x[i];
  }
  polarInto(o, 2, 0.5);
  return s + o[0] * o[1] * x[1];
}`,
    points: [[0.5, -1, 2], [-0.3, 0.7, 1.1]],
  },
  'several number parameters': {
    source: 'function f(a: number, b: number, c: number): number {\n  return a * a * b + Math.exp(b * c) / (1 + a * a) + Math.sin(a * b * c);\n}',
    call: 'f(x[0], x[1], x[2])',
    points: [[0.4, -0.3, 1.7], [1.1, 0.6, -0.5]],
  },
  // analyze/band.ts proves a band of the Hessian for these (half-width 3 and 5): the reverse-mode
  // Hessian takes 7 and 11 products (compressed columns) from n = 8 and 12, n products below.
  'a window of the array that moves with the counter (a band of half-width 3)': {
    source: `function f(x: number[]): number {
  let s = 0.25;
  for (let i = 1; i < x.length - 2; i++) {
    const u = Math.sin(x[i - 1] * x[i + 2]) + x[i] / (2 + x[i + 1] * x[i + 1]);
    s += u * u + Math.exp(0.1 * x[i]) * x[i - 1];
    s = s + Math.hypot(x[i + 2], x[i], i);
  }
  return s;
}`,
    points: [[0.3, -1.2, 1.5, 0.9, 2], [0.4, -0.3, 1.7, 1.1, 2.2, -0.5, 0.8, -0.9, 1.3], [1.2, -0.7, 0.2, 0.5, -1.4, 0.6, 2.1, -0.8, 0.1, 1.6, -0.2, 0.9, 0.35, -1.1, 0.75]],
  },
  'terms of x[i] and x[i + 5] (a band of half-width 5)': {
    source: 'function f(x: number[]): number {\n  let s = 0;\n  for (let i = 0; i + 5 < x.length; i++) s += Math.cos(x[i] * x[5 + i]) + x[i] * x[i] * x[i];\n  return s;\n}',
    points: [[0.4, -0.3, 1.7, 1.1, 2.2, -0.5, 0.8, -0.9, 1.3, 0.2, 0.6, -1.2, 0.45, 1.05, -0.15, 0.7]],
  },
  // Near misses of that shape, whose Hessians are not banded: full products, one per column.
  'a loop reading a fixed element, a value carried between iterations, the sum in a term': {
    source: `function f(x: number[]): number {
  let s = 0;
  let p = 1;
  for (let i = 0; i < x.length - 1; i++) {
    s += x[i] * x[0] + Math.sin(x[i + 1]) * s;
    p = p * (1 + 0.1 * x[i]);
    s = s + p;
  }
  return s;
}`,
    points: [[0.4, -0.3, 1.7, 1.1, 2.2, -0.5, 0.8, -0.9, 1.3]],
  },
  'a tangent exactly 0 at the point but not around it (the zero convention)': {
    // At x1 = 0 in the direction (1, 0), the tangent of x0·x1 is 0: its derivative along x1 is not.
    source: 'function f(x: number[]): number {\n  return Math.sin(x[0] * x[1]) + Math.sqrt(x[0] * x[1] + 4);\n}',
    points: [[0.7, 0], [0, 0], [1.3, -0.2]],
  },
};

async function compiled(c: Case) {
  const g = c.call ? `(x: number[]) => ${c.call}` : 'f';
  const module = `import { gradient, hessian, hvp, valueGradientHessian } from '@ddx/dual';
${c.source}
export const reverseHvp = (x: number[], v: number[]) => hvp(${c.call ? 'f' : g}, x, v, { mode: 'reverse' });
export const reverseHessian = (x: number[]) => hessian(${c.call ? 'f' : g}, x, { mode: 'reverse' });
export const reverseAll = (x: number[]) => valueGradientHessian(${c.call ? 'f' : g}, x, { mode: 'reverse' });
export const forwardHvp = (x: number[], v: number[]) => hvp(${g}, x, v);
export const forwardHessian = (x: number[]) => hessian(${g}, x);
export const forwardGradient = (x: number[]) => gradient(${g}, x);
export const plain = (x: number[]) => ${c.call ?? 'f(x)'};
`;
  const r = transform(module, '/project/m.ts');
  expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
  expect(r.code).toMatch(/f_hvp_reverse/);
  return (await run(r.code)) as {
    reverseHvp: (x: number[], v: number[]) => number[];
    reverseHessian: (x: number[]) => number[][];
    reverseAll: (x: number[]) => { value: number; gradient: number[]; hessian: number[][] };
    forwardHvp: (x: number[], v: number[]) => number[];
    forwardHessian: (x: number[]) => number[][];
    forwardGradient: (x: number[]) => number[];
    plain: (x: number[]) => number;
  };
}

const maxAbs = (xs: number[]): number => xs.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('hvp and hessian over reverse mode', () => {
  it.each(Object.entries(cases))('%s: agrees with forward mode, central differences of the gradient and the closed form', async (_name, c) => {
    const m = await compiled(c);
    for (const x of c.points) {
      const fx = m.plain(x);
      const directions = [x.map((_, i) => 1.5 - 0.7 * i), x.map((_, i) => (i === 0 ? 1 : 0))];
      for (const v of directions) {
        const got = m.reverseHvp(x, v);
        const want = m.forwardHvp(x, v);
        const floor = 1e-13 * Math.max(Math.abs(fx), maxAbs(want));
        expect(got.length).toBe(x.length);
        got.forEach((g, j) => expect(Math.abs(g - want[j]), `x = ${x}, v = ${v}, entry ${j}: ${g} vs ${want[j]}`).toBeLessThanOrEqual(Math.max(1e-13 * Math.abs(want[j]), floor)));
        // Central differences of the gradient along v.
        const h = 1e-5;
        const up = m.forwardGradient(x.map((xi, i) => xi + h * v[i]));
        const down = m.forwardGradient(x.map((xi, i) => xi - h * v[i]));
        got.forEach((g, j) => {
          const cd = (up[j] - down[j]) / (2 * h);
          expect(Math.abs(g - cd), `central difference ${j}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(cd)));
        });
      }
      const H = m.reverseHessian(x);
      const F = m.forwardHessian(x);
      const floor = 1e-13 * Math.max(Math.abs(fx), ...F.map(maxAbs));
      H.forEach((row, i) => row.forEach((e, j) => {
        expect(Math.abs(e - F[i][j]), `H[${i}][${j}]`).toBeLessThanOrEqual(Math.max(1e-13 * Math.abs(F[i][j]), floor));
        expect(e).toBe(H[j][i]);
      }));
      const all = m.reverseAll(x);
      expect(all.value).toBe(fx);
      expect(all.hessian).toEqual(H);
      const grad = m.forwardGradient(x);
      all.gradient.forEach((g, j) => expect(Math.abs(g - grad[j])).toBeLessThanOrEqual(Math.max(1e-13 * Math.abs(grad[j]), 1e-13 * Math.abs(fx))));
      if (c.hessian) c.hessian(x).forEach((row, i) => row.forEach((e, j) => expect(Math.abs(H[i][j] - e), `closed form H[${i}][${j}]`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(e)))));
    }
  });

  it('compresses the columns only where analyze/band.ts proves a band, and gives the entries of the products by column bit for bit', async () => {
    const compressed = (source: string): boolean => {
      const r = transform(`import { hessian } from '@ddx/dual';\n${source}\nexport const h = (x: number[]) => hessian(f, x, { mode: 'reverse' });\n`, '/project/m.ts');
      expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
      return /const products/.test(r.code);
    };
    expect(compressed(rosenbrock)).toBe(true);
    for (const name of ['a window of the array that moves with the counter (a band of half-width 3)', 'terms of x[i] and x[i + 5] (a band of half-width 5)']) expect(compressed(cases[name].source)).toBe(true);
    const sum = (body: string): string => `function f(x: number[]): number {\n  let s = 0;\n  for (let i = 0; i < x.length - 1; i++) {\n    ${body}\n  }\n  return s;\n}`;
    // An offset written 0x1 or 1.0 is the integer 1 as much as 1 is (the numeral's value, not its digits).
    for (const body of ['s += x[i] * x[i + 0x1];', 's += Math.sin(x[1.0 + i]) * x[i];']) expect(compressed(sum(body)), body).toBe(true);
    // A fixed element, the sum read in a term, a value carried from one iteration to the next, an element read through a local index, a call, a conditional.
    for (const body of ['s += x[i] * x[0];', 's = s + s * x[i];', 'const a = x[i] * x[i + 1];\n    s += a;\n    s *= 1.5;', 'const j = i + 1;\n    s += x[i] * x[j];', 's += g(x[i], x[i + 1]);', 's += x[i] > 0 ? x[i] * x[i + 1] : x[i];']) {
      expect(compressed(`function g(a: number, b: number): number {\n  return a * b;\n}\n${sum(body)}`), body).toBe(false);
    }
    expect(compressed(cases['a loop reading a fixed element, a value carried between iterations, the sum in a term'].source)).toBe(false);
    // Rosenbrock written so that the band is not proved (its result returned through another
    // local): the products by column, which the compressed Hessian must equal exactly.
    const byColumns = rosenbrock.replace('return s;', 'const r = s;\n  return r;');
    expect(compressed(byColumns)).toBe(false);
    const r = transform(`import { hessian } from '@ddx/dual';\n${rosenbrock}\nexport const compressedHessian = (x: number[]) => hessian(f, x, { mode: 'reverse' });\nexport const columnHessian = (x: number[]) => hessian(f2, x, { mode: 'reverse' });\n${byColumns.replace('function f(', 'function f2(')}\n`, '/project/m.ts');
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = (await run(r.code)) as { compressedHessian: (x: number[]) => number[][]; columnHessian: (x: number[]) => number[][] };
    for (const n of [1, 2, 3, 4, 5, 9, 40]) {
      for (const x of [Array.from({ length: n }, (_, i) => Math.sin(3.7 * i + n) * 2), Array.from({ length: n }, (_, i) => (i % 3 === 1 ? 0 : i % 3 === 2 ? -1e150 : 0.5)), Array.from({ length: n }, (_, i) => (i === 1 ? Infinity : i === n - 1 ? NaN : 1.5 - i))]) {
        const got = m.compressedHessian(x), want = m.columnHessian(x);
        expect(got.length).toBe(n);
        got.forEach((row, i) => row.forEach((e, j) => expect(Object.is(e, want[i][j]), `n = ${n}, x = ${x}, H[${i}][${j}]: ${e} vs ${want[i][j]}`).toBe(true)));
        expect(got.map((row) => row.length)).toEqual(want.map((row) => row.length));
      }
    }
  });

  it('checks its arguments as the run-time verbs do', async () => {
    const m = await compiled(cases['Rosenbrock, a loop over one array']);
    expect(() => m.reverseHvp([1, 2], [1, 2, 3])).toThrow(new RangeError('hvp: `v` has length 3 but `x` has length 2; they must match'));
    expect(() => m.reverseHvp([1, 2], 'v' as unknown as number[])).toThrow(TypeError);
    expect(() => m.reverseHessian([])).toThrow(RangeError);
  });

  it('passes what an arrow reads from its enclosing scope', async () => {
    const r = transform(`import { hessian, hvp } from '@ddx/dual';
export function both(k: number, x: number[], v: number[]) {
  return { reverse: hvp((y: number[]) => k * y[0] * y[0] * y[1] + Math.sin(k * y[1]), x, v, { mode: 'reverse' }), forward: hvp((y: number[]) => k * y[0] * y[0] * y[1] + Math.sin(k * y[1]), x, v),
    hessian: hessian((y: number[]) => k * y[0] * y[0] * y[1] + Math.sin(k * y[1]), x, { mode: 'reverse' }) };
}
`, '/project/m.ts');
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = (await run(r.code)) as { both: (k: number, x: number[], v: number[]) => { reverse: number[]; forward: number[]; hessian: number[][] } };
    const [k, x, v] = [1.7, [0.3, -0.8], [0.6, 1.1]];
    const { reverse, forward, hessian } = m.both(k, x, v);
    reverse.forEach((g, j) => expect(Math.abs(g - forward[j])).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(forward[j]))));
    // Closed form: ∂²/∂y0² = 2k·y1, ∂²/∂y0∂y1 = 2k·y0, ∂²/∂y1² = −k² sin(k·y1).
    const want = [[2 * k * x[1], 2 * k * x[0]], [2 * k * x[0], -k * k * Math.sin(k * x[1])]];
    hessian.forEach((row, i) => row.forEach((e, j) => expect(Math.abs(e - want[i][j])).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want[i][j])))));
  });

  it('rejects what the tangent code or reverse mode does not compile, with DDX1062', () => {
    const messages = (source: string) => transform(`import { hessian, hvp, jvp, defineFunction } from '@ddx/dual';\n${source}`, '/project/m.ts').diagnostics.map((d) => `${d.code} ${d.message}`);
    // A defineFunction rule compiles (its d2f: reverse-rules.test.ts checks the numbers).
    expect(messages("const g = defineFunction('g', (t: number) => t, () => 1, () => 0);\nexport const a = hvp((x: number[]) => g(x[0]) * x[1], [1, 2], [1, 0], { mode: 'reverse' });")).toEqual([]);
    // jacobian takes mode: 'reverse' (by rows, reverse-jacobian.test.ts); jvp does not.
    expect(messages("export const a = jvp((x: number[]) => x[0] * x[1], [1, 2], [1, 0], { mode: 'reverse' });")[0]).toMatch(/^DDX1009|^DDX1062/);
  });
});

interface Row { fn: string; x: string | string[]; f: string; df?: string; d2f?: string; hess?: string[][] }
const reference = JSON.parse(fs.readFileSync(new URL('../../../test/vectors/reference-derivatives.json', import.meta.url), 'utf8')) as { unary: Row[]; binary: Row[]; composite: Row[] };

describe('Hessians over reverse mode against the 25-digit reference vectors', () => {
  const bodies: Record<string, string> = {
    pow: 'Math.pow(x[0], x[1])',
    atan2: 'Math.atan2(x[0], x[1])',
    hypot: 'Math.hypot(x[0], x[1])',
    martins: 'Math.exp(x[0]) / Math.sqrt(Math.sin(x[0]) ** 3 + Math.cos(x[0]) ** 3)',
    qz: '(x[0] + x[1]) * x[2]',
    sigmoid_neuron: '1 / (1 + Math.exp(-(x[0] * x[3] + x[1] * x[4] + x[2])))',
    rosenbrock2: '(1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2',
  };
  // Rows outside the real domain (mpmath's complex principal values) do not apply.
  const real = (r: Row): boolean => ![r.f, r.df ?? '', r.d2f ?? '', ...(r.hess ?? []).flat()].some((v) => v.includes('j'));
  const rows = [
    ...reference.unary.filter(real).map((r) => ({ body: `Math.${r.fn}(x[0])`, x: [Number(r.x)], hess: [[Number(r.d2f)]], label: `${r.fn}(${r.x})` })),
    ...[...reference.binary, ...reference.composite].filter(real).map((r) => ({ body: bodies[r.fn], x: (r.x as string[]).map(Number), hess: r.hess!.map((row) => row.map(Number)), label: `${r.fn}(${(r.x as string[]).join(', ')})` })),
  ];

  it('every row', async () => {
    expect(rows.every((r) => r.body !== undefined)).toBe(true);
    const code = "import { hessian } from '@ddx/dual';\n" + rows.map((r, k) => `function f${k}(x: number[]): number { return ${r.body}; }`).join('\n') +
      `\nexport const results = [${rows.map((r, k) => `hessian(f${k}, [${r.x.join(', ')}], { mode: 'reverse' })`).join(', ')}];\n`;
    const r = transform(code, '/virtual/reference.ts');
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const results = (await run(r.code)).results as number[][][];
    rows.forEach((row, k) => row.hess.forEach((line, i) => line.forEach((want, j) => {
      expect(Math.abs(results[k][i][j] - want), `${row.label}: H[${i}][${j}] = ${results[k][i][j]}, want ${want}`).toBeLessThanOrEqual(Math.max(1e-13 * Math.abs(want), 1e-15));
    })));
  });
});
