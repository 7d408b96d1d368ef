/**
 * The Hessian over reverse mode at singular points (emit/reverse/hvp.ts): reverse mode differentiates
 * each rule's partial in the tangent code by the rule's second-order row, so its Hessian is forward
 * mode's there too — the same ±∞, NaN and 0, not what differentiating the first-order row's formula
 * under the zero convention gave (cbrt″ at 0: 0 for −∞; hypot at the origin: +∞ for 0).
 * Oracles, neither of which is the code under test:
 * - at the singular points, forward mode's Hessian and hvp compiled in the same module (hyper-dual
 *   rows): the same non-finite values, finite entries within relative 1e-13;
 * - at regular points near them, central differences of forward mode's gradient (h = 1e-6, within
 *   1e-5 × max(1, |entry|)) and forward mode's Hessian (relative 1e-13, floor 1e-13 × the largest entry).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform } from '../src/index.js';
import { run } from './run.js';

interface Case {
  /** The body of f(x: number[]). */
  body: string;
  /** Singular points, and a regular point near them. */
  singular: number[][];
  regular: number[];
}

const cases: Record<string, Case> = {
  'cbrt at 0 (seed 1 run 5238)': { body: 'Math.cbrt(x[1])', singular: [[1.7674, 0]], regular: [1.7674, 0.3] },
  'cbrt at 0 inside a product': { body: 'Math.cbrt(x[0]) * x[1]', singular: [[0, 2], [0, -0.5]], regular: [0.4, 2] },
  'cbrt of a product at 0': { body: 'Math.cbrt(x[0] * x[1])', singular: [[0, 0], [0, 2], [1.5, 0]], regular: [0.4, 2] },
  'hypot of s − s and s·d at s = 0 (seed 1 run 10718)': { body: 'Math.hypot(x[0] - x[0], x[0] * x[1])', singular: [[0, 1.3]], regular: [0.2, 1.3] },
  'hypot with every argument 0, and with one': { body: 'Math.hypot(x[0], x[1]) + Math.hypot(x[0], x[1], 2 * x[1])', singular: [[0, 0], [0, 1.5], [-0.5, 0]], regular: [0.3, 1.5] },
  'sqrt at 0': { body: 'Math.sqrt(x[0]) + Math.sqrt(x[0] * x[1])', singular: [[0, 1], [0, 0.5], [0, 0]], regular: [0.6, 0.5] },
  'asin and acos at ±1': { body: 'Math.asin(x[0]) * x[1] + Math.acos(x[1])', singular: [[1, -1], [-1, 1], [1, 1]], regular: [0.5, -0.4] },
  'pow at 0, the exponent 0, 2 and 0.5': { body: 'x[0] ** x[1]', singular: [[0, 0], [0, 2], [0, 0.5]], regular: [0.7, 0.5] },
  'pow at 0, constant exponents': { body: 'Math.pow(x[0], 0) * x[1] + x[0] ** 2 * x[1] + x[0] ** 0.5 * x[1]', singular: [[0, 1], [0, -2]], regular: [0.8, 1] },
  'log at 0': { body: 'Math.log(x[0]) * x[1] + Math.log(x[0] * x[0] + x[1])', singular: [[0, 2]], regular: [0.5, 2] },
  'log of a sum at 0': { body: 'Math.log(x[0] * x[0] + x[1])', singular: [[0, 0]], regular: [0.5, 2] },
  'atan2 of y and y (seed 84471 run 289)': { body: 'Math.sin(Math.atan2(x[0], x[0])) + Math.atan2(x[0], x[1])', singular: [[-0.0007, 0], [0, 0]], regular: [-0.3, 0.8] },
};

/**
 * Points where a factor exactly 0 meets an infinite second-order part (the product's partial x1 = 0
 * times cbrt″, √ or log″ at 0): forward mode gives NaN there and reverse mode nothing, the
 * documented difference of the first-order conventions (README, reverse mode), which the Hessian
 * over reverse mode keeps. There reverse mode's entry is forward mode's of `rest`, the function
 * without that product; elsewhere it is forward mode's.
 */
const zeroFactors: Record<string, { body: string; rest: string; at: number[] }> = {
  'cbrt at 0 times 0': { body: 'Math.cbrt(x[0]) * x[1] + Math.cbrt(x[0] * x[1])', rest: 'Math.cbrt(x[0] * x[1])', at: [0, 0] },
  'sqrt of 0 times 0': { body: 'Math.sqrt(x[0]) + Math.sqrt(x[0] * x[1]) * x[1]', rest: 'Math.sqrt(x[0])', at: [0, 0] },
  'log at 0 times 0, next to log at 0': { body: 'Math.log(x[0]) * x[1] + Math.log(x[0] * x[0] + x[1])', rest: 'Math.log(x[0] * x[0] + x[1])', at: [0, 0] },
};

async function compiled(bodies: string[]): Promise<Compiled[]> {
  const code = "import { gradient, hessian, hvp } from '@ddx/dual';\n" +
    bodies.map((body, k) => `function f${k}(x: number[]): number {\n  return ${body};\n}`).join('\n') + '\n' +
    `export const fs = [${bodies.map((_, k) => `{
  reverseHessian: (x: number[]) => hessian(f${k}, x, { mode: 'reverse' }),
  reverseHvp: (x: number[], v: number[]) => hvp(f${k}, x, v, { mode: 'reverse' }),
  forwardHessian: (x: number[]) => hessian(f${k}, x),
  forwardHvp: (x: number[], v: number[]) => hvp(f${k}, x, v),
  forwardGradient: (x: number[]) => gradient(f${k}, x),
}`).join(', ')}];\n`;
  const r = transform(code, '/project/singular.ts');
  expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
  return ((await run(r.code)) as { fs: Compiled[] }).fs;
}

interface Compiled {
  reverseHessian: (x: number[]) => number[][];
  reverseHvp: (x: number[], v: number[]) => number[];
  forwardHessian: (x: number[]) => number[][];
  forwardHvp: (x: number[], v: number[]) => number[];
  forwardGradient: (x: number[]) => number[];
}

/** `got` is `want`: the same non-finite value, or within relative 1e-13 (absolute `floor`). */
function expectSame(got: number, want: number, floor: number, what: string): void {
  if (!Number.isFinite(want)) expect(String(got), what).toBe(String(want));
  else expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(Math.max(1e-13 * Math.abs(want), floor));
}

const largest = (rows: number[][]): number => Math.max(0, ...rows.flat().filter(Number.isFinite).map(Math.abs));

describe('the Hessian over reverse mode at singular points', () => {
  const names = Object.keys(cases);
  let fs: Compiled[] | undefined;
  const compiledOnce = async (): Promise<Compiled[]> => (fs ??= await compiled(names.map((n) => cases[n].body)));

  it.each(names)('%s: forward mode\'s Hessian and hvp at the singular points', async (name) => {
    const c = cases[name], m = (await compiledOnce())[names.indexOf(name)];
    for (const x of c.singular) {
      const H = m.reverseHessian(x), F = m.forwardHessian(x);
      const floor = 1e-13 * largest(F);
      F.forEach((row, i) => row.forEach((want, j) => expectSame(H[i][j], want, floor, `x = ${x}: H[${i}][${j}]`)));
      for (const v of [[1, 0], [0.5, -1.5]]) {
        const want = m.forwardHvp(x, v);
        m.reverseHvp(x, v).forEach((got, i) => expectSame(got, want[i], 1e-13 * Math.max(0, ...want.filter(Number.isFinite).map(Math.abs)), `x = ${x}, v = ${v}: [${i}]`));
      }
    }
  });

  it.each(names)('%s: central differences and forward mode at a regular point near them', async (name) => {
    const c = cases[name], m = (await compiledOnce())[names.indexOf(name)];
    const x = c.regular, h = 1e-6;
    const H = m.reverseHessian(x), F = m.forwardHessian(x);
    const floor = 1e-13 * largest(F);
    x.forEach((_, j) => {
      const up = m.forwardGradient(x.map((xi, k) => (k === j ? xi + h : xi)));
      const down = m.forwardGradient(x.map((xi, k) => (k === j ? xi - h : xi)));
      x.forEach((_, i) => {
        const cd = (up[i] - down[i]) / (2 * h);
        expect(Number.isFinite(H[i][j]), `H[${i}][${j}] = ${H[i][j]}`).toBe(true);
        expect(Math.abs(H[i][j] - cd), `H[${i}][${j}] = ${H[i][j]} vs central difference ${cd}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(cd)));
        expectSame(H[i][j], F[i][j], floor, `H[${i}][${j}]`);
      });
    });
  });

  it.each(Object.keys(zeroFactors))('%s: the documented difference, forward NaN where reverse mode adds nothing', async (name) => {
    const { body, rest, at } = zeroFactors[name];
    const [m, r] = await compiled([body, rest]);
    const H = m.reverseHessian(at), F = m.forwardHessian(at), R = r.forwardHessian(at);
    expect(F.flat().some(Number.isNaN)).toBe(true);
    F.forEach((row, i) => row.forEach((want, j) => expectSame(H[i][j], Number.isNaN(want) ? R[i][j] : want, 1e-13 * largest(F), `H[${i}][${j}]`)));
  });
});
