/**
 * The npm corpus (test/corpus/): numeric functions of public packages, differentiated through the
 * esbuild plugin with every verb that fits, checked against closed forms or mpmath derivatives
 * (special functions, the packages' own formulas) computed outside ddx. The rejections are
 * exactly those of corpus/rejected.ts, and packages/transform/CORPUS.md states the figures of
 * this very run.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockingConstruct, compileCorpus, compileEntry, type Outcome } from './corpus/compile.js';
import { mismatches } from './corpus/check.js';
import { entries, type Entry } from './corpus/entries.js';
import { checkStencil } from './corpus/oracle.js';
import { rejected } from './corpus/rejected.js';
import { renderReport, reportPath } from './corpus/report.js';

type Module = { f: (x: never) => unknown; results: () => Record<string, unknown[]> };
const load = (file: string): Promise<Module> => import(pathToFileURL(file).href) as Promise<Module>;

let outcomes: Outcome[] = [];
// Compiling the entries took over 120 s at a load of 25 on two cores (the limit was 120 s).
beforeAll(async () => {
  outcomes = await compileCorpus(entries);
}, 600_000);

describe('the npm corpus', () => {
  it('holds at least 60 functions of at least 8 packages, each once', () => {
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(entries.length).toBeGreaterThanOrEqual(60);
    expect(new Set(entries.map((e) => e.pkg)).size).toBeGreaterThanOrEqual(8);
  });

  it('has sound oracles: no stencil straddles a kink, every closed form agrees with the package', async () => {
    const problems: string[] = [];
    for (const o of outcomes) {
      const { f } = await load(o.source);
      for (const point of o.entry.points) problems.push(...checkStencil(o.entry, f, point));
    }
    expect(problems).toEqual([]);
  });

  it('checks every compiled entry against references computed outside ddx, not finite differences alone', () => {
    const unreferenced = outcomes.filter((o) => o.status === 'compiled' && !o.entry.oracle).map((o) => o.entry.id);
    expect(unreferenced, 'give these a closed form in entries.ts or a formula in formula-reference.py').toEqual([]);
  });

  it('rejects exactly the entries of corpus/rejected.ts, for the recorded reasons', () => {
    const problems: string[] = [];
    for (const o of outcomes) {
      const listed = rejected[o.entry.id];
      if (o.status === 'compiled') {
        if (listed) problems.push(`${o.entry.id} now compiles: remove it from test/corpus/rejected.ts (it moves to the compiled functions) and run \`pnpm corpus\` to update ${reportPath}`);
        continue;
      }
      const [d] = o.diagnostics;
      const actual = [d.code, blockingConstruct(d)] as const;
      if (!listed) problems.push(`${o.entry.id} is rejected but not listed in test/corpus/rejected.ts: ${d.code} ${d.message}`);
      else if (listed[0] !== actual[0] || listed[1] !== actual[1]) {
        problems.push(`${o.entry.id} is rejected with ${actual.join(' / ')}, but test/corpus/rejected.ts records ${listed.join(' / ')}: update it (${d.message})`);
      }
    }
    for (const id of Object.keys(rejected)) if (!entries.some((e) => e.id === id)) problems.push(`test/corpus/rejected.ts lists ${id}, which is not an entry`);
    expect(problems).toEqual([]);
  });

  it('gives every compiled entry the derivatives of its oracle, with every verb at every point', async () => {
    const problems: string[] = [];
    for (const o of outcomes) {
      if (o.status !== 'compiled') continue;
      const { f } = await load(o.source);
      problems.push(...mismatches(o.entry, f, (await load(o.bundle)).results()));
    }
    expect(problems).toEqual([]);
  });

  it(`states the figures of this run in ${reportPath} (\`pnpm corpus\` rewrites it)`, () => {
    const written = readFileSync(resolve(import.meta.dirname, '..', reportPath), 'utf8');
    expect(written, `${reportPath} is not current: run \`pnpm corpus\``).toBe(renderReport(outcomes));
  });
});

// The same pipeline on functions of this module's own kind (no package), so that the comparison
// above is known to work before any package function compiles: a wrong oracle or a misread
// result would fail here.
describe('the corpus pipeline', () => {
  const controls: Entry[] = [
    { id: 'control/x·sin x', pkg: 'control', imports: '', f: '(x: number) => x * Math.sin(x)', shape: 'scalar', points: [0.3, 2],
      d1: ((x: number) => Math.sin(x) + x * Math.cos(x)) as (x: never) => number, d2: ((x: number) => 2 * Math.cos(x) - x * Math.sin(x)) as (x: never) => number },
    { id: 'control/x²y', pkg: 'control', imports: '', f: '(v: number[]) => v[0] * v[0] * v[1]', shape: 'vector', points: [[1, 2], [-0.5, 3]] },
    { id: 'control/polar', pkg: 'control', imports: '', f: '(v: number[]) => [v[0] * Math.cos(v[1]), v[0] * Math.sin(v[1])]', shape: 'vector-valued', points: [[2, 0.5]] },
  ];

  it.each(controls)('compiles and checks $id', async (entry) => {
    const o = await compileEntry(entry);
    expect(o.status).toBe('compiled');
    if (o.status !== 'compiled') return;
    const { f } = await load(o.source);
    const { results } = await load(o.bundle);
    expect(mismatches(entry, f, results())).toEqual([]);
    // A wrong result is caught.
    const wrong = results();
    const [verb] = Object.keys(wrong);
    wrong[verb][0] = JSON.parse(JSON.stringify(wrong[verb][0]).replace(/\d/, (d) => String((Number(d) + 1) % 10)));
    expect(mismatches(entry, f, wrong).length).toBeGreaterThan(0);
  }, 60_000);
});
