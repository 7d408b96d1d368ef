/**
 * Local matrices (`number[][]` built in the function: scalarise.ts, localMatrices): a literal of
 * rows, `Array.from({ length: n }, (_, i) => row)`, `new Array(n).fill(0).map(…)`, `[]` grown by
 * `push`; read by `m[i][j]`, `m[i].length`, `m.length`, `for (const row of m)`, `const row = m[i]`;
 * written by `m[i][j] = …`, `+=`, `++`; passed whole or by row to helpers; holding active values.
 *
 * Oracles, never the code under test: closed forms written here (∇‖A²‖² = 2(CAᵀ + AᵀC) with C =
 * A²; ∇ log det A = A⁻¹ and ∇ cᵀA⁻¹b = −(A⁻ᵀc)(A⁻¹b)ᵀ through a 3×3 inverse by cofactors; the
 * mixture's responsibilities), central differences (h = 1e-5, tolerance 1e-6 relative), and the
 * plain JavaScript function for values.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { expectClose, numbers } from './close.js';
import { run } from './run.js';

const source = `import { derivative, secondDerivative, valueAndDerivative, gradient, valueAndGradient, hessian, valueGradientHessian, jacobian, valueAndJacobian, jvp, hvp } from '@ddx/dual';

/** ‖A²‖² (Frobenius) of A = [[x0, x1], [x2, x3]]: a literal of rows, a product into Array.from zeros. */
export function squareNorm(x: number[]): number {
  const A = [[x[0], x[1]], [x[2], x[3]]];
  const n = A.length;
  const C: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < A[i].length; j++) {
      for (let k = 0; k < n; k++) C[i][j] += A[i][k] * A[k][j];
    }
  }
  let s = 0;
  for (const row of C) for (let j = 0; j < row.length; j++) s += row[j] * row[j];
  return s;
}

/** The row sums of A·B, A 2×3 from x, B 3×2 made by map with the index: a function returning an array. */
export function rowSums(x: number[]): number[] {
  const A: number[][] = [[x[0], 2 * x[1], 1], [x[2], x[0] * x[1], -x[2]]];
  const B = new Array(3).fill(0).map((_, i) => [x[i], x[i] * x[i]]);
  const out: number[] = [];
  for (let i = 0; i < A.length; i++) {
    let s = 0;
    for (let j = 0; j < B[0].length; j++) {
      for (let k = 0; k < B.length; k++) s += A[i][k] * B[k][j];
    }
    out.push(s);
  }
  return out;
}

/** (R(t)·R(t))[0][1] = sin 2t, R(t) the rotation by t, pushed row by row. */
export function rotated(t: number): number {
  const R: number[][] = [];
  R.push([Math.cos(t), -Math.sin(t)]);
  R.push([Math.sin(t), Math.cos(t)]);
  const P = Array.from({ length: 2 }, (_, i) => {
    const r = new Array(2).fill(0);
    return r;
  });
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) P[i][j] += R[i][k] * R[k][j];
  return -P[0][1];
}

/** log det A (A: the symmetric 3×3 matrix of x plus a diagonal that keeps it positive definite) by Cholesky, L written element by element in a local matrix of zeros. */
export function logDet(x: number[]): number {
  const A = [[4 + x[0], x[1], x[2]], [x[1], 5 + x[3], x[4]], [x[2], x[4], 6 + x[5]]];
  const L = Array.from({ length: 3 }, () => new Array(3).fill(0));
  for (let j = 0; j < 3; j++) {
    let d = A[j][j];
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    L[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < 3; i++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / L[j][j];
    }
  }
  let ld = 0;
  for (let i = 0; i < L.length; i++) ld += 2 * Math.log(L[i][i]);
  return ld;
}

/** cᵀ A⁻¹ b by an LU factorisation in place (Doolittle, no pivoting) of a copy of A's rows. */
export function solveDot(x: number[]): number {
  const A = [[4 + x[0], x[1], x[2]], [x[1], 5 + x[3], x[4]], [x[2], x[4], 6 + x[5]]];
  const LU: number[][] = [];
  for (let i = 0; i < A.length; i++) LU.push(A[i].slice());
  const n = LU.length;
  for (let k = 0; k < n; k++) {
    for (let i = k + 1; i < n; i++) {
      LU[i][k] /= LU[k][k];
      const row = LU[i];
      for (let j = k + 1; j < n; j++) row[j] -= row[k] * LU[k][j];
    }
  }
  const b = [1, -2, 0.5], c = [0.3, 1, -1];
  const y = new Array(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= LU[i][j] * y[j];
    y[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let j = i + 1; j < n; j++) s -= LU[i][j] * y[j];
    y[i] = s / LU[i][i];
  }
  let f = 0;
  for (let i = 0; i < n; i++) f += c[i] * y[i];
  return f;
}

function logSumExp(v: number[]): number {
  let m = -Infinity;
  for (const a of v) m = Math.max(m, a);
  let s = 0;
  for (const a of v) s += Math.exp(a - m);
  return m + Math.log(s);
}
/** Σ over points of row i of the matrix (a matrix parameter): how many components it has. */
function components(L: number[][], i: number): number {
  return L[i].length;
}

/**
 * A Gaussian mixture's log-likelihood (K components of means mu, 1-d, unit variance, weights w):
 * a local matrix of per-point, per-component log-densities, each row's log-sum-exp by a helper.
 */
export function mixture(mu: number[], pts: number[], w: number[]): number {
  const K = mu.length;
  const logp: number[][] = [];
  for (const p of pts) {
    const row = new Array(K).fill(0);
    for (let k = 0; k < K; k++) row[k] = Math.log(w[k]) - 0.5 * (p - mu[k]) ** 2 - 0.5 * Math.log(2 * Math.PI);
    logp.push(row);
  }
  let total = 0;
  for (let i = 0; i < logp.length; i++) {
    if (components(logp, i) !== K) return NaN;
    total += logSumExp(logp[i]);
  }
  return total;
}

export const g = (x: number[]) => gradient(squareNorm, x);
export const vg = (x: number[]) => valueAndGradient(squareNorm, x);
export const h = (x: number[]) => hessian(squareNorm, x);
export const vgh = (x: number[]) => valueGradientHessian(squareNorm, x);
export const jv = (x: number[], v: number[]) => jvp(squareNorm, x, v);
export const hv = (x: number[], v: number[]) => hvp(squareNorm, x, v);
export const j = (x: number[]) => jacobian(rowSums, x);
export const vj = (x: number[]) => valueAndJacobian(rowSums, x);
export const jvRows = (x: number[], v: number[]) => jvp(rowSums, x, v);
export const d = (t: number) => derivative(rotated, t);
export const vd = (t: number) => valueAndDerivative(rotated, t);
export const d2 = (t: number) => secondDerivative(rotated, t);
export const ldg = (x: number[]) => gradient(logDet, x);
export const ldh = (x: number[]) => hessian(logDet, x);
export const sdg = (x: number[]) => gradient(solveDot, x);
export const sdh = (x: number[]) => hessian(solveDot, x);
export const mg = (mu: number[], pts: number[], w: number[]) => gradient((m: number[]) => mixture(m, pts, w), mu);
export const mgr = (mu: number[], pts: number[], w: number[]) => gradient((m: number[]) => mixture(m, pts, w), mu, { mode: 'reverse' });
export const sdgr = (x: number[]) => gradient(solveDot, x, { mode: 'reverse' });
export const ldgr = (x: number[]) => gradient(logDet, x, { mode: 'reverse' });
export const gr = (x: number[]) => gradient(squareNorm, x, { mode: 'reverse' });
export const mh = (mu: number[], pts: number[], w: number[]) => hessian((m: number[]) => mixture(m, pts, w), mu);
`;

type Fn = (...args: never[]) => unknown;

async function compiled(mode: EmitMode): Promise<Record<string, Fn>> {
  const r = transform(source, `/virtual/local-matrices-${mode}.ts`, { mode, sourceMap: false });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  expect(r.changed).toBe(true);
  return (await run(r.code)) as never;
}

const H = 1e-5;
/** Central differences of a vector-valued (or number-valued) g at x, one column per input. */
function centralJacobian(f: (x: number[]) => number | number[], x: number[]): number[][] {
  const cols = x.map((_, k) => {
    const plus = [...x], minus = [...x];
    plus[k] += H;
    minus[k] -= H;
    const a = numbers(f(plus)), b = numbers(f(minus));
    return a.map((v, i) => (v - b[i]) / (2 * H));
  });
  return cols[0].map((_, i) => cols.map((c) => c[i]));
}
const centralGradient = (f: (x: number[]) => number, x: number[]): number[] => centralJacobian(f, x).flat();

// ---- independent closed forms -----------------------------------------------------------------

type M = number[][];
const mul = (a: M, b: M): M => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const transpose = (a: M): M => a[0].map((_, j) => a.map((row) => row[j]));
/** ∇‖A²‖² = 2(C Aᵀ + Aᵀ C), C = A², flattened as x is. */
function squareNormGradient(x: number[]): number[] {
  const A = [[x[0], x[1]], [x[2], x[3]]];
  const C = mul(A, A);
  const a = mul(C, transpose(A)), b = mul(transpose(A), C);
  return [0, 1, 2, 3].map((k) => 2 * (a[k >> 1][k & 1] + b[k >> 1][k & 1]));
}
const squareNormPlain = (x: number[]): number => mul([[x[0], x[1]], [x[2], x[3]]], [[x[0], x[1]], [x[2], x[3]]]).flat().reduce((s, v) => s + v * v, 0);

/** A 3×3 inverse by cofactors, and its determinant. */
function inverse3(a: M): { inv: M; det: number } {
  const c = (i: number, j: number): number => {
    const r = [0, 1, 2].filter((k) => k !== i), q = [0, 1, 2].filter((k) => k !== j);
    return (-1) ** (i + j) * (a[r[0]][q[0]] * a[r[1]][q[1]] - a[r[0]][q[1]] * a[r[1]][q[0]]);
  };
  const det = a[0][0] * c(0, 0) + a[0][1] * c(0, 1) + a[0][2] * c(0, 2);
  return { inv: [0, 1, 2].map((i) => [0, 1, 2].map((j) => c(j, i) / det)), det };
}
const spd = (x: number[]): M => [[4 + x[0], x[1], x[2]], [x[1], 5 + x[3], x[4]], [x[2], x[4], 6 + x[5]]];
/** The places of x in the symmetric A: x0 → (0,0), x1 → (0,1), (1,0), …. */
const places: [number, number][][] = [[[0, 0]], [[0, 1], [1, 0]], [[0, 2], [2, 0]], [[1, 1]], [[1, 2], [2, 1]], [[2, 2]]];
const throughPlaces = (dA: (i: number, j: number) => number): number[] => places.map((ps) => ps.reduce((s, [i, j]) => s + dA(i, j), 0));
/** ∂ log det A / ∂A_ij = (A⁻¹)_ji. */
const logDetGradient = (x: number[]): number[] => {
  const { inv } = inverse3(spd(x));
  return throughPlaces((i, j) => inv[j][i]);
};
const bv = [1, -2, 0.5], cv = [0.3, 1, -1];
const solveDotPlain = (x: number[]): number => {
  const { inv } = inverse3(spd(x));
  return cv.reduce((s, ci, i) => s + ci * inv[i].reduce((t, a, j) => t + a * bv[j], 0), 0);
};
/** ∂ cᵀA⁻¹b / ∂A_ij = −u_i y_j, u = A⁻ᵀc, y = A⁻¹b. */
const solveDotGradient = (x: number[]): number[] => {
  const { inv } = inverse3(spd(x));
  const y = inv.map((row) => row.reduce((t, a, j) => t + a * bv[j], 0));
  const u = [0, 1, 2].map((i) => [0, 1, 2].reduce((t, k) => t + inv[k][i] * cv[k], 0));
  return throughPlaces((i, j) => -u[i] * y[j]);
};

const mus = [-0.5, 0.8, 2.1], pts = [0.1, -1.2, 1.7, 2.5, 0.6], ws = [0.3, 0.5, 0.2];
const mixturePlain = (mu: number[]): number => pts.reduce((s, p) => s + Math.log(mu.reduce((t, m, k) => t + ws[k] * Math.exp(-0.5 * (p - m) ** 2) / Math.sqrt(2 * Math.PI), 0)), 0);
/** ∂/∂μ_k = Σ_i r_ik (p_i − μ_k), r the responsibilities. */
const mixtureGradient = (mu: number[]): number[] => mu.map((mk, k) => pts.reduce((s, p) => {
  const dens = mu.map((m, q) => ws[q] * Math.exp(-0.5 * (p - m) ** 2));
  return s + dens[k] / dens.reduce((a, b) => a + b, 0) * (p - mk);
}, 0));

const x4 = [0.7, -1.3, 0.4, 1.1];
const v4 = [0.2, 0.5, -1, 0.3];
const x6 = [0.3, -0.4, 0.2, 0.6, -0.5, 0.1];
const x3 = [0.5, -1.5, 2];

describe('local matrices (number[][] built in the function)', () => {
  it('reverse mode: the same gradients against the closed forms (the mixture makes its row arrays in a loop)', async () => {
    const m = await compiled('inline');
    expectClose(m.gr(x4 as never), squareNormGradient(x4), 1e-13, '‖A²‖²');
    expectClose(m.ldgr(x6 as never), logDetGradient(x6), 1e-13, 'log det');
    expectClose(m.sdgr(x6 as never), solveDotGradient(x6), 1e-13, 'solve');
    expectClose(m.mgr(mus as never, pts as never, ws as never), mixtureGradient(mus), 1e-13, 'mixture');
  });

  for (const mode of ['inline', 'dual'] as const) {
    it(`‖A²‖²: every verb against 2(CAᵀ + AᵀC) and central differences of it (${mode})`, async () => {
      const m = await compiled(mode);
      const grad = squareNormGradient(x4);
      expectClose(m.g(x4 as never), grad, 1e-13, 'gradient');
      const { value, gradient } = m.vg(x4 as never) as { value: number; gradient: number[] };
      expect(value).toBeCloseTo(squareNormPlain(x4), 12);
      expectClose(gradient, grad, 1e-13, 'valueAndGradient');
      const hessian = centralJacobian(squareNormGradient, x4);
      expectClose(m.h(x4 as never), hessian, 1e-6, 'hessian');
      expectClose((m.vgh(x4 as never) as { hessian: number[][] }).hessian, hessian, 1e-6, 'valueGradientHessian');
      expectClose(m.jv(x4 as never, v4 as never), grad.reduce((s, gk, k) => s + gk * v4[k], 0), 1e-13, 'jvp');
      expectClose(m.hv(x4 as never, v4 as never), hessian.map((row) => row.reduce((s, a, k) => s + a * v4[k], 0)), 1e-6, 'hvp');
      expect(m.squareNorm(x4 as never)).toBeCloseTo(squareNormPlain(x4), 12);
    });

    it(`rows of A·B, B made by map with the index: jacobian, valueAndJacobian, jvp against central differences (${mode})`, async () => {
      const m = await compiled(mode);
      const plain = m.rowSums as unknown as (x: number[]) => number[];
      const want = centralJacobian(plain, x3);
      expectClose(m.j(x3 as never), want, 1e-6, 'jacobian');
      const vj = m.vj(x3 as never) as { value: number[]; jacobian: number[][] };
      expect(vj.value).toEqual(plain(x3));
      expectClose(vj.jacobian, want, 1e-6, 'valueAndJacobian');
      expectClose(m.jvRows(x3 as never, [1, 0.5, -2] as never), want.map((row) => row[0] + 0.5 * row[1] - 2 * row[2]), 1e-6, 'jvp');
    });

    it(`a pushed rotation squared: sin 2t, derivative 2 cos 2t, second derivative −4 sin 2t (${mode})`, async () => {
      const m = await compiled(mode);
      for (const t of [0.3, -1.1, 2]) {
        expectClose(m.d(t as never), 2 * Math.cos(2 * t), 1e-14, `derivative at ${t}`);
        expectClose(m.vd(t as never), { value: Math.sin(2 * t), derivative: 2 * Math.cos(2 * t) }, 1e-14, `valueAndDerivative at ${t}`);
        expectClose(m.d2(t as never), -4 * Math.sin(2 * t), 1e-14, `secondDerivative at ${t}`);
      }
    });

    it(`Cholesky log det and LU solve of a 3×3 built from x: A⁻¹ by cofactors, Hessians by central differences (${mode})`, async () => {
      const m = await compiled(mode);
      expect(m.logDet(x6 as never)).toBeCloseTo(Math.log(inverse3(spd(x6)).det), 13);
      expect(m.solveDot(x6 as never)).toBeCloseTo(solveDotPlain(x6), 13);
      expectClose(m.ldg(x6 as never), logDetGradient(x6), 1e-13, 'log det gradient');
      expectClose(m.ldh(x6 as never), centralJacobian(logDetGradient, x6), 1e-6, 'log det hessian');
      expectClose(m.sdg(x6 as never), solveDotGradient(x6), 1e-13, 'solve gradient');
      expectClose(m.sdh(x6 as never), centralJacobian(solveDotGradient, x6), 1e-6, 'solve hessian');
      expectClose(m.sdg(x6 as never), centralGradient(solveDotPlain, x6), 1e-6, 'solve gradient, central differences of the plain form');
    });

    it(`a mixture's log-likelihood from a pushed matrix of log-densities: responsibilities (${mode})`, async () => {
      const m = await compiled(mode);
      expect(m.mixture(mus as never, pts as never, ws as never)).toBeCloseTo(mixturePlain(mus), 12);
      expectClose(m.mg(mus as never, pts as never, ws as never), mixtureGradient(mus), 1e-13, 'gradient');
      expectClose(m.mg(mus as never, pts as never, ws as never), centralGradient(mixturePlain, mus), 1e-6, 'gradient, central differences');
      expectClose(m.mh(mus as never, pts as never, ws as never), centralJacobian(mixtureGradient, mus), 1e-6, 'hessian');
    });
  }
});

describe('local matrices keep their shape', () => {
  it('a write outside a row throws a RangeError where JavaScript would lengthen the row (inline and dual)', async () => {
    const code = `import { gradient } from '@ddx/dual';
function f(x: number[]): number {
  const m = [[x[0], x[1]], [x[2]]];
  m[1][x.length - 3] = 2 * x[0];
  return m[1][0] + m[0][1];
}
export const g = (x: number[]) => gradient(f, x);
`;
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, `/virtual/local-matrix-write-${mode}.ts`, { mode, sourceMap: false });
      expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
      const m = (await run(r.code)) as Record<string, (x: number[]) => number[]>;
      // Within the row: ∂/∂x of 2x0 + x1.
      expect(m.g([0.5, 1, 3])).toEqual([2, 1, 0]);
      expect(() => m.g([0.5, 1, 3, 4])).toThrow(RangeError);
    }
  });

  it('read by a local function: passed to it laid out as a matrix parameter, at each call (issue 14)', async () => {
    // m = [[x0, x1], [x1 * x1]]: h(k) = m[0][0]·k + m[1][0] read at each call, after m[1][0] is written.
    const code = `import { gradient } from '@ddx/dual';
function f(x: number[]): number {
  const m = [[x[0], x[1]], [x[1]]];
  const h = (k: number): number => m[0][0] * k + m[1][0];
  const first = h(2);
  m[1][0] = x[1] * x[1];
  return first + h(3);
}
export const g = (x: number[]) => gradient(f, x);
export const r = (x: number[]) => gradient(f, x, { mode: 'reverse' });
`;
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, `/virtual/local-matrix-local-function-${mode}.ts`, { mode, sourceMap: false });
      expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
      const m = (await run(r.code)) as Record<string, (x: number[]) => number[]>;
      // f = 2x0 + x1 + 3x0 + x1²: ∇f = [5, 1 + 2x1].
      expect(m.g([0.5, 1.5])).toEqual([5, 4]);
      expect(m.r([0.5, 1.5])).toEqual([5, 4]);
    }
  });

  const head = "import { gradient } from '@ddx/dual';\n";
  const wrap = (body: string): string => `${head}function f(x: number[]): number {\n${body}\n}\nexport const g = gradient(f, [1, 2]);\n`;
  const cases: Record<string, { code: string; message: RegExp }> = {
    'a row replaced': { code: wrap('  const m = [[x[0]], [x[1]]];\n  m[0] = [x[1], 1];\n  return m[0][0];'), message: /'m' is a local matrix \(number\[\]\[\]\): a row of a local matrix keeps the array it was made with/ },
    'a row lengthened': { code: wrap('  const m = [[x[0]], [x[1]]];\n  m[0].push(x[1]);\n  return m[0][0];'), message: /would lengthen one of its rows/ },
    'a pushed array read after': { code: wrap('  const m: number[][] = [];\n  const r = [x[0], x[1]];\n  m.push(r);\n  r[0] = 2;\n  return m[0][0];'), message: /names an array that later writes would share; push a copy \(r\.slice\(\)\)/ },
    'a local matrix reassigned': { code: wrap('  let m = [[x[0]]];\n  if (x[0] > 0) m = [[x[1]]];\n  return m[0][0];'), message: /'m' is a local matrix \(number\[\]\[\]\) assigned another later/ },
    'made otherwise': { code: wrap('  const m: number[][] = Array.from({ length: 2 }, () => 0 as never);\n  return m[0][0] * x[0];'), message: /made by \[\[a, b\], \[c, d\]\], Array\.from/ },
    // The row as written, never the generated name of its variable (the message said 'rAt').
    'a row iterated by for…of': { code: wrap('  const m = [[x[0], x[1]], [x[1]]];\n  const r = m[0];\n  let s = 0;\n  for (const v of r) s += v;\n  return s;'), message: /and 'r' is a row of it: index it \(for \(let j = 0; j < r\.length; j\+\+\)\), or copy it \(r\.slice\(\) into a local\)/ },
    'written by a local function that reads it': { code: wrap('  const m = [[x[0]]];\n  const h = (k: number): number => { m[0][0] = k; return k; };\n  return h(2) * m[0][0];'), message: /'m' is a matrix \(number\[\]\[\]\), read only as data/ },
  };
  it('DDX1002: a thrown value reading an element of a matrix (the number read into a const first compiles)', () => {
    const r = transform(wrap('  const m = [[x[0], x[1]], [x[1]]];\n  if (m[0][0] > 5) throw new Error(`big: ${m[0][1]} of ${m.length}`);\n  return m[1][0];'), '/virtual/local-matrix-throw.ts', { sourceMap: false });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1002']);
    expect(r.diagnostics[0].message).toMatch(/a thrown value reads an element of the matrix 'm'; read the number it needs into a const before the throw/);
    const ok = transform(wrap('  const m = [[x[0], x[1]], [x[1]]];\n  const v = m[0][1];\n  if (m[0][0] > 5) throw new Error(`big: ${v} of ${m.length}`);\n  return m[1][0];'), '/virtual/local-matrix-throw-ok.ts', { sourceMap: false });
    expect(ok.diagnostics).toEqual([]);
  });
  for (const [name, c] of Object.entries(cases)) {
    it(`DDX1023: ${name}`, () => {
      const r = transform(c.code, '/virtual/local-matrix-rejected.ts', { sourceMap: false });
      expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1023']);
      expect(r.diagnostics[0].message).toMatch(c.message);
    });
  }
});
