/**
 * DDX1019 is decided in analysis, from a bound on the locals inline mode's tangent code declares
 * (analyze/inlineSize.ts). The bound must hold: over every golden fixture and every fuzz fixture,
 * each function inline mode emits declares no more locals of its own than the bound allows,
 * counted independently in the emitted code (its parameters and declarations, parsed back).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { inlineSizes } from '../src/emit/forward/context.js';
import { transform } from '../src/index.js';
import { fuzzFixturesDir } from '../fuzz/fixtures.js';
import { listFixtures } from './fixtures.js';

const readFile = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** Every name a generated function declares: its parameters and its variables, by function name. */
function declaredLocals(code: string): Map<string, Set<string>> {
  const sf = ts.createSourceFile('out.ts', code, ts.ScriptTarget.ES2022, true);
  const byFunction = new Map<string, Set<string>>();
  const bind = (n: ts.BindingName, into: Set<string>): void => {
    if (ts.isIdentifier(n)) into.add(n.text);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bind(el.name, into);
  };
  const collect = (node: ts.Node, into: Set<string>): void => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node)) bind(node.name, into);
    ts.forEachChild(node, (c) => collect(c, into));
  };
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name) {
      const names = new Set<string>();
      collect(s, names);
      byFunction.set(s.name.text, names);
    }
  }
  return byFunction;
}

interface Source { name: string; file: string }

const sources: Source[] = [
  ...listFixtures().map((f) => ({ name: `fixture ${f.name}`, file: path.join(f.dir, 'input.ts') })),
  ...fs.readdirSync(fuzzFixturesDir, { withFileTypes: true }).filter((d) => d.isDirectory())
    .map((d) => ({ name: `fuzz fixture ${d.name}`, file: path.join(fuzzFixturesDir, d.name, 'main.ts') }))
    .filter((s) => fs.existsSync(s.file)),
];

describe('the bound on inline mode locals (DDX1019)', () => {
  let bound = 0, declared = 0, functions = 0;
  it.each(sources)('$name: every emitted function declares no more locals than its bound', ({ file }) => {
    const seen: { name: string; usedNames: ReadonlySet<string>; bound: number }[] = [];
    inlineSizes.observe = (e) => seen.push({ name: e.name, usedNames: e.fn.usedNames, bound: e.bound });
    let code: string;
    try {
      code = transform(fs.readFileSync(file, 'utf8'), file, { mode: 'inline', readFile }).code;
    } finally {
      inlineSizes.observe = undefined;
    }
    const locals = declaredLocals(code);
    for (const e of seen) {
      const own = [...(locals.get(e.name) ?? [])].filter((n) => !e.usedNames.has(n));
      expect(locals.has(e.name), e.name).toBe(true);
      expect(own.length, e.name).toBeLessThanOrEqual(e.bound);
      bound += e.bound;
      declared += own.length;
      functions++;
    }
  });

  it('is counted over many functions, and is not loose past use', () => {
    expect(functions).toBeGreaterThan(100);
    // A bound many times the locals would reject functions far from overflowing the frame.
    expect(bound).toBeLessThan(1.5 * declared);
  });
});
