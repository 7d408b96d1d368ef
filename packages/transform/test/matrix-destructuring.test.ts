/**
 * Destructuring a matrix into its rows (issue 14): `const [h, c] = step(x)` of a callee returning
 * `number[][]` compiles as `const m = step(x); const h = m[0]; const c = m[1];` does (each name a
 * row of a local matrix, lower.ts: destructuredRows), and `const [a, b] = M` of a local matrix
 * likewise. It used to be DDX1017 "'h' is a number", which misnamed the cause.
 *
 * Oracles, never the code under test: closed forms written here (the functions below reduce to
 * 3·x₀x₁·sin 2x₀ and x₀x₁² + 3), and the plain functions run as written for values.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { expectClose } from './close.js';
import { run } from './run.js';

const source = `import { gradient, hessian } from '@ddx/dual';

/** One step of a tiny recurrent cell: the state h and the cell c, as rows. */
function cell(x: number[], s: number): number[][] {
  return [[Math.sin(x[0] * s), x[0] * x[1] * s], [Math.tanh(x[0] * s), x[0] * x[1]]];
}

/** h = [sin 2x₀, 2x₀x₁], c = [tanh 2x₀, x₀x₁]; c₂ = [tanh(h₀c₀), h₁h₀]: h₀c₁ + c₂₁ = 3·x₀x₁·sin 2x₀. */
export function unrolled(x: number[]): number {
  const [h, c] = cell(x, 2);
  const [, c2] = cell(h, c[0]);
  return h[0] * c[1] + c2[1];
}

/** The rows of a local matrix: a₁b₀ + b₁ = x₀x₁² + 3. */
export function rowsOfLocal(x: number[]): number {
  const M = [[x[0], x[1]], [x[0] * x[1], 3]];
  const [a, b] = M;
  return a[1] * b[0] + b[1];
}

/** The rows of a matrix parameter (data): W₀₀x₀x₁ + W₁₁x₁. */
function weighted(x: number[], W: number[][]): number {
  const [w0, w1] = W;
  return w0[0] * x[0] * x[1] + w1[1] * x[1];
}
export const gw = (x: number[]) => {
  const W = [[2, 5], [7, 3]];
  return gradient((y: number[]) => weighted(y, W), x);
};

export const g = (x: number[]) => gradient(unrolled, x);
export const h = (x: number[]) => hessian(unrolled, x);
export const gl = (x: number[]) => gradient(rowsOfLocal, x);
export const hl = (x: number[]) => hessian(rowsOfLocal, x);
`;
const reverseSource = `${source}
export const gr = (x: number[]) => gradient(unrolled, x, { mode: 'reverse' });
export const glr = (x: number[]) => gradient(rowsOfLocal, x, { mode: 'reverse' });
`;

type Fn = (...args: never[]) => unknown;

async function compiled(code: string, mode: EmitMode, name: string): Promise<Record<string, Fn>> {
  const r = transform(code, `/virtual/matrix-destructuring-${name}-${mode}.ts`, { mode, sourceMap: false });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return (await run(r.code)) as never;
}

/** 3·x₀x₁·sin 2x₀: its gradient and Hessian. */
const unrolledValue = ([a, b]: number[]): number => 3 * a * b * Math.sin(2 * a);
const unrolledGradient = ([a, b]: number[]): number[] => [3 * b * Math.sin(2 * a) + 6 * a * b * Math.cos(2 * a), 3 * a * Math.sin(2 * a)];
const unrolledHessian = ([a, b]: number[]): number[][] => [
  [12 * b * Math.cos(2 * a) - 12 * a * b * Math.sin(2 * a), 3 * Math.sin(2 * a) + 6 * a * Math.cos(2 * a)],
  [3 * Math.sin(2 * a) + 6 * a * Math.cos(2 * a), 0],
];
/** x₀x₁² + 3. */
const localGradient = ([a, b]: number[]): number[] => [b * b, 2 * a * b];
const localHessian = ([a, b]: number[]): number[][] => [[0, 2 * b], [2 * b, 2 * a]];

const points = [[0.7, -1.3], [-0.4, 0.9]];

describe('destructuring a matrix into its rows', () => {
  for (const mode of ['inline', 'dual'] as const) {
    it(`const [h, c] = cell(x, 2) of a callee returning number[][]: gradient and Hessian against the closed form (${mode})`, async () => {
      const m = await compiled(source, mode, 'forward');
      for (const x of points) {
        expect(m.unrolled(x as never)).toBeCloseTo(unrolledValue(x), 14);
        expectClose(m.g(x as never), unrolledGradient(x), 1e-14, `gradient at ${x}`);
        expectClose(m.h(x as never), unrolledHessian(x), 1e-13, `Hessian at ${x}`);
      }
    });

    it(`const [a, b] = M of a local matrix (${mode})`, async () => {
      const m = await compiled(source, mode, 'forward');
      for (const x of points) {
        expect(m.rowsOfLocal(x as never)).toBeCloseTo(x[0] * x[1] ** 2 + 3, 14);
        expectClose(m.gl(x as never), localGradient(x), 1e-15, `gradient at ${x}`);
        expectClose(m.hl(x as never), localHessian(x), 1e-15, `Hessian at ${x}`);
      }
    });

    it(`const [w0, w1] = W of a matrix parameter (data) (${mode})`, async () => {
      const m = await compiled(source, mode, 'forward');
      for (const [a, b] of points) expectClose(m.gw([a, b] as never), [2 * b, 2 * a + 3], 1e-15, `gradient at ${[a, b]}`);
    });
  }

  it('reverse mode: the gradients against the closed forms', async () => {
    const m = await compiled(reverseSource, 'inline', 'reverse');
    for (const x of points) {
      expectClose(m.gr(x as never), unrolledGradient(x), 1e-14, `cell at ${x}`);
      expectClose(m.glr(x as never), localGradient(x), 1e-15, `local matrix at ${x}`);
    }
  });

  it('a nested pattern, a default or a rest element is DDX1023, saying how to write it', () => {
    for (const pattern of ['[[h0, h1], c]', '[h, c = [0, 0]]', '[h, ...rest]']) {
      const code = `import { gradient } from '@ddx/dual';
function cell(x: number[], s: number): number[][] {
  return [[Math.sin(x[0] * s), x[1]], [x[0], s]];
}
export function f(x: number[]): number {
  const ${pattern} = cell(x, 2);
  return x[0];
}
export const g = gradient(f, [1, 2]);
`;
      const r = transform(code, '/virtual/matrix-destructuring-rejected.ts', { sourceMap: false });
      expect(r.diagnostics.map((d) => d.code), pattern).toEqual(['DDX1023']);
      expect(r.diagnostics[0].message, pattern).toMatch(/one plain name each \(const \[h, c\] = cell\(x, 2\)\), whose elements are read as h\[j\]/);
    }
  });
});
