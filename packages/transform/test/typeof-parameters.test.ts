/**
 * A parameter typed `typeof P`, P a module-level array (or matrix) of numbers (issue 14): the type
 * P's annotation or literal says, as an alias's would. Closed forms:
 *   f(w) = w₀ w₁ w₂:  ∇f = (w₁ w₂, w₀ w₂, w₀ w₁);  h(x, Q) = x² Q₁₀ (Q = [[1, 2], [3, 4]]):  h' = 2x Q₁₀.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const source = `import { derivative, gradient } from '@ddx/dual';
const P = [1, 2, 3];
const V: readonly number[] = [0, 0, 0];
const Q = [[1, 2], [3, 4]];
function f(w: typeof P) { return w[0] * w[1] * w[2]; }
function fv(w: typeof V) { return w[0] * w[1] * w[2]; }
function h(x: number, q: typeof Q) { return x * x * q[1][0]; }
export const g = gradient(f, [2, 3, 5]);
export const gr = gradient(f, [2, 3, 5], { mode: 'reverse' });
export const gv = gradient(fv, [2, 3, 5]);
export const d = derivative((x: number) => h(x, Q), 2);
`;

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('typeof an array literal, an annotated array and a matrix literal', async () => {
    const r = transform(source, '/project/src/main.ts', { mode, readFile: () => undefined });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const m = await run(r.code);
    for (const g of [m.g, m.gr, m.gv]) expect(g).toEqual([15, 10, 6]);
    expect(m.d).toBe(2 * 2 * 3);
  });
});

it('typeof a value that is no array of numbers is still refused', () => {
  const r = transform("import { derivative } from '@ddx/dual';\nconst S = ['a', 'b'];\nfunction f(x: number, s: typeof S) { return x * s.length; }\nexport const d = derivative((x: number) => f(x, S), 2);\n", '/project/src/main.ts', { readFile: () => undefined });
  expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([expect.stringMatching(/^DDX1005 parameter type 'typeof S' is not supported/)]);
});
