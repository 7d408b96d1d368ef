// The statistics and checks of measure.ts (and group.ts's pooling of processes) on synthetic timings: no clock is read here.
import { describe, expect, it } from 'vitest';
import { judge, limits, measureAgainstPrimal, median, pool, problems, quantile, summarise, type Round } from '../src/measure.js';
import { mergeProcesses } from '../src/group.js';
import type { SpeedRow } from '../src/targets.js';

const rounds = (pairs: [number, number][]): Round[] => pairs.map(([primal, method]) => ({ primal, method }));

describe('quantiles', () => {
  it('interpolate linearly between sorted values', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([10, 20], 0.75)).toBe(17.5);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
  it('median sorts a copy, leaving its input alone', () => {
    const v = [5, 1, 3];
    expect(median(v)).toBe(3);
    expect(v).toEqual([5, 1, 3]);
  });
});

describe('summarise: ratios per round, not ratios of medians', () => {
  it('a machine slowing down in the middle moves both cases of a round, so the ratio stays put', () => {
    // Load doubles every time during rounds 3-4; method = 2 × primal in every round.
    const s = summarise(rounds([[100, 200], [100, 200], [200, 400], [200, 400], [100, 200]]));
    expect(s.ratio).toBe(2);
    expect(s.spread).toBe(0);
    expect(s.min).toBe(2);
    expect(s.max).toBe(2);
    expect(s.baselineDrift).toBe(1); // the baseline did move by 100%
    expect(s.seconds).toBe(200);
    expect(s.primalSeconds).toBe(100);
    expect(s.rounds).toBe(5);
  });
  it('median, quartiles and spread of the round ratios', () => {
    const s = summarise(rounds([[10, 11], [10, 12], [10, 13], [10, 14], [10, 30]]));
    expect(s.ratio).toBeCloseTo(1.3, 12);
    expect(s.q1).toBeCloseTo(1.2, 12);
    expect(s.q3).toBeCloseTo(1.4, 12);
    expect(s.spread).toBeCloseTo(0.2 / 1.3, 12);
    expect(s.max).toBe(3); // one outlier round does not move the median
    expect(s.baselineDrift).toBe(0);
  });
  it('refuses an empty set of rounds', () => expect(() => summarise([])).toThrow(/no rounds/));
});

describe('checks', () => {
  const steady = summarise(rounds([[10, 15], [10, 15.2], [10, 14.8], [10, 15.1], [10, 14.9]]));
  it('a steady figure above the primal has no problem', () => expect(problems(steady, true)).toEqual([]));
  it(`a derivative faster than ${limits.fasterThanPrimal}× its primal is suspicious`, () => {
    const s = summarise(rounds([[10, 6.6], [10, 6.6], [10, 6.6], [10, 6.6], [10, 6.6]]));
    expect(problems(s, true)).toEqual([expect.stringMatching(/faster than 0\.9× its primal \(0\.66×\)/)]);
    expect(problems(s, false)).toEqual([]); // the primal's own row may equal itself
  });
  it(`a spread above ${100 * limits.spread}% is flagged, with its size`, () => {
    const s = summarise(rounds([[10, 10], [10, 20], [10, 30], [10, 40], [10, 50]]));
    expect(s.spread).toBeCloseTo(2 / 3, 12);
    expect(problems(s, true)).toEqual([expect.stringMatching(/rounds spread 67%/)]);
  });
  it(`a baseline that moved more than ${100 * limits.baselineDrift}% between rounds is flagged`, () => {
    // 115 ns in one round and 251 ns in another: the two baselines of one function.
    const s = summarise(rounds([[115e-9, 230e-9], [251e-9, 502e-9], [115e-9, 230e-9], [120e-9, 240e-9], [118e-9, 236e-9]]));
    expect(problems(s, true)).toEqual([expect.stringMatching(/baseline moved 118% between rounds/)]);
  });
  it('all problems are listed together', () => {
    const s = summarise(rounds([[10, 1], [20, 9], [10, 3]]));
    expect(problems(s, true)).toHaveLength(3);
  });
  it('exactly at the limits is not a problem', () => {
    const s = summarise(rounds([[10, 9], [10, 9], [12.5, 11.25]]));
    expect(s.ratio).toBe(0.9);
    expect(s.baselineDrift).toBe(0.25);
    expect(problems(s, true)).toEqual([]);
  });
});

describe('judge and re-measuring', () => {
  const bad = summarise(rounds([[10, 6], [10, 6], [10, 6]]));
  const good = summarise(rounds([[10, 12], [10, 12], [10, 12]]));
  it('the last attempt decides', () => {
    expect(judge([bad, good], true)).toMatchObject({ stability: 'ok', attempts: 2, problems: [] });
    expect(judge([good, bad], true)).toMatchObject({ stability: 'unstable', attempts: 2 });
    expect(judge([bad], true).problems[0]).toMatch(/faster than/);
  });

  /** A fake clock: hands out the given rounds in turn and records the order asked for. */
  function fake(sequence: Round[]) {
    const orders: string[] = [];
    let i = 0;
    const timePair = async (order: 'primal first' | 'method first') => {
      orders.push(order);
      return sequence[i++ % sequence.length];
    };
    return { timePair, orders, calls: () => i };
  }
  it('times the requested number of rounds, alternating the order, and stops when the figure is steady', async () => {
    const f = fake(rounds([[10, 20]]));
    const m = await measureAgainstPrimal(f.timePair, 5, true);
    expect(f.orders).toEqual(['primal first', 'method first', 'primal first', 'method first', 'primal first']);
    expect(m).toMatchObject({ stability: 'ok', attempts: 1 });
    expect(m.stats.ratio).toBe(2);
  });
  it('re-measures a suspicious figure once; a passing second attempt is reported as ok', async () => {
    const f = fake(rounds([[10, 5], [10, 5], [10, 5], [10, 5], [10, 5], [10, 20], [10, 20], [10, 20], [10, 20], [10, 20]]));
    const m = await measureAgainstPrimal(f.timePair, 5, true);
    expect(f.calls()).toBe(10);
    expect(m).toMatchObject({ stability: 'ok', attempts: 2 });
    expect(m.stats.ratio).toBe(2);
  });
  it('a problem that persists is unstable, never a figure to meet a target with', async () => {
    const f = fake(rounds([[10, 6.6]]));
    const m = await measureAgainstPrimal(f.timePair, 5, true);
    expect(f.calls()).toBe(10);
    expect(m.stability).toBe('unstable');
    expect(m.problems[0]).toMatch(/faster than 0\.9× its primal/);
  });
});

describe('pool: rounds from several processes (each a draw of the compiled code)', () => {
  it('the figure is the mean of the processes\' medians; quartiles and extremes are over every round', () => {
    // one process drew a fast primal (10), one a slow one (12); the method took 20 in both
    const s = pool([rounds([[10, 20], [10, 20], [10, 20]]), rounds([[12, 20], [12, 20], [12, 20]])]);
    expect(s.ratio).toBeCloseTo((2 + 20 / 12) / 2, 12);
    expect(s.min).toBeCloseTo(20 / 12, 12);
    expect(s.max).toBe(2);
    expect(s.rounds).toBe(6);
    expect(s.primalSeconds).toBe(11);
    expect(s.seconds).toBe(20);
    expect(s.baselineDrift).toBeCloseTo(0.2, 12);
    expect(s.spread).toBeCloseTo((s.q3 - s.q1) / s.ratio, 12);
  });
  it('averages the draws where a median of the pooled rounds would take the majority\'s', () => {
    const s = pool([rounds([[10, 20], [10, 20]]), rounds([[10, 20], [10, 20]]), rounds([[10, 23], [10, 23]])]);
    expect(s.ratio).toBeCloseTo(2.1, 12);
    expect(summarise(rounds([[10, 20], [10, 20], [10, 20], [10, 20], [10, 23], [10, 23]])).ratio).toBe(2);
  });
  it('one process is that process\'s own summary; no rounds at all is refused', () => {
    const one = rounds([[10, 11], [10, 12], [10, 13]]);
    expect(pool([one, []])).toEqual(summarise(one));
    expect(() => pool([[], []])).toThrow(/no rounds/);
  });
  it('measureAgainstPrimal hands back the rounds of its last attempt, for pooling', async () => {
    let i = 0;
    const m = await measureAgainstPrimal(async () => (i++ < 3 ? { primal: 10, method: 5 } : { primal: 10, method: 20 }), 3, true);
    expect(m.attempts).toBe(2);
    expect(m.timings).toEqual(rounds([[10, 20], [10, 20], [10, 20]]));
  });
});

describe('mergeProcesses: one group measured in several processes, as one', () => {
  const row = (method: string, family: SpeedRow['family'], s?: ReturnType<typeof summarise>): SpeedRow =>
    s ? { method, family, status: 'ok', seconds: s.seconds, primalSeconds: s.primalSeconds, ratio: s.ratio, q1: s.q1, q3: s.q3, rounds: s.rounds, attempts: 1, error: 1e-16 }
      : { method, family, status: 'failed', reason: 'boom' };
  const run = (primal: number, hand: number, central: number | undefined) => {
    const h = rounds([[primal, hand], [primal, hand]]);
    const c = central === undefined ? undefined : rounds([[primal, central], [primal, central]]);
    const timings = new Map([['primal', rounds([[primal, primal], [primal, primal]])], ['hand', h], ...(c ? [['central', c] as [string, Round[]]] : [])]);
    return {
      group: { id: 'gradbench.x', title: 'x', task: 'gradbench' as const, workload: 'x', rows: [row('primal', 'primal', summarise(timings.get('primal')!)), row('hand', 'hand-written', summarise(h)), row('central', 'finite differences', c && summarise(c))] },
      timings,
    };
  };
  it('pools each timed row, keeps a row that failed in any process as it failed, and says how many processes', () => {
    const m = mergeProcesses([run(10, 20, 30), run(12, 20, undefined), run(10, 20, 30)]);
    const [primal, hand, central] = m.rows;
    expect(primal).toMatchObject({ seconds: 32 / 3, baselineDrift: expect.closeTo(0.2, 12), rounds: 6, processes: 3 });
    expect(hand).toMatchObject({ status: 'ok', ratio: expect.closeTo((2 + 2 + 20 / 12) / 3, 12), rounds: 6, processes: 3, error: 1e-16 });
    expect(central).toMatchObject({ status: 'failed', reason: 'boom' });
  });
  it('draws further apart than the spread limit make the row unstable', () => {
    const hand = mergeProcesses([run(10, 20, 30), run(10, 30, 30), run(10, 40, 30)]).rows[1];
    expect(hand.status).toBe('unstable');
    expect(hand.reason).toMatch(/rounds spread/);
  });
  it('one process: its result as it is', () => {
    const one = run(10, 20, 30);
    expect(mergeProcesses([one])).toBe(one.group);
  });
});
