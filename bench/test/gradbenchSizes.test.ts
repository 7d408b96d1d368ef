// Issue 15's "at every size" (src/gradbenchSizes.ts): GradBench's sizes, the groups built per size,
// the one target per problem (met only if every size is) and the report's table — structure, not timing.
import { describe, expect, it } from 'vitest';
import { relativeError } from '../src/accuracy.js';
import { problem } from '../src/gradbench/problems.js';
import { sizedProblems, sizesPlan } from '../src/gradbenchSizes.js';
import { markdown, type Results } from '../src/report.js';
import { fullSuite, gradbenchSizeGroup, M, quickSuite } from '../src/suite.js';
import { evaluateTargets, sizedErrorLimit, type GroupResult, type SpeedRow } from '../src/targets.js';

const labels = (name: string): string[] => {
  const pb = problem(name)!;
  return pb.sizes!.map((make) => pb.size(pb.prepare(make())));
};

describe("GradBench's sizes (the defaults of its evals/<name>/run.py), smallest first", () => {
  it('each of the six problems has its sizes, a hand-written gradient and a reverse call site', () => {
    expect(sizedProblems).toEqual(['llsq', 'lse', 'det', 'ode', 'gmm', 'lstm']);
    for (const name of sizedProblems) {
      const pb = problem(name)!;
      expect(pb.sizes!.length, name).toBeGreaterThanOrEqual(2);
      expect(pb.hand && pb.transform && pb.reverse, name).toBeTruthy();
    }
  });
  it('the inputs are at the sizes GradBench names', () => {
    expect(labels('llsq')).toEqual(['m = 128, n = 16', 'm = 128, n = 256', 'm = 128, n = 4096', 'm = 128, n = 16392']);
    expect(labels('lse')).toEqual(['n = 2500', 'n = 20000', 'n = 160000']);
    expect(labels('det')).toEqual(['ℓ = 5', 'ℓ = 6', 'ℓ = 7', 'ℓ = 8']);
    expect(labels('ode')).toEqual(['n = 1000, s = 1', 'n = 1000, s = 10', 'n = 10000, s = 1']);
    expect(labels('gmm')).toEqual(['d = 2, k = 5, n = 1000', 'd = 10, k = 5, n = 1000', 'd = 10, k = 10, n = 1000', 'd = 20, k = 10, n = 1000']);
    expect(labels('lstm')).toEqual(['l = 2, c = 1024, b = 7', 'l = 4, c = 1024, b = 7']);
  });
  it("the bench's own inputs are unchanged by the sizes' generators (the existing rows measure what they did)", () => {
    const pb = problem('lstm')!, p = pb.prepare(pb.input(false)) as { sequence: number[]; b: number };
    expect(pb.size(p)).toBe('l = 2, c = 20, b = 7');
    expect(problem('gmm')!.size(problem('gmm')!.prepare(problem('gmm')!.input(false)))).toBe('d = 3, k = 5, n = 100');
  });
  for (const name of sizedProblems) {
    it(`${name}: at the smallest size, the hand-written gradient (the reference) agrees with central differences to 1e-6`, () => {
      const pb = problem(name)!, p = pb.prepare(pb.sizes![0]());
      expect(relativeError(pb.hand!(p), pb.central!(p))).toBeLessThan(1e-6);
    });
  }
});

describe('the plan and the groups', () => {
  it('the full run measures every size of the six; the quick run the smallest of those in its suite', () => {
    expect(sizesPlan(fullSuite)).toEqual(sizedProblems.map((name) => ({ name, sizes: problem(name)!.sizes!.length })));
    expect(sizesPlan(quickSuite)).toEqual([{ name: 'llsq', sizes: 1 }, { name: 'ode', sizes: 1 }, { name: 'gmm', sizes: 1 }]);
  });
  it("a size's group: the primal, the hand-written gradient (its reference) and reverse mode, or why reverse mode is missing", () => {
    const pb = problem('llsq')!, input = pb.sizes![0]();
    const g = gradbenchSizeGroup(pb, input, { jax: 'not loaded', transform: new Map() });
    expect(g).toMatchObject({ task: 'gradbench-size', workload: 'llsq', title: 'GradBench llsq (linear least squares objective), m = 128, n = 16' });
    expect(g.candidates.map((c) => c.method)).toEqual([M.primal, M.hand, M.reverse]);
    expect(g.candidates[2].unavailable).toBe('not generated');
    expect(g.reference).toEqual(g.candidates[1].compute!());
    expect(() => gradbenchSizeGroup(problem('saddle')!, {}, { jax: 'not loaded', transform: new Map() })).toThrow(/saddle: no hand-written gradient/);
  });
});

const row = (method: string, ratio: number, extra: Partial<SpeedRow> = {}): SpeedRow =>
  ({ method, family: method === M.primal ? 'primal' : method === M.hand ? 'hand-written' : 'ddx', status: 'ok', ratio, q1: ratio * 0.95, q3: ratio * 1.05, seconds: ratio * 1e-3, primalSeconds: 1e-3, ...extra });
const size = (name: string, i: number, hand: number, reverse: number, extra: Partial<SpeedRow> = {}): GroupResult => ({
  id: `gradbench-size.${name}.${i}`, title: `GradBench ${name} (a title), n = ${i}`, task: 'gradbench-size', workload: name,
  rows: [row(M.primal, 1), row(M.hand, hand), row(M.reverse, reverse, { error: 1e-15, ...extra })],
});
const sized: GroupResult[] = [
  size('llsq', 1, 2, 4), size('llsq', 2, 2, 5.8),
  size('det', 1, 2, 4), size('det', 2, 2, 8),
  size('ode', 1, 2, 2), size('ode', 2, 2, 2, { error: 10 * sizedErrorLimit }),
  size('gmm', 1, 2, 2), size('gmm', 2, 2, 2, { status: 'unstable', reason: 'rounds spread 40%' }),
  size('lse', 1, 2, 2), { id: 'gradbench-size.lse', title: 'GradBench lse at its sizes', task: 'gradbench-size', workload: 'lse', rows: [], failure: 'out of memory' },
];
const targets = evaluateTargets([], { functions: 1000, seconds: 1 }, sized);
const target = (name: string) => targets.find((t) => t.target === `GradBench ${name}: compiled gradient, reverse mode, at every size`);

describe('one target per problem, met only if every size is', () => {
  it('met: within 3× at every size; the figure lists each size, the spread is the worst size\'s', () => {
    expect(target('llsq')).toMatchObject({ goal: '≤ 3× hand-written at each of 2 sizes', measured: '2.00×, 2.90× hand-written', status: 'met' });
    expect(target('llsq')!.spread).toMatch(/\(n = 2\)$/);
  });
  it('missed: one size over 3×, named with its figure', () => {
    expect(target('det')).toMatchObject({ status: 'missed', note: '4.00× at n = 2, missed by 1.33×' });
  });
  it('missed: a size where reverse mode differs from the hand-written gradient, however fast', () => {
    expect(target('ode')).toMatchObject({ status: 'missed', note: expect.stringMatching(/^differs from the hand-written gradient at n = 2/) });
  });
  it('unstable, not met: a size whose figure failed the checks', () => {
    expect(target('gmm')).toMatchObject({ status: 'unstable', note: expect.stringMatching(/n = 2: .*rounds spread 40%/) });
  });
  it("not measured: a problem whose process failed", () => {
    expect(target('lse')).toMatchObject({ status: 'not measured', measured: expect.stringMatching(/out of memory/) });
  });
});

describe('the report', () => {
  const results = {
    meta: { mode: 'full', date: '2026-01-01T00:00:00Z', node: 'v20', platform: 'test', cpus: '1', load: { start: '1', end: '1' }, commit: 'abc', published: false, wallSeconds: 1, command: 'test' },
    targets, speed: [], gradbenchSizes: sized,
    accuracy: { workload: 'martins', x: 1.5, first: [], second: [], defaults: [] },
    transformSpeed: { functions: 1000, seconds: 1 },
  } satisfies Results;
  const text = markdown(results);
  it("has a table of every size: reverse mode ÷ the hand-written gradient, and the error against it", () => {
    expect(text).toContain("### GradBench problems at GradBench's sizes");
    expect(text).toMatch(/\| det \| n = 2 \| 1\.00 ms \| 2\.00 ms \| 8\.00 ms \| [^|]+ \| 4\.00× \(3\.62×–4\.42×\) \| 1\.0e-15 \|/);
    expect(text).toContain('| lse |  |  |  |  |  | failed: out of memory |  |');
  });
  it('and no such table when the run has none', () => {
    expect(markdown({ ...results, gradbenchSizes: undefined })).not.toContain("GradBench's sizes (reverse mode");
  });
});
