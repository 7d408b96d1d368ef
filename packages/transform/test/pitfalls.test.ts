/**
 * Acceptance: every row of /work/shared/vectors/pitfalls.md that a plain numeric function can
 * express, differentiated through the transform in both emit modes. Expected values are the
 * table's (exact numbers or closed forms); the comparison is exact up to one rounding
 * (1e-14 relative), and infinities must match exactly — a NaN is always a failure.
 *
 * Out of scope here: the "Nested differentiation" rows and "third derivative of x ** 2"
 * need a derivative inside a differentiated function, i.e. the run-time engine's tags; they
 * are tested in @ddx/dual, not through the transform.
 */
import { describe, expect, it } from 'vitest';
import { modes, runTransformed } from './difftests/support/run-transformed.js';

/** Exact up to rounding; ±Infinity and signs of infinities must match exactly; -0 equals 0. */
function expectNumbers(actual: unknown, expected: number[], what: string): void {
  const values = (Array.isArray(actual) ? actual : [actual]).flat(2) as unknown[];
  expect(values, what).toHaveLength(expected.length);
  expected.forEach((want, i) => {
    const got = values[i];
    expect(typeof got, `${what}[${i}] should be a plain number`).toBe('number');
    if (!Number.isFinite(want)) expect(got, `${what}[${i}]`).toBe(want);
    else expect(Math.abs((got as number) - want), `${what}[${i}] = ${String(got)}, expected ${want}`).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(want)));
  });
}

interface Row {
  row: string;
  source: string;
  check(exports: Record<string, any>): void;
}

const header = `import { derivative, secondDerivative, gradient, hessian, valueAndGradient, jacobian, jvp, hvp, valueGradientHessian } from '@ddx/dual';\n`;

const powers: Row[] = [
  {
    row: 'D(x => x ** 0, 0) = 0',
    source: `function power0(x: number): number { return x ** 0; }
export const result = derivative(power0, 0);`,
    check: ({ result }) => expectNumbers(result, [0], 'D(x ** 0)(0)'),
  },
  {
    row: 'D(y => 0 ** y) at y = -0.5, 0, 0.5, 1.5 is -Infinity, -Infinity, 0, 0',
    source: `function zeroToThe(y: number): number { return 0 ** y; }
export const dZeroToThe = derivative(zeroToThe);`,
    check: ({ dZeroToThe }) => expectNumbers([-0.5, 0, 0.5, 1.5].map(dZeroToThe), [-Infinity, -Infinity, 0, 0], 'D(0 ** y)'),
  },
  {
    row: 'gradient of ([a, b]) => a ** b at [0, 1.5] = [0, 0] (array parameter)',
    source: `function power(v: number[]): number { return v[0] ** v[1]; }
export const result = gradient(power, [0, 1.5]);`,
    check: ({ result }) => expectNumbers(result, [0, 0], '∇(a ** b)'),
  },
  {
    row: 'gradient of (a, b) => a ** b at [0, 1.5] = [0, 0] (two number parameters)',
    source: `function power(a: number, b: number): number { return a ** b; }
export const result = gradient(power, [0, 1.5]);`,
    check: ({ result }) => expectNumbers(result, [0, 0], '∇(a ** b)'),
  },
  {
    // The exponent is computed at run time (Math.round(0.6) = 1) rather than written as the
    // literal 1, so the emitted code cannot rely on a special case for x ** 1. (A closure over
    // a parameter or a computed module constant would say it more directly; both are rejected
    // by the transform with DDX1007.)
    row: 'hyper-dual x ** 1 at x = 0, exponent known only at run time: second part 0',
    source: `function power(x: number): number {
  const exponent = Math.round(0.6);
  return x ** exponent;
}
export const result = secondDerivative(power, 0);
export const first = derivative(power, 0);`,
    check: ({ result, first }) => expectNumbers([result, first], [0, 1], "(x ** n)'' and ' at 0, n = 1"),
  },
];

const nonDifferentiablePoints: Row[] = [
  {
    row: 'D(Math.abs, 0) = 1 and D(Math.abs, -0) = -1 (sign bit)',
    source: `export const atPlusZero = derivative(Math.abs, 0);
export const atMinusZero = derivative(Math.abs, -0);`,
    check: ({ atPlusZero, atMinusZero }) => expectNumbers([atPlusZero, atMinusZero], [1, -1], 'D(Math.abs)'),
  },
  {
    row: 'D(x => Math.abs(x)) at 0 and -0 is 1 and -1 (through a function)',
    source: `function abs(x: number): number { return Math.abs(x); }
export const dAbs = derivative(abs);`,
    check: ({ dAbs }) => expectNumbers([dAbs(0), dAbs(-0)], [1, -1], 'D(abs)'),
  },
  {
    row: 'second derivative of x => Math.abs(x) ** 2 at 0 = 2',
    source: `function absSquared(x: number): number { return Math.abs(x) ** 2; }
export const result = secondDerivative(absSquared, 0);`,
    check: ({ result }) => expectNumbers(result, [2], "(|x|²)''(0)"),
  },
  {
    row: 'second derivative of x => Math.abs(-(x * x)) at 0 = 2',
    source: `function absOfNegativeSquare(x: number): number { return Math.abs(-(x * x)); }
export const result = secondDerivative(absOfNegativeSquare, 0);`,
    check: ({ result }) => expectNumbers(result, [2], "|-(x²)|''(0)"),
  },
  {
    row: 'gradient of ([a, b]) => Math.max(a, b) at [1, 1] = [1, 0] (first argument wins a tie; min alike)',
    source: `function maximum(v: number[]): number { return Math.max(v[0], v[1]); }
function minimum(v: number[]): number { return Math.min(v[0], v[1]); }
export const ofMax = gradient(maximum, [1, 1]);
export const ofMin = gradient(minimum, [1, 1]);`,
    check: ({ ofMax, ofMin }) => {
      expectNumbers(ofMax, [1, 0], '∇max');
      expectNumbers(ofMin, [1, 0], '∇min');
    },
  },
  {
    row: 'D(x => (x === 1 ? 1 : x * x), 1) = 0 (the taken branch is a constant)',
    source: `function branch(x: number): number { return x === 1 ? 1 : x * x; }
export const result = derivative(branch, 1);
export const elsewhere = derivative(branch, 3);`,
    check: ({ result, elsewhere }) => expectNumbers([result, elsewhere], [0, 6], 'D(branch) at 1 and 3'),
  },
  {
    row: 'D(Math.sqrt, 0) = Infinity',
    source: `function root(x: number): number { return Math.sqrt(x); }
export const direct = derivative(Math.sqrt, 0);
export const wrapped = derivative(root, 0);`,
    check: ({ direct, wrapped }) => expectNumbers([direct, wrapped], [Infinity, Infinity], 'D(sqrt)(0)'),
  },
  {
    row: 'D(x => Math.floor(x) * x, 2.5) = 2 (floor has derivative 0)',
    source: `function floorTimes(x: number): number { return Math.floor(x) * x; }
export const result = derivative(floorTimes, 2.5);`,
    check: ({ result }) => expectNumbers(result, [2], 'D(floor(x) x)(2.5)'),
  },
];

const infinities: Row[] = [
  {
    // A plain function meets "log at a dual (0, tangent 0)" in the b-sweep of this gradient:
    // log(a) at a = 0 carries tangent 0, and must stay 0 (not 0·∞ = NaN).
    row: 'Math.log at (0, tangent 0): value -Infinity, tangent 0',
    source: `function logPlus(v: number[]): number { return Math.log(v[0]) + v[1]; }
export const result = valueAndGradient(logPlus, [0, 1]);`,
    check: ({ result }) => {
      expectNumbers(result.value, [-Infinity], 'value');
      expectNumbers(result.gradient, [Infinity, 1], 'gradient');
    },
  },
  {
    row: 'gradient of ([a, b]) => a * Math.exp(-b) at [1, -1000] = [Infinity, -Infinity]',
    source: `function decay(v: number[]): number { return v[0] * Math.exp(-v[1]); }
export const result = gradient(decay, [1, -1000]);`,
    check: ({ result }) => expectNumbers(result, [Infinity, -Infinity], '∇(a e^-b)'),
  },
  {
    row: 'gradient of ([a, b]) => Math.log(0 * a + b) at [1, 0] = [0, Infinity] (a zero tangent contributes nothing)',
    source: `function logOfLinear(v: number[]): number { return Math.log(0 * v[0] + v[1]); }
export const result = gradient(logOfLinear, [1, 0]);`,
    check: ({ result }) => expectNumbers(result, [0, Infinity], '∇log(0a + b)'),
  },
  {
    row: '∂/∂y of Math.sqrt(x) + y at x = 0 is 1, in every verb',
    source: `function f(v: number[]): number { return Math.sqrt(v[0]) + v[1]; }
function F(v: number[]): number[] { return [Math.sqrt(v[0]) + v[1]]; }
export const result = {
  g: gradient(f, [0, 2]), j: jacobian(F, [0, 2]), jv: jvp(f, [0, 2], [0, 1]),
  h: hessian(f, [0, 2])[1], hv: hvp(f, [0, 2], [0, 1]), vgh: valueGradientHessian(f, [0, 2]).gradient,
};`,
    check: ({ result }) => {
      expectNumbers(result.g, [Infinity, 1], 'gradient');
      expectNumbers(result.j[0], [Infinity, 1], 'jacobian');
      expectNumbers([result.jv], [1], 'jvp along y');
      expectNumbers([result.h[1]], [0], 'hessian[1][1]');
      expectNumbers([result.hv[1]], [0], 'hvp along y, second entry');
      expectNumbers(result.vgh, [Infinity, 1], 'valueGradientHessian');
    },
  },
];

// The determinant of the n×n row-major matrix m by Gaussian elimination without pivoting (on
// a local copy): det = Π pivots. Shared by the determinant rows.
const determinant = `
function determinant(m: number[], n: number): number {
  const a: number[] = [];
  for (let i = 0; i < n * n; i++) a[i] = m[i];
  let det = 1;
  for (let k = 0; k < n; k++) {
    const pivot = a[k * n + k];
    det *= pivot;
    for (let i = k + 1; i < n; i++) {
      const factor = a[i * n + k] / pivot;
      for (let j = k; j < n; j++) a[i * n + j] -= factor * a[k * n + j];
    }
  }
  return det;
}`;

const linearAlgebra: Row[] = [
  {
    row: 'gradient of the 3×3 determinant at [[1,0,0],[0,2,0],[0,π,3]] = [[6,0,0],[0,3,-π],[0,0,2]]',
    source: `${determinant}
function det3(m: number[]): number {
  return determinant(m, 3);
}
export const result = gradient(det3, [1, 0, 0, 0, 2, 0, 0, Math.PI, 3]);`,
    check: ({ result }) => expectNumbers(result, [6, 0, 0, 0, 3, -Math.PI, 0, 0, 2], '∇det'),
  },
  {
    row: 'Hessian of x => xᵀ H x at 0 with H = [[1,2,3],[4,5,6],[7,8,9]] = H + Hᵀ',
    source: `function quadraticForm(x: number[]): number {
  const H: number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  let sum = 0;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) sum += x[i] * H[i * 3 + j] * x[j];
  }
  return sum;
}
export const result = hessian(quadraticForm, [0, 0, 0]);`,
    check: ({ result }) => expectNumbers(result, [2, 6, 10, 6, 10, 14, 10, 14, 18], '∇²(xᵀHx)'),
  },
  {
    row: 'log det A(x), A = [[2+x,1,0],[1,3,x],[0,x,4]] (det via LU) at 0.5: first 74/203, second -16844/41209',
    source: `${determinant}
function logDet(x: number): number {
  const a: number[] = [2 + x, 1, 0, 1, 3, x, 0, x, 4];
  return Math.log(determinant(a, 3));
}
export const first = derivative(logDet, 0.5);
export const second = secondDerivative(logDet, 0.5);`,
    check: ({ first, second }) => expectNumbers([first, second], [74 / 203, -16844 / 41209], "(log det A)', ''"),
  },
];

const constantOutputs: Row[] = [
  {
    row: 'D(x => 1, 3) is the number 0',
    source: `function one(x: number): number { return 1; }
export const result = derivative(one, 3);
export const second = secondDerivative(one, 3);`,
    check: ({ result, second }) => expectNumbers([result, second], [0, 0], "(x => 1)', ''"),
  },
  {
    row: 'the gradient (and Hessian) of a function that ignores its input is zero',
    source: `function seven(v: number[]): number { return 7; }
export const grad = gradient(seven, [1, 2, 3]);
export const hess = hessian(seven, [1, 2, 3]);`,
    check: ({ grad, hess }) => {
      expectNumbers(grad, [0, 0, 0], '∇7');
      expectNumbers(hess, [0, 0, 0, 0, 0, 0, 0, 0, 0], '∇²7');
    },
  },
];

const sections: [string, Row[]][] = [
  ['Powers', powers],
  ['Points without a derivative', nonDifferentiablePoints],
  ['Infinities and NaN', infinities],
  ['Linear algebra written in plain code', linearAlgebra],
  ['Constant outputs', constantOutputs],
];

describe.each(modes)('pitfalls.md through the transform, %s mode', (mode) => {
  describe.each(sections)('%s', (_, rows) => {
    it.each(rows)('$row', async ({ source, check }) => {
      check(await runTransformed(header + source, { mode }));
    });
  });
});
