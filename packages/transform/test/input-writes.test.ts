/**
 * Functions that write into their own array parameter, through the compiled path.
 *
 * The generated drivers (src/emit/forward/drivers.ts) call the tangent function once per seed with
 * the caller's own `x` and one seed array reused across seeds (`seed`, `e1`/`e2`/`e12`; jvp and
 * hvp pass the caller's `v` as the direction). A tangent function that wrote into its array
 * parameters, as its primal does, would change the caller's arrays and leave those writes for the
 * next seeds: wrong gradients, Jacobians, Hessians and hvp (the run-time engine had exactly this
 * bug; packages/dual/test/input-writes.test.ts). So a compiled function that writes into an array
 * parameter must work on copies of it and of its tangent arrays (or every driver must pass fresh
 * copies per seed, and never the caller's `x` or `v`).
 *
 * Today the compiled path is safe by rejection: assigning an element of an array parameter is
 * DDX1011 in both modes, and a method that writes into it is not accepted either. The second
 * block holds for either outcome, and is the target once the transform accepts such writes.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const modes: EmitMode[] = ['inline', 'dual'];

/** Bodies of f(v: number[]) that write into v, with the closed forms of what they compute at [a, b, c, d]. */
const cases = [
  {
    name: 'an element assigned before it is read',
    body: 'v[0] = v[0] * 2; return v[0] * v[1] * v[2];',
    gradient: ([a, b, c]: number[]) => [2 * b * c, 2 * a * c, 2 * a * b, 0],
    hessian: ([a, b, c]: number[]) => [[0, 2 * c, 2 * b, 0], [2 * c, 0, 2 * a, 0], [2 * b, 2 * a, 0, 0], [0, 0, 0, 0]],
  },
  {
    name: 'a compound assignment and an increment',
    body: 'v[0] *= 2; v[1]++; return v[0] * v[1] * v[2];',
    gradient: ([a, b, c]: number[]) => [2 * (b + 1) * c, 2 * a * c, 2 * a * (b + 1), 0],
    hessian: ([a, b, c]: number[]) => [[0, 2 * c, 2 * (b + 1), 0], [2 * c, 0, 2 * a, 0], [2 * (b + 1), 2 * a, 0, 0], [0, 0, 0, 0]],
  },
  {
    name: 'entries swapped by a destructuring assignment',
    body: '[v[0], v[3]] = [v[3], v[0]]; return v[0] * v[1] + v[3];',
    gradient: ([, b, , d]: number[]) => [1, d, 0, b],
    hessian: () => [[0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0], [0, 1, 0, 0]],
  },
  {
    name: 'v.reverse() after the reads',
    body: 'const y = v[0] * v[1] * v[2]; v.reverse(); return y + v[0] * v[0];',
    gradient: ([a, b, c, d]: number[]) => [b * c, a * c, a * b, 2 * d],
    hessian: ([a, b, c]: number[]) => [[0, c, b, 0], [c, 0, a, 0], [b, a, 0, 0], [0, 0, 0, 2]],
  },
  {
    name: 'v.push() (the array grows)',
    body: 'v.push(v[0] * v[1]); let s = 0; for (const t of v) s += t; return s;',
    gradient: ([a, b]: number[]) => [1 + b, 1 + a, 1, 1],
    hessian: () => [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  },
  {
    name: 'v.shift() (the array shrinks)',
    body: 'const a = v.shift()!; return a * (v[0] + v[1] + v[2]);',
    gradient: ([a, b, c, d]: number[]) => [b + c + d, a, a, a],
    hessian: () => [[0, 1, 1, 1], [1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]],
  },
];

/** f on line 2 and F = [f] on line 3, each with the body (F does not call f: a call would be diagnosed for other reasons). */
const moduleOf = (body: string): string => `import { gradient, hessian, hvp, jacobian, jvp, valueGradientHessian } from '@ddx/dual';
function f(v: number[]): number { ${body} }
function F(v: number[]): number[] { ${body.replace(/return ([^;]*);$/, 'return [$1];')} }
export function all(x: number[], d: number[]) {
  return {
    gradient: gradient(f, x), hessian: hessian(f, x), jacobian: jacobian(F, x), jvp: jvp(f, x, d), hvp: hvp(f, x, d),
    valueGradientHessian: valueGradientHessian(f, x),
  };
}
`;

const transformed = (body: string, mode: EmitMode) => transform(moduleOf(body), '/virtual/input-writes.ts', { mode });

describe('functions that write into their array parameter: the compiled path today', () => {
  const assigning = cases.slice(0, 3);
  it.each(modes.flatMap((mode) => assigning.map((c) => [c.name, mode, c.body] as const)))(
    'assigning an element of the parameter (%s) is rejected with DDX1011 (%s mode)', (_name, mode, body) => {
      const r = transformed(body, mode);
      expect(r.diagnostics.map((d) => d.code)).toContain('DDX1011');
      expect(r.diagnostics.map(formatDiagnostic).join('\n')).toMatch(/copy it into a local array first|elements of local arrays/);
    });
});

// Every call is compiled or diagnosed: a write into an array parameter (an assignment, or a method
// such as reverse, push, shift) is rejected at the write today; once the transform accepts such
// writes, the derivatives must be exact and the caller's arrays untouched.
describe('functions that write into their array parameter, compiled: exact, and the caller\'s arrays untouched', () => {
  const x = [1.5, -2, 0.75, 0.25], d = [0.5, 1, -2, 4];
  const dot = (a: number[], b: number[]) => a.reduce((s, ai, i) => s + ai * b[i], 0);
  it.each(modes.flatMap((mode) => cases.map((c) => [c.name, mode, c] as const)))('%s (%s mode)', async (_name, mode, c) => {
    const r = transformed(c.body, mode);
    // Rejected at build time, at the writes (lines 2 and 3): safe. Any other diagnostic is a defect of this test.
    if (r.diagnostics.length > 0 && r.diagnostics.every((e) => e.line === 2 || e.line === 3)) return;
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.changed, 'the call must be compiled or diagnosed, never left to the run-time engine silently').toBe(true);
    const { all } = (await run(r.code)) as { all: (x: number[], d: number[]) => Record<string, unknown> };
    const point = x.slice(), direction = d.slice();
    const got = all(point, direction);
    const unsigned = (m: number[][]) => m.map((row) => row.map((e) => e + 0));
    expect(got.gradient).toEqual(c.gradient(x));
    expect(unsigned(got.hessian as number[][])).toEqual(c.hessian(x));
    expect(got.jacobian).toEqual([c.gradient(x)]);
    expect(got.jvp).toBe(dot(c.gradient(x), d));
    expect(got.hvp).toEqual(c.hessian(x).map((row) => dot(row, d)));
    expect(point, "the caller's x").toEqual(x);
    expect(direction, "the caller's v").toEqual(d);
  });
});
