import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStepErrors, errorVsStep, stepSizes } from '../src/accuracy.js';
import { measureGroup } from '../src/group.js';
import { centralDifference } from '../src/methods/finiteDifferences.js';
import { chromiumPath, renderPngs } from '../src/png.js';
import { markdown, writeResults, type Results } from '../src/report.js';
import { M, type Group } from '../src/suite.js';
import { evaluateTargets } from '../src/targets.js';

/** Tags opened and closed in an SVG: a cheap well-formedness check (no XML parser dependency). */
function balancedTags(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClosing] = m;
    if (selfClosing) continue;
    if (!close) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe('report writer, from a tiny run', async () => {
  const at = new Float64Array([0.5]);
  const group: Group = {
    id: 'martins.first', title: "f' of exp", task: 'first', workload: 'martins', reference: Math.exp(0.5),
    candidates: [
      { method: M.primal, family: 'primal', compute: () => Math.exp(at[0]) },
      { method: M.central, family: 'finite differences', compute: () => centralDifference(Math.exp, at[0]) },
      { method: M.transform('inline'), family: 'ddx', unavailable: 'not supported (DDX9999)' },
      { method: M.thing, family: 'peer', compute: () => { throw new Error('boom'); } },
    ],
  };
  const speed = [await measureGroup(group, { maxTime: 0.01, minTime: 0.002, minSamples: 2, warmupMs: 0, rounds: 2 }, () => {})];
  const steps = stepSizes(1e-1, 1e-4, 1);
  const results: Results = {
    meta: { mode: 'quick', date: '2026-01-01T00:00:00Z', node: 'v20', platform: 'test', cpus: '1', load: { start: '0.50, 0.40, 0.30', end: '0.60, 0.40, 0.30' }, commit: 'abc123', published: false, wallSeconds: 1, command: 'test' },
    targets: evaluateTargets(speed, { functions: 1000, reason: 'not in this test' }),
    speed,
    accuracy: {
      workload: 'martins', x: 1.5,
      first: errorVsStep('martins', 1, { steps, complexSteps: steps }),
      second: errorVsStep('martins', 2, { steps, complexSteps: steps }),
      defaults: defaultStepErrors(['martins']),
    },
    transformSpeed: { functions: 1000, reason: 'not in this test' },
  };
  const dir = mkdtempSync(join(tmpdir(), 'ddx-bench-'));
  const written = await writeResults(results, dir);

  it('measures rows that ran and reports the others with their reason', () => {
    const rows = speed[0].rows;
    expect(rows.find((r) => r.method === M.primal)!.ratio).toBe(1);
    const central = rows.find((r) => r.method === M.central)!;
    expect(['ok', 'unstable']).toContain(central.status);
    expect(central.seconds).toBeGreaterThan(0);
    expect(central.rounds).toBeGreaterThanOrEqual(2);
    expect(central.q1).toBeLessThanOrEqual(central.ratio!);
    expect(central.q3).toBeGreaterThanOrEqual(central.ratio!);
    expect(central.error).toBeLessThan(1e-9);
    expect(rows.find((r) => r.method === M.transform('inline'))).toMatchObject({ status: 'unavailable', reason: 'not supported (DDX9999)' });
    expect(rows.find((r) => r.method === M.thing)).toMatchObject({ status: 'failed', reason: 'boom' });
  });
  const svgs = ['error-first.svg', 'error-second.svg', 'scaling-gradient.svg', 'scaling-hessian.svg', 'scaling-hvp.svg', 'speed-first.svg', 'speed-second.svg'];
  it('writes REPORT.md, results.json, six SVG plots and, where Chromium is installed, their PNGs', () => {
    const files = readdirSync(dir).sort();
    const pngs = existsSync(chromiumPath) ? svgs.map((f) => f.replace('.svg', '.png')) : [];
    expect(files).toEqual(['REPORT.md', 'results.json', ...svgs, ...pngs].sort());
    expect(written.length).toBe(files.length);
    expect(readFileSync(join(dir, 'REPORT.md'), 'utf8')).toMatch(existsSync(chromiumPath) ? /saved as a PNG beside its SVG/ : /PNG renderings skipped: no Chromium/);
  });
  it('results.json parses back to the same run', () => {
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(json.meta.mode).toBe('quick');
    expect(json.speed[0].rows).toHaveLength(4);
    expect(json.accuracy.first.map((c: { method: string }) => c.method)).toContain(M.complexStep);
  });
  it('every plot is a well-formed SVG with drawn marks', () => {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.svg'))) {
      const svg = readFileSync(join(dir, name), 'utf8');
      expect(svg.startsWith('<svg'), name).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>'), name).toBe(true);
      expect(balancedTags(svg), name).toBe(true);
    }
    const errorPlot = readFileSync(join(dir, 'error-first.svg'), 'utf8');
    expect(errorPlot).toContain('step size h');
    expect(errorPlot).toMatch(/<path[^>]+d="M/);
  });
  it.skipIf(!existsSync(chromiumPath) && !process.env.CI)('every plot renders in headless Chromium at its size, with its marks laid out', async () => {
    const rendered = await renderPngs(svgs.map((f) => join(dir, f)));
    if (typeof rendered === 'string') throw new Error(rendered);
    for (const r of rendered) {
      expect(r.width, r.svg).toBeGreaterThan(300);
      expect(r.height, r.svg).toBeGreaterThan(50);
      expect(r.shapes, r.svg).toBeGreaterThan(10);
      expect(readFileSync(r.png).subarray(1, 4).toString()).toBe('PNG');
    }
  }, 60_000);
  it('the markdown report marks quick mode, lists targets and unavailable rows', () => {
    const md = markdown(results);
    expect(md).toContain('**Quick mode**');
    expect(md).toContain('| target | goal | measured | spread (q1–q3) | status |');
    expect(md).toContain('at commit abc123');
    expect(md).toContain('load average (1, 5, 15 min) 0.50, 0.40, 0.30');
    expect(md).toContain('not supported (DDX9999)');
    expect(md).toContain('![error of f\'](error-first.svg)');
  });
});
