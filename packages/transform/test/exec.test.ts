/**
 * Exec tests: every fixture's generated code is run. The inline output must agree with the
 * dual-mode output (the run-time engine of @ddx/dual evaluating the ops rewrite) within the issue's
 * tolerance (close.ts's modeDifferences: a gradient without `{ mode }` may be compiled in reverse
 * mode, which sums in another order); the Math functions' derivatives, forward mode in both, to the
 * last bit, and against the 25-digit reference derivatives.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { listFixtures, sameNumber, transformFixture } from './fixtures.js';
import { run, siblingsOf } from './run.js';
import { modeDifferences } from './close.js';

/** Compares two result trees number by number; returns the paths that differ. */
function differences(a: unknown, b: unknown, at = 'results'): string[] {
  if (typeof a === 'number' && typeof b === 'number') return sameNumber(a, b) ? [] : [`${at}: ${a} vs ${b}`];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at}: length ${a.length} vs ${b.length}`];
    return a.flatMap((x, i) => differences(x, b[i], `${at}[${i}]`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`));
  }
  return [`${at}: ${String(a)} vs ${String(b)}`];
}

/** Every number in a result tree. */
function numbers(x: unknown): number[] {
  if (typeof x === 'number') return [x];
  if (Array.isArray(x)) return x.flatMap(numbers);
  if (x && typeof x === 'object') return Object.values(x).flatMap(numbers);
  return [];
}

describe('fixtures run: inline ≡ dual mode (run-time engine)', () => {
  for (const fixture of listFixtures()) {
    it(fixture.name, async () => {
      const out: Record<EmitMode, Record<string, unknown>> = {} as never;
      for (const mode of ['inline', 'dual'] as const) {
        const r = transformFixture(fixture, mode);
        expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
        expect(r.code).not.toMatch(/\beval\b|\bFunction\(/);
        out[mode] = await run(r.code, siblingsOf(fixture.dir));
      }
      expect(out.inline.results).toBeDefined();
      expect(numbers(out.inline.results).length).toBeGreaterThan(0);
      expect(modeDifferences(out.inline.results, out.dual.results)).toEqual([]);
      // A fixture may state exact expectations (closed forms) as `expected`, checked to 1e-14.
      if (out.inline.expected !== undefined) {
        const got = numbers(out.inline.results);
        const want = numbers(out.inline.expected);
        expect(got.length).toBe(want.length);
        got.forEach((g, i) => {
          if (!Number.isFinite(want[i])) expect(g).toBe(want[i]);
          else expect(Math.abs(g - want[i])).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(want[i])));
        });
      }
    });
  }
});

interface Reference { fn: string; x: string; f: string; df: string; d2f: string }
const reference = JSON.parse(fs.readFileSync(new URL('../../../test/vectors/reference-derivatives.json', import.meta.url), 'utf8')) as { unary: Reference[] };

describe('every Math function against the 25-digit references', () => {
  const byFn = new Map<string, Reference[]>();
  for (const r of reference.unary) byFn.set(r.fn, [...(byFn.get(r.fn) ?? []), r]);
  for (const [fn, all] of byFn) {
    // Rows outside the real domain (mpmath's complex principal values) do not apply.
    const rows = all.filter((r) => ![r.f, r.df, r.d2f].some((v) => v.includes('j')));
    it(`Math.${fn}: f' and f'' within 1e-14 relative, both modes`, async () => {
      const points = rows.map((r) => r.x).join(', ');
      const code = "import { valueAndDerivatives, derivative } from '@ddx/dual';\n" +
        `function f(x: number): number { return Math.${fn}(x); }\n` +
        `export const results = [${points}].map((x) => ({ d: derivative(f, x), all: valueAndDerivatives(f, x) }));\n`;
      const got: Record<string, { d: number; all: { value: number; first: number; second: number } }[]> = {};
      for (const mode of ['inline', 'dual'] as const) {
        const r = transform(code, `/virtual/${fn}.ts`, { mode });
        expect(r.diagnostics).toEqual([]);
        got[mode] = (await run(r.code)).results as never;
      }
      expect(differences(got.inline, got.dual)).toEqual([]);
      rows.forEach((row, i) => {
        const { d, all } = got.inline[i];
        // 1e-14 relative; values below 1e-16 (tanh' at 20, acos'' at 0) are rounding-level zeros.
        const close = (a: number, want: number): void => {
          expect(Math.abs(a - want)).toBeLessThanOrEqual(Math.max(1e-14 * Math.abs(want), 1e-16));
        };
        close(all.value, Number(row.f));
        close(d, Number(row.df));
        close(all.first, Number(row.df));
        close(all.second, Number(row.d2f));
      });
    });
  }
});
