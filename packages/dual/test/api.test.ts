/**
 * The API verbs: forms (curried, multi-parameter, value-and-*), shapes, jvp/hvp against
 * jacobian/hessian, defineFunction, the NaN-safe option, and the error every misuse raises.
 * Expected values are exact closed forms.
 */
import { describe, expect, it } from 'vitest';
import {
  Dual, HyperDual, defineFunction, derivative, dual, gradient, hessian, hvp, jacobian, jvp, ops, secondDerivative,
  valueAndDerivative, valueAndDerivatives, valueAndGradient, valueAndJacobian, valueGradientHessian, type Real,
} from '../src/index.js';
import { centralFirst, centralSecond, expectAllClose, expectClose } from './helpers.js';

const { add, sub, mul, div, sin, cos, exp, log, pow } = ops;

describe('forms of the verbs', () => {
  it('derivative(f) without a point returns the derivative as a function', () => {
    const dsin = derivative(sin);
    expect(dsin).toBeTypeOf('function');
    expect(dsin(0.3)).toBe(Math.cos(0.3));
    expect(derivative((x) => mul(x, x))(3)).toBe(6);
    expect(secondDerivative(sin)(0.3)).toBe(-Math.sin(0.3));
  });
  it('method style: x.mul(x).add(x.sin()) is 2x + cos x', () => {
    expect(derivative((x) => x.mul(x).add(x.sin()), 1.5)).toBe(3.0707372016677029);
    expect(secondDerivative((x) => x.pow(3), 2)).toBe(12);
  });
  it('gradient, jacobian and hessian without a point return functions', () => {
    const f = ([a, b]: Real[]) => mul(a, sin(b));
    expect(gradient(f)([2, 0])).toEqual([0, 2]);
    expect(jacobian(([a, b]: Real[]) => [mul(a, b), add(a, b)])([3, 4])).toEqual([[4, 3], [1, 1]]);
    expect(hessian(([x, y]: Real[]) => mul(mul(x, x), y))([1, 2])).toEqual([[4, 2], [2, 0]]);
  });
  it('a multi-parameter f receives the coordinates as separate arguments: gradient((a, b) => …, [a, b])', () => {
    expect(gradient((a, b) => mul(a, b), [3, 4])).toEqual([4, 3]);
    expect(gradient((a, b, c) => mul(mul(a, b), c), [2, 3, 4], { strategy: 'chunked' })).toEqual([12, 8, 6]);
    expect(hessian((a, b) => mul(mul(a, a), b), [1, 2])).toEqual([[4, 2], [2, 0]]);
    expect(jacobian((a, b) => [mul(a, b), sub(a, b)], [3, 4])).toEqual([[4, 3], [1, -1]]);
  });
  it('a Float64Array point is accepted', () => {
    expect(gradient(([a, b]: Real[]) => mul(a, b), Float64Array.of(3, 4))).toEqual([4, 3]);
  });
  it('valueAndDerivative, valueAndDerivatives', () => {
    expect(valueAndDerivative(exp, 0)).toEqual({ value: 1, derivative: 1 });
    expect(valueAndDerivatives((x) => pow(x, 3), 2)).toEqual({ value: 8, first: 12, second: 12 });
  });
  it('valueAndGradient, valueAndJacobian, valueGradientHessian', () => {
    expect(valueAndGradient(([a, b]: Real[]) => mul(a, b), [3, 4])).toEqual({ value: 12, gradient: [4, 3] });
    expect(valueAndJacobian(([a, b]: Real[]) => [mul(a, b), add(a, b)], [3, 4])).toEqual({ value: [12, 7], jacobian: [[4, 3], [1, 1]] });
    expect(valueGradientHessian(([x, y]: Real[]) => mul(mul(x, x), y), [1, 2])).toEqual({ value: 2, gradient: [4, 1], hessian: [[4, 2], [2, 0]] });
  });
  it('jacobian has m rows of n columns', () => {
    // f: R³ → R², J[i][j] = ∂fᵢ/∂xⱼ
    const J = jacobian(([x, y, z]: Real[]) => [mul(x, y), add(mul(y, z), sin(x))], [1, 2, 3]);
    expect(J.length).toBe(2);
    expect(J.every((row) => row.length === 3)).toBe(true);
    expect(J).toEqual([[2, 1, 0], [Math.cos(1), 3, 2]]);
  });
  it('jvp equals J·v and hvp equals H·v', () => {
    const f = ([x, y, z]: Real[]) => [mul(x, y), add(mul(y, z), sin(x)), exp(mul(x, z))];
    const x = [0.3, -1.2, 0.8], v = [0.5, 2, -1];
    const J = jacobian(f, x);
    expectAllClose(jvp(f, x, v), J.map((row) => row.reduce((s, Jij, j) => s + Jij * v[j], 0)), 1e-15, 1e-15, 'jvp');
    const g = ([a, b, c]: Real[]) => mul(exp(mul(a, b)), sin(c));
    expectClose(jvp(g, x, v), gradient(g, x).reduce((s, gi, i) => s + gi * v[i], 0), 1e-15, 1e-15, 'scalar jvp');
    const H = hessian(g, x);
    expectAllClose(hvp(g, x, v), H.map((row) => row.reduce((s, Hij, j) => s + Hij * v[j], 0)), 1e-14, 1e-15, 'hvp');
  });
  it('the point may itself be a dual inside another derivative', () => {
    // d/dx f'(x) with f = sin: the inner derivative at a dual point is a dual.
    expect(derivative((x) => derivative(sin, x), 0.4)).toBe(-Math.sin(0.4));
    expect(derivative((x) => secondDerivative(sin, x), 0.4)).toBe(-Math.cos(0.4));
  });
});

describe('defineFunction', () => {
  const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
  const softplus = defineFunction('softplus',
    (x) => Math.log1p(Math.exp(x)),
    sigma,
    (x) => sigma(x) * (1 - sigma(x)));
  it('a user rule gives its value and derivatives (against finite differences)', () => {
    const f = (x: number) => Math.log1p(Math.exp(x));
    expect(softplus(0.7)).toBe(f(0.7));
    expect(derivative(softplus, 0)).toBe(0.5);
    expect(secondDerivative(softplus, 0)).toBe(0.25);
    expectClose(derivative((x) => mul(x, softplus(x)), 0.7), centralFirst((x) => x * f(x), 0.7), 1e-9, 1e-10, 'product');
    expectClose(secondDerivative((x) => softplus(mul(2, x)), 0.7), centralSecond((x) => f(2 * x), 0.7), 1e-7, 1e-8, 'chain');
  });
  it('nests up to the order of the derivatives given', () => {
    // d/dx softplus'(x) = σ'(x): the second derivative through two nested duals.
    expect(derivative((x) => derivative(softplus, x), 0)).toBe(0.25);
    expect(gradient(([a, b]: Real[]) => mul(softplus(a), b), [0, 3])).toEqual([1.5, Math.log(2)]);
  });
  it('beyond the order given, a clear error names the function and the missing derivative', () => {
    expect(() => derivative((x) => secondDerivative(softplus, x), 0)).toThrow(/softplus.*derivative 3/);
    const onlyFirst = defineFunction('square', (x) => x * x, (x) => 2 * x);
    expect(derivative(onlyFirst, 3)).toBe(6);
    expect(() => secondDerivative(onlyFirst, 3)).toThrow(/square.*derivative 2/);
  });
  it('ops.definedDerivative: the given df at a Real, differentiated by the given d2f (what dual mode\'s nested derivatives call)', () => {
    expect(ops.definedDerivative(softplus, 0)).toBe(0.5);
    expect(derivative((x) => ops.definedDerivative(softplus, x), 0)).toBe(0.25);
    expectClose(derivative((x) => ops.definedDerivative(softplus, mul(2, x)), 0.7), 2 * sigma(1.4) * (1 - sigma(1.4)), 1e-15, 0, 'chain');
    const onlyFirst = defineFunction('square', (x) => x * x, (x) => 2 * x);
    expect(() => derivative((x) => ops.definedDerivative(onlyFirst, x), 3)).toThrow(/square.*derivative 2/);
    expect(() => secondDerivative((x) => ops.definedDerivative(softplus, x), 0)).toThrow(/softplus.*derivative 3/);
    expect(() => ops.definedDerivative(Math.sin as never, 1)).toThrow(/made by defineFunction/);
  });
  it('carries its definition (what compiled code calls), frozen', () => {
    const onlyFirst = defineFunction('square', (x) => x * x, (x) => 2 * x);
    expect(softplus.definition.name).toBe('softplus');
    expect(softplus.definition.f(0.7)).toBe(Math.log1p(Math.exp(0.7)));
    expect(softplus.definition.df).toBe(sigma);
    expect(softplus.definition.d2f?.(0)).toBe(0.25);
    expect(onlyFirst.definition.d2f).toBeUndefined();
    expect(Object.isFrozen(softplus.definition)).toBe(true);
  });
  it('rejects a bad definition', () => {
    expect(() => defineFunction('', Math.sin, Math.cos)).toThrow(/name/);
    expect(() => defineFunction('f', 3 as never, Math.cos)).toThrow(/f/);
    expect(() => defineFunction('g', Math.sin, Math.cos, 'x' as never)).toThrow(/derivative 2/);
  });
});

describe('an exactly zero tangent contributes nothing, in every verb', () => {
  // (∞ + x)(0·x + 1): the second factor has tangent exactly 0, so ∞·0 is not formed; f' = 1.
  const f = (x: Real) => mul(add(Infinity, x), add(mul(0, x), 1));
  it('in products, in every verb', () => {
    expect(derivative(f, 1)).toBe(1);
    expect(derivative(f)(1)).toBe(1);
    expect(secondDerivative(f, 1)).toBe(0);
    expect(gradient(([a]: Real[]) => f(a), [1])).toEqual([1]);
    expect(gradient(([a, b]: Real[]) => add(f(a), b), [1, 2, 3, 4], { strategy: 'chunked' })).toEqual([1, 1, 0, 0]);
    expect(gradient(([a, b]: Real[]) => add(f(a), b), [1, 2, 3, 4], { strategy: 'sweeps' })).toEqual([1, 1, 0, 0]);
    expect(jacobian(([a]: Real[]) => [f(a)], [1])).toEqual([[1]]);
  });
  it('∂/∂y of sqrt(x) + y at x = 0 is 1 in every verb (and ∂/∂x is the infinite sqrt′(0))', () => {
    const g = ([x, y]: Real[]) => add(ops.sqrt(x), y);
    expect(gradient(g, [0, 2], { strategy: 'sweeps' })).toEqual([Infinity, 1]);
    // mode: the run-time engine accepts 'reverse' (for code the transform compiles) and stays forward.
    expect(gradient(g, [0, 2], { mode: 'reverse' })).toEqual(gradient(g, [0, 2], { mode: 'forward' }));
    expect(gradient(g, [0, 2], { strategy: 'chunked' })).toEqual([Infinity, 1]);
    expect(jacobian((v: Real[]) => [g(v)], [0, 2])).toEqual([[Infinity, 1]]);
    expect(jvp(g, [0, 2], [0, 1])).toBe(1);
    expect(hessian(g, [0, 2])[1][1]).toBe(0);
    expect(hvp(g, [0, 2], [0, 1])[1]).toBe(0);
  });
  it("the second-order verbs accept the transform's mode and stay on hyper-dual numbers", () => {
    // f = x²y: ∇²f = [[2y, 2x], [2x, 0]], exact on hyper-duals.
    const f = ([x, y]: Real[]) => ops.mul(ops.mul(x, x), y);
    const H = [[4, 2], [2, 0]];
    for (const mode of ['forward', 'reverse'] as const) {
      expect(hessian(f, [1, 2], { mode })).toEqual(H);
      expect(hessian(f, { mode })([1, 2])).toEqual(H);
      expect(valueGradientHessian(f, [1, 2], { mode })).toEqual({ value: 2, gradient: [4, 1], hessian: H });
      expect(hvp(f, [1, 2], [1, -1], { mode })).toEqual([2, 2]);
    }
    // A mode the transform does not have for them is named with the ones it has.
    expect(() => hvp(f, [1, 2], [1, 0], { mode: 'auto' } as never)).toThrow(new TypeError("hvp: `options.mode` must be 'forward' or 'reverse', got the string \"auto\""));
    expect(() => hessian(f, [1, 2], { mode: 1 } as never)).toThrow(new TypeError("hessian: `options.mode` must be 'forward' or 'reverse', got number 1"));
  });
  it('a nested tangent (a perturbed value) whose every part is 0 contributes nothing either', () => {
    // An inner dual at 0 whose tangent is an outer dual 0 + 0ε: sqrt′(0) = ∞ meets a tangent that
    // is zero in every part, so the inner tangent is 0 (not NaN + NaNε), as where the tangent is the
    // number 0 — generated code holds both parts as numbers and cannot tell the two apart.
    const outer = 1, inner = 2;
    const x = new Dual(new Dual(0, 1, outer), new Dual(0, 0, outer), inner);
    expect((ops.sqrt(x) as Dual).tangent).toBe(0);
    expect((ops.sqrt(new Dual(new Dual(0, 1, outer), 0, inner)) as Dual).tangent).toBe(0);
    // A part that is not 0 is a tangent like any other: ∞·(0 + 1ε) has the parts the product rule gives.
    const y = ops.sqrt(new Dual(new Dual(0, 1, outer), new Dual(0, 1, outer), inner)) as Dual;
    expect(ops.isZero(y.tangent)).toBe(false);
  });
  it('isZero: every part exactly 0, at every level of nesting', () => {
    expect(ops.isZero(0)).toBe(true);
    expect(ops.isZero(-0)).toBe(true);
    expect(ops.isZero(1e-300)).toBe(false);
    expect(ops.isZero(NaN)).toBe(false);
    expect(ops.isZero(dual(0, 0))).toBe(true);
    expect(ops.isZero(dual(0, 1))).toBe(false);
    expect(ops.isZero(dual(1, 0))).toBe(false);
    expect(ops.isZero(new Dual(new Dual(0, 0, 1), new Dual(0, 0, 1), 2))).toBe(true);
    expect(ops.isZero(new Dual(new Dual(0, 0, 1), new Dual(0, 1e-9, 1), 2))).toBe(false);
    expect(ops.isZero(new HyperDual(0, 0, 0, 0, 3))).toBe(true);
    expect(ops.isZero(new HyperDual(0, 0, 0, 1, 3))).toBe(false);
  });
  it('the removed nanSafe option is an error that says why', () => {
    expect(() => derivative(f, 1, { nanSafe: true } as never)).toThrow(/options\.nanSafe` is gone: an exactly zero tangent now always contributes nothing/);
    expect(() => gradient(([a]: Real[]) => f(a), [1], { nanSafe: false } as never)).toThrow(/nanSafe` is gone/);
    expect(() => derivative(f, { nanSafe: true } as never)).toThrow(/nanSafe` is gone/);
  });
  it('keeps the sign of a zero value when a hyper-dual is scaled by a constant (abs′ reads it)', () => {
    // |−x| at 0: −x is −0, abs′(−0) = −1, so d/dx = (−1)(−1) = 1 in both modes. Found by the
    // transform's fuzzer: guarding zero parts once turned the value 0·(−1) into +0.
    const g = (x: Real) => ops.abs(mul(x, -1));
    expect(valueAndDerivatives(g, 0).first).toBe(1);
    expect(Object.is(valueAndDerivatives((x: Real) => mul(x, -1), 0).value, -0)).toBe(true);
    expect(Object.is(valueAndDerivatives((x: Real) => mul(-1, x), 0).value, -0)).toBe(true);
  });
});

describe('misuse raises an error naming the argument', () => {
  it('f is not a function', () => {
    expect(() => derivative(3 as never, 1)).toThrow(/derivative: `f` must be a function/);
    expect(() => gradient('f' as never, [1])).toThrow(/gradient: `f` must be a function/);
    expect(() => hessian(null as never, [1])).toThrow(/hessian: `f` must be a function/);
    expect(() => jacobian({} as never, [1])).toThrow(/jacobian: `f` must be a function/);
  });
  it('the point is not a number', () => {
    expect(() => derivative(sin, '1' as never)).toThrow(/derivative: `x` must be a number/);
    expect(() => secondDerivative(sin, [1] as never)).toThrow(/secondDerivative: `x` must be a number/);
  });
  it('x is empty', () => {
    expect(() => gradient(([a]: Real[]) => a, [])).toThrow(/gradient: `x` must not be empty/);
    expect(() => hessian(([a]: Real[]) => a, [])).toThrow(/hessian: `x` must not be empty/);
    expect(() => jacobian(([a]: Real[]) => [a], [])).toThrow(/jacobian: `x` must not be empty/);
  });
  it('x is ragged or nested', () => {
    expect(() => jacobian(([a]: Real[]) => [a], [[1, 2], [3]] as never)).toThrow(/`x\[0\]` is an array.*flat vector/);
    // gradient takes a matrix (number[][]): f of a flat vector gets rows, fails, and the error says to flatten.
    expect(() => gradient(([a]: Real[]) => a, [[1, 2], [3]] as never)).toThrow(/`x` is a matrix \(number\[\]\[\]\), which f receives as rows, and f failed.*x\.flat\(\)/);
    expect(() => hessian(([a]: Real[]) => a, [1, [2]] as never)).toThrow(/`x\[1\]` is an array/);
  });
  it('x has entries that are not numbers', () => {
    expect(() => gradient(([a]: Real[]) => a, [1, '2'] as never)).toThrow(/gradient: `x\[1\]` must be a number/);
    expect(() => jacobian(([a]: Real[]) => [a], [null] as never)).toThrow(/jacobian: `x\[0\]` must be a number, got null/);
    expect(() => gradient(([a]: Real[]) => a, 5 as never)).toThrow(/gradient: `x` must be an array of numbers, got number 5/);
    expect(() => gradient(([a]: Real[]) => a)([1, {}] as never)).toThrow(/gradient: `x\[1\]` must be a number/);
  });
  it('jvp / hvp direction length does not match x', () => {
    expect(() => jvp(([a, b]: Real[]) => mul(a, b), [1, 2], [1])).toThrow(/jvp: `v` has length 1 but `x` has length 2/);
    expect(() => hvp(([a, b]: Real[]) => mul(a, b), [1, 2], [1, 2, 3])).toThrow(/hvp: `v` has length 3/);
    expect(() => jvp(([a]: Real[]) => a, [1], ['x'] as never)).toThrow(/jvp: `v\[0\]` must be a number/);
  });
  it('f returns something that is not a number', () => {
    expect(() => derivative(() => 'one' as never, 1)).toThrow(/derivative: `f` must return a number.*the string "one"/);
    expect(() => gradient(() => [1] as never, [1])).toThrow(/gradient: `f` must return a number.*an array/);
    expect(() => gradient(() => undefined as never, [1, 2, 3, 4, 5])).toThrow(/gradient: `f` must return a number/);
    expect(() => hessian(() => ({}) as never, [1])).toThrow(/hessian: `f` must return a number/);
    expect(() => jacobian(() => 1 as never, [1])).toThrow(/jacobian: `f` must return an array/);
    expect(() => jacobian(() => ['a'] as never, [1])).toThrow(/jacobian: `f` returned the string "a" at index 0/);
  });
  it('the jacobian output length changes between evaluations', () => {
    let calls = 0;
    const f = ([a, b]: Real[]) => (calls++ === 0 ? [a] : [a, b]);
    expect(() => jacobian(f, [1, 2])).toThrow(/jacobian: `f` returned 2 values on one evaluation and 1 on another/);
  });
  it('an unknown gradient strategy', () => {
    expect(() => gradient(([a]: Real[]) => a, [1], { strategy: 'fast' as never })).toThrow(/`options.strategy` must be/);
  });
});

describe('a plain numeric function given to the run-time engine', () => {
  const hint = /TypeError|build plugin.*ops/;
  it('a Math call in it raises the TypeError that says to use the build plugin or ops, never a silent NaN', () => {
    expect(() => derivative((x: number) => Math.sin(x), 1)).toThrow(TypeError);
    expect(() => derivative((x: number) => Math.sin(x), 1)).toThrow(/@ddx\/transform build plugin.*@ddx\/dual operations/);
    expect(() => secondDerivative((x: number) => Math.exp(x), 1)).toThrow(/build plugin/);
    expect(() => gradient((a: number, b: number) => Math.hypot(a, b), [3, 4])).toThrow(/build plugin/);
  });
  it('operators on a Dual raise the same TypeError', () => {
    expect(() => derivative((x: number) => x * 2, 1)).toThrow(TypeError);
    expect(() => derivative((x: number) => x * 2, 1)).toThrow(hint);
    expect(() => gradient(([a, b]: number[]) => a + b, [1, 2])).toThrow(/build plugin/);
    expect(() => hessian(([a]: number[]) => (a < 1 ? 0 : 1), [1])).toThrow(/build plugin/);
    expect(() => Number(dual(1))).toThrow(/build plugin/);
    expect(() => +new HyperDual(1, 1, 1, 0, 1)).toThrow(/build plugin/);
  });
  it('a Dual still prints', () => {
    expect(String(new Dual(1, 2, 1))).toBe('Dual(1 + 2ε)');
    expect(`${dual(3, 0.5)}`).toBe('Dual(3 + 0.5ε)');
  });
});

describe('plain numbers through ops', () => {
  it('ops on numbers are the Math functions and operators', () => {
    expect(add(1, 2)).toBe(3);
    expect(div(1, 3)).toBe(1 / 3);
    expect(ops.mod(7.5, 2)).toBe(1.5);
    expect(sin(0.5)).toBe(Math.sin(0.5));
    expect(log(cos(0.1))).toBe(Math.log(Math.cos(0.1)));
    expect(ops.primal(new Dual(new Dual(2, 1, 1), 3, 2))).toBe(2);
  });
  it('mod: ∂/∂a = 1, ∂/∂b = -trunc(a/b)', () => {
    expect(gradient(([a, b]: Real[]) => ops.mod(a, b), [7.5, 2])).toEqual([1, -3]);
  });
});
