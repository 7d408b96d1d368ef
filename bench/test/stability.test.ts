// The comparison behind `pnpm bench:stability`, on two synthetic runs (no timing here).
import { describe, expect, it } from 'vitest';
import { compareRuns, stabilityReport } from '../src/stability.js';
import type { GroupResult, SpeedRow } from '../src/targets.js';

const row = (method: string, family: SpeedRow['family'], ratio?: number, status: SpeedRow['status'] = 'ok'): SpeedRow => ({ method, family, status, ratio });
const run = (inline: number, hand: number, dual?: number): GroupResult[] => [{
  id: 'martins.first', title: "f'", task: 'first', workload: 'martins',
  rows: [row('primal f (baseline)', 'primal', 1), row('hand-written derivative', 'hand-written', hand), row('ddx transform inline', 'ddx', inline),
    row('ddx Dual (runtime)', 'ddx', dual, dual === undefined ? 'failed' : 'ok'), row('central difference', 'finite differences', 2)],
}];

describe('bench:stability comparison', () => {
  it('pairs the ddx and hand-written rows measured in both runs, and how far each moved (max/min − 1)', () => {
    const rows = compareRuns(run(1.1, 1.0, 2.4), run(1.21, 1.0, undefined));
    expect(rows.map((r) => r.method)).toEqual(['hand-written derivative', 'ddx transform inline']);
    expect(rows[0].change).toBe(0);
    expect(rows[1].change).toBeCloseTo(0.1, 12);
  });
  it('agrees only when every headline ratio is within 15%, and says which moved most', () => {
    const ok = stabilityReport(compareRuns(run(1.1, 1.0), run(1.2, 1.05)), ['1.00, 1.00, 1.00', '1.10, 1.00, 1.00']);
    expect(ok.agree).toBe(true);
    expect(ok.text).toMatch(/2 of 2 headline ratios agree within 15\.0%/);
    const bad = stabilityReport(compareRuns(run(1.1, 1.0), run(3.47 / 0.115 * 0.1, 1.0)), ['0', '0']);
    expect(bad.agree).toBe(false);
    expect(bad.text).toMatch(/1 of 2 headline ratios agree/);
    expect(bad.text).toMatch(/largest \d+\.\d% \(martins\.first: ddx transform inline\)/);
  });
  it('no common rows is not agreement', () => expect(stabilityReport([], []).agree).toBe(false));
});
