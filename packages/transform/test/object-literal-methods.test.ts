/**
 * Methods of a module-level const object literal that read `this` (issue 14): `this.k`, `this.w[i]`
 * and `this.energy(r)` in `const model = { k: 2, energy(r) { return this.k * r * r; } }` compile
 * where `this` is known to be the object — called on it (`model.energy(r)`), from another of its
 * methods (`this.energy(r)`), or given to a verb (`derivative(model.energy, r)`, compiled as bound,
 * as a class's method taken from an instance is) — and the fields read are constant data
 * (moduleArrays.ts: the object never written, also not through `this`). Everything else is refused,
 * naming why. Derivatives against closed forms:
 *   E(r) = k r² + c sin r,  E' = 2k r + c cos r,  E'' = 2k − c sin r  (k = 2, c = 0.5);
 *   T(r) = 2 E(r) + k,  T' = 2 E';
 *   L(x) = Σ wᵢ xᵢ² + (Σ w) x₀ + 3 x₁ (w = [1, 2, 3]),  ∇L = (2w₀x₀ + 6, 2w₁x₁ + 3, 2w₂x₂),  ∇²L = diag(2w).
 * A class's static method reading `this` is the same with the class as the object (`this.k` a
 * static field of constant data):
 *   S.e(r) = k r² + w₁ r + Σ w  (k = 2, w = [1, 3]),  e' = 2k r + w₁,  e'' = 2k;  S.t(r) = 2 S.e(r).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const file = '/project/src/main.ts';
const head = "import { derivative, secondDerivative, valueAndDerivative, gradient, hessian, hvp, jvp, vjp, jacobian } from '@ddx/dual';\n";

async function compiled(source: string, mode: EmitMode, files: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const r = transform(head + source, file, { mode, readFile: (f) => files[f], resolve: (spec) => Object.keys(files).find((f) => spec === `./${f.split('/').pop()!.replace(/\.ts$/, '.js')}`) });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  const siblings = Object.fromEntries(Object.entries(files).map(([f, s]) => [f.split('/').pop()!, s]));
  return run(r.code, siblings);
}

const diagnosticsOf = (source: string): string[] =>
  transform(head + source, file, { readFile: () => undefined }).diagnostics.map((d) => `${d.code} ${d.message}`);

const model = `const model = {
  k: 2,
  c: 0.5,
  energy(r: number) { return this.k * r * r + this.c * Math.sin(r); },
  twice(r: number) { return 2 * this.energy(r) + this.k; },
};
`;
const k = 2, c = 0.5;
const dE = (r: number) => 2 * k * r + c * Math.cos(r);
const d2E = (r: number) => 2 * k - c * Math.sin(r);
const close = closeWithin(1e-14);
const allClose = (got: unknown, want: number[]) => {
  expect((got as number[]).length).toBe(want.length);
  want.forEach((w, i) => close((got as number[])[i], w));
};

describe.each(['inline', 'dual'] as EmitMode[])('%s mode', (mode) => {
  it('this.k and this.energy(r): called on the object, given to a verb, every verb, forward and reverse', async () => {
    const m = await compiled(`${model}
export const d = derivative((r: number) => model.energy(r), 1.2);
export const bound = derivative(model.energy, 1.2);
export const d2 = secondDerivative(model.energy, 1.2);
export const vd = valueAndDerivative(model.energy, 1.2);
export const t = derivative(model.twice, 1.2);
export const ta = derivative((r: number) => model.twice(r), 1.2);
export const gf = gradient((p: number[]) => model.energy(p[0]) + p[1], [1, 2], { mode: 'forward' });
export const gr = gradient((p: number[]) => model.energy(p[0]) + p[1], [1, 2], { mode: 'reverse' });
export const h = hessian((p: number[]) => model.energy(p[0]) * p[1], [1, 2]);
export const hr = hvp((p: number[]) => model.energy(p[0]) * p[1], [1, 2], [1, 0], { mode: 'reverse' });
export const jv = jvp((p: number[]) => model.twice(p[0]) * p[1], [1, 2], [0, 1]);
export const jf = jacobian((p: number[]) => [model.energy(p[0]), p[1] * model.k], [1, 2], { mode: 'forward' });
export const jr = jacobian((p: number[]) => [model.energy(p[0]), p[1] * model.k], [1, 2], { mode: 'reverse' });
export const vj = vjp((p: number[]) => [model.energy(p[0]), p[1] * model.k], [1, 2], [1, 1]);
`, mode);
    for (const d of [m.d, m.bound]) close(d, dE(1.2));
    close(m.d2, d2E(1.2));
    close((m.vd as { value: number }).value, k * 1.44 + c * Math.sin(1.2));
    close((m.vd as { derivative: number }).derivative, dE(1.2));
    for (const t of [m.t, m.ta]) close(t, 2 * dE(1.2));
    for (const g of [m.gf, m.gr]) allClose(g, [dE(1), 1]);
    // ∇²(E(p₀) p₁) = [[E''(p₀) p₁, E'(p₀)], [E'(p₀), 0]]
    const H = [[d2E(1) * 2, dE(1)], [dE(1), 0]];
    (m.h as number[][]).forEach((row, i) => allClose(row, H[i]!));
    allClose(m.hr, [H[0]![0]!, H[1]![0]!]);
    // ∂/∂p₁ (T(p₀) p₁) = T(p₀) = 2 E(1) + k
    close(m.jv, 2 * (k + c * Math.sin(1)) + k);
    for (const J of [m.jf, m.jr]) (J as number[][]).forEach((row, i) => allClose(row, [[dE(1), 0], [0, k]][i]!));
    allClose(m.vj, [dE(1), k]);
  });

  it('an array field read through this (by index, for…of, length), a nested arrow and a function-valued property', async () => {
    const m = await compiled(`const m2 = {
  w: [1, 2, 3],
  loss(x: number[]) {
    let s = 0;
    for (let i = 0; i < 3; i++) s += this.w[i] * x[i] ** 2;
    for (const v of this.w) s += v * x[0];
    return s + this.w.length * x[1];
  },
  inner(x: number) { const g = (t: number) => this.w[2] * t * t; return g(x) + g(1); },
  scale: function (x: number) { return this.w[1] * x; },
};
export const g = gradient((x: number[]) => m2.loss(x), [1, 2, 3]);
export const gr = gradient(m2.loss, [1, 2, 3], { mode: 'reverse' });
export const h = hessian(m2.loss, [1, 2, 3]);
export const d = derivative(m2.inner, 2);
export const s = derivative((x: number) => m2.scale(x) * x, 3);
`, mode);
    for (const g of [m.g, m.gr]) expect(g).toEqual([2 * 1 + 6, 2 * 2 * 2 + 3, 2 * 3 * 3]);
    expect(m.h).toEqual([[2, 0, 0], [0, 4, 0], [0, 0, 6]]);
    // 3x² + 3: 6x
    expect(m.d).toBe(12);
    // 2x²: 4x
    expect(m.s).toBe(12);
  });

  it('typeof on a field where the checker narrowed it to never: after a return on typeof, and in the right of && (fuzz seeds 19789 run 1353, 7600 run 1627)', async () => {
    // f(r) = k r² + c r + w₁ r (k = 2, c = 0.5, w = [1, 3]): f' = 2k r + c + w₁; S.e(r) = k r²: 2k r.
    const m = await compiled(`const tm = {
  k: 2,
  c: 0.5,
  w: [1, 3],
  run(r: number): number {
    let i = 0;
    do {
      i++;
      if (typeof this.k === 'number') return this.k * r * r + ((typeof this.c !== 'number' && typeof this.c !== 'number') ? 9 : this.c) * r + this.tail(r);
    } while (i < 2);
    return (typeof this.k !== 'number' ? this.c : r) * r;
  },
  tail(r: number) { return ((typeof this.w !== 'object' && typeof this.w !== 'object') ? 9 : this.w[1]) * r; },
  plain: function (r: number): number { return ((typeof this.k !== 'number' && typeof this.k !== 'number') ? 9 : this.k) * r * r; },
};
class T { static k = 2; static e(r: number) { return ((typeof this.k !== 'number' && typeof this.k !== 'number') ? 9 : this.k) * r * r; } }
export const d = derivative((r: number) => tm.run(r), 1.2);
export const bound = derivative(tm.run, 1.2);
export const p = derivative((r: number) => tm.plain(r), 1.2);
export const s = derivative((r: number) => T.e(r), 1.2);
export const gr = gradient((x: number[]) => tm.run(x[0]) * x[1] + T.e(x[1]), [1.2, 2], { mode: 'reverse' });
`, mode);
    const f = (r: number) => k * r * r + c * r + 3 * r, df = (r: number) => 2 * k * r + c + 3;
    for (const d of [m.d, m.bound]) close(d, df(1.2));
    for (const d of [m.p, m.s]) close(d, 2 * k * 1.2);
    allClose(m.gr, [df(1.2) * 2, f(1.2) + 2 * k * 2]);
  });

  it('a method called through a const alias of its object (const m = model), in the function and at module level, also of a class', async () => {
    const m = await compiled(`${model}
const alias = model;
class S { static k = 2; static e(r: number) { return this.k * r * r; } }
const T = S;
export const d = derivative((r: number) => { const m = model; return m.energy(r); }, 1.2);
export const top = derivative((r: number) => alias.energy(r), 1.2);
export const chain = derivative((r: number) => { const n = (alias); return n.twice(r) + n.k * r; }, 1.2);
export const bound = derivative(alias.energy, 1.2);
export const s = derivative((r: number) => T.e(r), 1.2);
export const gr = gradient((x: number[]) => alias.energy(x[0]) * x[1], [1.2, 2], { mode: 'reverse' });
`, mode);
    for (const d of [m.d, m.top, m.bound]) close(d, dE(1.2));
    // (2 E(r) + k + k r)' = 2 E'(r) + k
    close(m.chain, 2 * dE(1.2) + k);
    // (k r²)' = 2k r
    close(m.s, 2 * k * 1.2);
    allClose(m.gr, [dE(1.2) * 2, k * 1.44 + c * Math.sin(1.2)]);
  });

  it('an object exported as const, its method read from another module; a field given an imported constant', async () => {
    const files = {
      '/project/src/spring.ts': "import { K } from './constants.js';\nexport const spring = { k: K, energy(r: number) { return 0.5 * this.k * r * r; } } as const;\n",
      '/project/src/constants.ts': 'export const K = 3;\n',
    };
    const m = await compiled(`import { spring } from './spring.js';
import { K } from './constants.js';
const local = { k: 2 * K, w: [K, 1], f(x: number) { return this.k * x * x + this.w[0] * x; } };
export const d = derivative(spring.energy, 2);
export const e = derivative((r: number) => spring.energy(r) * r, 2);
export const l = derivative(local.f, 2);
`, mode, files);
    // k r: 6; (k r³ / 2)' = 3 k r² / 2: 18
    expect(m.d).toBe(6);
    expect(m.e).toBe(18);
    // 6x² + 3x: 12x + 3
    expect(m.l).toBe(27);
  });
});

const statics = `class S {
  static k = 2;
  static readonly w = [1, 3];
  static e(r: number) { let s = 0; for (const v of this.w) s += v; return this.k * r * r + this.w[1] * r + s; }
  static t(r: number) { return 2 * this.e(r); }
  static plain(r: number) { return S.k * r * r * r; }
  static make() { return new this(); }
  a = 1;
}
const made = new S();
`;
const de = (r: number) => 2 * k * r + 3;

describe.each(['inline', 'dual'] as EmitMode[])('%s mode, a static method reading this', (mode) => {
  it('this.k, this.w and this.e(r): called on the class, given to a verb, every verb, forward and reverse', async () => {
    const m = await compiled(`${statics}
export const d = derivative((r: number) => S.e(r), 1.2);
export const bound = derivative(S.e, 1.2);
export const d2 = secondDerivative(S.t, 1.2);
export const p = derivative((r: number) => S.plain(r) + S.k * r, 1.2);
export const gf = gradient((q: number[]) => S.t(q[0]) * q[1], [1, 2], { mode: 'forward' });
export const gr = gradient((q: number[]) => S.t(q[0]) * q[1], [1, 2], { mode: 'reverse' });
export const h = hessian((q: number[]) => S.e(q[0]) * q[1], [1, 2]);
export const jr = jacobian((q: number[]) => [S.e(q[0]), q[1] * S.k], [1, 2], { mode: 'reverse' });
`, mode);
    for (const d of [m.d, m.bound]) close(d, de(1.2));
    close(m.d2, 2 * 2 * k);
    // 3k r² + k: 3 · 2 · 1.44 + 2
    close(m.p, 3 * k * 1.44 + k);
    // ∇(2 e(q₀) q₁) = (2 e'(q₀) q₁, 2 e(q₀)), e(1) = k + 3 + 4
    for (const g of [m.gf, m.gr]) allClose(g, [2 * de(1) * 2, 2 * (k + 3 + 4)]);
    const H = [[2 * k * 2, de(1)], [de(1), 0]];
    (m.h as number[][]).forEach((row, i) => allClose(row, H[i]!));
    (m.jr as number[][]).forEach((row, i) => allClose(row, [[de(1), 0], [0, k]][i]!));
  });
});

describe('refused where this may not be the object, or the object may change', () => {
  const cases: [string, string, RegExp][] = [
    ['a field assigned anywhere', `${model}model.k = 3;\nexport const d = derivative((r: number) => model.energy(r), 1.2);`,
      /^DDX1051 'model' .* is not constant data: its field 'k' written \('model\.k = 3'\) at line 8/],
    ['a field assigned through this in another method', "const m = { k: 2, f(x: number) { return this.k * x; }, set(v: number) { this.k = v; } };\nexport const d = derivative((r: number) => m.f(r), 1.2);",
      /^DDX1051 'm' .* its field 'k' written \('this\.k = v'\) at line 2, through 'this' in its member 'set'/],
    ['an array field written through this', "const m = { w: [1, 2], f(x: number) { return this.w[0] * x * x; }, bump() { this.w[0] = 5; } };\nexport const d = derivative((r: number) => m.f(r), 1.2);",
      /^DDX1051 'm' .* an element written \('this\.w\[0\] = 5'\) at line 2, through 'this' in its member 'bump'/],
    ['passed as a function value, where JavaScript calls it with this undefined', `${model}function sum2(f: (x: number) => number, a: number) { return f(a) + f(a + 1); }\nexport const d = derivative((r: number) => sum2(model.energy, r), 1.2);`,
      /^DDX1030 .*'model\.energy' reads 'this', which is its object only where it is called on it; JavaScript calls it with 'this' undefined/],
    ['called on another object of its type', `${model}function g(o: typeof model, r: number) { return o.energy(r); }\nexport const d = derivative((r: number) => g({ k: 5, c: 1, energy: model.energy, twice: model.twice }, r), 1.2);`,
      /^DDX1006 cannot compile the call of 'o\.energy': 'model\.energy' reads 'this', and here it is read from 'o', which the transform cannot prove is 'model'/],
    ['a member written through a const alias', `${model}const m = model;\nm.energy = (r: number) => r;\nexport const d = derivative((r: number) => model.energy(r), 1.2);`,
      /^DDX1006 .*'model\.energy' cannot be proved to hold the function it is declared as: 'm\.energy' is written at line 9/],
    ['a const alias passed on', `${model}function keep(o: unknown) { return o; }\nconst m = model;\nkeep(m);\nexport const d = derivative((r: number) => model.energy(r), 1.2);`,
      /^DDX1006 .*'m' \(another name of 'model'\) is used at line 10 as a value/],
    ['a const alias exported', `${model}export const m = model;\nexport const d = derivative((r: number) => model.energy(r), 1.2);`,
      /^DDX1006 .*'model' is exported as 'm' at line 8, and a module importing it could assign its member/],
    ['called through a let alias', `${model}export const d = derivative((r: number) => { let m = model; return m.energy(r); }, 1.2);`,
      /^DDX1006 cannot compile the call of 'm\.energy': 'model\.energy' reads 'this', and here it is read from 'm', which the transform cannot prove is 'model'/],
    ['this escaping from a method', "function keep(o: { f(x: number): number }) { return o; }\nconst m = { k: 2, f(x: number) { return this.k * x * x; }, g() { return keep(this); } };\nexport const d = derivative((r: number) => m.f(r), 1.2);",
      /^DDX1006 .*'this' is used as a value \('keep\(this\)'\) at line 3, where its member could be replaced/],
    ['an arrow-valued member reading this', "const m = { k: 2, f: (x: number) => this.k * x * x };\nexport const d = derivative((r: number) => m.f(r), 1.2);",
      /^DDX1006 .*'m\.f' reads 'this', which in an arrow is the 'this' of the module, not the object/],
    ['an object exported without as const', "export const m = { k: 2, f(x: number) { return this.k * x * x; } };\nexport const d = derivative(m.f, 1.2);",
      /^DDX1018 .*'m' is exported, and a module importing it could assign its member/],
    ['a let object', "let m = { k: 2, f(x: number) { return this.k * x * x; } };\nexport const d = derivative((r: number) => m.f(r), 1.2);",
      /^DDX1006 .*compiled only when the object is a module-level const/],
    ['a static field written through this in another static method', "class S { static k = 2; static e(r: number) { return this.k * r; } static set(v: number) { this.k = v; } }\nexport const d = derivative((r: number) => S.e(r), 1.2);",
      /^DDX1051 'S' .* its field 'k' written \('this\.k = v'\) at line 2, through 'this' in its member 'set'/],
    ['a static field written in a static block', "class S { static k = 2; static { this.k = 4; } static e(r: number) { return this.k * r; } }\nexport const d = derivative((r: number) => S.e(r), 1.2);",
      /^DDX1051 'S' .* its field 'k' written \('this\.k = 4'\) at line 2, through 'this' in its member 'static \{…\}'/],
    ['a static field written by name', "class S { static k = 2; static e(r: number) { return this.k * r; } }\nS.k = 3;\nexport const d = derivative((r: number) => S.e(r), 1.2);",
      /^DDX1051 'S' .* its field 'k' written \('S\.k = 3'\) at line 3/],
    ['a class reached from an instance', "class S { static k = 2; static e(r: number) { return this.k * r; } bump() { (this.constructor as typeof S).k = 3; } }\nexport const d = derivative((r: number) => S.e(r), 1.2);",
      /^DDX1051 'S' .* 'this\.constructor' at line 2 may reach the class from an instance/],
    ['a static method called on a subclass', "class S { static k = 2; static e(r: number) { return this.k * r; } }\nclass T extends S { static k = 5; }\nexport const d = derivative((r: number) => T.e(r), 1.2);",
      /^DDX1006 cannot compile the call of 'T\.e': the static method 'S\.e' reads 'this', and here it is read from 'T', which the transform cannot prove is 'S'/],
    ['a static method passed as a function value', "function sum2(f: (x: number) => number, a: number) { return f(a) + f(a + 1); }\nclass S { static k = 2; static e(r: number) { return this.k * r; } }\nexport const d = derivative((r: number) => sum2(S.e, r), 1.2);",
      /^DDX1030 .*the static method 'S\.e' reads 'this', which is its object only where it is called on it/],
    ['this escaping from a static method', "function keep(o: unknown) { return o; }\nclass S { static k = 2; static e(r: number) { keep(this); return this.k * r; } }\nexport const d = derivative((r: number) => S.e(r), 1.2);",
      /^DDX1006 .*'this' is used as a value \('keep\(this\)'\) at line 3, where its member could be replaced/],
  ];
  it.each(cases)('%s', (_, source, message) => {
    const [d, ...rest] = diagnosticsOf(source);
    expect(rest).toEqual([]);
    expect(d).toMatch(message);
  });
});
