// The statistics and checks of measure.ts (and group.ts's pooling of processes) on synthetic timings: no clock is read here.
import { describe, expect, it } from 'vitest';
import { inFreshProcess, judge, limits, measureAgainstPrimal, measuringProcessFlags, median, pool, problems, quantile, summarise, type Round } from '../src/measure.js';
import { mergeProcesses, moreProcessesAtMost, processesFor, rowsToRemeasure, runGroupIsolated, type GroupRequest, type ProcessResult } from '../src/group.js';
import type { SpeedRow } from '../src/targets.js';
import { fileURLToPath } from 'node:url';

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
  it('the standard error of the processes\' mean, flagged past its limit', () => {
    const near = pool([rounds([[10, 20], [10, 20]]), rounds([[10, 22], [10, 22]])]);
    expect(near.processError).toBeCloseTo(Math.sqrt(0.02 / 2) / 2.1, 12); // medians 2 and 2.2: sd √0.02, over √2 processes
    expect(problems(near, true)).toEqual([]);
    // martins' transform dual in one run of 5 December: ~1.8× in some processes, ~2.3× in others
    const far = pool([rounds([[10, 18], [10, 18]]), rounds([[10, 18], [10, 18]]), rounds([[10, 23], [10, 23]])]);
    const mean = 5.9 / 3, sd = Math.sqrt((2 * (1.8 - mean) ** 2 + (2.3 - mean) ** 2) / 2);
    expect(far.processError).toBeCloseTo(sd / Math.sqrt(3) / mean, 12);
    expect(problems(far, true)).toEqual([expect.stringMatching(/processes disagree \(standard error 8\.5%, limit 5%\)/)]);
    expect(summarise(rounds([[10, 18], [10, 23]])).processError).toBe(0);
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
    const m = mergeProcesses([run(10, 20, 30), run(11, 20, undefined), run(10, 20, 30)]);
    const [primal, hand, central] = m.rows;
    expect(primal).toMatchObject({ seconds: 31 / 3, baselineDrift: expect.closeTo(0.1, 12), rounds: 6, processes: 3 });
    expect(hand).toMatchObject({ status: 'ok', ratio: expect.closeTo((2 + 2 + 20 / 11) / 3, 12), rounds: 6, processes: 3, error: 1e-16 });
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
  it('a process that timed some methods only adds to those rows (and to the primal\'s)', () => {
    const only = (p: ReturnType<typeof run>, methods: string[]) => ({
      ...p, methods, group: { ...p.group, rows: p.group.rows.filter((r) => r.method === 'primal' || methods.includes(r.method)) },
    });
    const m = mergeProcesses([run(10, 20, 30), run(10, 20, 30), run(10, 20, 30), only(run(10, 40, 30), ['hand'])]);
    const [primal, hand, central] = m.rows;
    expect(primal).toMatchObject({ rounds: 8, processes: 4 });
    expect(hand).toMatchObject({ ratio: expect.closeTo(2.5, 12), rounds: 8, processes: 4 });
    expect(central).toMatchObject({ status: 'ok', ratio: 3, rounds: 6, processes: 3 });
    // asked for a row and did not give it: a failure, never a silent gap
    const lost = { ...only(run(10, 20, 30), ['hand']), group: { ...run(10, 20, 30).group, rows: [run(10, 20, 30).group.rows[0]] } };
    expect(mergeProcesses([run(10, 20, 30), lost]).rows[1]).toMatchObject({ status: 'failed', reason: 'missing from a process' });
  });
  it('the rows to time again: ddx\'s and the hand-written derivatives unstable when pooled, for a reason more processes may mend', () => {
    const apart = [run(10, 20, 30), run(10, 30, 30), run(10, 40, 31)];
    expect(mergeProcesses(apart).rows.map((r) => r.status)).toEqual(['ok', 'unstable', 'ok']);
    expect(rowsToRemeasure(apart)).toEqual(['hand']);
    expect(rowsToRemeasure([run(10, 8, 30), run(10, 8, 30), run(10, 8, 30)])).toEqual(['hand']); // 0.8× its primal
    expect(rowsToRemeasure([run(10, 20, 30), run(10, 20, undefined)])).toEqual([]); // a failed row has no figure to improve
    // the primal drew 10 in two processes and 14 in one, the method with it: the baseline moved 40%
    // over the rounds, which more processes would not undo, and the ratio held
    const drift = [run(10, 20, 30), run(14, 28, 42), run(10, 20, 30)];
    expect(mergeProcesses(drift).rows[1]).toMatchObject({ status: 'unstable', reason: expect.stringMatching(/baseline moved 40%/) });
    expect(rowsToRemeasure(drift)).toEqual([]);
    const peer = [run(10, 20, 30), run(10, 20, 40), run(10, 20, 50)];
    expect(mergeProcesses(peer).rows[2].status).toBe('unstable');
    expect(rowsToRemeasure(peer)).toEqual([]); // a peer's row (here finite differences) stays as it is
  });
});

describe('runGroupIsolated: more fresh processes for a row unstable when pooled', () => {
  /** Fake processes: the hand-written row's ratio in each is the next of `draws`, the central difference's always 3. */
  function processes(draws: number[]) {
    const requests: GroupRequest[] = [];
    const inProcess = async (request: GroupRequest): Promise<ProcessResult> => {
      requests.push(request);
      const hand = draws[Math.min(requests.length, draws.length) - 1];
      const timings = new Map<string, Round[]>([
        ['primal', rounds([[10, 10], [10, 10]])], ['hand', rounds([[10, 10 * hand], [10, 10 * hand]])], ['central', rounds([[10, 30], [10, 30]])],
      ]);
      const row = (method: string, family: SpeedRow['family']): SpeedRow => {
        const s = summarise(timings.get(method)!);
        return { method, family, status: 'ok', seconds: s.seconds, primalSeconds: s.primalSeconds, ratio: s.ratio, rounds: s.rounds, attempts: 1 };
      };
      const all = [row('primal', 'primal'), row('hand', 'hand-written'), row('central', 'finite differences')];
      const rows = all.filter((r) => !request.methods || r.method === 'primal' || request.methods.includes(r.method));
      return { group: { id: request.id, title: 'x', task: 'gradbench', workload: 'x', rows }, timings };
    };
    return { inProcess, requests };
  }
  const request = { id: 'gradbench.x', quick: true };
  const first = processesFor(request.id, request.quick);
  const extra = (p: ReturnType<typeof processes>) => p.requests.slice(first).map((r) => r.methods);

  it('processes that agree: no more are started', async () => {
    const p = processes([2, 2.1, 2]);
    const g = await runGroupIsolated(request, () => {}, p.inProcess);
    expect(p.requests).toHaveLength(first);
    expect(p.requests.every((r) => r.methods === undefined)).toBe(true);
    expect(g.rows[1]).toMatchObject({ status: 'ok', processes: first });
  });
  it('processes that disagree: the unstable row alone is timed in more processes, pooled with the rest, until the figure holds', async () => {
    // 1.8, 1.8, 2.3: standard error 8.5%; with a fourth at 2.05 it is 6.0%; a fifth at 2.05, 4.6%: stable
    const p = processes([1.8, 1.8, 2.3, 2.05, 2.05]);
    const lines: string[] = [];
    const g = await runGroupIsolated(request, (l) => lines.push(l), p.inProcess);
    expect(extra(p)).toEqual([['hand'], ['hand']]);
    expect(g.rows[1]).toMatchObject({ status: 'ok', processes: first + 2, ratio: expect.closeTo(10 / 5, 12), rounds: 10 });
    expect(g.rows[2]).toMatchObject({ status: 'ok', processes: first, ratio: 3 });
    expect(g.rows[0]).toMatchObject({ processes: first + 2 });
    expect(lines.filter((l) => /another fresh process/.test(l))).toEqual([expect.stringMatching(/1 of at most 3\): hand$/), expect.stringMatching(/2 of at most 3\): hand$/)]);
  });
  it(`stops after ${moreProcessesAtMost} more processes; a row still unstable then says so`, async () => {
    const p = processes([1.8, 1.8, 2.3, 2.3, 1.8, 2.3]);
    const g = await runGroupIsolated(request, () => {}, p.inProcess);
    expect(extra(p)).toEqual(Array(moreProcessesAtMost).fill(['hand']));
    expect(g.rows[1]).toMatchObject({ status: 'unstable', processes: first + moreProcessesAtMost, ratio: expect.closeTo(2.05, 12) });
    expect(g.rows[1].reason).toMatch(/processes disagree/);
  });
});

describe('inFreshProcess: the process a group is measured in', () => {
  it('has a young generation of one fixed size, not V8\'s default that starts at 1 MB and grows with what the process kept', async () => {
    const script = fileURLToPath(new URL('./fixtures/young-generation.mjs', import.meta.url));
    const child = await inFreshProcess<null, { execArgv: string[]; newSpaceBytes: number }>(script, null, () => {});
    expect(child.execArgv).toEqual(expect.arrayContaining([...measuringProcessFlags]));
    expect(child.newSpaceBytes).toBeGreaterThanOrEqual(16 * 2 ** 20);
  });
});
