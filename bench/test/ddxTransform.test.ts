import { describe, expect, it } from 'vitest';
import { compileTargets, targetSource, type TransformTarget } from '../src/methods/ddxTransform.js';
import { relativeError } from '../src/accuracy.js';
import { rosenbrockGradient, rosenbrockPoint, scalarWorkload } from '../src/workloads.js';

describe('transform rows', () => {
  it('the transform input is a call of the @ddx/dual verb on the plain function', () => {
    const source = targetSource({ key: 'martins.first', verb: 'derivative', fn: 'martins' });
    expect(source).toContain("import { derivative } from '@ddx/dual';");
    expect(source).toContain("import { martins } from '../src/functions.js';");
    expect(source).toContain('export const run = derivative(martins);');
  });

  it('every target either compiles to a correct derivative or says why not (never a silent substitute)', async () => {
    const targets: TransformTarget[] = [
      { key: 'martins.first', verb: 'derivative', fn: 'martins' },
      { key: 'martins.second', verb: 'secondDerivative', fn: 'martins' },
      { key: 'rosenbrock.gradient', verb: 'gradient', fn: 'rosenbrock' },
    ];
    const outcomes = await compileTargets(targets, () => {});
    expect(outcomes.size).toBe(6);
    const w = scalarWorkload('martins');
    const x = rosenbrockPoint(5);
    const expected: Record<string, [unknown, unknown]> = {
      'martins.first': [w.x, w.reference.first],
      'martins.second': [w.x, w.reference.second],
      'rosenbrock.gradient': [x, rosenbrockGradient(x)],
    };
    for (const [key, outcome] of outcomes) {
      if (!outcome.ok) {
        expect(outcome.reason, key).toMatch(/\S/);
        continue;
      }
      const [input, reference] = expected[key.slice(key.indexOf(':') + 1)];
      const value = (outcome.run as (x: unknown) => number | number[])(input);
      expect(relativeError(value, reference as number), key).toBeLessThanOrEqual(1e-14);
    }
  });
});
