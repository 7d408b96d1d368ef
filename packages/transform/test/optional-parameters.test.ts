/**
 * Omitted arguments in published JavaScript (analyze/omitted.ts), as d3-array and
 * simple-statistics write them: an accessor tested against undefined, a default written
 * `if (p === void 0) p = …`, an omitted parameter passed on, `if` tests that assign on the right
 * of `&&`, comma statements and an end without `return` (undefined). Each derivative is checked
 * against its closed form, in both modes, and against the plain functions' values.
 */
import { describe, expect, it } from 'vitest';
import { transform } from '../src/index.js';
import { closeWithin } from './close.js';
import { run } from './run.js';

const stats = `// Published-JavaScript style: optional accessors tested against undefined, an
// \`if\` whose test assigns after &&, comma statements, and an end without return.

/** Σ values, or Σ valueof(v) when an accessor is given (as d3-array's sum). */
export function total(values, valueof) {
  let sum = 0;
  if (valueof === undefined) {
    for (let value of values) {
      if (value = +value) sum += value;
    }
  } else {
    let index = -1;
    for (let value of values) {
      if (value = +valueof(value, ++index, values)) sum += value;
    }
  }
  return sum;
}

/** The mean of the values that are numbers; undefined (no return) for none. */
export function average(values, valueof) {
  let count = 0;
  let sum = 0;
  if (valueof == null) {
    for (let value of values) {
      if (value != null && (value = +value) >= value) {
        ++count, sum += value;
      }
    }
  } else {
    for (let value of values) {
      if ((value = valueof(value)) != null && (value = +value) >= value) {
        ++count, sum += value;
      }
    }
  }
  if (count) return sum / count;
}

/** Passes its own omitted accessor on: average's version without one. */
export function spread(values, valueof) {
  const m = average(values, valueof);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) * (values[i] - m);
  return m ? s / values.length : m;
}

/** A default written as compilers write it (\`if (p === void 0) p = …\`), here a boolean. */
export function moment(x, central) {
  if (central === void 0) central = true;
  var m = central ? average(x) : 0;
  var s = 0;
  for (var i = 0; i < x.length; i++) s += (x[i] - m) * (x[i] - m) * (x[i] - m);
  return s / x.length;
}
`;

const files: Record<string, string> = { '/p/stats.js': stats };
const options = { readFile: (f: string) => files[f], resolve: (s: string) => (s === './stats.js' ? '/p/stats.js' : undefined) };

async function compiled(body: string, mode: 'inline' | 'dual'): Promise<Record<string, unknown>> {
  const code = "import { gradient, hessian, valueAndGradient } from '@ddx/dual';\n// @ts-ignore: JavaScript without declarations\nimport { average, moment, spread, total } from './stats.js';\n" + body;
  const r = transform(code, '/p/main.ts', { mode, ...options });
  expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  expect(r.changed).toBe(true);
  return run(r.code, { 'stats.js': stats });
}

const close = closeWithin(1e-13);

describe('omitted arguments of JavaScript functions', () => {
  for (const mode of ['inline', 'dual'] as const) {
    it(`total, average, spread and moment called without their optional arguments (${mode})`, async () => {
      const m = await compiled([
        'export const results = {',
        '  total: valueAndGradient((v: number[]) => total(v), [1, 2, 3]), totalH: hessian((v: number[]) => total(v), [1, 2, 3]),',
        '  average: valueAndGradient((v: number[]) => average(v), [1, 2, 6]),',
        '  spread: gradient((v: number[]) => spread(v), [1, 2, 6]),',
        '  moment: valueAndGradient((v: number[]) => moment(v), [1, 2, 6]),',
        '};',
        'export const plain = { total: total([1, 2, 3]), average: average([1, 2, 6]), moment: moment([1, 2, 6]) };',
      ].join('\n'), mode);
      const r = m.results as Record<string, { value: number; gradient: number[] } & number[] & number[][]>;
      const plain = m.plain as Record<string, number>;
      expect(r.total.value).toBe(plain.total);
      expect(r.total.gradient).toEqual([1, 1, 1]);
      expect(r.totalH).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
      expect(r.average.value).toBe(plain.average);
      r.average.gradient.forEach((g: number) => close(g, 1 / 3));
      // spread = Σ(vᵢ - m)²/n: ∂/∂vᵢ = 2(vᵢ - m)/n (m = 3).
      [-2, -1, 3].forEach((d, i) => close(r.spread[i], (2 * d) / 3));
      // moment = Σ(vᵢ - m)³/n: ∂/∂vᵢ = 3(vᵢ - m)²/n - 3Σ(vⱼ - m)²/n² (Σ d² = 14).
      expect(r.moment.value).toBe(plain.moment);
      [-2, -1, 3].forEach((d, i) => close(r.moment.gradient[i], (3 * d * d) / 3 - (3 * 14) / 9));
    });
  }

  it('a function whose end is reached without return gives undefined, as the plain function does; its derivative is 0', async () => {
    for (const mode of ['inline', 'dual'] as const) {
      const m = await compiled([
        'export const plain = average([NaN, NaN]);',
        'export const results = valueAndGradient((v: number[]) => average(v) ?? -1, [NaN, NaN]);',
      ].join('\n'), mode);
      expect(m.plain).toBeUndefined();
      expect(m.results).toEqual({ value: -1, gradient: [0, 0] });
    }
  });

  it('an omitted accessor called as a function is rejected (DDX1050), never compiled with undefined', () => {
    const files2: Record<string, string> = { '/p/acc.js': 'export function apply(x, f) {\n  return f(x) + 1;\n}\n' };
    const code = "import { derivative } from '@ddx/dual';\n// @ts-ignore\nimport { apply } from './acc.js';\nexport const d = derivative((x: number) => apply(x), 1);\n";
    const r = transform(code, '/p/main.ts', { readFile: (f) => files2[f], resolve: (s) => (s === './acc.js' ? '/p/acc.js' : undefined) });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1050']);
    expect(r.diagnostics[0].message).toMatch(/'f' is omitted by a call of 'apply'/);
    expect(r.diagnostics[0]).toMatchObject({ file: '/p/acc.js', line: 2, column: 10 });
  });

  it('a parameter given its value by the defaulting statement is a local that later statements may write (fuzz seed 2734, runs 907, 1649, 1971)', async () => {
    // g(a) = a·(3a + 1) when b is omitted: b = 2a, then b += a, ++b.
    const files2: Record<string, string> = { '/p/acc.js': 'export function g(a, NaN) {\n  if (NaN === void 0) NaN = 2 * a;\n  NaN += a;\n  ++NaN;\n  return a * NaN;\n}\n' };
    const code = "import { derivative } from '@ddx/dual';\n// @ts-ignore\nimport { g } from './acc.js';\n" +
      'export const d = [derivative((x: number) => g(x), 1.5), derivative((x: number) => g(x, x), 1.5)];\n' +
      'function h(u: number, Real?: number): number {\n  if (Real == null) Real = 10;\n  return (Real += u) * u;\n}\n' +
      'export const e = derivative((x: number) => h(x), 2);\n';
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(code, '/p/main.ts', { mode, readFile: (f) => files2[f], resolve: (s) => (s === './acc.js' ? '/p/acc.js' : undefined) });
      expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      const m = await run(r.code, { 'acc.js': files2['/p/acc.js'] });
      // (3a² + a)' = 6a + 1; with b = a given: a(2a + 1), derivative 4a + 1. h = (10 + u)u: 10 + 2u.
      expect(m.d).toEqual([10, 7]);
      expect(m.e).toBe(14);
    }
  });

  it('a parameter written again inside its defaulting statement is rejected (DDX1050)', () => {
    const files2: Record<string, string> = { '/p/acc.js': 'export function g(x, k) {\n  if (k === undefined) k = (k = 2) + x;\n  return x * k;\n}\n' };
    const code = "import { derivative } from '@ddx/dual';\n// @ts-ignore\nimport { g } from './acc.js';\nexport const d = derivative((x: number) => g(x), 1);\n";
    const r = transform(code, '/p/main.ts', { readFile: (f) => files2[f], resolve: (s) => (s === './acc.js' ? '/p/acc.js' : undefined) });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1050']);
  });

  it('a parameter read before its defaulting statement is rejected (DDX1050)', () => {
    const files2: Record<string, string> = { '/p/acc.js': 'export function g(x, k) {\n  var y = x * (k || 2);\n  if (k === undefined) k = 3;\n  return y * k;\n}\n' };
    const code = "import { derivative } from '@ddx/dual';\n// @ts-ignore\nimport { g } from './acc.js';\nexport const d = derivative((x: number) => g(x), 1);\n";
    const r = transform(code, '/p/main.ts', { readFile: (f) => files2[f], resolve: (s) => (s === './acc.js' ? '/p/acc.js' : undefined) });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DDX1050']);
    expect(r.diagnostics[0].message).toMatch(/given a value only by a statement if \(k === undefined\) k = …;/);
  });
});
