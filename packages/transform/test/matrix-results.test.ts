/**
 * Matrices out of callees (scalarise.ts, matrixReturns): a function returning `number[][]` returns
 * its local matrix laid out in one array, and the caller unpacks it into a local matrix of its own,
 * which it reads and writes as any local matrix.
 *
 * Nested `hessian` and `jacobian` inside a differentiated function (nested.ts) return their matrix
 * the same way.
 *
 * Oracles, never the code under test: closed forms written here, central differences of them
 * (h = 1e-5, tolerance 1e-6 relative) for second derivatives and for the nested verbs, the plain
 * JavaScript functions (run as written) for values, and the run-time engine of @ddx/dual, which
 * nests its verbs over dual numbers (1e-12 relative).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { gradient as engineGradient, hessian as engineHessian, jacobian as engineJacobian, ops, type Real } from '@ddx/dual';
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

/** The rotation by t, returned as a literal of rows. */
function rotationLiteral(t: number): number[][] {
  return [[Math.cos(t), -Math.sin(t)], [Math.sin(t), Math.cos(t)]];
}
/** diag(a²) as a column per row, returned by Array.from. */
function squares(a: number[]): number[][] {
  return Array.from({ length: a.length }, (_, i) => [a[i] * a[i]]);
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

/** det R(t) + R₁₀ = 1 + sin t, R returned as a literal. */
export function rotatedLiteral(t: number): number {
  const R = rotationLiteral(t);
  return R[0][0] * R[1][1] - R[0][1] * R[1][0] + R[1][0];
}
/** Σᵢ Sᵢ₀·xᵢ = Σᵢ xᵢ³ (times R(0)₁₁ = 1, a matrix of a call without tangents: its plain copy returns the layout). */
export function cubes(x: number[]): number {
  const S = squares(x);
  const I = rotationLiteral(0);
  let s = 0;
  for (let i = 0; i < S.length; i++) s += S[i][0] * x[i];
  return s * I[1][1];
}

export const g = (x: number[]) => gradient(sinSum, x);
export const vg = (x: number[]) => valueAndGradient(sinSum, x);
export const h = (x: number[]) => hessian(sinSum, x);
export const hv = (x: number[], v: number[]) => hvp(sinSum, x, v);
export const tg = (x: number[]) => gradient(traced, x);
export const th = (x: number[]) => hessian(traced, x);
export const d = (t: number) => derivative(rotated, t);
export const d2 = (t: number) => secondDerivative(rotated, t);
export const dl = (t: number) => derivative(rotatedLiteral, t);
export const dl2 = (t: number) => secondDerivative(rotatedLiteral, t);
export const cg = (x: number[]) => gradient(cubes, x);
`;
const reverseSource = `${source}
export const gr = (x: number[]) => gradient(sinSum, x, { mode: 'reverse' });
export const tgr = (x: number[]) => gradient(traced, x, { mode: 'reverse' });
export const dlr = (x: number[]) => gradient((y: number[]) => rotatedLiteral(y[0]), x, { mode: 'reverse' });
export const cgr = (x: number[]) => gradient((y: number[]) => { const I = rotationLiteral(0); return y[0] * y[1] * I[0][0]; }, x, { mode: 'reverse' });
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

    it(`matrices returned as a literal of rows and by Array.from (${mode})`, async () => {
      const m = await compiled(source, mode, 'forward');
      for (const t of [0.3, -1.1, 2]) {
        expect(m.rotatedLiteral(t as never)).toBeCloseTo(1 + Math.sin(t), 14);
        expectClose(m.dl(t as never), Math.cos(t), 1e-14, `derivative at ${t}`);
        expectClose(m.dl2(t as never), -Math.sin(t), 1e-14, `second derivative at ${t}`);
      }
      expectClose(m.cg(x4 as never), x4.map((v) => 3 * v * v), 1e-14, 'Σ xᵢ³');
    });
  }

  it('reverse mode: the gradients against the closed forms', async () => {
    const m = await compiled(reverseSource, 'inline', 'reverse');
    expectClose(m.gr(x3 as never), sinSumGradient(x3), 1e-13, 'Σ sin');
    expectClose(m.tgr(x4 as never), tracedGradient(x4), 1e-13, 'traced');
    expectClose(m.dlr([0.3] as never), [Math.cos(0.3)], 1e-14, 'rotation literal');
    expectClose(m.cgr([0.3, 2] as never), [2, 0.3], 1e-14, 'a matrix of a call without tangents');
  });

  it('reverse mode through a callee whose rows are made in a loop (each row an array of its own): the closed form', async () => {
    const m = await compiled(`${source}\nexport const dr = (x: number[]) => gradient((y: number[]) => rotated(y[0]), x, { mode: 'reverse' });\n`, 'inline', 'loop-reverse');
    // d/dt (1 + sin t) = cos t.
    for (const t of [0.3, -1.2, 2.5]) expectClose(m.dr([t] as never), [Math.cos(t)], 1e-14, `rotated at ${t}`);
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
    'a matrix returned otherwise': {
      code: `${head}function rows(a: number[], m: number[][]): number[][] {\n  return a.length > 1 ? m : m;\n}\nexport const g = (x: number[]) => gradient((y: number[]) => { const M = rows(y, [[1]]); return M[0][0] * y[0]; }, x);\n`,
      message: /'rows' returns a matrix \(number\[\]\[\]\): return a local matrix by its name/,
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

const nestedSource = `import { gradient, hessian, jacobian } from '@ddx/dual';

function g(x: number[]): number {
  return x[0] * x[0] * x[1] + Math.sin(x[0] * x[1]);
}
function v(x: number[]): number[] {
  return [x[0] * x[1], Math.exp(x[0]), Math.cos(x[1])];
}
function solve2(A: number[][], b: number[]): number[] {
  const det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
  return [(A[1][1] * b[0] - A[0][1] * b[1]) / det, (A[0][0] * b[1] - A[1][0] * b[0]) / det];
}
/** ∂²g/∂x₀∂x₁ · ∂²g/∂x₀² from a nested Hessian. */
export function curvature(x: number[]): number {
  const H = hessian(g, x);
  return H[0][1] * H[0][0];
}
/** ‖J_v(x)‖² (Frobenius) from a nested Jacobian, read by rows. */
export function jacobianNorm(x: number[]): number {
  const J = jacobian(v, x);
  let s = 0;
  for (const row of J) for (let j = 0; j < row.length; j++) s += row[j] * row[j];
  return s;
}
/** g after one Newton step from x: g(x − ∇²g(x)⁻¹∇g(x)), the Hessian passed to a number[][] parameter. */
export function newton(x: number[]): number {
  const step = solve2(hessian(g, x), gradient(g, x));
  return g([x[0] - step[0], x[1] - step[1]]);
}

export const cg = (x: number[]) => gradient(curvature, x);
export const jg = (x: number[]) => gradient(jacobianNorm, x);
export const ng = (x: number[]) => gradient(newton, x);
export const ch = (x: number[]) => hessian(curvature, x);
`;
const nestedReverse = `${nestedSource}
export const cgr = (x: number[]) => gradient(curvature, x, { mode: 'reverse' });
export const ngr = (x: number[]) => gradient(newton, x, { mode: 'reverse' });
`;

// Closed forms of g's derivatives (p = x₀x₁): ∇g = (2x₀x₁ + x₁cos p, x₀² + x₀cos p),
// ∇²g = [[2x₁ − x₁² sin p, 2x₀ + cos p − p sin p], [·, −x₀² sin p]].
const gPlain = (x: number[]): number => x[0] * x[0] * x[1] + Math.sin(x[0] * x[1]);
const gGradient = (x: number[]): number[] => {
  const p = x[0] * x[1];
  return [2 * x[0] * x[1] + x[1] * Math.cos(p), x[0] * x[0] + x[0] * Math.cos(p)];
};
const gHessian = (x: number[]): number[][] => {
  const p = x[0] * x[1], off = 2 * x[0] + Math.cos(p) - p * Math.sin(p);
  return [[2 * x[1] - x[1] * x[1] * Math.sin(p), off], [off, -x[0] * x[0] * Math.sin(p)]];
};
const curvaturePlain = (x: number[]): number => gHessian(x)[0][1] * gHessian(x)[0][0];
const jacobianNormPlain = (x: number[]): number => x[1] ** 2 + x[0] ** 2 + Math.exp(2 * x[0]) + Math.sin(x[1]) ** 2;
const jacobianNormGradient = (x: number[]): number[] => [2 * x[0] + 2 * Math.exp(2 * x[0]), 2 * x[1] + 2 * Math.sin(x[1]) * Math.cos(x[1])];
const newtonPlain = (x: number[]): number => {
  const [[a, b], [c, d]] = gHessian(x), [r, s] = gGradient(x), det = a * d - b * c;
  return gPlain([x[0] - (d * r - b * s) / det, x[1] - (a * s - c * r) / det]);
};
const centralGradient = (f: (x: number[]) => number, x: number[]): number[] => centralJacobian((y) => [f(y)], x)[0];

// The engine's versions, over dual numbers (its verbs nest).
type R = Real;
const gE = (x: R[]): R => ops.add(ops.mul(ops.mul(x[0], x[0]), x[1]), ops.sin(ops.mul(x[0], x[1])));
const vE = (x: R[]): R[] => [ops.mul(x[0], x[1]), ops.exp(x[0]), ops.cos(x[1])];
const curvatureE = (x: R[]): R => {
  const H = engineHessian(gE as never, x as never) as unknown as R[][];
  return ops.mul(H[0][1], H[0][0]);
};
const jacobianNormE = (x: R[]): R => {
  let s: R = 0;
  for (const row of engineJacobian(vE as never, x as never) as unknown as R[][]) for (const a of row) s = ops.add(s, ops.mul(a, a));
  return s;
};
const newtonE = (x: R[]): R => {
  const [[a, b], [c, d]] = engineHessian(gE as never, x as never) as unknown as R[][];
  const [r, s] = engineGradient(gE as never, x as never) as unknown as R[];
  const det = ops.sub(ops.mul(a, d), ops.mul(b, c));
  return gE([ops.sub(x[0], ops.div(ops.sub(ops.mul(d, r), ops.mul(b, s)), det)), ops.sub(x[1], ops.div(ops.sub(ops.mul(a, s), ops.mul(c, r)), det))]);
};

const x2 = [0.7, -1.3];
const y2 = [1.2, 0.4];

describe('nested hessian and jacobian inside a differentiated function', () => {
  for (const mode of ['inline', 'dual'] as const) {
    it(`a nested Hessian read by elements: the engine and central differences (${mode})`, async () => {
      const m = await compiled(nestedSource, mode, 'nested');
      for (const x of [x2, y2]) {
        expect(m.curvature(x as never)).toBeCloseTo(curvaturePlain(x), 13);
        expectClose(m.cg(x as never), engineGradient(curvatureE as never, x), 1e-12, `gradient at ${x} (engine)`);
        expectClose(m.cg(x as never), centralGradient(curvaturePlain, x), 1e-6, `gradient at ${x} (central differences)`);
        expectClose(m.ch(x as never), centralJacobian((y) => engineGradient(curvatureE as never, y), x), 1e-6, `hessian at ${x}`);
      }
    });

    it(`a nested Jacobian read by rows: the closed form and the engine (${mode})`, async () => {
      const m = await compiled(nestedSource, mode, 'nested');
      for (const x of [x2, y2]) {
        expect(m.jacobianNorm(x as never)).toBeCloseTo(jacobianNormPlain(x), 13);
        expectClose(m.jg(x as never), jacobianNormGradient(x), 1e-13, `gradient at ${x}`);
        expectClose(m.jg(x as never), engineGradient(jacobianNormE as never, x), 1e-12, `gradient at ${x} (engine)`);
      }
    });

    it(`a Newton step solve(hessian(g, x), gradient(g, x)) differentiated once more (${mode})`, async () => {
      const m = await compiled(nestedSource, mode, 'nested');
      for (const x of [x2, y2]) {
        expect(m.newton(x as never)).toBeCloseTo(newtonPlain(x), 12);
        expectClose(m.ng(x as never), engineGradient(newtonE as never, x), 1e-12, `gradient at ${x} (engine)`);
        expectClose(m.ng(x as never), centralGradient(newtonPlain, x), 1e-6, `gradient at ${x} (central differences)`);
      }
    });
  }

  it('reverse mode over a nested hessian and a Newton step (forward inside): the engine', async () => {
    const m = await compiled(nestedReverse, 'inline', 'nested-reverse');
    for (const x of [x2, y2]) {
      expectClose(m.cgr(x as never), engineGradient(curvatureE as never, x), 1e-12, `curvature at ${x}`);
      expectClose(m.ngr(x as never), engineGradient(newtonE as never, x), 1e-12, `Newton at ${x}`);
    }
  });

  it('reverse mode over a nested jacobian (its columns are arrays returned inside a loop): the closed form and central differences', async () => {
    const m = await compiled(`${nestedSource}\nexport const jgr = (x: number[]) => gradient(jacobianNorm, x, { mode: 'reverse' });\n`, 'inline', 'nested-jacobian-reverse');
    for (const x of [x2, y2]) {
      expectClose(m.jgr(x as never), jacobianNormGradient(x), 1e-13, `jacobianNorm at ${x}`);
      expectClose(m.jgr(x as never), centralGradient(jacobianNormPlain, x), 1e-6, `jacobianNorm at ${x}, central differences`);
    }
  });

  it('DDX1010: a nested jacobian of a function returning a number, a nested hessian of one returning an array', () => {
    const code = `import { gradient, hessian, jacobian } from '@ddx/dual';
function s(x: number[]): number { return x[0] * x[1]; }
function a(x: number[]): number[] { return [x[0], x[1]]; }
export const j = (x: number[]) => gradient((y: number[]) => { const J = jacobian(s, y); return J[0][0]; }, x);
export const h = (x: number[]) => gradient((y: number[]) => { const H = hessian(a, y); return H[0][0]; }, x);
`;
    const r = transform(code, '/virtual/matrix-results-nested-kinds.ts', { sourceMap: false });
    // (The verb's shape is checked where the module's verbs are found and again where it is lowered: reported once each.)
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1010', 'DDX1010']);
    expect(r.diagnostics.some((d) => /jacobian needs f to return an array, but 's' returns a number/.test(d.message))).toBe(true);
    expect(r.diagnostics.some((d) => /hessian needs f to return a number, but 'a' returns an array/.test(d.message))).toBe(true);
  });
});
