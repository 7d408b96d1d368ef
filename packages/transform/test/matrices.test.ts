/**
 * Matrices of numbers (`number[][]`) read as data (scalarise.ts: one array with a row-offset table
 * in front): parameters, captures of an arrow at a verb (of the enclosing function or the module),
 * rows named by `const row = m[i]` and `for (const row of m)`, rows passed to helpers taking
 * `number[]`, ragged rows read past their end. Writes, returns and a matrix as the differentiated
 * input are DDX1023 (local matrices, built and written in the function: local-matrices.test.ts).
 *
 * Oracles, never the code under test: the closed forms ∇|Ax|² = 2AᵀAx and ∇²|Ax|² = 2AᵀA; the
 * k-means cost's gradient 2 Σ_{p nearest to c_k} (c_k − p); central differences (tolerance stated
 * at each); and the plain JavaScript function for values (the same numbers to the last bit).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { flattenedMatrixText, matrixLayout } from '../src/analyze/scalarise.js';
import { expectClose } from './close.js';
import { run } from './run.js';

const source = `import { derivative, gradient, hessian, valueAndGradient, jacobian } from '@ddx/dual';

type Matrix = readonly (readonly number[])[];

function sqdist(c: readonly number[], k: number, p: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < p.length; j++) {
    const t = c[k * p.length + j] - p[j];
    s += t * t;
  }
  return s;
}
/** Σ over points of the squared distance to the nearest of the centroids c (k of them, d each, flattened). */
export function kmeansCost(c: number[], points: number[][]): number {
  const d = points[0].length;
  const k = c.length / d;
  let total = 0;
  for (const p of points) {
    let best = Infinity;
    for (let q = 0; q < k; q++) best = Math.min(best, sqdist(c, q, p));
    total += best;
  }
  return total;
}
/** |A x|², reading A[i][j] and A[i].length. */
export function normAx(x: number[], A: Matrix): number {
  let s = 0;
  for (let i = 0; i < A.length; i++) {
    let r = 0;
    for (let j = 0; j < A[i].length; j++) r += A[i][j] * x[j];
    s += r * r;
  }
  return s;
}
/** Rows of different lengths, read past their end (undefined ?? 0), through a row name. */
export function ragged(x: number[], A: Array<number[]>): number {
  let s = 0;
  for (let i = 0; i < A.length; i++) {
    const row = A[i];
    for (let j = 0; j < x.length; j++) s += (row[j] ?? 0.5) * Math.sin(x[j]);
  }
  return s;
}
/** A residual per row, through a row passed on and a nested helper given the matrix. */
function rowDot(x: readonly number[], row: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < row.length; j++) s += row[j] * x[j];
  return s;
}
function residuals(x: number[], A: number[][]): number[] {
  const r: number[] = [];
  for (let i = 0; i < A.length; i++) r.push(Math.tanh(rowDot(x, A[i])));
  return r;
}
function passMatrix(x: number[], A: number[][]): number {
  return normAx(x, A) + kmeansCost(x, A);
}

const TABLE = [[1, 2], [3, -1], [0.5, 4]];

export const kg = (c: number[], pts: number[][]) => gradient((v: number[]) => kmeansCost(v, pts), c);
export const ag = (x: number[], A: number[][]) => gradient((v: number[]) => normAx(v, A), x);
export const ah = (x: number[], A: number[][]) => hessian((v: number[]) => normAx(v, A), x);
export const av = (x: number[], A: number[][]) => valueAndGradient((v: number[]) => normAx(v, A), x);
export const rg = (x: number[], A: number[][]) => gradient((v: number[]) => ragged(v, A), x);
export const rj = (x: number[], A: number[][]) => jacobian((v: number[]) => residuals(v, A), x);
export const pm = (x: number[], A: number[][]) => gradient((v: number[]) => passMatrix(v, A), x);
export const tg = (x: number[]) => gradient((v: number[]) => normAx(v, TABLE), x);
export function local(x: number[]): number[] {
  const B = [[2, 0], [1, 1]];
  return gradient((v: number[]) => normAx(v, B), x);
}
/** A function taking a function, specialised where it is called, given a matrix; a local function reading one. */
function fit(f: (t: number) => number, A: number[][]): number {
  let s = 0;
  for (const row of A) s += derivative(f, row[0]) * row[1];
  return s;
}
export const fitted = (A: number[][]) => fit((t: number) => t * t * t, A);
export function outer(x: number[], A: number[][]): number[] {
  const inner = (v: number[]): number => {
    let s = 0;
    for (let i = 0; i < A.length; i++) s += A[i][0] * v[0] * v[0];
    return s;
  };
  return gradient((v: number[]) => inner(v) + v[1], x);
}
function firstRowTimes(x: number[], A: number[][]): number {
  const rowSum = (i: number): number => {
    let s = 0;
    for (let a = 0; a < A[i].length; a++) s += A[i][a];
    return s;
  };
  return rowSum(0) * x[0];
}
export const lf = (x: number[], A: number[][]) => gradient((v: number[]) => firstRowTimes(v, A), x);

/** A curried verb whose function captures a matrix named like the closure's parameter would be (x). */
export function curriedX(x: number[][]): number {
  return derivative((t: number) => t * t * x[1][0])(2);
}

/** The same |A x|² written in the arrow (reverse mode compiles no calls of active values yet). */
export const agr = (x: number[], A: number[][]) => gradient((v: number[]) => {
  let s = 0;
  for (const row of A) {
    let r = 0;
    for (let j = 0; j < row.length; j++) r += row[j] * v[j];
    s += r * r;
  }
  return s;
}, x, { mode: 'reverse' });
export const kgr = (c: number[], pts: number[][]) => gradient((v: number[]) => {
  const d = pts[0].length;
  let total = 0;
  for (let i = 0; i < pts.length; i++) {
    let best = Infinity;
    for (let q = 0; q < v.length / d; q++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = v[q * d + j] - pts[i][j];
        s += t * t;
      }
      best = Math.min(best, s);
    }
    total += best;
  }
  return total;
}, c, { mode: 'reverse' });
`;

type Fn = (...args: never[]) => unknown;

async function compiled(mode: EmitMode): Promise<Record<string, Fn>> {
  const r = transform(source, `/virtual/matrices-${mode}.ts`, { mode, sourceMap: false });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  expect(r.changed).toBe(true);
  return (await run(r.code)) as never;
}

/** Central differences of f at x, step h. */
function centralGradient(f: (x: number[]) => number, x: number[], h: number): number[] {
  return x.map((_, k) => {
    const plus = [...x], minus = [...x];
    plus[k] += h;
    minus[k] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

const A = [[1.5, -2, 0.25], [0.5, 3, -1], [2, 0, 1], [-0.75, 1.25, 0.5]];
const x = [0.3, -0.7, 1.1];
const Ax = A.map((row) => row.reduce((s, a, j) => s + a * x[j], 0));
/** 2 Aᵀ A x and 2 Aᵀ A. */
const normGradient = (M: number[][], v: number[]): number[] => {
  const Mv = M.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
  return v.map((_, j) => 2 * M.reduce((s, row, i) => s + row[j] * Mv[i], 0));
};
const normHessian = (M: number[][]): number[][] => x.map((_, j) => x.map((_, k) => 2 * M.reduce((s, row) => s + row[j] * row[k], 0)));

// k-means: 2-d points, 2 centroids, no ties.
const points = [[0, 0], [1, 0.5], [4, 4], [5, 3.5], [0.5, 1], [4.5, 5]];
const centroids = [0.2, 0.4, 4.1, 4.3];
function kmeansGradient(c: number[]): number[] {
  const g = c.map(() => 0);
  for (const p of points) {
    const dist = [0, 1].map((k) => (c[2 * k] - p[0]) ** 2 + (c[2 * k + 1] - p[1]) ** 2);
    const k = dist[0] <= dist[1] ? 0 : 1;
    g[2 * k] += 2 * (c[2 * k] - p[0]);
    g[2 * k + 1] += 2 * (c[2 * k + 1] - p[1]);
  }
  return g;
}
const kmeansPlain = (c: number[]): number => points.reduce((s, p) => s + Math.min(...[0, 1].map((k) => (c[2 * k] - p[0]) ** 2 + (c[2 * k + 1] - p[1]) ** 2)), 0);

describe('matrices (number[][]) read as data', () => {
  for (const mode of ['inline', 'dual'] as const) {
    it(`|A x|²: gradient, Hessian, value against 2AᵀAx, 2AᵀA and the plain function (${mode})`, async () => {
      const m = await compiled(mode);
      expectClose(m.ag(x as never, A as never), normGradient(A, x), 1e-14, 'gradient');
      expectClose(m.ah(x as never, A as never), normHessian(A), 1e-14, 'Hessian');
      const vg = m.av(x as never, A as never) as { value: number; gradient: number[] };
      expect(vg.value).toBe(Ax.reduce((s, r) => s + r * r, 0));
      expectClose(vg.gradient, normGradient(A, x), 1e-14, 'valueAndGradient');
      // A module-level table and a const of the enclosing function, captured.
      expectClose(m.tg([0.4, -1.2] as never), normGradient([[1, 2], [3, -1], [0.5, 4]], [0.4, -1.2]), 1e-14, 'module table');
      expectClose(m.local([0.4, -1.2] as never), normGradient([[2, 0], [1, 1]], [0.4, -1.2]), 1e-14, 'local const');
    });

    it(`k-means cost: the closed form and central differences (${mode})`, async () => {
      const m = await compiled(mode);
      const g = m.kg(centroids as never, points as never);
      expectClose(g, kmeansGradient(centroids), 1e-14, 'closed form');
      // The cost is quadratic near the point (no assignment changes within h): the differences are exact up to rounding, ~1e-16/h.
      expectClose(g, centralGradient(kmeansPlain, centroids, 1e-5), 1e-8, 'central differences');
      expect(m.kmeansCost(centroids as never, points as never)).toBe(kmeansPlain(centroids));
    });

    it(`ragged rows read past their end, rows passed to helpers, a matrix passed on (${mode})`, async () => {
      const m = await compiled(mode);
      const R = [[1, 2, 3], [4], [], [0.5, -1]];
      // ∂/∂x_j Σ_i (R[i][j] ?? 0.5) sin x_j = cos x_j Σ_i (R[i][j] ?? 0.5).
      const want = x.map((xj, j) => Math.cos(xj) * R.reduce((s, row) => s + (row[j] ?? 0.5), 0));
      expectClose(m.rg(x as never, R as never), want, 1e-14, 'ragged');
      // ∂ tanh(A_i · x)/∂x_j = (1 − tanh²(A_i · x)) A_ij.
      const J = A.map((row, i) => row.map((a) => (1 - Math.tanh(Ax[i]) ** 2) * a));
      expectClose(m.rj(x as never, A as never), J, 1e-14, 'jacobian of rows passed to a helper');
      const P = [[1, 2], [0.5, -1], [3, 1]];
      const p = [0.7, 0.2];
      const kmeansP = (c: number[]): number => P.reduce((s, q) => s + Math.min((c[0] - q[0]) ** 2 + (c[1] - q[1]) ** 2), 0);
      const normP = (v: number[]): number => P.reduce((s, row) => s + (row[0] * v[0] + row[1] * v[1]) ** 2, 0);
      expectClose(m.pm(p as never, P as never), centralGradient((v) => normP(v) + kmeansP(v), p, 1e-5), 1e-8, 'matrix passed on');
      expectClose(m.pm(p as never, P as never), normGradient(P, p).map((g, k) => g + P.reduce((s, q) => s + 2 * (p[k] - q[k]), 0)), 1e-14, 'matrix passed on, closed form');
    });
  }

  it('a matrix passed to a specialised function, read by local functions (inline): closed forms', async () => {
    const m = await compiled('inline');
    const M = [[1, 2], [2, -1], [0.5, 4]];
    // Σ 3 a0² a1.
    expect(m.fitted(M as never)).toBe(M.reduce((s, [a0, a1]) => s + 3 * a0 * a0 * a1, 0));
    const v = [0.6, -2];
    expectClose(m.outer(v as never, M as never), [2 * v[0] * M.reduce((s, row) => s + row[0], 0), 1], 1e-15, 'outer');
    expectClose(m.lf(v as never, M as never), [M[0][0] + M[0][1], 0], 1e-15, 'local function');
  });

  for (const mode of ['inline', 'dual'] as const) {
    it(`a curried verb capturing a matrix named x (${mode}): d/dt t² x[1][0] at 2 (fuzz seed 4243 run 165: the closure's parameter hid it)`, async () => {
      const m = await compiled(mode);
      expect(m.curriedX([[1], [2.5, 7]] as never)).toBe(10);
    });
  }

  it('reverse mode: |A x|² through for…of rows, and the k-means cost, against the closed forms', async () => {
    const m = await compiled('inline');
    expectClose(m.agr(x as never, A as never), normGradient(A, x), 1e-14, '|Ax|²');
    expectClose(m.kgr(centroids as never, points as never), kmeansGradient(centroids), 1e-14, 'k-means');
  });

  it('the layout a call site builds is matrixLayout(m), also for empty and ragged rows, holes and a row without a length', () => {
    // (The call site's text made at its length and filled in order; matrixLayout pushes, as it once did.)
    const layout = new Function('m', `return ${flattenedMatrixText('m')};`) as (m: unknown) => unknown[];
    const cases: unknown[] = [[], [[]], [[1, 2, 3], [4], [], [0.5, -1]], [[-0, NaN], [Infinity]], [[1, , 3], [2]], [[1, 2], 7, [3]]];
    for (const m of cases) expect(layout(m)).toEqual(matrixLayout(m as number[][]));
    expect(layout([[1, , 3]])[4]).toBeUndefined();
  });

  it('the matrix is laid out once per call and is not changed', async () => {
    const m = await compiled('inline');
    const copy = A.map((row) => [...row]);
    m.ag(x as never, A as never);
    expect(A).toEqual(copy);
  });
});

describe('a matrix is only read (DDX1023)', () => {
  const head = "import { gradient } from '@ddx/dual';\n";
  const cases: Record<string, { code: string; message: RegExp }> = {
    'an element written': {
      code: 'function f(x: number[], A: number[][]): number {\n  A[0][0] = x[0];\n  return A[0][0];\n}\nexport const g = (A: number[][]) => gradient((v: number[]) => f(v, A), [1]);\n',
      message: /'A' is a matrix \(number\[\]\[\]\), read only as data: its elements are never assigned/,
    },
    'an element of a row written': {
      code: 'function f(x: number[], A: number[][]): number {\n  const row = A[0];\n  row[0] += x[0];\n  return row[0];\n}\nexport const g = (A: number[][]) => gradient((v: number[]) => f(v, A), [1]);\n',
      message: /its elements are never assigned/,
    },
    'a row used as a number': {
      code: 'function f(x: number[], A: number[][]): number {\n  return A[0] * x[0];\n}\nexport const g = (A: number[][]) => gradient((v: number[]) => f(v, A), [1]);\n',
      message: /'A\[0\]' is a row, not a number/,
    },
    'the matrix returned': {
      code: 'function f(x: number[], A: number[][]): number[] {\n  return A;\n}\nexport const g = (A: number[][]) => gradient((v: number[]) => f(v, A)[0] * v[0], [1]);\n',
      message: /cannot be returned/,
    },
    'the matrix passed as an array of numbers': {
      code: 'function s(v: number[]): number {\n  return v[0];\n}\nfunction f(x: number[], A: number[][]): number {\n  return s(A) * x[0];\n}\nexport const g = (A: number[][]) => gradient((v: number[]) => f(v, A), [1]);\n',
      message: /pass one of its rows/,
    },
    // gradient and valueAndGradient take a matrix point (matrix-points.test.ts); the other verbs do not.
    'the matrix as the input of a hessian': {
      code: "import { hessian } from '@ddx/dual';\nfunction f(A: number[][]): number {\n  return A[0][0];\n}\nexport const g = hessian(f, [[1]]);\n",
      message: /parameter 'A' of 'f' is a matrix/,
    },
    'an array method on a matrix': {
      code: 'function f(x: number[], A: number[][]): number {\n  return A.reduce((s, row) => s + row[0], 0) * x[0];\n}\nexport const g = (A: number[][]) => gradient((v: number[]) => f(v, A), [1]);\n',
      message: /not supported on a matrix; write a for loop over its rows/,
    },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const r = transform(head + c.code, `/virtual/matrix-rejected.ts`, { sourceMap: false });
      expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1023']);
      expect(r.diagnostics[0].message).toMatch(c.message);
    });
  }
});
