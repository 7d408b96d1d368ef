/**
 * An element of a data array read past its end is undefined in JavaScript, which arithmetic takes
 * as NaN. Inline mode computes with it as the plain program does; dual mode's `ops` take numbers
 * and Duals only, so the emitter reads such an operand as `d[i] ?? NaN` (emit/dual/function.ts).
 * Oracles: the two modes against each other (Object.is, value and derivatives), the run-time
 * engine on twins written with `ops` that read the element as JavaScript's arithmetic does, and
 * the closed forms (NaN where the missing element multiplies, the other terms' derivative where it
 * is only added, the default where `??` gives one).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const source = `import { derivative, secondDerivative, gradient, ops, type Real } from '@ddx/dual';
const d = [1.5, 2];
function times(a: number): number { return a * d[d.length]; }
function plus(a: number): number { return a * a + d[2]; }
function orDefault(a: number): number { return a * (d[2] ?? 3); }
function inMath(a: number): number { return Math.hypot(a, d[5]) + Math.sin(d[3]) * a; }
function loop(a: number): number {
  let s = 0;
  for (let i = 0; i <= d.length; i++) s = s + a * a * d[i];
  return s;
}
function withData(x: number[], data: number[]): number { return x[0] * x[1] - data[2] * x[0]; }
export const forms = [times, plus, orDefault, inMath, loop];
export const d1 = (a: number) => [derivative(times, a), derivative(plus, a), derivative(orDefault, a), derivative(inMath, a), derivative(loop, a)];
export const d2 = (a: number) => [secondDerivative(times, a), secondDerivative(plus, a), secondDerivative(orDefault, a), secondDerivative(inMath, a), secondDerivative(loop, a)];
export const g = (x: number[]) => gradient((v: number[]) => withData(v, [1, 2]), x);
const u = (k: number): Real => d[k] ?? NaN;
export const engine = {
  d1: (a: number) => [
    derivative((b: Real) => ops.mul(b, u(2)), a), derivative((b: Real) => ops.add(ops.mul(b, b), u(2)), a),
    derivative((b: Real) => ops.mul(b, 3), a), derivative((b: Real) => ops.add(ops.hypot(b, u(5)), ops.mul(Math.sin(u(3) as number), b)), a),
    derivative((b: Real) => ops.add(ops.add(ops.mul(ops.mul(b, b), u(0)), ops.mul(ops.mul(b, b), u(1))), ops.mul(ops.mul(b, b), u(2))), a),
  ],
};
`;

function compiled(mode: EmitMode): string {
  const r = transform(source, `/virtual/past-the-end-${mode}.ts`, { mode });
  expect(r.diagnostics.map((x) => formatDiagnostic(x))).toEqual([]);
  return r.code;
}

describe('an element of a data array read past its end', () => {
  it('dual mode reads it as NaN where ops computes with it, as inline mode and JavaScript do', async () => {
    const code = compiled('dual');
    expect(code).toMatch(/ops\d*\.mul\(a, d\[d\.length\] \?\? NaN\)/);
    const inline = await run(compiled('inline'));
    const dual = await run(code);
    const plain = (await run(source.replace(/^export const (d1|d2|g|engine) .*$/gms, ''))).forms as ((a: number) => number)[];
    const same = (a: unknown, b: unknown) => expect(JSON.stringify(a, (_k, v) => (typeof v === 'number' ? String(v) : v))).toBe(JSON.stringify(b, (_k, v) => (typeof v === 'number' ? String(v) : v)));
    for (const a of [0.5, -2, 3]) {
      const values = plain.map((f) => f(a));
      same((inline.forms as ((a: number) => number)[]).map((f) => f(a)), values);
      same((dual.forms as ((a: number) => number)[]).map((f) => f(a)), values);
      const d1 = (inline.d1 as (a: number) => number[])(a);
      same((dual.d1 as (a: number) => number[])(a), d1);
      same((dual.d2 as (a: number) => number[])(a), (inline.d2 as (a: number) => number[])(a));
      // The run-time engine on the twins, and the closed forms: NaN where the missing element
      // multiplies a; 2a where it is only added; 3 from ?? 3; NaN through hypot and the loop.
      same(d1, ((inline.engine as { d1: (a: number) => number[] }).d1)(a));
      same(d1, [NaN, 2 * a, 3, NaN, NaN]);
      // Second order: a·NaN is linear in a, whose first derivative is a constant (NaN) with an
      // exactly zero tangent, so 0 by the zero-tangent convention (DESIGN.md), as the engine gives.
      same((inline.d2 as (a: number) => number[])(a), [0, 2, 0, NaN, NaN]);
      same((dual.g as (x: number[]) => number[])([a, 2]), [NaN, a]);
      same((inline.g as (x: number[]) => number[])([a, 2]), [NaN, a]);
    }
  });
});
