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
