import { describe, expect, it } from 'vitest';
import { compileExpression, expressionCurve } from '../src/expression.js';

// Closed forms are the oracle; the language compiles onto @ddx/dual's run-time engine.
const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(expected)));

describe('the typed-function language', () => {
  it('follows precedence: unary minus, right-associative ^, then * /, then + −', () => {
    const cases: [string, (x: number) => number][] = [
      ['1 - 2 - 3', () => -4],
      ['2 ^ 3 ^ 2', () => 512],
      ['-x ^ 2', (x) => -(x ** 2)],
      ['2 * x ** 2 / 4 + 1', (x) => (2 * x ** 2) / 4 + 1],
      ['(1 + x) * (1 - x)', (x) => (1 + x) * (1 - x)],
      ['atan2(x, 2) + hypot(3, x) + max(x, 1) + pi + e + .5e1', (x) => Math.atan2(x, 2) + Math.hypot(3, x) + Math.max(x, 1) + Math.PI + Math.E + 5],
    ];
    for (const [source, f] of cases) for (const x of [-1.5, 0.25, 2]) close(compileExpression(source)(x) as number, f(x));
  });

  it('differentiates with the run-time engine', () => {
    const curve = expressionCurve('sin(x) * exp(-x^2/4)');
    for (const x of [-1, 0.5, 2]) {
      const g = Math.exp(-(x ** 2) / 4);
      close(curve.f(x), Math.sin(x) * g);
      close(curve.first(x), g * (Math.cos(x) - (x / 2) * Math.sin(x)));
      close(curve.second(x), g * (-Math.sin(x) - x * Math.cos(x) + (x * x / 4 - 0.5) * Math.sin(x)));
    }
  });

  it('rejects bad input with a message and the position', () => {
    const failures: [string, string, number][] = [
      ['sin(x', "expected ')' at the end", 5],
      ['x +', 'the expression ends too early', 3],
      ['y * 2', "unknown name 'y' (use x, pi, e or a function such as sin(x))", 0],
      ['foo(x)', "unknown function 'foo'", 0],
      ['sin(x, 2)', 'sin takes one argument', 0],
      ['2 $ x', "unexpected character '$'", 2],
      ['x x', "unexpected 'x'", 2],
    ];
    for (const [source, message, offset] of failures) {
      expect(() => compileExpression(source), source).toThrow(expect.objectContaining({ message, offset }));
    }
  });
});
