/**
 * packages/transform/README.md's accepted-language table cannot rot: every row's example is
 * compiled as a module of its own. An accepted row's "Checked" cell, `verb(f, x)` = `value`, is
 * compiled (the call site rewritten, not left to the run-time engine), run in inline and dual mode
 * (reverse mode too where the call asks for it) and compared with the
 * value written there, a closed form the README states (not the code under test), to 1e-12
 * relative. A refused row must give the diagnostic code its row names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const readme = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');
const file = '/project/src/table.ts';
const head = "import { defineFunction, derivative, secondDerivative, gradient, jacobian, hessian, jvp, vjp, hvp, valueAndGradient, valueGradientHessian } from '@ddx/dual';\n";

/** The rows of the table between `<!-- name:start -->` and `<!-- name:end -->`, as cells. */
function rows(name: string): string[][] {
  const start = readme.indexOf(`<!-- ${name}:start -->`), end = readme.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`README.md has no table marked ${name}`);
  const lines = readme.slice(start, end).split('\n').filter((l) => l.startsWith('|')).slice(2);
  return lines.map((l) => l.slice(1, l.lastIndexOf('|')).split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, '|').trim()));
}

/** The code spans of a cell. */
const spans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** Every number of a result tree, with its path. */
function leaves(x: unknown, at = ''): [string, unknown][] {
  if (Array.isArray(x)) return x.flatMap((v, i) => leaves(v, `${at}[${i}]`));
  if (x && typeof x === 'object') return Object.entries(x).sort(([a], [b]) => a.localeCompare(b)).flatMap(([k, v]) => leaves(v, `${at}.${k}`));
  return [[at, x]];
}

const accepted = rows('accepted-language');
const refused = rows('refused-language');

describe("the README's accepted-language table", () => {
  it('has the rows the issue lists', () => {
    expect(accepted.length).toBeGreaterThanOrEqual(25);
    expect(refused.length).toBeGreaterThanOrEqual(5);
  });
  it("links rows only to the README's own headings", () => {
    // GitHub's anchors: lower case, punctuation but hyphens dropped, spaces as hyphens.
    const anchors = new Set([...readme.matchAll(/^#+ (.*)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-')));
    const table = readme.slice(readme.indexOf('<!-- accepted-language:start -->'), readme.indexOf('<!-- refused-language:end -->'));
    const links = [...table.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });
  for (const [construct, example, checked] of accepted) {
    const [code] = spans(example!);
    const [call, value] = spans(checked!);
    const modes: EmitMode[] = ['inline', 'dual'];
    it.each(modes)(`${construct}: ${call} = ${value} (%s mode)`, async (mode) => {
      expect(code && call && value, `row '${construct}' needs an example and a check \`call\` = \`value\``).toBeTruthy();
      const source = `${head}${code}\nexport const got = ${call};\nexport const want = ${value};\n`;
      const result = transform(source, file, { mode });
      expect(result.diagnostics.filter((d) => d.severity !== 'warning').map((d) => `${d.code} ${d.message}`)).toEqual([]);
      // Compiled, not left to the run-time engine: the call site is rewritten.
      expect(result.code).not.toContain(`export const got = ${call};`);
      const m = await run(result.code);
      const got = leaves(m.got), want = leaves(m.want);
      expect(got.map(([p]) => p)).toEqual(want.map(([p]) => p));
      got.forEach(([p, g], i) => {
        const w = want[i]![1] as number;
        expect(typeof g, p).toBe('number');
        expect(Math.abs((g as number) - w), `${p}: ${String(g)} vs ${w}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w)));
      });
    });
  }
  for (const [construct, example, diagnostic] of refused) {
    const [code] = spans(example!);
    const [want] = spans(diagnostic!);
    it(`refuses ${construct} with ${want}`, () => {
      const result = transform(head + code + '\n', file, { mode: 'inline' });
      expect(result.diagnostics.map((d) => d.code)).toContain(want);
    });
  }
});
