/**
 * Plain functions need no annotation: an unannotated arrow passed to a verb type-checks under
 * strict TypeScript (its parameter is typed as a dual and a number at once, `Either<Dual>`), and
 * the transform compiles it to exact derivatives, in both emit modes, against closed forms.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';
import { typeErrors } from './type-errors.js';

const source = `import { derivative, secondDerivative, gradient, hessian, jacobian, jvp, ops } from '@ddx/dual';
export const a = derivative((x) => x * Math.sin(x), 1);
export const d = secondDerivative((x) => x * x * x, 2);
export const e = gradient((v) => v[0] * v[1], [1, 2]);
export const f = gradient(([p, q]) => p * q, [1, 2]);
export const l = gradient((p, q) => p * q + Math.exp(p), [1, 2]);
export const h = hessian((v) => v[0] * v[1] * v[1], [1, 2]);
export const m = jacobian((v) => [v[0] * v[1], Math.sin(v[0])], [1, 2]);
export const u = jvp((v) => v[0] * v[1], [1, 2], [1, 1]);
export const i = derivative((x) => x * 2);
// Written over ddx values, still without annotations: the run-time engine evaluates these.
export const r = derivative((x) => ops.mul(x, ops.sin(x)), 1);
export const s = derivative((x) => x.mul(x), 3);
`;

describe('unannotated plain functions', () => {
  it('type-check under strict', () => expect(typeErrors(source, '__unannotated__.ts')).toEqual([]));
  it('and the check sees real type errors (the test can fail)', () => {
    const errors = typeErrors(`${source}export const bad: string = derivative((x) => x * 2, 1);\n`, '__unannotated__.ts');
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/not assignable to type 'string'/);
  });

  it.each<EmitMode>(['inline', 'dual'])('compile to exact derivatives (%s mode)', async (mode) => {
    const t = transform(source, '/virtual/main.ts', { mode });
    expect(t.diagnostics.map(formatDiagnostic)).toEqual([]);
    const x = await run(t.code);
    expect(x.a).toBe(Math.sin(1) + Math.cos(1)); // (x sin x)' = sin x + x cos x
    expect(x.d).toBe(12); // (x³)'' = 6x
    expect(x.e).toEqual([2, 1]);
    expect(x.f).toEqual([2, 1]);
    expect(x.l).toEqual([2 + Math.E, 1]);
    expect(x.h).toEqual([[0, 4], [4, 2]]); // ∇²(p q²) = [[0, 2q], [2q, 2p]]
    expect(x.m).toEqual([[2, 1], [Math.cos(1), 0]]);
    expect(x.u).toBe(3); // ∇(pq)·[1, 1] = q + p
    expect((x.i as (x: number) => number)(5)).toBe(2);
    expect(x.r).toBe(Math.sin(1) + Math.cos(1));
    expect(x.s).toBe(6);
  });
});

// Type aliases (`type Vec = number[]`) are resolved through the checker, wherever an annotation may be written.
const aliased = `import { derivative, gradient, hessian, jacobian } from '@ddx/dual';
type Real = number;
type Vec = Real[];
type ReadonlyVec = readonly Real[];
function f(v: Vec): Real {
  const w: Vec = [];
  for (let i = 0; i < v.length; i++) w.push(v[i] * v[i]);
  let s: Real = 0;
  for (const y of w) s += y;
  return s * v[0];
}
function g(v: ReadonlyVec): Vec { const out: Vec = [v[0] * v[1], v[1]]; return out; }
export const grad = gradient(f, [1, 2]);
export const hess = hessian(f, [1, 2]);
export const jac = jacobian(g, [1, 2]);
export const d = derivative((x: Real) => { const a: Vec = [x, x * x]; return a[0] * a[1]; }, 2);
`;

describe('type aliases of numbers and arrays of numbers', () => {
  it.each<EmitMode>(['inline', 'dual'])('compile to exact derivatives (%s mode)', async (mode) => {
    const t = transform(aliased, '/virtual/aliased.ts', { mode });
    expect(t.diagnostics.map(formatDiagnostic)).toEqual([]);
    const x = await run(t.code);
    // f(v) = v0 (v0² + v1²): ∇f = [3v0² + v1², 2 v0 v1], ∇²f = [[6v0, 2v1], [2v1, 2v0]].
    expect(x.grad).toEqual([7, 4]);
    expect(x.hess).toEqual([[6, 4], [4, 2]]);
    expect(x.jac).toEqual([[2, 1], [0, 1]]); // g(v) = [v0 v1, v1]
    expect(x.d).toBe(12); // (x³)' = 3x²
  });

  it('an alias of another type is still rejected, named as written', () => {
    const t = transform(`import { derivative } from '@ddx/dual';\ntype Label = string;\nexport const d = derivative((x: number) => { const l: Label = 'a'; return x; }, 2);\n`, '/virtual/label.ts');
    expect(t.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(["DDX1016 locals must be numbers, arrays of numbers or booleans, not 'Label'"]);
  });
});
