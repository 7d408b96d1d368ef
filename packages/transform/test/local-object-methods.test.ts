/**
 * An object literal with member functions made in a function (issue 14): `const m = { k: x, e(v) {
 * return this.k * v * v; } }` compiles as its numbers (a record, scalarise.ts) with each member
 * function lifted as a local function of the function (closures.ts), `this` that record, where the
 * object stays where it is made (members.ts, localObjectOf): used only to read a field or call a
 * member function on it, never written. Everything else is refused, naming why. Closed forms:
 *   loss(x) = k x² + x (k = 2):  loss' = 2k x + 1,  loss'' = 2k;
 *   act(x) = sq(x) + this.k·x·twice(x) with k = x, sq(v) = v², twice(v) = 2 this.e(v), e(v) = this.k v:
 *     act(x) = x² + x · x · 2x² = x² + 2x⁴,  act' = 2x + 8x³,  act'' = 2 + 24x²;
 *   grad(p) = m.e(p₀) p₁ + m.c with m = { a: p₁, c: 3, e(v) { return this.a · v · v } }: a p₀² p₁ + 3 = p₀² p₁² + 3,
 *     ∇ = (2 p₀ p₁², 2 p₀² p₁).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const file = '/project/src/main.ts';
const head = "import { derivative, secondDerivative, gradient, hessian } from '@ddx/dual';\n";

async function compiled(source: string, mode: EmitMode): Promise<Record<string, unknown>> {
  const r = transform(head + source, file, { mode, readFile: () => undefined });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return run(r.code);
}

const diagnosticsOf = (source: string): string[] =>
  transform(head + source, file, { readFile: () => undefined }).diagnostics.map((d) => `${d.code} ${d.message}`);

const close = closeWithin(1e-13);

const source = `function loss(x: number) { const m = { k: 2, e(v: number) { return this.k * v * v; } }; return m.e(x) + x; }
function act(x: number) {
  const m = {
    k: x,
    sq: (v: number) => v * v,
    e(v: number) { return this.k * v; },
    twice(v: number) { const g = (t: number) => this.e(t); return 2 * g(v); },
  };
  return m.sq(x) + m.k * m.twice(x) * x;
}
function grad(p: number[]) { const m = { a: p[1], c: 3, e(v: number) { return this.a * v * v; } }; return m.e(p[0]) * p[1] + m.c; }
export const d = derivative(loss, 1.5);
export const d2 = secondDerivative(loss, 1.5);
export const a = derivative(act, 1.5);
export const a2 = secondDerivative(act, 1.5);
export const gf = gradient(grad, [1.5, 0.5], { mode: 'forward' });
export const gr = gradient(grad, [1.5, 0.5], { mode: 'reverse' });
export const h = hessian(grad, [1.5, 0.5]);
`;

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('a constant field, an active field, an arrow member, methods calling each other through this: every verb, forward and reverse', async () => {
    const m = await compiled(source, mode);
    close(m.d, 2 * 2 * 1.5 + 1);
    close(m.d2, 4);
    close(m.a, 2 * 1.5 + 8 * 1.5 ** 3);
    close(m.a2, 2 + 24 * 1.5 ** 2);
    const [p0, p1] = [1.5, 0.5];
    for (const g of [m.gf, m.gr]) {
      close((g as number[])[0], 2 * p0 * p1 ** 2);
      close((g as number[])[1], 2 * p0 ** 2 * p1);
    }
    // ∇² = [[2 p₁², 4 p₀ p₁], [4 p₀ p₁, 2 p₀²]]
    const H = [[2 * p1 ** 2, 4 * p0 * p1], [4 * p0 * p1, 2 * p0 ** 2]];
    (m.h as number[][]).forEach((row, i) => row.forEach((v, j) => close(v, H[i]![j]!)));
  });

  it('an arrow at a verb in the function that makes the object: the record is captured, its numbers passed by the call', async () => {
    // k x² (k = a = 2): 2k x = 12 at 3; ∇(k p₀² p₁) = (2k p₀ p₁, k p₀²) = (24, 18) at (3, 2).
    const m = await compiled(`export function main(a: number) {
  const m = { k: a, e(v: number) { return this.k * v * v; } };
  return [derivative((x: number) => m.e(x), 3), gradient((p: number[]) => m.e(p[0]) * p[1], [3, 2], { mode: 'reverse' })];
}
export const r = main(2);
`, mode);
    expect(m.r).toEqual([12, [24, 18]]);
  });
});

describe('refused where the object leaves where it is made, is written, or a member function is used as a value', () => {
  const cases: [string, string, RegExp][] = [
    ['passed to another function', "function g(o: { k: number }, v: number) { return o.k * v; }\nfunction f(x: number) { const m = { k: 2, e(v: number) { return this.k * v; } }; return g(m, x) + m.e(x); }\nexport const d = derivative(f, 1.2);",
      /^DDX1022 the object literal 'm' with member functions \(e\), declared in a function, .* 'm' is used as a value \('g\(m, x\)'\) at line 3/],
    ['a field written', "function f(x: number) { const m = { k: 2, e(v: number) { return this.k * v; } }; m.k = x; return m.e(x); }\nexport const d = derivative(f, 1.2);",
      /^DDX1022 .* only when it is not written, and 'm\.k' is written at line 2/],
    ['a field written through this', "function f(x: number) { const m = { k: 2, e(v: number) { this.k = v; return this.k * v; } }; return m.e(x); }\nexport const d = derivative(f, 1.2);",
      /^DDX1022 .* only when it is not written, and 'this\.k' is written at line 2/],
    ['a method used as a value', "function f(x: number) { const m = { k: 2, e(v: number) { return this.k * v; } }; const e = m.e; return e(x); }\nexport const d = derivative(f, 1.2);",
      /^DDX1022 .* 'm\.e' is used as a value at line 2, where JavaScript would call it with another 'this'/],
    ['this escaping from a method', "function keep(o: unknown) { return 1; }\nfunction f(x: number) { const m = { k: 2, e(v: number) { return keep(this) * this.k * v; } }; return m.e(x); }\nexport const d = derivative(f, 1.2);",
      /^DDX1022 .* 'this' is used as a value \('keep\(this\)'\) at line 3/],
    ['an arrow member reading this', "function f(x: number) { const m = { k: 2, e: (v: number) => this.k * v }; return m.e(x); }\nexport const d = derivative(f, 1.2);",
      /^DDX1022 'm\.e' reads 'this', which in an arrow is the 'this' of the enclosing function, not the object/],
    ['a member called on another object of its type', "function f(x: number) { const m = { k: 2, e(v: number) { return this.k * v; } }; const n: typeof m = { k: 5, e(v: number) { return this.k * v * v; } }; return m.e(x) + n.e(x); }\nexport const d = derivative(f, 1.2);",
      /^DDX1022 'n\.e' is the member function of the object 'm' declared in a function, and 'n' is not known to be that object/],
    ['a method called through call', "function f(x: number) { const m = { k: 2, e(v: number) { return this.k * v; } }; return m.e.call(m, x); }\nexport const d = derivative(f, 1.2);",
      /^DDX1022 .* 'm\.e' is used as a value at line 2/],
    ['given to a verb in the function that makes it', "export function main(a: number) { const m = { k: a, e(v: number) { return this.k * v * v; } }; return derivative(m.e, 3); }",
      /^DDX1018 derivative cannot compile 'm\.e': 'm\.e' is a member function of an object made in a function, compiled where it is called on its object \(m\.e\(…\)\) in that function; give the verb an arrow that calls it, \(x\) => m\.e\(x\)/],
    ['a let object', "function f(x: number) { let m = { k: 2, e(v: number) { return this.k * v; } }; return m.e(x); }\nexport const d = derivative(f, 1.2);",
      /^DDX1022 .* only when it is held by a const; declare it const m = \{ … \}/],
  ];
  it.each(cases)('%s', (_, source, message) => {
    const [d, ...rest] = diagnosticsOf(source);
    expect(rest).toEqual([]);
    expect(d).toMatch(message);
  });
});
