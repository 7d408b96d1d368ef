/**
 * Acceptance: DiffTests.jl's functions (ports in ./difftests/ports) differentiated at their call
 * sites by the transform, in both emit modes, against Richardson-extrapolated central
 * differences (tolerances and why: ./difftests/support/checks.ts).
 */
import { describe, expect, it } from 'vitest';
import * as num2num from './difftests/ports/num2num.js';
import * as vec2num from './difftests/ports/vec2num.js';
import {
  arrayNames, checkArray, checkScalar, checkVector, expectClose, mixed, pointsFor, scalarNames, vectorNames,
} from './difftests/support/checks.js';
import { centralDerivative, centralHessian, centralSecondDerivative } from './difftests/support/finite-differences.js';
import { modes, runTransformed } from './difftests/support/run-transformed.js';
import { agreeAcrossModes } from './close.js';

type ScalarModule = { first: (x: number) => number; second: (x: number) => number };
type VectorModule = { grad: (x: number[]) => number[]; hess: (x: number[]) => number[][] };
type ArrayModule = { jac: (x: number[]) => number[][] };

// Both call forms are used: derivative(f) / hessian(f) compiled once, and gradient(f, x) etc. at a point.
const scalarEntry = (name: string) => `
import { derivative, secondDerivative } from '@ddx/dual';
import { ${name} } from './num2num.js';
export const first = derivative(${name});
export const second = (x: number) => secondDerivative(${name}, x);
`;
const vectorEntry = (name: string) => `
import { gradient, hessian } from '@ddx/dual';
import { ${name} } from './vec2num.js';
export const grad = (x: number[]) => gradient(${name}, x);
export const hess = hessian(${name});
`;
const arrayEntry = (name: string) => `
import { jacobian } from '@ddx/dual';
import { ${name} } from './vec2vec.js';
export const jac = (x: number[]) => jacobian(${name}, x);
`;

describe('the oracle itself', () => {
  // Closed forms at x = 1: num2num_1 = tan², so f' = 2 tan sec², f'' = 2 sec⁴ + 4 tan² sec².
  const tan = Math.tan(1);
  const sec2 = 1 / Math.cos(1) ** 2;
  it('matches closed forms of num2num_1', () => {
    expectClose([2 * tan * sec2], [centralDerivative(num2num.num2num_1, 1)], 1e-13, "num2num_1'(1)");
    expectClose([2 * sec2 * sec2 + 4 * tan * tan * sec2], [centralSecondDerivative(num2num.num2num_1, 1)], 1e-10, "num2num_1''(1)");
  });
  it('matches the closed-form Hessian of rosenbrock_1 (tridiagonal)', () => {
    const x = mixed;
    const n = x.length;
    const exact = x.map((_, i) =>
      x.map((__, j) => {
        if (i === j) return (i < n - 1 ? 2 + 1200 * x[i] ** 2 - 400 * x[i + 1] : 0) + (i > 0 ? 200 : 0);
        return Math.abs(i - j) === 1 ? -400 * x[Math.min(i, j)] : 0;
      }),
    );
    expectClose(exact.flat(), centralHessian(vec2num.rosenbrock_1, x).flat(), 1e-9, '∇²rosenbrock_1');
  });
});

describe.each(modes)('DiffTests.jl through the transform, %s mode', (mode) => {
  it.each(scalarNames)('%s: first and second derivatives at x = 1', async (name) => {
    const { first, second } = await runTransformed<ScalarModule>(scalarEntry(name), { mode });
    checkScalar(name, first, second);
  });

  it.each(vectorNames)('%s: gradient and Hessian at random vectors of length 13', async (name) => {
    const { grad, hess } = await runTransformed<VectorModule>(vectorEntry(name), { mode });
    checkVector(name, grad, hess);
  });

  it.each(arrayNames)('%s: Jacobian at random vectors of length 13', async (name) => {
    const { jac } = await runTransformed<ArrayModule>(arrayEntry(name), { mode });
    checkArray(name, jac);
  });
});

/** The gradient asked for in forward mode (the default picks reverse mode from 4 entries on). */
const forwardEntry = (name: string) => vectorEntry(name).replace(`gradient(${name}, x)`, `gradient(${name}, x, { mode: 'forward' })`);

describe('DiffTests.jl: inline and dual modes agree bit for bit in forward mode', () => {
  const both = async <T>(entry: string) => Promise.all(modes.map((mode) => runTransformed<T>(entry, { mode })));

  it.each(scalarNames)('%s', async (name) => {
    const [inline, dual] = await both<ScalarModule>(scalarEntry(name));
    expect([dual.first(1), dual.second(1)]).toEqual([inline.first(1), inline.second(1)]);
  });

  it.each(vectorNames)('%s (and the default gradient within 1e-13 of the engine, floor 1e-13·|f|)', async (name) => {
    const [inline, dual] = await both<VectorModule>(forwardEntry(name));
    const byDefault = await runTransformed<VectorModule>(vectorEntry(name), { mode: 'inline' });
    for (const x of pointsFor(name)) {
      expect(dual.grad(x.slice())).toEqual(inline.grad(x.slice()));
      expect(dual.hess(x.slice())).toEqual(inline.hess(x.slice()));
      const f = vec2num[name](x.slice());
      const engine = dual.grad(x.slice());
      byDefault.grad(x.slice()).forEach((g, k) => expect(agreeAcrossModes(g, engine[k], f), `${name} ∂${k}: ${g} vs ${engine[k]}`).toBe(true));
    }
  });

  it.each(arrayNames)('%s', async (name) => {
    const [inline, dual] = await both<ArrayModule>(arrayEntry(name));
    for (const x of pointsFor(name)) expect(dual.jac(x.slice())).toEqual(inline.jac(x.slice()));
  });
});

// Reverse mode: the gradient by one backward sweep, the Hessian as n adjoints of the tangent code
// (emit/reverse/hvp.ts), against the same central differences, and against forward mode's Hessian
// (relative 1e-13, floor 1e-13·max(|f|, largest entry): reverse mode sums in another order).
const reverseEntry = (name: string) => `
import { gradient, hessian } from '@ddx/dual';
import { ${name} } from './vec2num.js';
export const grad = (x: number[]) => gradient(${name}, x, { mode: 'reverse' });
export const hess = (x: number[]) => hessian(${name}, x, { mode: 'reverse' });
`;

describe('DiffTests.jl vec2num in reverse mode (gradient, and the Hessian over reverse mode)', () => {
  it.each(vectorNames)('%s', async (name) => {
    const reverse = await runTransformed<VectorModule>(reverseEntry(name), { mode: 'inline' });
    checkVector(name, reverse.grad, reverse.hess);
    const forward = await runTransformed<VectorModule>(vectorEntry(name), { mode: 'inline' });
    for (const x of pointsFor(name)) {
      const H = reverse.hess(x.slice()).flat(), F = forward.hess(x.slice()).flat();
      const floor = 1e-13 * Math.max(Math.abs(vec2num[name](x.slice())), ...F.map(Math.abs));
      H.forEach((h, k) => expect(Math.abs(h - F[k]), `${name} H entry ${k}: ${h} vs ${F[k]}`).toBeLessThanOrEqual(Math.max(1e-13 * Math.abs(F[k]), floor)));
    }
  });
});
