// The design targets read from synthetic measured rows (no timing): labels say what each row
// computes, the nested problems are measured against their baseline, and the peers' ratios are reported.
import { describe, expect, it } from 'vitest';
import { M } from '../src/suite.js';
import { evaluateTargets, type GroupResult, type SpeedRow } from '../src/targets.js';

const measured = (method: string, ratio: number, family: SpeedRow['family'] = 'ddx'): SpeedRow =>
  ({ method, family, status: 'ok', ratio, q1: ratio * 0.99, q3: ratio * 1.01, seconds: ratio * 1e-6, primalSeconds: 1e-6 });
const group = (id: string, task: GroupResult['task'], workload: string, rows: SpeedRow[]): GroupResult =>
  ({ id, title: id, task, workload, rows: [measured(M.primal, 1, 'primal'), ...rows] });

const groups: GroupResult[] = [
  group('rosenbrock.gradient.100', 'gradient', 'rosenbrock', [measured(M.reverse, 4), measured(M.central, 200, 'finite differences'), measured(M.tfjs, 1600, 'peer'), measured(M.jaxGrad, 20000, 'peer')]),
  group('classifier.network', 'network', 'classifier', [measured(M.hand, 2.3, 'hand-written'), measured(M.reverse, 3.5), measured(M.tfjs, 70, 'peer')]),
  group('gradbench.ht', 'gradbench', 'ht', [measured(M.hand, 2), measured(M.transform('inline'), 20)]),
  group('gradbench.ba', 'gradbench', 'ba', [measured(M.hand, 2), measured(M.transform('inline'), 16), measured(M.reverse, 7)]),
  group('gradbench.saddle', 'gradbench', 'saddle', [measured(M.transform('inline'), 5.85)]),
  group('gradbench.particle', 'gradbench', 'particle', [measured(M.transform('inline'), 2.5)]),
];
const targets = evaluateTargets(groups, { functions: 1000, seconds: 1 });
const find = (prefix: string) => targets.find((t) => t.target.startsWith(prefix));

describe('design targets', () => {
  it("the 2-16-3 network's reverse-mode gradient against ≤ 4× the loss", () => {
    expect(find("2-16-3 network's loss gradient, 300 points")).toMatchObject({ goal: '≤ 4× primal', measured: '3.50× primal', status: 'met' });
  });
  it('reverse mode against TF.js and jax-js on the same gradient: the peer\'s time ÷ ddx\'s, reported', () => {
    expect(find('gradient, Rosenbrock n = 100 (transform, reverse mode) vs TensorFlow.js')).toMatchObject({ status: 'reported', measured: expect.stringMatching(/^400× faster/) });
    expect(find('gradient, Rosenbrock n = 100 (transform, reverse mode) vs jax-js grad')).toMatchObject({ status: 'reported', measured: expect.stringMatching(/^5\.00e\+3× faster/) });
    expect(find("2-16-3 network's loss gradient (transform, reverse mode) vs TensorFlow.js")).toMatchObject({ status: 'reported', measured: expect.stringMatching(/^20\.0× faster/) });
  });
  it('GradBench rows are labelled by what they compute: a Jacobian, a nested derivative', () => {
    expect(find('GradBench ht:')?.target).toBe('GradBench ht: compiled Jacobian, forward mode');
    expect(targets.some((t) => /GradBench (ht|saddle|particle): compiled gradient/.test(t.target))).toBe(false);
  });
  it("a Jacobian's reverse row is its own target, by rows, beside the forward row's", () => {
    expect(find('GradBench ba: compiled Jacobian, forward mode')).toMatchObject({ measured: '8.00× hand-written derivative', status: 'missed' });
    expect(find('GradBench ba: compiled Jacobian, reverse mode')).toMatchObject({ measured: '3.50× hand-written derivative', status: 'missed', note: expect.stringMatching(/by rows .* per output/) });
    expect(find('GradBench ht: compiled Jacobian, reverse mode')).toBeUndefined();
  });
  it('the nested problems are measured against their baseline, the descent with hand-written gradients', () => {
    expect(find('GradBench saddle:')).toMatchObject({ target: 'GradBench saddle: compiled nested derivative, forward mode', goal: '≤ 3× the descent with hand-written gradients', measured: '5.85× the descent with hand-written gradients', status: 'missed' });
    expect(find('GradBench particle:')).toMatchObject({ status: 'met' });
  });
});
