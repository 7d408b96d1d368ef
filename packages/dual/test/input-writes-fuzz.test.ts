/**
 * Fuzzing the vector verbs with random functions over `ops` that write into their input array,
 * before and after reading it: assignments of other entries, push, pop, shift, splice, reverse,
 * fill and swaps, interleaved with reads into an accumulator.
 *
 * Oracle: Richardson-extrapolated central differences of the same program run on plain numbers,
 * each evaluation on a fresh copy of the point, which is what the program computes as a function
 * of its input (the derivative code is not involved). Tolerances as in properties.test.ts: 1e-8
 * for first and 1e-5 for second derivatives, relative to the scale of the values; a wrong number
 * from an entry left stale by an earlier sweep is off by O(1). Runs with a fixed seed, then with
 * a random one (fast-check prints it on a failure, to replay with `{ seed, path }`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradient, hessian, hvp, jacobian, jvp, ops, valueAndGradient, valueGradientHessian, type Real } from '../src/index.js';
import { centralFirst, near, richardson, trustedFd } from './helpers.js';

const { add, sub, mul, sin, cos, tanh, exp } = ops;

/** Smooth operations whose values stay moderate on the sampled box. */
const binaries = {
  add: (a: Real, b: Real) => add(a, b),
  sub: (a: Real, b: Real) => sub(a, b),
  mul: (a: Real, b: Real) => mul(tanh(a), b),
  sinMul: (a: Real, b: Real) => mul(a, sin(b)),
  cosAdd: (a: Real, b: Real) => cos(add(a, mul(0.5, b))),
} as const;
const unaries = {
  exp: (a: Real) => exp(sin(a)),
  tanh: (a: Real) => tanh(a),
  square: (a: Real) => mul(a, a),
} as const;
type BinaryKind = keyof typeof binaries;
type UnaryKind = keyof typeof unaries;

/** One statement; indices are taken modulo the array's length when it runs. */
type Statement =
  | { kind: 'assign'; to: number; op: BinaryKind; a: number; b: number }
  | { kind: 'assignUnary'; to: number; op: UnaryKind; a: number }
  | { kind: 'accumulate'; op: BinaryKind; a: number }
  | { kind: 'push'; op: BinaryKind; a: number; b: number }
  | { kind: 'pop' | 'shift' | 'reverse' }
  | { kind: 'splice'; a: number }
  | { kind: 'fill'; a: number }
  | { kind: 'swap'; a: number; b: number };
interface Program { statements: Statement[]; result: [number, number] }

/** Runs the program on `v` (which it writes into): returns acc + v[i]·v[j], and the entry v[i] it ends with. */
function run(p: Program, v: Real[]): [Real, Real] {
  const at = (i: number): number => i % v.length;
  let acc: Real = 0;
  for (const s of p.statements) {
    switch (s.kind) {
      case 'assign': v[at(s.to)] = binaries[s.op](v[at(s.a)], v[at(s.b)]); break;
      case 'assignUnary': v[at(s.to)] = unaries[s.op](v[at(s.a)]); break;
      case 'accumulate': acc = add(acc, binaries[s.op](v[at(s.a)], acc)); break;
      case 'push': v.push(binaries[s.op](v[at(s.a)], v[at(s.b)])); break;
      case 'pop': if (v.length > 1) v.pop(); break;
      case 'shift': if (v.length > 1) v.shift(); break;
      case 'reverse': v.reverse(); break;
      case 'splice': if (v.length > 1) v.splice(at(s.a), 1); break;
      case 'fill': v.fill(v[at(s.a)]); break;
      case 'swap': { const i = at(s.a), j = at(s.b); [v[i], v[j]] = [v[j], v[i]]; break; }
    }
  }
  const [i, j] = p.result;
  return [add(acc, mul(v[at(i)], v[at(j)])), v[at(i)]];
}

const show = (p: Program): string =>
  p.statements.map((s) => Object.values(s).join(' ')).join('; ') + `; return acc + v[${p.result[0]}]·v[${p.result[1]}]`;

const index = fc.nat({ max: 7 });
const statement: fc.Arbitrary<Statement> = fc.oneof(
  fc.record({ kind: fc.constant('assign' as const), to: index, op: fc.constantFrom(...(Object.keys(binaries) as BinaryKind[])), a: index, b: index }),
  fc.record({ kind: fc.constant('assignUnary' as const), to: index, op: fc.constantFrom(...(Object.keys(unaries) as UnaryKind[])), a: index }),
  fc.record({ kind: fc.constant('accumulate' as const), op: fc.constantFrom(...(Object.keys(binaries) as BinaryKind[])), a: index }),
  fc.record({ kind: fc.constant('push' as const), op: fc.constantFrom(...(Object.keys(binaries) as BinaryKind[])), a: index, b: index }),
  fc.record({ kind: fc.constantFrom('pop' as const, 'shift' as const, 'reverse' as const) }),
  fc.record({ kind: fc.constant('splice' as const), a: index }),
  fc.record({ kind: fc.constant('fill' as const), a: index }),
  fc.record({ kind: fc.constant('swap' as const), a: index, b: index }),
);
const program: fc.Arbitrary<Program> = fc.record({
  statements: fc.array(statement, { minLength: 1, maxLength: 8 }),
  result: fc.tuple(index, index),
});
const pointOf = (n: number) => fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n });
const writingCase = fc.integer({ min: 2, max: 5 }).chain((n) => fc.tuple(program, pointOf(n), pointOf(n)));

const TOL1 = 1e-8, TOL2 = 1e-5;

/** The program's output k on plain numbers, on a fresh copy of x each time. */
const output = (p: Program, k: 0 | 1) => (x: readonly number[]): number => run(p, x.slice())[k] as number;
const moved = (x: readonly number[], steps: [number, number][]): number[] => {
  const y = x.slice();
  for (const [i, h] of steps) y[i] += h;
  return y;
};
/** ∂f/∂xᵢ by differences, or undefined where they are no oracle (see trustedFd). */
const partial = (f: (x: readonly number[]) => number, x: number[], i: number): number | undefined =>
  trustedFd((h0) => centralFirst((t) => f(moved(x, [[i, t - x[i]]])), x[i], h0), f(x), TOL1);
/** ∂²f/∂xᵢ∂xⱼ by Richardson-extrapolated central differences (four points; i = j included). */
const secondPartial = (f: (x: readonly number[]) => number, x: number[], i: number, j: number): number | undefined =>
  trustedFd((h0) => richardson((h) =>
    (f(moved(x, [[i, h], [j, h]])) - f(moved(x, [[i, h], [j, -h]])) - f(moved(x, [[i, -h], [j, h]])) + f(moved(x, [[i, -h], [j, -h]])))
      / (4 * h * h), h0), f(x), TOL2);

function check(p: Program, x: number[], dir: number[]): void {
  const f = (v: Real[]) => run(p, v)[0];
  const F = (v: Real[]) => run(p, v);
  const plain = output(p, 0), last = output(p, 1);
  const where = `${show(p)} at [${x.join(', ')}]`;
  const fail = (what: string, got: number, want: number) => expect.fail(`${where}: ${what} ${got}, differences ${want}`);
  const value = plain(x);
  const sweeps = valueAndGradient(f, x, { strategy: 'sweeps' });
  const chunked = valueAndGradient(f, x, { strategy: 'chunked' });
  const J = jacobian(F, x);
  const { gradient: g2, hessian: H } = valueGradientHessian(f, x);
  if (!Object.is(sweeps.value, value)) fail('value', sweeps.value, value);
  x.forEach((_, i) => {
    const d = partial(plain, x, i);
    if (d !== undefined) {
      for (const [what, got] of [['sweeps ∂', sweeps.gradient[i]], ['chunked ∂', chunked.gradient[i]], ['jacobian ∂', J[0][i]], ['hessian-pass ∂', g2[i]]] as const) {
        if (!near(got, d, value, TOL1)) fail(`${what}${i}`, got, d);
      }
    }
    const e = partial(last, x, i);
    if (e !== undefined && !near(J[1][i], e, last(x), TOL1)) fail(`jacobian row 1 ∂${i}`, J[1][i], e);
    for (let j = i; j < x.length; j++) {
      const h = secondPartial(plain, x, i, j);
      if (h !== undefined && !near(H[i][j], h, value, TOL2)) fail(`H${i}${j}`, H[i][j], h);
    }
  });
  // The directional verbs against the gradient and Hessian just checked.
  const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, ai, i) => s + ai * b[i], 0);
  expect(near(jvp(f, x, dir) as number, dot(sweeps.gradient, dir), value, 1e-12), `${where}: jvp`).toBe(true);
  hvp(f, x, dir).forEach((hv, i) => expect(near(hv, dot(H[i], dir), value, 1e-12), `${where}: hvp ${i}`).toBe(true));
  expect(gradient(f, x)).toEqual(sweeps.gradient);
  expect(hessian(f, x)).toEqual(H);
}

describe('fuzz: functions that write into their input array', () => {
  it('agree with central differences of the same program on fresh copies (fixed seed)', () => {
    fc.assert(fc.property(writingCase, ([p, x, dir]) => check(p, x, dir)), { seed: 20260427, numRuns: 200 });
  });
  it('agree with central differences of the same program on fresh copies (random seed)', () => {
    fc.assert(fc.property(writingCase, ([p, x, dir]) => check(p, x, dir)), { numRuns: 100 });
  });
});
