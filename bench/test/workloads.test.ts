import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { centralGradient, centralHessian, centralJacobian } from '../src/methods/finiteDifferences.js';
import { martinsFirst, martinsSecond } from '../src/methods/handWritten.js';
import {
  brownAlmostLinear, brownJacobian, brownPoint, rosenbrock, rosenbrockGradient, rosenbrockDirection, rosenbrockHessian, rosenbrockHvp, rosenbrockPoint,
  scalarWorkloads,
} from '../src/workloads.js';

const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('scalar references', () => {
  it('the reference function uses the 25-digit values of test/vectors/reference-derivatives.json', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'vectors', 'reference-derivatives.json'), 'utf8'));
    const row = file.composite.find((r: { fn: string }) => r.fn === 'martins');
    const w = scalarWorkloads.find((x) => x.name === 'martins')!;
    expect(w.x).toBe(Number(row.x[0]));
    expect(w.reference).toEqual({ f: Number(row.f), first: Number(row.grad[0]), second: Number(row.hess[0][0]) });
  });

  // An independent oracle: the closed forms evaluated in double precision.
  const closed: Record<string, [number, number, number]> = (() => {
    const x = 0.7;
    const t = Math.tan(x), s2 = 1 / Math.cos(x) ** 2, e = 10.31 ** (2 * x), a = Math.log(10.31), sg = 1 / (1 + Math.exp(-x));
    return {
      num2num_1: [t * t, 2 * t * s2, 2 * s2 * s2 + 4 * t * t * s2],
      num2num_2: [2 * x + x ** 1.5, 2 + 1.5 * Math.sqrt(x), 0.75 / Math.sqrt(x)],
      num2num_3: [e - x, 2 * a * e - 1, 4 * a * a * e],
      num2num_4: [1, 0, 0],
      num2num_5: [sg, sg * (1 - sg), sg * (1 - sg) * (1 - 2 * sg)],
      martins: [4.49778005394616195025177, martinsFirst(1.5), martinsSecond(1.5)],
    };
  })();
  it('the DiffTests functions are taken at x = 0.7', () => expect(scalarWorkloads.filter((w) => w.name !== 'martins').every((w) => w.x === 0.7)).toBe(true));
  for (const w of scalarWorkloads) {
    it(`${w.name}: f, f', f'' agree with the closed form to 1e-14`, () => {
      const [f, d1, d2] = closed[w.name];
      expect(rel(w.f(w.x), f)).toBeLessThan(1e-14);
      expect(rel(w.reference.f, f)).toBeLessThan(1e-14);
      expect(rel(w.reference.first, d1)).toBeLessThan(1e-14);
      expect(rel(w.reference.second, d2)).toBeLessThan(1e-14);
    });
  }
});

describe('vector references', () => {
  it('Rosenbrock: the classic value 24.2 and ∇ (−215.6, −88) at (−1.2, 1)', () => {
    expect(rosenbrock([-1.2, 1])).toBeCloseTo(24.2, 12);
    expect(rosenbrockGradient([-1.2, 1])).toEqual([expect.closeTo(-215.6, 11), expect.closeTo(-88, 11)]);
    expect(rosenbrockHessian([-1.2, 1])).toEqual([[expect.closeTo(1330, 10), expect.closeTo(480, 10)], [expect.closeTo(480, 10), 200]]);
  });
  it('Rosenbrock gradient and Hessian agree with central differences for n = 7', () => {
    const x = rosenbrockPoint(7);
    centralGradient(rosenbrock, x).forEach((g, i) => expect(rel(g, rosenbrockGradient(x)[i])).toBeLessThan(1e-8));
    const H = rosenbrockHessian(x);
    centralHessian(rosenbrock, x).forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - H[i][j])).toBeLessThan(1e-3)));
  });
  it('Rosenbrock H v by hand agrees with central differences of the gradient along v for n = 8', () => {
    const x = rosenbrockPoint(8), v = rosenbrockDirection(8), h = 1e-5;
    const plus = rosenbrockGradient(x.map((xi, i) => xi + h * v[i])), minus = rosenbrockGradient(x.map((xi, i) => xi - h * v[i]));
    // (∇f(x + hv) − ∇f(x − hv)) / 2h = H v + O(h²); the error is truncation (~1e-7 here) and rounding (~1e-9)
    rosenbrockHvp(x, v).forEach((e, i) => expect(Math.abs(e - (plus[i] - minus[i]) / (2 * h))).toBeLessThan(1e-5 * Math.max(1, Math.abs(e))));
    expect(rosenbrockHvp(x, v)).not.toEqual(new Array(8).fill(0));
  });
  it('Brown almost-linear Jacobian agrees with central differences for n = 6', () => {
    const x = brownPoint(6);
    const J = brownJacobian(x);
    centralJacobian(brownAlmostLinear, x).forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - J[i][j])).toBeLessThan(1e-8)));
  });
});
