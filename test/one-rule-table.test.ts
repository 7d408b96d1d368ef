/**
 * rules.ts is the only file that states a derivative formula of several arguments, or the chain
 * rule that applies them. The engine
 * (packages/dual/src) and every backend (packages/transform/src) apply its rows; this test looks
 * in their sources for the shapes those formulas took when they were written out by hand, and
 * fails if one reappears. Each shape is first shown to catch the hand-written line it was taken
 * from, so the test can fail.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

/** A formula's shape, and a hand-written line (engine or emitter, as it was) that it must catch. */
const shapes: { rule: string; shape: RegExp; caught: string[] }[] = [
  {
    rule: 'atan2: r² = x² + y²',
    shape: /add\(\s*(?:C\.)?mul\((\w+), \1\), (?:C\.)?mul\((\w+), \2\)\)/,
    caught: ['const r2 = add(mul(x, x), mul(y, y));', "const r2 = cx.constant('r2', C.add(C.mul(x, x), C.mul(y, y)));"],
  },
  {
    rule: 'pow: p·x^(p-1) and p(p-1)·x^(p-2)',
    shape: /sub\(\s*\w+,\s*(?:C\.atom\(')?[12]'?\)?\)/,
    caught: ['const powDx = (x: Real, p: Real): Real => (p === 0 ? 0 : mul(p, pow(x, sub(p, 1))));', "C.mul(C.mul(p, C.sub(p, C.atom('1'))), C.binary('**', x, C.sub(p, C.atom('2'))))"],
  },
  {
    rule: 'pow: ∂p = y·ln x',
    shape: /mul\(\s*\w+,\s*(?:log\(|C\.call\([^)]*\.log)/,
    caught: ['const powDp = (x: Real, y: Real): Real => (primal(y) === 0 ? 0 : mul(y, log(x)));', "C.mul(y, C.call(`${M}.log`, [x]))"],
  },
  {
    rule: '%: ∂b = -trunc(a/b)',
    shape: /trunc\W{0,4}\s*\[?\s*(?:C\.)?div\(/,
    caught: ['return chainN([a, b], t, mod(x, m), [1, neg(trunc(div(x, m)))], () => 0);', "C.neg(C.call(`${cx.mod.global('Math')}.trunc`, [C.div(a.code, b.code)]))"],
  },
  {
    rule: 'hypot: ∂ᵢ = xᵢ/h',
    shape: /(?:C\.)?div\(\w+(?:\[\w+\])?, h\)/,
    caught: ['return chainN(args, t, h, xs.map((x) => div(x, h)), (i, j) =>', 'args.map((a) => C.div(a.code, h))'.replace('a.code', 'x')],
  },
  {
    rule: 'reciprocal: f″ = 2y³',
    shape: /mul\(\s*(\w+),\s*(?:C\.)?mul\(\1,\s*\1\)\)/,
    caught: ['d2f: (_x, y, M) => M.mul(M.constant(2), M.mul(y, M.mul(y, y))),'.replace(/M\./g, ''), "const d2 = C.mul(C.atom('2'), C.mul(r, C.mul(r, r)));"],
  },
  {
    rule: 'the product rule: (uv)′ = u·v′ + v·u′, a sum of two guarded products',
    shape: /\(\s*(\w+) === 0 \? 0 : [\w.]+ \* \1\)\s*\+\s*\(\s*(\w+) === 0 \? 0 : [\w.]+ \* \2\)|add\(\s*(?:C\.)?(?:term|guardedProduct|scale)\(\w+, \w+(?:\[\d\])?\), (?:C\.)?(?:term|guardedProduct|scale)\(/,
    caught: [
      'return new Dual(a.value * b.value, (bt === 0 ? 0 : a.value * bt) + (at === 0 ? 0 : b.value * at), a.tag);',
      'if (at.length === 1) return [C.add(term(u, bt[0]), term(v, at[0]))];',
      'return new Dual(mul(u, v), add(scale(u, bt), scale(v, at)), a.tag);',
    ],
  },
  {
    rule: 'the product rule at second order: the cross terms u₁v₂ + u₂v₁',
    shape: /cross\w*\(\s*[\w.]*?(?:e1|1|\[0\]),\s*[\w.]*?(?:e2|2|\[1\])\)\s*[,+]\s*(?:C\.)?cross\w*\(/,
    caught: [
      '(times(u, b12) + times(v, a12)) + (cross(a1, b2) + cross(a2, b1)), a.tag);',
      'C.add(C.add(term(u, bt[2]), term(v, at[2])), C.add(cross(at[0], bt[1]), cross(at[1], bt[0]))),',
      'add(add(scale(ah.value, bh.e12), scale(bh.value, ah.e12)), add(crossTerm(ah.e1, bh.e2), crossTerm(ah.e2, bh.e1))),',
    ],
  },
  {
    rule: "the quotient rule: (a/b)′ = (a′ - q·b′)/b",
    shape: /\(\s*\w+ - \(\w+ === 0 \? 0 : \w+ \* \w+\)\)\s*\/|div\(\s*sub\(\w+, scale\(|(?:C\.)?sub\(\w+\.t\[0\], \w+\)/,
    caught: [
      'return new Dual(q, at === 0 && bt === 0 ? 0 : (at - (bt === 0 ? 0 : q * bt)) / b.value, b.tag);',
      'const quotientTangent = (at: Real, bt: Real, q: Real, v: Real): Real => (at === 0 && bt === 0 ? 0 : div(sub(at, scale(q, bt)), v));',
      'const numerator = a.t ? C.sub(a.t[0], qb) : C.neg(C.mul(q, bt));',
    ],
  },
  {
    rule: 'the chain rule: y₁₂ = Σᵢ (∂ᵢf·xᵢ₁₂ + Σⱼ ∂ᵢⱼf·xᵢ₁xⱼ₂)',
    shape: /\be12\w*\s*(?:=\s*add\(\s*e12|\.push\()/,
    caught: ['    e12 = add(e12, scale(gradient[i], e12At(ai, t)));', '    e12.push(C.guardedProduct(g.get(i)!, a.t![2]));'],
  },
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('rules.ts is the only file stating a derivative formula of several arguments', () => {
  const files = [...sources(join(root, 'packages/dual/src')), ...sources(join(root, 'packages/transform/src'))]
    .filter((f) => !f.endsWith('/rules.ts'));
  it('reads the engine and the backends', () => {
    expect(files.some((f) => f.endsWith('packages/dual/src/ops.ts'))).toBe(true);
    expect(files.some((f) => f.includes('packages/transform/src/emit/'))).toBe(true);
  });
  for (const { rule, shape, caught } of shapes) {
    it(`${rule}: the shape catches the hand-written lines`, () => {
      for (const line of caught) expect(shape.test(line), line).toBe(true);
    });
    it(`${rule}: stated nowhere but rules.ts`, () => {
      const found = files.flatMap((f) => readFileSync(f, 'utf8').split('\n')
        .map((line, i) => ({ line, at: `${relative(root, f)}:${i + 1}` }))
        .filter(({ line }) => shape.test(line)));
      expect(found.map(({ at, line }) => `${at}: ${line.trim()}`)).toEqual([]);
    });
  }
});
