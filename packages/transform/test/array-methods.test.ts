/**
 * Array methods with callbacks beyond the golden fixture: the generated code computes the value
 * the plain program computes (the plain program, run untransformed, is the oracle for values and
 * thrown errors), gradients agree with central differences of the plain program, and what is
 * outside the accepted methods and callbacks is diagnosed at the construct.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform } from '../src/index.js';
import { run } from './run.js';

const modes = ['inline', 'dual'] as const;

async function runBoth(code: string): Promise<Record<string, unknown>[]> {
  return Promise.all(modes.map(async (mode) => {
    const r = transform(code, '/virtual/array-methods.ts', { mode });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    return run(r.code);
  }));
}

/** Central differences of `f` in coordinate k (step 1e-5): an oracle independent of both engines. */
function central(f: (xs: number[]) => number, xs: number[], k: number): number {
  const at = (h: number): number => f(xs.map((x, i) => (i === k ? x + h : x)));
  return (at(1e-5) - at(-1e-5)) / 2e-5;
}

describe('values of the plain program, gradients against central differences', () => {
  // Each body is a plain function of xs: number[] (smooth at the points below).
  const bodies: Record<string, string> = {
    'a callback parameter named like the array, and a local named like the result': `
      const ys = xs.map((xs) => { const ys = xs * 2; return ys + 1; });
      return ys.reduce((ys, y) => ys + y * y, 0);`,
    'the array is read as it is when each call runs: map writes ahead into its own array': `
      const w = xs.map((x) => x * x);
      const v = w.map((y, i, arr) => { if (i + 1 < arr.length) arr[i + 1] = arr[i + 1] + y; return y; });
      return v.reduce((s, y) => s + y, 0) + w[w.length - 1];`,
    'the length is read once: forEach pushing onto its own array visits the first elements only': `
      const w = [xs[0], xs[1]];
      let s = 0;
      w.forEach((v) => { w.push(v * 2); s += Math.sin(v); });
      return s + w.length + w[3];`,
    'filter keeps the value it read, not the reassigned parameter': `
      const kept = xs.filter((x) => { x = x * 10; return x > 5; });
      return kept.reduce((s, x) => s + x * x, 0);`,
    'reduceRight with an initial value and the index; reduce of the array argument': `
      return xs.reduceRight((acc, x, i, arr) => acc * 0.5 + x * (i + 1) + arr.length, 1);`,
    'some and every with block bodies that may end without returning (undefined: false)': `
      const big = xs.some((x) => { if (x > 2) return true; });
      const small = xs.every((x) => { if (x < 5) return true; });
      return (big ? Math.exp(xs[0]) : xs[0]) + (small ? xs[1] * xs[1] : 0);`,
    'a numeric function by name taking the value and the index; Array.from an array': `
      const ws = Array.from(xs, weigh);
      const copy = Array.from(ws);
      return copy.reduce(add, 0);`,
    'slice and fill with negative, fractional and NaN positions; concat of arrays and numbers': `
      const a = xs.slice(-2.5);
      const b = xs.slice(0.9, NaN);
      const c = xs.slice(NaN, -1);
      const w = new Array(6).fill(1);
      w.fill(xs[0], -4.2, 4.7);
      w.fill(xs[1], NaN, 1);
      const all = a.concat(b, 7, c, w);
      return all.reduce((s, v, i) => s + v * (i + 1), all.length);`,
    'includes and indexOf (NaN is included, never found), findIndex not found': `
      const ys = [NaN, xs[0], 2];
      const k = ys.indexOf(NaN) + ys.findIndex((y) => y > 100) * 10;
      return (ys.includes(NaN) ? xs[1] : 0) + (ys.includes(0 / 0) ? k : 0) + ys.indexOf(2) * xs[2];`,
    'methods on an array literal and a creation, nested callbacks reading outer locals': `
      const scale = xs[2];
      const grid = [xs[0], 2 * xs[1], 3].map((a) => [1, 2].reduce((s, b) => s + Math.cos(a * b * scale), 0));
      return new Array(3).fill(xs[0]).map((v, i) => v * grid[i]).reduce((s, v) => s + v);`,
    'loops with break and continue inside a callback, a labelled block': `
      return xs.map((x, i) => {
        let s = 0;
        for (let k = 0; k < 5; k++) { if (k === i) continue; if (k > 3) break; s += Math.sin(x * k); }
        done: { if (s > 1) break done; s *= x; }
        return s;
      }).reduce((a, b) => a + b, 0);`,
    'writes past the end through the array argument do not lengthen the loop; a method in a while test': `
      const w = [xs[0], xs[1]];
      const v = w.map((y, i, arr) => { arr[arr.length] = y * 2; return y * y; });
      let t = 0;
      while (w.some((x) => x * t < 3) && t < 10) t += 1;
      return v.reduce((s, y) => s + y, 0) + w.length + w[3] * t;`,
    'a boolean helper returning every(…), a number helper returning reduce(…)': `
      return allPositive(xs) ? total(xs) * xs[0] : total(xs) - xs[1];`,
    'reduce inside loops and conditions, forEach in a branch': `
      let s = 0;
      for (let r = 0; r < 3; r++) {
        const t = xs.reduce((a, x) => a + x * r, r);
        if (xs.some((x) => x * t > 4)) xs.forEach((x, i) => { s += x * t * i; });
        else s -= t;
      }
      return s;`,
  };
  const helpers = 'function weigh(x: number, i: number): number { return x * (i + 1); }\nfunction add(a: number, b: number): number { return a + b; }\n' +
    'function allPositive(v: readonly number[]) { return v.every((x) => x > 0); }\nfunction total(v: readonly number[]): number { return v.reduce((s, x) => s + Math.exp(x), 0); }\n';
  for (const [name, body] of Object.entries(bodies)) {
    it(name, async () => {
      const points = [[1.2, -0.7, 0.4], [0.3, 2.5, 1.9]];
      const code = `import { valueAndGradient } from '@ddx/dual';\n${helpers}export function f(xs: number[]): number {${body}\n}\n` +
        `export const results = [${points.map((p) => `valueAndGradient(f, [${p.join(', ')}])`).join(', ')}];\n`;
      const plain = await run(code.replace(/^import.*\n/, '').replace(/export const results.*\n/, ''));
      const f = plain.f as (xs: number[]) => number;
      for (const out of await runBoth(code)) {
        (out.results as { value: number; gradient: number[] }[]).forEach((r, p) => {
          expect(r.value).toBe(f(points[p]));
          r.gradient.forEach((g, k) => {
            const want = central(f, points[p], k);
            expect(Math.abs(g - want)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(want)));
          });
        });
      }
    });
  }
});

describe('reduce without an initial value', () => {
  it('throws the TypeError of the plain program on an empty array, in both modes', async () => {
    const code = "import { derivative } from '@ddx/dual';\n" +
      'export function f(x: number): number {\n  const picked: number[] = [];\n  if (x > 10) picked.push(x);\n  return picked.reduce((a, b) => a + b) + x;\n}\n' +
      'let message = "";\ntry { derivative(f, 1); } catch (e) { message = `${(e as Error).name}: ${(e as Error).message}`; }\nexport const results = { message, d: derivative(f, 11) };\n';
    const plain = await run(code.replace(/^import.*\n/, '').replace(/let message[\s\S]*$/, ''));
    let want = '';
    try {
      (plain.f as (x: number) => number)(1);
    } catch (e) {
      want = `${(e as Error).name}: ${(e as Error).message}`;
    }
    expect(want).toMatch(/^TypeError: /);
    for (const out of await runBoth(code)) expect(out.results).toEqual({ message: want, d: 2 });
  });
});

describe('what is outside the accepted methods and callbacks is diagnosed at the construct', () => {
  const cases: [string, string, string, number, string][] = [
    ['a method not supported', 'DDX1021', 'return xs.find((x) => x > 0);', 4, 'xs.find is not supported'],
    ['a callback known only at run time', 'DDX1021', 'const ys = xs.map(pick(1));\n  return ys[0];', 4, 'a callback known only at run time'],
    ['a this argument', 'DDX1021', 'const ys = xs.map((x) => x, xs);\n  return ys[0];', 4, 'without a this argument'],
    ['a destructuring callback parameter', 'DDX1021', 'return xs.reduce((s, [a]) => s + a, 0);', 4, 'plain parameters'],
    ['var inside a callback', 'DDX1021', 'return xs.reduce((s, x) => { var t = x; return s + t; }, 0);', 4, 'var is not supported inside'],
    ['a break out of a callback', 'DDX1021', 'let s = 0;\n  for (const x of xs) xs.forEach((y) => { if (y > x) continue; s += y; });\n  return s;', 5, 'cannot leave the callback'],
    ['a method on the right of ||=', 'DDX1021', 'let s = 0;\n  s ||= xs.reduce((t, x) => t + x, 0);\n  return s;', 5, 'on the right of ||='],
    ['an array used as a number', 'DDX1017', 'return xs.map((x) => x * x) * 2;', 4, 'gives an array'],
    ['?: choosing between arrays read by index', 'DDX1017', 'const ys = [xs[0], 2];\n  return (xs[0] > 0 ? ys : xs)[0];', 5, "'?:' choosing between arrays is supported as the initializer of a local"],
    ['a test passed as a number', 'DDX1016', 'return square(xs.some((x) => x > 0));', 4, 'gives a boolean'],
    ['fill on a parameter', 'DDX1011', 'xs.fill(0);\n  return xs[0];', 4, 'is a parameter'],
    ['a function by name to forEach', 'DDX1021', 'xs.forEach(square);\n  return xs[0];', 4, 'has no effect there'],
    ['a map callback that may end without returning', 'DDX1013', 'const ys = xs.map((x) => { if (x > 0) return x; });\n  return ys[0];', 4, 'may end without returning'],
    ['a value returned by a forEach callback', 'DDX1021', 'let s = 0;\n  xs.forEach((x) => { s += x; return s; });\n  return s;', 5, 'write return; alone'],
    ['a callback parameter typed otherwise', 'DDX1021', 'return xs.reduce((s: number, x: number[]) => s, 0);', 4, 'is a number'],
  ];
  for (const [name, code, body, line, text] of cases) {
    it(name, () => {
      const source = "import { gradient } from '@ddx/dual';\nfunction square(x: number): number { return x * x; }\n" +
        `function f(xs: number[]): number {\n  ${body}\n}\ndeclare function pick(k: number): (x: number) => number;\nexport const g = gradient(f, [1, 2]);\n`;
      for (const mode of modes) {
        const r = transform(source, '/virtual/r.ts', { mode });
        expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([[code, line]]);
        expect(r.diagnostics[0].message).toContain(text);
      }
    });
  }
});
