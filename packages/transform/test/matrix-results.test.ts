/**
 * Matrices out of callees (scalarise.ts, matrixReturns): a function returning `number[][]` returns
 * its local matrix laid out in one array, and the caller unpacks it into a local matrix of its own,
 * which it reads and writes as any local matrix.
 *
 * Oracles, never the code under test: closed forms written here, central differences of them
 * (h = 1e-5, tolerance 1e-6 relative) for second derivatives, and the plain JavaScript functions
 * (run as written) for values.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { expectClose } from './close.js';
import { run } from './run.js';

const source = `import { derivative, secondDerivative, gradient, valueAndGradient, hessian, hvp } from '@ddx/dual';

/** a·aᵀ: a local matrix of zeros written element by element, returned. */
function outer(a: number[]): number[][] {
  const n = a.length;
  const m = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i][j] = a[i] * a[j];
  return m;
}
/** The matrix another callee returns, returned as it is. */
function outerAgain(a: number[]): number[][] {
  return outer(a);
}
/** A row's sum (a row passed to a number[] parameter). */
function rowSum(r: number[]): number {
  let s = 0;
  for (const v of r) s += v;
  return s;
}
/** The rotation by t, rows pushed in a loop (reverse mode: an array made in a loop is DDX1062). */
function rotation(t: number) {
  const R: number[][] = [];
  for (let i = 0; i < 2; i++) {
    const row: number[] = [];
    row.push(i === 0 ? Math.cos(t) : Math.sin(t));
    row.push(i === 0 ? -Math.sin(t) : Math.cos(t));
    R.push(row);
  }
  return R;
}

/** Σᵢⱼ sin(Mᵢⱼ), M = x·xᵀ + e₀e₁ᵀ (the caller writes its copy). */
export function sinSum(x: number[]): number {
  const M = outer(x);
  M[0][1] += 1;
  let s = 0;
  for (let i = 0; i < M.length; i++) for (let j = 0; j < M[i].length; j++) s += Math.sin(M[i][j]);
  return s;
}
/** Σᵢ Mᵢᵢ with M₁₁ scaled by x₀, plus the sum of row 0: Σ_{i≠1} xᵢ² + x₀x₁² + x₀Σⱼxⱼ. */
export function traced(x: number[]): number {
  const M: number[][] = outerAgain(x);
  M[1][1] *= x[0];
  let s = 0;
  for (let i = 0; i < M.length; i++) s += M[i][i];
  return s + rowSum(M[0]);
}
/** det R(t) + R₁₀ = 1 + sin t. */
export function rotated(t: number): number {
  const R = rotation(t);
  return R[0][0] * R[1][1] - R[0][1] * R[1][0] + R[1][0];
}

export const g = (x: number[]) => gradient(sinSum, x);
export const vg = (x: number[]) => valueAndGradient(sinSum, x);
export const h = (x: number[]) => hessian(sinSum, x);
export const hv = (x: number[], v: number[]) => hvp(sinSum, x, v);
export const tg = (x: number[]) => gradient(traced, x);
export const th = (x: number[]) => hessian(traced, x);
export const d = (t: number) => derivative(rotated, t);
export const d2 = (t: number) => secondDerivative(rotated, t);
`;
const reverseSource = `${source}
export const gr = (x: number[]) => gradient(sinSum, x, { mode: 'reverse' });
export const tgr = (x: number[]) => gradient(traced, x, { mode: 'reverse' });
`;

type Fn = (...args: never[]) => unknown;

async function compiled(code: string, mode: EmitMode, name: string): Promise<Record<string, Fn>> {
  const r = transform(code, `/virtual/matrix-results-${name}-${mode}.ts`, { mode, sourceMap: false });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return (await run(r.code)) as never;
}

const H = 1e-5;
/** Central differences of a gradient (a Hessian), one column per input. */
function centralJacobian(f: (x: number[]) => number[], x: number[]): number[][] {
  const cols = x.map((_, k) => {
    const plus = [...x], minus = [...x];
    plus[k] += H;
    minus[k] -= H;
    const a = f(plus), b = f(minus);
    return a.map((v, i) => (v - b[i]) / (2 * H));
  });
  return cols[0].map((_, i) => cols.map((c) => c[i]));
}

const shifted = (x: number[]) => x.map((xi, i) => x.map((xj, j) => xi * xj + (i === 0 && j === 1 ? 1 : 0)));
const sinSumPlain = (x: number[]): number => shifted(x).flat().reduce((s, v) => s + Math.sin(v), 0);
/** ∂/∂xₖ Σᵢⱼ sin(Mᵢⱼ) = Σⱼ cos(Mₖⱼ)xⱼ + Σᵢ cos(Mᵢₖ)xᵢ. */
const sinSumGradient = (x: number[]): number[] => {
  const M = shifted(x);
  return x.map((_, k) => x.reduce((s, xj, j) => s + Math.cos(M[k][j]) * xj + Math.cos(M[j][k]) * xj, 0));
};
const tracedGradient = (x: number[]): number[] => {
  const sum = x.reduce((a, b) => a + b, 0);
  return x.map((xk, k) => (k === 0 ? 2 * xk + x[1] ** 2 + sum + x[0] : k === 1 ? 2 * x[0] * x[1] + x[0] : 2 * xk + x[0]));
};

const x3 = [0.7, -1.3, 0.4];
const x4 = [0.3, 1.1, -0.6, 0.9];
const v3 = [0.2, -0.5, 1];

describe('matrices out of callees (number[][] returned)', () => {
  for (const mode of ['inline', 'dual'] as const) {
    it(`Σ sin(x·xᵀ + e₀e₁ᵀ): gradient, value, Hessian and hvp against the closed form and its central differences (${mode})`, async () => {
      const m = await compiled(source, mode, 'forward');
      expect(m.sinSum(x3 as never)).toBeCloseTo(sinSumPlain(x3), 13);
      expectClose(m.g(x3 as never), sinSumGradient(x3), 1e-13, 'gradient');
      expectClose(m.vg(x3 as never), { value: sinSumPlain(x3), gradient: sinSumGradient(x3) }, 1e-13, 'valueAndGradient');
      const hessian = centralJacobian(sinSumGradient, x3);
      expectClose(m.h(x3 as never), hessian, 1e-6, 'hessian');
      expectClose(m.hv(x3 as never, v3 as never), hessian.map((row) => row.reduce((s, a, k) => s + a * v3[k], 0)), 1e-6, 'hvp');
    });

    it(`a callee returning another's matrix, written and a row passed on (${mode})`, async () => {
      const m = await compiled(source, mode, 'forward');
      expectClose(m.tg(x4 as never), tracedGradient(x4), 1e-14, 'gradient');
      expectClose(m.th(x4 as never), centralJacobian(tracedGradient, x4), 1e-6, 'hessian');
    });

    it(`rows pushed in a loop by the callee: d/dt (1 + sin t) (${mode})`, async () => {
      const m = await compiled(source, mode, 'forward');
      for (const t of [0.3, -1.1, 2]) {
        expect(m.rotated(t as never)).toBeCloseTo(1 + Math.sin(t), 14);
        expectClose(m.d(t as never), Math.cos(t), 1e-14, `derivative at ${t}`);
        expectClose(m.d2(t as never), -Math.sin(t), 1e-14, `second derivative at ${t}`);
      }
    });
  }

  it('reverse mode: the gradients against the closed forms', async () => {
    const m = await compiled(reverseSource, 'inline', 'reverse');
    expectClose(m.gr(x3 as never), sinSumGradient(x3), 1e-13, 'Σ sin');
    expectClose(m.tgr(x4 as never), tracedGradient(x4), 1e-13, 'traced');
  });

  it('reverse mode through a callee whose rows are made in a loop: DDX1062 (forward mode compiles it)', () => {
    const r = transform(`${source}\nexport const dr = (x: number[]) => gradient((y: number[]) => rotated(y[0]), x, { mode: 'reverse' });\n`, '/virtual/matrix-results-loop.ts', { sourceMap: false });
    expect(r.diagnostics.map((x) => x.code)).toEqual(['DDX1062']);
    expect(r.diagnostics[0].message).toMatch(/an array made inside a loop is not supported in reverse mode yet/);
  });
});

describe('matrices out of callees: what is not compiled', () => {
  const head = "import { gradient, jacobian } from '@ddx/dual';\n";
  const cases: Record<string, { code: string; message: RegExp }> = {
    'a verb of the function returning the matrix': {
      code: `${head}function outer(a: number[]): number[][] {\n  const m = [[a[0], a[1]], [a[1], a[0]]];\n  return m;\n}\nexport const j = (x: number[]) => jacobian(outer, x);\n`,
      message: /jacobian of 'outer', which returns a matrix \(number\[\]\[\]\), is not compiled: differentiate a function that reads numbers from the matrix/,
    },
    'the caller\'s matrix returned': {
      code: `${head}function same(a: number[], m: number[][]): number[][] {\n  return m;\n}\nexport const g = (x: number[]) => gradient((y: number[]) => { const M = same(y, [[1]]); return M[0][0] * y[0]; }, x);\n`,
      message: /'m' is a matrix \(number\[\]\[\]\), read only as data: it is the caller's matrix and cannot be returned/,
    },
    'a literal returned': {
      code: `${head}function lit(a: number[]): number[][] {\n  return [[a[0]]];\n}\nexport const g = (x: number[]) => gradient((y: number[]) => { const M = lit(y); return M[0][0]; }, x);\n`,
      message: /'lit' returns a matrix \(number\[\]\[\]\): return a local matrix by its name/,
    },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(`DDX1023: ${name}`, () => {
      const r = transform(c.code, `/virtual/matrix-results-${name.replace(/\W+/g, '-')}.ts`, { sourceMap: false });
      expect(r.diagnostics.map((x) => x.code)).toEqual(['DDX1023']);
      expect(r.diagnostics[0].message).toMatch(c.message);
    });
  }
});
