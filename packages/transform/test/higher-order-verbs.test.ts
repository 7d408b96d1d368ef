/**
 * Functions that call a verb on a function they are given (issue 14's generic Newton solver):
 * `newton(f, x0)` calling `derivative(f, x)` is compiled for each call that passes a known
 * function, in plain code (the call is rewritten to a version for that function) and where a verb
 * differentiates through the solver (forward mode differentiates the iterates).
 *
 * Oracles, none of them the code under test: closed forms (√a; Cardano's root of x³ − 2x − 5; the
 * implicit function theorem's d√a/da = 1/(2√a) at convergence, to 1e-12), and the run-time engine
 * of @ddx/dual on twins written with `ops`, which nests derivatives by tagged perturbations.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, transform, type EmitMode } from '../src/index.js';
import { run } from './run.js';

const source = `import { derivative, secondDerivative, ops, type Real } from '@ddx/dual';

function newton(f: (x: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 50; i++) {
    const step = f(x) / derivative(f, x);
    x -= step;
    if (Math.abs(step) < 1e-14) break;
  }
  return x;
}

/** Halley's method: second derivatives of the function it is given too. */
const halley = (f: (x: number) => number, x0: number, steps: number): number => {
  let x = x0;
  for (let i = 0; i < steps; i++) {
    const v = f(x), d = derivative(f, x), dd = secondDerivative(f, x);
    x -= (2 * v * d) / (2 * d * d - v * dd);
  }
  return x;
};

/** A solver that passes its function on to another (specialised in turn). */
function solveFrom(g: (x: number) => number, starts: number[]): number {
  let best = newton(g, starts[0]);
  for (let k = 1; k < starts.length; k++) {
    const r = newton(g, starts[k]);
    if (Math.abs(g(r)) < Math.abs(g(best))) best = r;
  }
  return best;
}

function cubic(x: number): number {
  return x * x * x - 2 * x - 5;
}

export function sqrtOf(a: number): number {
  return newton((x: number) => x * x - a, 1);
}
export function cbrtOf(a: number): number {
  const h = (x: number) => x * x * x - a;
  return halley(h, 1, 8);
}
export const root2 = newton((x) => x * x - 2, 1);
export const cardano = newton(cubic, 2);
export const best = solveFrom(cubic, [1, 3]);
export const dSqrt = (a: number): number => derivative((b: number) => newton((x: number) => x * x - b, 1), a);
export const d2Sqrt = (a: number): number => secondDerivative((b: number) => newton((x: number) => x * x - b, 1), a);
export const dCbrt = (a: number): number => derivative((b: number) => halley((x: number) => x * x * x - b, 1, 8), a);

function newtonOps(f: (x: Real) => Real, x0: number): Real {
  let x: Real = x0;
  for (let i = 0; i < 50; i++) {
    const step = ops.div(f(x), derivative(f, x) as Real);
    x = ops.sub(x, step);
    if (Math.abs(ops.primal(step)) < 1e-14) break;
  }
  return x;
}
export const engine = {
  dSqrt: (a: number) => derivative((b: Real) => newtonOps((x: Real) => ops.sub(ops.mul(x, x), b), 1), a),
  d2Sqrt: (a: number) => secondDerivative((b: Real) => newtonOps((x: Real) => ops.sub(ops.mul(x, x), b), 1), a),
};
`;

/** The real root of x³ + px + q (one real root: Δ > 0), by Cardano's formula. */
const cardanoRoot = (p: number, q: number): number => {
  const s = Math.sqrt((q * q) / 4 + (p * p * p) / 27);
  return Math.cbrt(-q / 2 + s) + Math.cbrt(-q / 2 - s);
};

function compiled(mode: EmitMode, code = source): string {
  const r = transform(code, '/virtual/solver.ts', { mode });
  expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
  return r.code;
}

describe.each<EmitMode>(['inline', 'dual'])('a generic Newton solver (%s)', (mode) => {
  it('plain calls run a version of the solver for each function, its derivative compiled', async () => {
    const code = compiled(mode);
    // Every call of newton and halley is rewritten: no verb is left to the run-time engine on a plain function.
    expect(code).toMatch(/export const root2 = newton_fn\d+\(1\)/);
    expect(code).toMatch(/return newton_fn\d+\(1, a\)/);
    expect(code).toMatch(/export const cardano = newton_cubic\(2\)/);
    expect(code).toMatch(/return halley_h\(1, 8, a\)/);
    const m = await run(code);
    expect(m.root2 as number).toBeCloseTo(Math.SQRT2, 15);
    for (const a of [0.25, 2, 9, 1e4]) {
      expect(Math.abs((m.sqrtOf as (a: number) => number)(a) - Math.sqrt(a))).toBeLessThanOrEqual(4e-16 * Math.sqrt(a));
      expect(Math.abs((m.cbrtOf as (a: number) => number)(a) - Math.cbrt(a))).toBeLessThanOrEqual(1e-13 * Math.cbrt(a));
    }
    expect(Math.abs((m.cardano as number) - cardanoRoot(-2, -5))).toBeLessThan(1e-14);
    expect(Math.abs((m.best as number) - cardanoRoot(-2, -5))).toBeLessThan(1e-14);
  });

  it('differentiated through: the derivative of the iterates, 1/(2√a) at convergence', async () => {
    const m = await run(compiled(mode));
    const dSqrt = m.dSqrt as (a: number) => number;
    const d2Sqrt = m.d2Sqrt as (a: number) => number;
    const dCbrt = m.dCbrt as (a: number) => number;
    const engine = m.engine as Record<string, (a: number) => number>;
    for (const a of [0.5, 2, 3, 7.5]) {
      // Implicit function theorem: x(a) = √a, x′ = 1/(2√a), x″ = −1/(4 a^{3/2}).
      expect(Math.abs(dSqrt(a) - 1 / (2 * Math.sqrt(a)))).toBeLessThan(1e-12);
      expect(Math.abs(d2Sqrt(a) + 1 / (4 * a ** 1.5))).toBeLessThan(1e-12);
      expect(Math.abs(dCbrt(a) - 1 / (3 * Math.cbrt(a) ** 2))).toBeLessThan(1e-12);
      // The exact derivative of the same iterates: the engine's nested derivative, to a few ulps.
      expect(Math.abs(dSqrt(a) - engine.dSqrt(a))).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(engine.dSqrt(a)));
      expect(Math.abs(d2Sqrt(a) - engine.d2Sqrt(a))).toBeLessThanOrEqual(1e-12 * Math.abs(engine.d2Sqrt(a)));
    }
  });
});

describe('the functions a solver is given', () => {
  it('a function imported from another module, an arrow reading a loop variable, a solver imported', async () => {
    const poly = `export function kepler(E: number): number {\n  return E - 0.3 * Math.sin(E) - 1.2;\n}\n`;
    const solver = `import { derivative } from '@ddx/dual';\nexport function fixedNewton(f: (x: number) => number, x0: number): number {\n  let x = x0;\n  for (let i = 0; i < 40; i++) x -= f(x) / derivative(f, x);\n  return x;\n}\n`;
    const main = `import { derivative } from '@ddx/dual';
import { kepler } from './poly';
import { fixedNewton } from './solver';
function newton(f: (x: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 40; i++) x -= f(x) / derivative(f, x);
  return x;
}
export const E = newton(kepler, 1);
export const roots: number[] = [];
for (let k = 1; k <= 4; k++) roots.push(newton((x: number) => x * x * x - k, 1));
export const viaImport = fixedNewton((x: number) => Math.exp(x) - 5, 1);
`;
    const files: Record<string, string> = { '/virtual/poly.ts': poly, '/virtual/solver.ts': solver };
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(main, '/virtual/main.ts', { mode, readFile: (f) => files[f] });
      expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
      // The solver's own module is not rewritten here; the caller compiles its own version of it.
      expect(r.code).toMatch(/export const viaImport = fixedNewton_fn\d+\(1\)/);
      const m = await run(r.code, { 'poly.ts': poly, 'solver.ts': solver });
      // Kepler's equation E − e sin E = M: the root makes the residual vanish to rounding.
      expect(Math.abs((m.E as number) - 0.3 * Math.sin(m.E as number) - 1.2)).toBeLessThan(1e-15);
      expect((m.roots as number[]).length).toBe(4);
      (m.roots as number[]).forEach((r, i) => expect(Math.abs(r - Math.cbrt(i + 1))).toBeLessThan(4e-16 * Math.cbrt(i + 1)));
      expect(Math.abs((m.viaImport as number) - Math.log(5))).toBeLessThan(4e-16 * Math.log(5));
    }
    // The exported solver's own module keeps DDX1018: a caller that is not transformed would reach its verb.
    expect(transform(solver, '/virtual/solver.ts').diagnostics.map((d) => d.code)).toEqual(['DDX1018']);
  });
});

describe('a number a solver\'s arrow captures, made of an imported constant the checker cannot type', () => {
  // B = 1 + Number.EPSILON: without a lib the checker types it any, so the capture's kind comes from
  // B's declaration in its module (the import followed to it); before, DDX1007 (fuzz seed 7387, run 398).
  it('compiles; the plain call and its derivative against the closed forms', async () => {
    const constants = `const N = Number;\nexport const B = 1 + N.EPSILON;\n`;
    const main = `import { derivative } from '@ddx/dual';
import { B } from './constants';
function slopeSum(f: (u: number) => number, xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += f(x) * derivative(f, x);
  return s;
}
// c = 3·2^sin(B); f(u) = c·u·x, f'(u) = c·x: Σ f(u)·f'(u) over u = 1, 2 is 3c²x².
export function g(x: number): number {
  let c = Math.pow(2, Math.sin(B));
  c = c * 3;
  return slopeSum((u: number): number => c * u * x, [1, 2]);
}
export const dg = (x: number) => derivative(g, x);
`;
    const c = 3 * 2 ** Math.sin(1 + Number.EPSILON);
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(main, '/virtual/main.ts', { mode, readFile: (f) => ({ '/virtual/constants.ts': constants })[f] });
      expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
      const m = await run(r.code, { 'constants.ts': constants });
      for (const x of [0.5, -2]) {
        expect(Math.abs((m.g as (x: number) => number)(x) - 3 * c * c * x * x)).toBeLessThanOrEqual(1e-14 * 3 * c * c * x * x);
        expect(Math.abs((m.dg as (x: number) => number)(x) - 6 * c * c * x)).toBeLessThanOrEqual(1e-14 * Math.abs(6 * c * c * x));
      }
    }
  });
});

describe('a matrix whose rows hold a comma expression, spread by a solver\'s arrow', () => {
  // The row's second number is `(v0 = …, x[0] ?? 1)`: the comma's value, its right operand, is a
  // number (fuzz seed 1, run 13773: DDX1003 'M[1]' is not an array of numbers, before).
  it('compiles; the gradient against the closed form', async () => {
    const main = `import { derivative, gradient } from '@ddx/dual';
function slopeSum(f: (u: number) => number, xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += f(x) * derivative(f, x);
  return s;
}
// M[1] = [x0 + 1, x0], h = hypot(x0 + 1, x0): f(u) = h·u, Σ f(v)·f'(v) over v = x0 is h²·x0.
export function a(x: number[]): number {
  var v0 = 0;
  const M = new Array(2).fill(0).map((_, i) => [x[0] + i, ((v0 = Math.atan2(0, x[0])), (x[0] ?? 1))]);
  return slopeSum((u: number): number => Math.hypot(...M[1]) * u, x);
}
export const g = (x: number[]) => gradient(a, x);
`;
    for (const mode of ['inline', 'dual'] as const) {
      const r = transform(main, '/virtual/comma-rows.ts', { mode });
      expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
      const m = await run(r.code);
      for (const x0 of [0.5, -2]) {
        const value = ((x0 + 1) ** 2 + x0 ** 2) * x0, slope = 6 * x0 * x0 + 4 * x0 + 1;
        expect(Math.abs((m.a as (x: number[]) => number)([x0]) - value)).toBeLessThanOrEqual(1e-14 * Math.abs(value));
        expect(Math.abs((m.g as (x: number[]) => number[])([x0])[0] - slope)).toBeLessThanOrEqual(1e-13 * Math.abs(slope));
      }
    }
  });
});

describe('equality tests in the function a solver differentiates', () => {
  it('warn (DDX2001) where the solver\'s derivative of it meets them, not in the solver\'s own counters', () => {
    const code = `import { derivative } from '@ddx/dual';
function newton(f: (x: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 40; i++) { if (i === 39) break; x -= f(x) / derivative(f, x); }
  return x;
}
export const r = newton((x: number) => (x === 0 ? 1 : x * x - 2), 1);
`;
    const r = transform(code, '/virtual/m.ts');
    expect(r.diagnostics).toEqual([]);
    expect(r.warnings.map((w) => `${w.code} ${w.line}:${w.column}`)).toEqual(['DDX2001 7:41']);
  });
});

describe('a solver whose function is not known where it is called', () => {
  const head = `import { derivative } from '@ddx/dual';\n`;
  const solver = `function newton(f: (x: number) => number, x0: number): number {\n  return x0 - f(x0) / derivative(f, x0);\n}\n`;
  const diagnose = (code: string) => transform(head + code, '/virtual/m.ts').diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);

  it('a function chosen at run time is DDX1018 at the call, naming the solver and its verb', () => {
    const [d, ...rest] = diagnose(`${solver}const fs = [(x: number) => x - 1];\nexport const r = newton(fs[0], 2);\n`);
    expect(rest).toEqual([]);
    expect(d).toMatch(/^DDX1018 6:25 'newton' differentiates its parameter 'f' \(derivative on line 3\), so each call is compiled for the function it passes/);
    expect(d).toContain(`'fs[0]' is a member of an object`);
  });

  it('a parameter of an exported function passed on is DDX1018 there, saying why', () => {
    const [d, ...rest] = diagnose(`${solver}export function solve(g: (x: number) => number): number { return newton(g, 1); }\n`);
    expect(rest).toEqual([]);
    expect(d).toMatch(/^DDX1018 5:73 'newton' differentiates its parameter 'f' .*'g' is a parameter of 'solve', only known at run time \(solve would be compiled per call too, but 'solve' is exported/);
  });

  it('an exported solver, or one used as a value, keeps DDX1018 at its verb, saying why', () => {
    const [exported] = diagnose(`export ${solver}`);
    expect(exported).toMatch(/^DDX1018 3:34 .*compiled for each call in its module that passes a known function, but 'newton' is exported, and a call from another module would reach the verb/);
    const [asValue, ...rest] = diagnose(`${solver}export const solvers = [newton];\n`);
    expect(rest).toEqual([]);
    expect(asValue).toMatch(/^DDX1018 3:34 .*'newton' is used as a value on line 5/);
  });

  it('inside a function over ddx values, a call passing that function\'s values is DDX1018 (its plain version cannot take a Dual); plain numbers compile', async () => {
    const dual = `import { ops, type Real } from '@ddx/dual';\n${solver}`;
    const [start, reads, ...rest] = diagnose(`${dual}export function start(a: Real): Real { return ops.mul(a, newton((x: number) => x * x - 2, a as unknown as number)); }
export function reads(a: Real): Real { const b = a as unknown as number; return ops.mul(a, newton((x: number) => x * x - b, 1)); }\n`);
    expect(rest).toEqual([]);
    expect(start).toMatch(/^DDX1018 6:91 'newton' is compiled for the function this call passes as plain numeric code, but the call is inside 'start', which is written over ddx values, and passes it 'a as unknown as number'/);
    expect(reads).toMatch(/^DDX1018 7:92 .*inside 'reads'.* the function it passes reads 'b', a value of 'reads' that may be a Dual .*write 'newton' over ddx values too/);
    // Plain numbers only, and a plain function inside it that passes its own parameter: compiled.
    const code = `${head}${dual}export function fine(a: Real): Real { return ops.mul(a, newton((x: number) => x * x - 2, 1)); }
export function nested(a: Real): Real { const h = (t: number): number => newton((x: number) => x * x - t, 1); return ops.mul(a, derivative(h, 2)); }
export const d = [derivative(fine, 3), derivative(nested, 3)];\n`;
    const r = transform(code, '/virtual/m.ts');
    expect(r.diagnostics).toEqual([]);
    // One Newton step from 1: 1.5 on x² − 2, and (1 + t)/2 on x² − t, whose derivative is 1/2.
    expect((await run(r.code)).d).toEqual([1.5, 0.5]);
  });

  it('a function over ddx values passed to the solver is left to the run-time engine, as at a verb', async () => {
    const code = `${head}import { ops, type Real } from '@ddx/dual';\n${solver}export const r = newton((x: Real) => ops.sub(ops.mul(x, x), 2), 1);\n`;
    const r = transform(code, '/virtual/m.ts');
    expect(r.diagnostics).toEqual([]);
    expect(r.changed).toBe(false);
    expect((await run(code)).r).toBe(1.5); // one Newton step from 1 on x² − 2, by the engine
  });
});

describe.each<EmitMode>(['inline', 'dual'])('a solver calling a vector verb on the function it is given (%s)', (mode) => {
  // Three gradient steps of size 0.1 on f(y) = (y₀ − a)² + y₁² from (0, 1): y₀ = a(1 − 0.8³),
  // y₁ = 0.8³, so f = 0.8⁶(a² + 1) and df/da = 2a·0.8⁶ (closed forms).
  const code = `import { derivative, gradient } from '@ddx/dual';
function descend(f: (x: number[]) => number, x0: number[]): number {
  const x = [x0[0], x0[1]];
  for (let k = 0; k < 3; k++) {
    const g = gradient(f, x);
    x[0] = x[0] - 0.1 * g[0];
    x[1] = x[1] - 0.1 * g[1];
  }
  return f(x);
}
export function after(a: number): number {
  return descend((y: number[]) => (y[0] - a) * (y[0] - a) + y[1] * y[1], [0, 1]);
}
export const slope = derivative((a: number) => descend((y: number[]) => (y[0] - a) * (y[0] - a) + y[1] * y[1], [0, 1]), 2);
`;
  it('gradient descent: plain calls and differentiated through, against closed forms', async () => {
    const r = transform(code, `/virtual/descend-${mode}.ts`, { mode });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const m = await run(r.code);
    const p = 0.8 ** 6;
    expect(Math.abs((m.after as (a: number) => number)(2) - p * 5)).toBeLessThan(1e-14);
    expect(Math.abs((m.slope as number) - 4 * p)).toBeLessThan(1e-14);
  });
});

describe.each<EmitMode>(['inline', 'dual'])('a solver given an arrow that wraps its own function parameter (%s)', (mode) => {
  // solve, level and solveLocal differentiate their parameter f only through an arrow (or a local
  // function) that calls it, passed on to newton, which differentiates its own; descend calls
  // gradient on an arrow wrapping its f. Each is compiled per call, with f bound in the arrow.
  const code = `import { derivative, secondDerivative, gradient } from '@ddx/dual';
function newton(f: (x: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 60; i++) {
    const s = f(x) / derivative(f, x);
    x -= s;
    if (Math.abs(s) < 1e-15) break;
  }
  return x;
}
/** The root of f, as the root of −f. */
function solve(f: (x: number) => number, x0: number): number {
  return newton((x) => -f(x), x0);
}
/** Where f reaches c: the arrow reads the solver's parameter c and its local scale too. */
function level(f: (x: number) => number, c: number, x0: number): number {
  const scale = 2;
  return newton((x) => scale * (f(x) - c), x0);
}
/** A local function wrapping the parameter. */
function solveLocal(f: (x: number) => number, x0: number): number {
  const half = (x: number) => 0.5 * f(x);
  return newton(half, x0);
}
/** Two levels: an arrow wrapping g, passed to solve, which wraps it again. */
function twice(g: (x: number) => number): number {
  return solve((x) => 2 * g(x), 1);
}
/** Three gradient steps on 2f. */
function descend(f: (v: number[]) => number, x0: number[]): number {
  const x = [x0[0], x0[1]];
  for (let k = 0; k < 3; k++) {
    const g = gradient((v: number[]) => f(v) * 2, x);
    x[0] -= 0.05 * g[0];
    x[1] -= 0.05 * g[1];
  }
  return f(x);
}
/** The maximum of f, as the root of the derivative of −f (an unannotated arrow wrapping f, at a nested verb). */
function argmax(f: (x: number) => number, x0: number): number {
  return newton((x) => derivative((t) => -f(t), x), x0);
}
function cube(x: number): number {
  return x * x * x;
}
export function peak(a: number): number { return argmax((x) => a * x - Math.cosh(x), 0.5); }
export const dPeak = (a: number): number => derivative(peak, a);
export function sqrtOf(a: number): number { return solve((x) => x * x - a, 1); }
export function cbrtOf(a: number): number { return level(cube, a, 1); }
export function lnOf(a: number): number { return solveLocal((x) => Math.exp(x) - a, 1); }
export function sqrt3Of(a: number): number { return twice((x) => x * x - 3 * a); }
export function after(a: number): number { return descend((y: number[]) => (y[0] - a) * (y[0] - a) + y[1] * y[1], [0, 1]); }
export const dSqrt = (a: number): number => derivative((b: number) => solve((x: number) => x * x - b, 1), a);
export const d2Cbrt = (a: number): number => secondDerivative((b: number) => level(cube, b, 1), a);
export const dLn = (a: number): number => derivative(lnOf, a);
export const dSqrt3 = (a: number): number => derivative(sqrt3Of, a);
export const slope = (a: number): number => derivative(after, a);
export const root = (q: number[]): number => solve((x: number) => x * x - q[0] * q[1], 1);
export const grad = (p: number[]): number[] => gradient((q: number[]) => solve((x: number) => x * x - q[0] * q[1], 1), p);
export const gradReverse = (p: number[]): number[] => gradient((q: number[]) => solve((x: number) => x * x - q[0] * q[1], 1), p, { mode: 'reverse' });
`;
  type F = (a: number) => number;
  const central = (f: F, a: number, h = 1e-5): number => (f(a + h) - f(a - h)) / (2 * h);

  it('plain calls: each solver compiled for the arrow it passes, against closed forms', async () => {
    const r = transform(code, `/virtual/wraps-${mode}.ts`, { mode });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    // No call of a solver is left to pass a function at run time.
    expect(r.code).toMatch(/return solve_fn\d+\(1, a\)/);
    expect(r.code).toMatch(/return level_cube\(a, 1\)/);
    expect(r.code).toMatch(/return twice_fn\d+\(a\)/);
    const m = await run(r.code);
    for (const a of [0.5, 2, 7.5]) {
      expect(Math.abs((m.sqrtOf as F)(a) - Math.sqrt(a))).toBeLessThanOrEqual(4e-16 * Math.sqrt(a));
      expect(Math.abs((m.cbrtOf as F)(a) - Math.cbrt(a))).toBeLessThanOrEqual(4e-16 * Math.cbrt(a));
      expect(Math.abs((m.lnOf as F)(a) - Math.log(a))).toBeLessThanOrEqual(1e-15);
      expect(Math.abs((m.sqrt3Of as F)(a) - Math.sqrt(3 * a))).toBeLessThanOrEqual(4e-16 * Math.sqrt(3 * a));
      // a·x − cosh x is largest where sinh x = a.
      expect(Math.abs((m.peak as F)(a) - Math.asinh(a))).toBeLessThanOrEqual(4e-16 * Math.asinh(a));
      // Three steps of size 0.05 on 2f, f(y) = (y₀ − a)² + y₁² from (0, 1): f = 0.8⁶(a² + 1).
      expect(Math.abs((m.after as F)(a) - 0.8 ** 6 * (a * a + 1))).toBeLessThanOrEqual(1e-14 * (a * a + 1));
    }
  });

  it('differentiated through: closed forms at convergence, and central differences of the plain versions', async () => {
    const r = transform(code, `/virtual/wraps-d-${mode}.ts`, { mode });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const m = await run(r.code);
    const get = (k: string) => m[k] as F;
    for (const a of [0.5, 2, 7.5]) {
      expect(Math.abs(get('dSqrt')(a) - 1 / (2 * Math.sqrt(a)))).toBeLessThan(1e-14);
      // (a^{1/3})″ = −(2/9) a^{−5/3}.
      expect(Math.abs(get('d2Cbrt')(a) + (2 / 9) * a ** (-5 / 3))).toBeLessThan(1e-12);
      expect(Math.abs(get('dLn')(a) - 1 / a)).toBeLessThan(1e-14);
      expect(Math.abs(get('dSqrt3')(a) - 3 / (2 * Math.sqrt(3 * a)))).toBeLessThan(1e-14);
      expect(Math.abs(get('slope')(a) - 2 * a * 0.8 ** 6)).toBeLessThan(1e-14);
      expect(Math.abs(get('dPeak')(a) - 1 / Math.sqrt(1 + a * a))).toBeLessThan(1e-14);
      expect(Math.abs(get('dPeak')(a) - central(get('peak'), a))).toBeLessThan(1e-8);
      // Central differences (h = 1e-5, truncation and rounding well under 1e-8) of the compiled plain functions.
      expect(Math.abs(get('dSqrt')(a) - central(get('sqrtOf'), a))).toBeLessThan(1e-8);
      expect(Math.abs(get('dLn')(a) - central(get('lnOf'), a))).toBeLessThan(1e-8);
      expect(Math.abs(get('dSqrt3')(a) - central(get('sqrt3Of'), a))).toBeLessThan(1e-8);
      expect(Math.abs(get('slope')(a) - central(get('after'), a))).toBeLessThan(1e-8);
      // The second difference (h = 1e-4: rounding ≈ 1e-16·|f|/h² ≈ 1e-8).
      const c = get('cbrtOf'), h = 1e-4;
      expect(Math.abs(get('d2Cbrt')(a) - (c(a + h) - 2 * c(a) + c(a - h)) / (h * h))).toBeLessThan(1e-6);
    }
  });

  it('gradient through the solver, forward and reverse mode: ∇√(q₀q₁) against the closed form and central differences', async () => {
    const r = transform(code, `/virtual/wraps-g-${mode}.ts`, { mode });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.code).toMatch(/_gradient_reverse\(p\)/);
    const m = await run(r.code);
    const root = m.root as (q: number[]) => number;
    for (const p of [[0.5, 2], [3, 1.5], [7, 0.25]]) {
      const s = Math.sqrt(p[0] * p[1]);
      const exact = [p[1] / (2 * s), p[0] / (2 * s)];
      for (const g of [(m.grad as (p: number[]) => number[])(p), (m.gradReverse as (p: number[]) => number[])(p)]) {
        g.forEach((gi, i) => {
          expect(Math.abs(gi - exact[i])).toBeLessThan(1e-14 * Math.max(1, Math.abs(exact[i])));
          const h = 1e-5;
          const up = [...p], down = [...p];
          up[i] += h;
          down[i] -= h;
          expect(Math.abs(gi - (root(up) - root(down)) / (2 * h))).toBeLessThan(1e-8);
        });
      }
    }
  });
});

describe('an arrow wrapping the parameter of a function that cannot be compiled per call', () => {
  it('is DDX1018 at the arrow, naming the parameter and why (not DDX1006 on the parameter)', () => {
    const code = `import { derivative, gradient } from '@ddx/dual';
function newton(f: (x: number) => number, x0: number): number {
  return x0 - f(x0) / derivative(f, x0);
}
export function solve(f: (x: number) => number, x0: number): number {
  return newton((x) => -f(x), x0);
}
export function slope(f: (x: number) => number, x0: number): number {
  return gradient((v: number[]) => f(v[0]) * 2, [x0])[0];
}
`;
    const d = transform(code, '/virtual/m.ts').diagnostics.map((x) => `${x.code} ${x.line}:${x.column} ${x.message}`);
    expect(d).toHaveLength(2);
    expect(d[0]).toMatch(/^DDX1018 6:17 'newton' is compiled for the function written here, which calls 'f', a parameter of 'solve', only known at run time \(solve would be compiled per call too, but 'solve' is exported/);
    expect(d[1]).toMatch(/^DDX1018 9:19 gradient is compiled for the function written here, which calls 'f', a parameter of 'slope', .*'slope' is exported/);
  });
});

describe.each<EmitMode>(['inline', 'dual'])('an arrow reading a variable named like a local of the solver it is passed to (%s)', (mode) => {
  // The arrows read an outer 'v' (or 'x') while sumOf's loop variable is 'v' (newton's iterate
  // 'x'): the version for the arrow takes the capture under another name. Closed forms:
  // d/dt Σ (t·x − v)² = Σ 2x(t·x − v); newton on y² − x gives √x, d√x/dx = 1/(2√x).
  const code = `import { derivative, gradient } from '@ddx/dual';
function sumOf(f: (x: number) => number, xs: readonly number[]): number {
  let s = 0;
  for (const v of xs) s += f(v) + derivative(f, v);
  return s;
}
function newton(f: (y: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 40; i++) x -= f(x) / derivative(f, x);
  return x;
}
export const total = (t: number, v: number): number => sumOf((x) => (t * x - v) ** 2, [1, 2]);
export const slope = (t: number, v: number): number => derivative((u: number) => sumOf((x) => (u * x - v) ** 2, [1, 2]), t);
export const grad = (t: number, v: number): number[] => gradient((p: number[]) => sumOf((x) => (p[0] * x - v) ** 2, [1, 2]), [t], { mode: 'reverse' });
export const root = (x: number): number => newton((y) => y * y - x, 1);
export const dRoot = (a: number): number => derivative((x: number) => newton((y) => y * y - x, 1), a);
`;
  it('compiles without a clash, the capture renamed in the version for it, against closed forms', async () => {
    const r = transform(code, `/virtual/clash-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    const [t, v] = [1.5, 0.25];
    // f(x) + f'(x) for f(x) = (t·x − v)²: (t·x − v)² + 2t(t·x − v); its t-derivative 2x(t·x − v) + 2(t·x − v) + 2t·x.
    const value = [1, 2].reduce((s, x) => s + (t * x - v) ** 2 + 2 * t * (t * x - v), 0);
    const dValue = [1, 2].reduce((s, x) => s + 2 * x * (t * x - v) + 2 * (t * x - v) + 2 * t * x, 0);
    expect(Math.abs((m.total as (t: number, v: number) => number)(t, v) - value)).toBeLessThan(1e-13);
    expect(Math.abs((m.slope as (t: number, v: number) => number)(t, v) - dValue)).toBeLessThan(1e-13);
    expect(Math.abs((m.grad as (t: number, v: number) => number[])(t, v)[0] - dValue)).toBeLessThan(1e-13);
    for (const a of [0.5, 2, 9]) {
      expect(Math.abs((m.root as (x: number) => number)(a) - Math.sqrt(a))).toBeLessThan(1e-14 * Math.sqrt(a) + 1e-15);
      expect(Math.abs((m.dRoot as (x: number) => number)(a) - 1 / (2 * Math.sqrt(a)))).toBeLessThan(1e-12);
    }
  });
});

describe.each<EmitMode>(['inline', 'dual'])('an arrow capturing a variable named like a binding of the solver\'s module (%s)', (mode) => {
  // The captured parameter is named 'Real', which the module imports as a type: the version of the
  // solver for the arrow took the capture under that name and refused it (DDX1030, fuzz seed 7
  // run 14, Extra.clash). It now takes another name there. Closed form: iterate gives
  // x₃ of x ↦ x/2 + sin(R·x) from 1; the derivative is checked against central differences.
  const code = `import { derivative, type Real } from '@ddx/dual';
function iterate(f: (x: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 3; i++) x = 0.5 * x + Math.sin(f(x));
  return x;
}
export const value = (Real: number): number => iterate((u: number): number => u * Real, 1);
export const slope = (r: number): number => derivative((Real: number) => iterate((u: number): number => u * Real, 1), r);
`;
  it('compiles, against central differences of the plain iteration', async () => {
    const r = transform(code, `/virtual/type-name-capture-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    const plain = (R: number): number => { let x = 1; for (let i = 0; i < 3; i++) x = 0.5 * x + Math.sin(x * R); return x; };
    const h = 1e-5;
    for (const R of [0.3, 1.2]) {
      expect((m.value as (r: number) => number)(R)).toBe(plain(R));
      const central = (plain(R + h) - plain(R - h)) / (2 * h);
      expect(Math.abs((m.slope as (r: number) => number)(R) - central)).toBeLessThan(1e-8);
    }
  });
});

describe.each<EmitMode>(['inline', 'dual'])('an arrow given to a solver capturing a local computed from a module table (%s)', (mode) => {
  // fuzz39 (seed 7): `const w = Math.atan2(T[0], T[0])` read by the arrow was refused (DDX1007): the
  // version of the solver typed `w` without a lib, and its kind was not found where the table was read
  // twice (the cycle guard kept it) nor through `+`. Closed form: slopes gives Σ f(v)·f'(v) over
  // [1, 2] for f(u) = w·u, i.e. 3w²; so f0(x) = x + 3w², f0'(x) = 1 + 6·w·w' with
  // w = atan2(T[0], T[1]) + x·hypot(T[0], T[1]) + (x > 0 ? sin(T[0]) : -T[1]).
  const code = `import { derivative } from '@ddx/dual';
function slopes(f: (x: number) => number, xs: readonly number[]) { let s = 0; for (const v of xs) s += f(v) * derivative(f, v); return s; }
const T = [0.5, 0.25];
function f0(x: number) {
  const w = Math.atan2(T[0], T[1]) + x * Math.hypot(T[0], T[1]) + (x > 0 ? Math.sin(T[0]) : -T[1]);
  return x + slopes((u: number) => w * u, [1, 2]);
}
export const slope = (x: number): number => derivative(f0, x);
`;
  it('compiles, against the closed form', async () => {
    const r = transform(code, `/virtual/table-capture-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    for (const x of [-0.7, 0.4]) {
      const w = Math.atan2(0.5, 0.25) + x * Math.hypot(0.5, 0.25) + (x > 0 ? Math.sin(0.5) : -0.25);
      const expected = 1 + 6 * w * Math.hypot(0.5, 0.25);
      expect(Math.abs((m.slope as (x: number) => number)(x) - expected)).toBeLessThan(1e-13 * Math.abs(expected));
    }
  });
});

describe.each<EmitMode>(['inline', 'dual'])('an arrow given to a solver capturing a matrix row\'s element, a destructured name or a returned array (%s)', (mode) => {
  // fuzz40: `const w = r[0] + r.length * m[0][1]` (r a row of a local matrix m), `const [a, , b = 2] = T`
  // and `const w = scaled(T, x)` read by the arrow given to a solver that differentiates it were refused
  // (DDX1007): without a lib the checker types none of them, and the solver's version could not tell
  // they are numbers (an array of numbers). Closed forms:
  // slopes gives Σ f(v)·f'(v) over [1, 2], for f(u) = A·u + B that is 3A² + 2AB.
  const head = `import { derivative } from '@ddx/dual';
function slopes(f: (x: number) => number, xs: readonly number[]) { let s = 0; for (const v of xs) s += f(v) * derivative(f, v); return s; }
const T = [0.5, 0.25];
`;
  const cases: [string, string, (x: number) => number][] = [
    // w = 3x + 2, f0 = x + 3w², f0' = 1 + 18w.
    ['a row of a local matrix', `function f0(x: number) {
  const m: number[][] = [[x, 2], [3 * x]];
  const r = m[m.length - 1];
  const w = r[0] + r.length * m[0][1];
  return x + slopes((u: number) => w * u, [1, 2]);
}`, (x) => 1 + 18 * (3 * x + 2)],
    // A = 0.5 + x, B = 2·2x, f0 = x + 3A² + 2AB, f0' = 1 + 6A + 2(4A + B).
    ['destructured names', `function f0(x: number) {
  const [a, , b = 2] = T;
  const pq = [x, 2 * x];
  const [p, q] = pq;
  return x + slopes((u: number) => (a + p) * u + b * q, [1, 2]);
}`, (x) => 1 + 14 * (0.5 + x) + 8 * x],
    // w = [x/2, x/4], z = x/2: A = x, B = 0, f0 = x + 3x², f0' = 1 + 6x.
    ['an array a call returns', `function scaled(a: readonly number[], k: number): number[] { const out: number[] = []; for (let i = 0; i < a.length; i++) out.push(k * a[i]); return out; }
function f0(x: number) {
  const w = scaled(T, x);
  const z = w[1] * 2;
  return x + slopes((u: number) => (w[0] + z) * u, [1, 2]);
}`, (x) => 1 + 6 * x],
    // A = 0.5 + 0.25 + x, B = 0: f0 = x + 3A², f0' = 1 + 6A.
    ['names destructured from an imported table', `import { TI } from './tables';
function f0(x: number) {
  const [a, b, c = x] = TI;
  return x + slopes((u: number) => (a + b + c) * u, [1, 2]);
}`, (x) => 1 + 6 * (0.75 + x)],
  ];
  const files: Record<string, string> = { '/virtual/tables.ts': 'export const TI: readonly number[] = [0.5, 0.25];\n' };
  it.each(cases)('%s compiles, against the closed form', async (name, body, expected) => {
    const r = transform(`${head}${body}\nexport const slope = (x: number): number => derivative(f0, x);\n`, `/virtual/captured-${name.replace(/\W+/g, '-')}-${mode}.ts`, { mode, readFile: (f) => files[f] });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code, { 'tables.ts': files['/virtual/tables.ts'] });
    for (const x of [-0.7, 0.4]) {
      expect(Math.abs((m.slope as (x: number) => number)(x) - expected(x))).toBeLessThan(1e-13 * Math.abs(expected(x)));
    }
  });
});

describe('an arrow given to a solver that reads what its version cannot reach: a message that names the case', () => {
  const solver = `import { derivative } from '@ddx/dual';
function newton(f: (x: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 30; i++) x = x - f(x) / derivative(f, x);
  return x;
}
`;
  const messages = (code: string): string[] => transform(solver + code, '/virtual/solver-reach.ts').diagnostics.map((d) => `${d.code} ${d.message}`);
  it('a local function the arrow calls, reassigned (let, DDX1006), or reading a name another variable holds at the call (DDX1030)', () => {
    const reassigned = messages('export function localCall(a: number): number {\n  let sq = (t: number) => t * t;\n  return newton((x) => sq(x) - a, 1);\n}\nexport const v = localCall(2);');
    expect(reassigned).toEqual([expect.stringMatching(/^DDX1006 'sq' is not a function declaration or a const arrow\/function expression the transform can read; declare it so/)]);
    const shadowed = messages('export function localCall(a: number): number {\n  const sq = (t: number) => t * t - a;\n  {\n    const a = 5;\n    return newton((x) => sq(x) + a - 5, 1);\n  }\n}\nexport const v = localCall(2);');
    expect(shadowed).toEqual([expect.stringMatching(/^DDX1030 the function passed to 'newton' reads 'a' of its enclosing scope, but here 'a' names another variable; rename one of them/)]);
  });
  it('a row of a matrix the transform cannot tell is one (DDX1017), naming what to write', () => {
    // A function without a return annotation makes it: the analysis, without a lib, cannot type what it returns.
    const got = messages('function make(a: number, n: number) {\n  return Array.from({ length: n }, () => [a, 1]);\n}\nexport function rows(a: number, n: number): number {\n  const M = make(a, n);\n  let s = 0;\n  for (let i = 0; i < n; i++) s += newton((x) => M[i][0] * x * x - 3, 1);\n  return s;\n}\nexport const v = rows(3, 2);');
    expect(got).toEqual([expect.stringMatching(/^DDX1017 'M\[i\]' is a row of 'M', which the transform cannot tell is a matrix from its declaration.*annotate it \(const M: number\[\]\[\] = …\)/)]);
  });
});

describe.each<EmitMode>(['inline', 'dual'])('an arrow given to a solver reading a named row, a matrix or array made by Array.from or map, a number a spread makes (%s)', (mode) => {
  // Issue 14 (solver42). Closed forms: the root of c·x² = a is √(a/c); sumOf's Σ f(v)·f′(v) of
  // f(u) = A[0]·h·u² (A[0] = x₀, h = |x|) is 2x₀²(x₀² + x₁²)(x₀³ + x₁³).
  const code = `import { derivative, gradient } from '@ddx/dual';
function newton(f: (x: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 40; i++) x = x - f(x) / derivative(f, x);
  return x;
}
function sumOf(f: (x: number) => number, xs: readonly number[]): number {
  let s = 0;
  for (const v of xs) s += f(v) * derivative(f, v);
  return s;
}
/** A named row of a matrix parameter: √(a/M[0][1]). */
export function namedRow(a: number, M: number[][]): number {
  const row = M[0];
  return newton((x) => row[1] * x * x - a, 1);
}
/** A named row of a local matrix, read by a local function the arrow calls: √(a/2). */
export function rowInLocal(a: number): number {
  const M = [[a, 2]];
  const row = M[0];
  const h = (t: number) => row[1] * t;
  return newton((x) => h(x) * x - a, 1);
}
/** Rows Array.from makes, unannotated: √(3/a) + √(3/(2a)) for n = 2. */
export function fromRows(a: number, n: number): number {
  const M = Array.from({ length: n }, (_, i) => [a * (i + 1), 1]);
  let s = 0;
  for (let i = 0; i < n; i++) s += newton((x) => M[i][0] * x * x - 3, 1);
  return s;
}
/** Rows map makes, unannotated, each row by name: √(3/a) + √(3/(2a)) for xs = [1, 2]. */
export function mapRows(a: number, xs: number[]): number {
  const M = xs.map((x) => [a * x, 1]);
  let s = 0;
  for (const row of M) s += newton((x) => row[0] * x * x - 3, 1);
  return s;
}
/** An array map makes and a number a spread makes, read by an arrow whose solver nests a derivative. */
export function slopes(x: number[]): number {
  const A = x.map((t, i) => t * (i + 1));
  const h = Math.hypot(...x);
  return sumOf((u) => A[0] * h * u * u, x);
}
/** A number made of fields destructured from a record (d = a² + 2a), read by the arrow: 2d²·(1 + 8) = 18d². */
interface Model { weights: number[]; bias: number }
function unpack(x: number): Model { return { weights: [x, 2 * x], bias: x }; }
export function fields(a: number): number {
  const { weights: w, bias: b } = unpack(a);
  const d = w[0] * b + w[1];
  return sumOf((u) => d * u * u, [1, 2]);
}
/** Nested verbs capturing a row (annotated) and a local matrix: 2·M[0][1]·a = 4a. */
export function nestedRow(a: number, M: number[][]): number {
  const row: number[] = M[0];
  return derivative((x: number) => row[1] * x * x * a, 1);
}
export function nestedLocal(a: number): number {
  const M = [[a, 2]];
  return derivative((x: number) => M[0][1] * x * x * a, 1);
}
export const plain = { namedRow: (a: number) => namedRow(a, [[1, 2]]), rowInLocal, fromRows: (a: number) => fromRows(a, 2), mapRows: (a: number) => mapRows(a, [1, 2]), fields, nestedRow: (a: number) => nestedRow(a, [[1, 2]]), nestedLocal };
export const forward = {
  namedRow: (a: number) => derivative((b: number) => namedRow(b, [[1, 2]]), a),
  rowInLocal: (a: number) => derivative(rowInLocal, a),
  fromRows: (a: number) => derivative((b: number) => fromRows(b, 2), a),
  fields: (a: number) => derivative(fields, a),
  nestedRow: (a: number) => derivative((b: number) => nestedRow(b, [[1, 2]]), a),
  nestedLocal: (a: number) => derivative(nestedLocal, a),
};
export const reverse = {
  namedRow: (a: number) => gradient((p: number[]) => namedRow(p[0], [[1, 2]]), [a], { mode: 'reverse' })[0],
  rowInLocal: (a: number) => gradient((p: number[]) => rowInLocal(p[0]), [a], { mode: 'reverse' })[0],
  fromRows: (a: number) => gradient((p: number[]) => fromRows(p[0], 2), [a], { mode: 'reverse' })[0],
  fields: (a: number) => gradient((p: number[]) => fields(p[0]), [a], { mode: 'reverse' })[0],
  nestedRow: (a: number) => gradient((p: number[]) => nestedRow(p[0], [[1, 2]]), [a], { mode: 'reverse' })[0],
  nestedLocal: (a: number) => gradient((p: number[]) => nestedLocal(p[0]), [a], { mode: 'reverse' })[0],
};
export const slopesOf = { value: slopes, forward: (x: number[]) => gradient(slopes, x, { mode: 'forward' }), reverse: (x: number[]) => gradient(slopes, x, { mode: 'reverse' }) };
`;
  it('compiles; plain calls and derivatives, forward and reverse mode, give the closed forms', async () => {
    const r = transform(code, `/virtual/solver-made-matrices-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    type Fns = Record<string, (a: number) => number>;
    const [plain, forward, reverse] = [m.plain, m.forward, m.reverse] as Fns[];
    const near = (got: number, want: number, rel: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));
    for (const a of [3.3, 0.7]) {
      const half = { value: Math.sqrt(a / 2), slope: 0.25 / Math.sqrt(a / 2) };
      const rows = { value: Math.sqrt(3 / a) * (1 + Math.SQRT1_2), slope: -0.5 * Math.sqrt(3) * a ** -1.5 * (1 + Math.SQRT1_2) };
      const want: Record<string, { value: number; slope: number }> = { namedRow: half, rowInLocal: half, fromRows: rows, mapRows: rows, fields: { value: 18 * (a * a + 2 * a) ** 2, slope: 36 * (a * a + 2 * a) * (2 * a + 2) }, nestedRow: { value: 4 * a, slope: 4 }, nestedLocal: { value: 4 * a, slope: 4 } };
      for (const [name, w] of Object.entries(want)) {
        near(plain[name]!(a), w.value, 1e-14);
        if (name === 'mapRows') continue;
        near(forward[name]!(a), w.slope, 1e-13);
        near(reverse[name]!(a), w.slope, 1e-13);
      }
    }
    const slopes = m.slopesOf as { value: (x: number[]) => number; forward: (x: number[]) => number[]; reverse: (x: number[]) => number[] };
    for (const [x0, x1] of [[1, 2], [0.5, -1.5]] as const) {
      const q = x0 * x0 + x1 * x1, c = x0 ** 3 + x1 ** 3;
      const grad = [4 * x0 * q * c + 4 * x0 ** 3 * c + 6 * x0 ** 4 * q, 4 * x0 * x0 * x1 * c + 6 * x0 * x0 * q * x1 * x1];
      near(slopes.value([x0, x1]), 2 * x0 * x0 * q * c, 1e-14);
      for (const g of [slopes.forward([x0, x1]), slopes.reverse([x0, x1])]) g.forEach((v, k) => near(v, grad[k]!, 1e-13));
    }
  });
});

describe.each<EmitMode>(['inline', 'dual'])('an arrow given to a solver that reads rows of a matrix of the enclosing function (%s)', (mode) => {
  // Issue 14: the solver's version is passed the matrix laid out as a matrix parameter is (a local
  // matrix copied so at each call, a plain call's matrix by its name). Closed forms: the roots of
  // M[i][0]·x² = 3 are √(3/M[i][0]); M = [[a, 1], [2, a]] gives √(3/a) + √(3/2), d/da = −½·√3·a^(−3/2).
  const code = `import { derivative, gradient } from '@ddx/dual';
function newton(f: (x: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 40; i++) x = x - f(x) / derivative(f, x);
  return x;
}
export function rows(a: number): number {
  const M = [[a, 1], [2, a]];
  let s = 0;
  for (let i = 0; i < 2; i++) s += newton((x) => M[i][0] * x * x - 3, 1);
  return s;
}
export function ofParameter(M: number[][], c: number): number {
  let s = 0;
  for (let i = 0; i < M.length; i++) s += newton((x) => M[i][0] * x * x - c, 1);
  return s;
}
/** A local function reading the local matrix, called by the arrow: m[0][0]·t, with m[0][0] = a. */
export function throughLocal(a: number): number {
  const m = [[a]];
  const scaled = (t: number) => m[0][0] * t;
  return newton((x) => scaled(x) * x - 3, 1);
}
export const plain = { rows, ofParameter: (a: number) => ofParameter([[a, 1], [2, a]], 3), throughLocal };
export const forward = {
  rows: (a: number) => derivative(rows, a),
  throughLocal: (a: number) => gradient((p: number[]) => throughLocal(p[0]), [a], { mode: 'forward' })[0],
};
export const reverse = {
  rows: (a: number) => gradient((p: number[]) => rows(p[0]), [a], { mode: 'reverse' })[0],
  throughLocal: (a: number) => gradient((p: number[]) => throughLocal(p[0]), [a], { mode: 'reverse' })[0],
};
`;
  it('compiles; plain calls and derivatives, forward and reverse mode, give the closed forms', async () => {
    const r = transform(code, `/virtual/solver-matrix-rows-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    const plain = m.plain as Record<'rows' | 'ofParameter' | 'throughLocal', (a: number) => number>;
    for (const a of [3.3, 0.7]) {
      const value = Math.sqrt(3 / a) + Math.sqrt(1.5), slope = -0.5 * Math.sqrt(3) * a ** -1.5;
      expect(Math.abs(plain.rows(a) - value)).toBeLessThan(1e-14 * value);
      expect(Math.abs(plain.ofParameter(a) - value)).toBeLessThan(1e-14 * value);
      expect(Math.abs(plain.throughLocal(a) - Math.sqrt(3 / a))).toBeLessThan(1e-14 * value);
      for (const g of [m.forward, m.reverse] as Record<'rows' | 'throughLocal', (a: number) => number>[]) {
        expect(Math.abs(g.rows(a) - slope)).toBeLessThan(1e-13 * Math.abs(slope));
        expect(Math.abs(g.throughLocal(a) - slope)).toBeLessThan(1e-13 * Math.abs(slope));
      }
    }
  });
});

describe.each<EmitMode>(['inline', 'dual'])('a capture named as the solver version\'s for…of index (%s)', (mode) => {
  // fuzz40 (seed 9891 run 872): the version of fzSumOf for an arrow reading the parameter `i` took the
  // capture as its parameter `i`, and its for…of loop's index, named `i` before the capture was met,
  // shadowed it: the gradient was silently wrong ([−10, 3] inline, [−10, 0] dual). Closed form:
  // f0 = x + Σ over p = [2x, x] of (i − p[0])·p[1] = x + 2(i − 2x)x, ∇f0 = [1 − 8x + 2i, 2x].
  const code = `import { gradient } from '@ddx/dual';
function sumOf(f: (x: number) => number, xs: readonly number[]): number { let s = 0; for (const v of xs) s += f(v); return s; }
function f0(x: number, i: number): number {
  const p: number[] = []; p.push(2 * x); p.push(x);
  return x + sumOf((u: number): number => (i - p[0]) * p[1], p);
}
export const g = (a: number[]) => gradient(f0, a, { mode: 'forward' });
`;
  it('gives the closed form', async () => {
    const r = transform(code, `/virtual/capture-named-i-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    for (const [x, i] of [[1.5, 0.3], [-0.25, 2]]) {
      const got = (m.g as (a: number[]) => number[])([x, i]);
      expect(Math.abs(got[0] - (1 - 8 * x + 2 * i))).toBeLessThan(1e-14);
      expect(Math.abs(got[1] - 2 * x)).toBeLessThan(1e-15);
    }
  });
});

describe.each<EmitMode>(['inline', 'dual'])('an arrow given to a solver that calls local functions of the enclosing function (%s)', (mode) => {
  // Issue 14 (fuzz seed 16757 run 691): the version of the solver compiled for a plain call did not
  // reach the local functions the arrow calls (DDX1030). They are lifted where the call is, with
  // what they read passed on by name, as the arrow's own captures are. Oracles: closed forms.
  const code = `import { derivative, gradient } from '@ddx/dual';
/** The trapezoid rule with its end correction (Euler–Maclaurin): the error is O(h⁴). */
function integrate(f: (t: number) => number, a: number, b: number): number {
  const n = 400, h = (b - a) / n;
  let s = (f(a) + f(b)) / 2;
  for (let i = 1; i < n; i++) s += f(a + i * h);
  return s * h - ((h * h) / 12) * (derivative(f, b) - derivative(f, a));
}
function newton(f: (x: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 40; i++) x = x - f(x) / derivative(f, x);
  return x;
}
/** ∫₀¹ (k sin t + x) t dt = k (sin 1 − cos 1) + x/2. */
export function moment(x: number, k: number): number {
  const g = (t: number) => k * Math.sin(t) + x;
  return integrate((t) => g(t) * t, 0, 1);
}
/** The root of k x² − a: √(a/k), through a local function calling another, both reading parameters. */
export function root(a: number, k: number): number {
  const scale = (t: number) => k * t;
  function sq(t: number): number { return scale(t) * t - a; }
  return newton((x) => sq(x) / k, 1);
}
/** The same root through a recursive local function (t² as t·t¹·1). */
export function rootByPower(a: number, k: number): number {
  function power(t: number, n: number): number { return n <= 0 ? 1 : t * power(t, n - 1); }
  return newton((x) => power(x, 2) - a / k, 1);
}
export const plain = { moment, root, rootByPower };
export const forward = {
  moment: (x: number, k: number) => gradient((p: number[]) => moment(p[0], p[1]), [x, k], { mode: 'forward' }),
  root: (a: number, k: number) => gradient((p: number[]) => root(p[0], p[1]), [a, k], { mode: 'forward' }),
  rootByPower: (a: number, k: number) => gradient((p: number[]) => rootByPower(p[0], p[1]), [a, k], { mode: 'forward' }),
};
export const reverse = {
  moment: (x: number, k: number) => gradient((p: number[]) => moment(p[0], p[1]), [x, k], { mode: 'reverse' }),
  root: (a: number, k: number) => gradient((p: number[]) => root(p[0], p[1]), [a, k], { mode: 'reverse' }),
  rootByPower: (a: number, k: number) => gradient((p: number[]) => rootByPower(p[0], p[1]), [a, k], { mode: 'reverse' }),
};
`;
  const near = (got: number, want: number, tol: number): void => expect(Math.abs(got - want)).toBeLessThan(tol * Math.max(1, Math.abs(want)));
  it('compiles; plain calls and gradients, forward and reverse mode, give the closed forms', async () => {
    const r = transform(code, `/virtual/solver-local-functions-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    type Fns = Record<'moment' | 'root' | 'rootByPower', (a: number, b: number) => number | number[]>;
    const plain = m.plain as Fns;
    const swept = [m.forward as Fns, m.reverse as Fns];
    const c = Math.sin(1) - Math.cos(1);
    for (const [x, k] of [[0.3, 1.7], [-1.2, 0.4]]) {
      near(plain.moment(x, k) as number, k * c + x / 2, 1e-12);
      for (const g of swept) {
        const [dx, dk] = g.moment(x, k) as number[];
        near(dx, 0.5, 1e-12);
        near(dk, c, 1e-12);
      }
    }
    for (const [a, k] of [[3, 1.7], [0.5, 2.5]]) {
      for (const f of ['root', 'rootByPower'] as const) {
        near(plain[f](a, k) as number, Math.sqrt(a / k), 1e-14);
        for (const g of swept) {
          const [da, dk] = g[f](a, k) as number[];
          near(da, 1 / (2 * Math.sqrt(a * k)), 1e-13);
          near(dk, -Math.sqrt(a) / (2 * k ** 1.5), 1e-13);
        }
      }
    }
  });
});

describe.each<EmitMode>(['inline', 'dual'])('a solver\'s arrow capturing a number the checker, without a lib, cannot type (%s)', (mode) => {
  // Plain calls of a solver: its version for the arrow takes each capture as a parameter of the
  // kind its initializer gives, which the analysis reads from the syntax. These forms were refused
  // (DDX1007; acceptance fuzz seed 1, runs 2508 and 13232): an element of a typed record's array
  // field, `??` and `||`, NaN, a field of an object literal given by Math, an element of a module
  // data object's array field, a boolean made by xs.some (run 6479). Closed form: the solver's root of x² − c is √c, and d√c/dc = 1/(2√c).
  const code = `import { derivative, gradient } from '@ddx/dual';
interface Model { weights: number[]; bias: number }
const data = { k: 2, xs: [1, 2, 3] };
function newton(f: (x: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 60; i++) x -= f(x) / derivative(f, x);
  return x;
}
export function fieldElement(a: number): number {
  const m: Model = { weights: [a, 1], bias: 0 };
  const c = m.weights[0] + data.xs[1];
  return newton((x: number) => x * x - c, 1);
}
export function nullish(a: number, xs: readonly number[]): number {
  let c = xs[5] ?? Math.max(a, data.k);
  const d = (xs[0] || 1) + (a > 0 ? 0 : NaN);
  return newton((x: number) => x * x - c * d, 1);
}
export function literalField(a: number): number {
  const r = { b: Math.max(a, 1), n: 2 };
  const c = r.b * r.n;
  return newton((x: number) => x * x - c, 1);
}
export function flagged(a: number): number {
  const big = data.xs.some((v) => v > a);
  return newton((x: number) => x * x - (big ? a : 2 * a), 1);
}
export const dFlagged = (a: number): number => derivative((b: number) => flagged(b), a);
export function atVerb(a: number): number {
  const m: Model = { weights: [a, 1], bias: 0 };
  const c = m.weights[0] ?? NaN;
  return derivative((t: number) => c * t * t, a);
}
export const dField = (a: number): number => derivative((b: number) => fieldElement(b), a);
export const dNullish = (a: number): number => derivative((b: number) => nullish(b, [3]), a);
export const gradAll = (p: number[]): number[] => gradient((q: number[]) => fieldElement(q[0]) * literalField(q[1]), p, { mode: 'reverse' });
`;
  it('compiles, and the roots and their derivatives are the closed forms', async () => {
    const r = transform(code, `/virtual/untyped-captures-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    // The plain calls run the solver's version for the arrow, not the verb on a plain function.
    expect(r.code).toMatch(/return newton_fn\d*\(1, c\)/);
    const m = await run(r.code);
    const fn = (name: string) => m[name] as (...args: unknown[]) => number;
    const near = (got: number, want: number): void => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
    for (const a of [0.5, 3, 4]) {
      // fieldElement: c = a + 2; nullish: c = max(a, 2) with xs = [3] past its end, d = 3; literalField: c = 2·max(a, 1).
      near(fn('fieldElement')(a), Math.sqrt(a + 2));
      near(fn('nullish')(a, [3]), Math.sqrt(3 * Math.max(a, 2)));
      near(fn('nullish')(a, [3, 0, 0, 0, 0, 5]), Math.sqrt(15));
      near(fn('literalField')(a), Math.sqrt(2 * Math.max(a, 1)));
      // An arrow at a verb in plain code captures as a solver's does: d(c t²)/dt at t = a, c = a.
      near(fn('atVerb')(a), 2 * a * a);
      // flagged: a below 3 (some x of data.xs exceeds it), else 2a.
      near(fn('flagged')(a), Math.sqrt(a < 3 ? a : 2 * a));
      near(fn('dFlagged')(a), a < 3 ? 1 / (2 * Math.sqrt(a)) : 1 / Math.sqrt(2 * a));
      near(fn('dField')(a), 1 / (2 * Math.sqrt(a + 2)));
      // √(3·max(b, 2)): flat below 2, √(3b) above.
      near(fn('dNullish')(a), a < 2 ? 0 : 3 / (2 * Math.sqrt(3 * a)));
    }
    // ∇ √(p₀ + 2)·√(2 max(p₁, 1)) at p₁ > 1.
    const [p0, p1] = [1.5, 4];
    const g = (m.gradAll as (p: number[]) => number[])([p0, p1]);
    near(g[0], Math.sqrt(2 * p1) / (2 * Math.sqrt(p0 + 2)));
    near(g[1], Math.sqrt(p0 + 2) / Math.sqrt(2 * p1));
    expect(() => fn('nullish')(-1, [3])).not.toThrow();
    expect(fn('nullish')(-1, [3])).toBeNaN();
  });
});

describe.each<EmitMode>(['inline', 'dual'])('an arrow given to a solver that reads a number the checker cannot type (%s)', (mode) => {
  // kinds42 (fuzz seeds 1 run 19237, 30114 run 92, 31209 run 853, 7727 run 334, all DDX1007): the
  // solver's version met locals made by a spread into Math.min, by a reducer, and from a row of a
  // matrix made by Array.from, none of which the analysis (no lib) types as numbers. Closed forms:
  // the root of x² = c is √c, with c = a·min(data), a·Σdata, max(data)·a, and 2a (the last row of
  // M = [[a, 0], [2a, 1]] read as r[0] + r.length·M[0][1]); and, through shorthand properties
  // (capture41), a and 2a: the field r.b of { b } with b = max(a, 0.1), r.xs[0] of { xs }, xs = [2a, 2]
  // (plain calls only: a verb refuses a record with an array field it cannot type, DDX1022).
  const code = `import { derivative, gradient } from '@ddx/dual';
function newton(f: (x: number) => number, x0: number): number {
  let x = x0;
  for (let i = 0; i < 60; i++) x = x - f(x) / derivative(f, x);
  return x;
}
export function spread(a: number, data: readonly number[]): number {
  let lo = Math.min(...data);
  return newton((x) => x * x - a * lo, 1);
}
export function reduced(a: number, data: readonly number[]): number {
  const sum = data.reduce((s, t) => s + a * t, 0);
  return newton((x) => x * x - sum, 1);
}
export function reducedBlock(a: number, data: readonly number[]): number {
  const top = data.reduce((s, t) => { if (t > s) return t; return s; });
  return newton((x) => x * x - top * a, 1);
}
export function row(a: number): number {
  const M = Array.from({ length: 2 }, (_, i) => [a * (i + 1), i]);
  const r = M[M.length - 1];
  const c = r[0] + r.length * M[0][1];
  return newton((x) => x * x - c, 1);
}
export function shorthand(a: number): number {
  const b = Math.max(a, 0.1);
  const r = { b };
  const c = r.b;
  return newton((x) => x * x - c, 1);
}
export function shorthandArray(a: number): number {
  const xs = [2 * a, 2];
  const r = { xs };
  const c = r.xs[0];
  return newton((x) => x * x - c, 1);
}
const data = [0.5, 3, 2];
export const plain = { spread: (a: number) => spread(a, data), reduced: (a: number) => reduced(a, data), reducedBlock: (a: number) => reducedBlock(a, data), row, shorthand, shorthandArray };
export const forward = {
  spread: (a: number) => derivative((b: number) => spread(b, data), a),
  reduced: (a: number) => derivative((b: number) => reduced(b, data), a),
  reducedBlock: (a: number) => derivative((b: number) => reducedBlock(b, data), a),
  row: (a: number) => derivative(row, a),
  shorthand: (a: number) => derivative(shorthand, a),
};
export const reverse = {
  spread: (a: number) => gradient((p: number[]) => spread(p[0], data), [a], { mode: 'reverse' })[0],
  reduced: (a: number) => gradient((p: number[]) => reduced(p[0], data), [a], { mode: 'reverse' })[0],
  reducedBlock: (a: number) => gradient((p: number[]) => reducedBlock(p[0], data), [a], { mode: 'reverse' })[0],
  row: (a: number) => gradient((p: number[]) => row(p[0]), [a], { mode: 'reverse' })[0],
  shorthand: (a: number) => gradient((p: number[]) => shorthand(p[0]), [a], { mode: 'reverse' })[0],
};
`;
  it('compiles; plain calls and derivatives, forward and reverse mode, give the closed forms', async () => {
    const r = transform(code, `/virtual/solver-untyped-numbers-${mode}.ts`, { mode });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const m = await run(r.code);
    type Cases = Record<'spread' | 'reduced' | 'reducedBlock' | 'row' | 'shorthand', (a: number) => number>;
    // c = k·a for each case: the root √(k·a), its derivative k / (2√(k·a)).
    const k = { spread: 0.5, reduced: 5.5, reducedBlock: 3, row: 2, shorthand: 1 };
    for (const a of [1.7, 0.4]) {
      for (const [name, factor] of Object.entries(k) as [keyof Cases, number][]) {
        const value = Math.sqrt(factor * a), slope = factor / (2 * value);
        expect(Math.abs((m.plain as Cases)[name](a) - value)).toBeLessThan(1e-14 * value);
        for (const g of [m.forward, m.reverse] as Cases[]) expect(Math.abs(g[name](a) - slope)).toBeLessThan(1e-13 * slope);
      }
      const value = Math.sqrt(2 * a);
      expect(Math.abs((m.plain as { shorthandArray: (a: number) => number }).shorthandArray(a) - value)).toBeLessThan(1e-14 * value);
    }
  });

  it('a reducer that may return undefined, or rows that are not numbers, keep DDX1007: their kind is not known', () => {
    const head = code.slice(0, code.indexOf('export function spread'));
    const codes = (body: string): string[] => transform(head + body, `/virtual/solver-untyped-refused-${mode}.ts`, { mode }).diagnostics.map((d) => d.code);
    expect(codes('export function f(a: number, data: readonly number[]): number {\n  const top = data.reduce((s, t) => { if (t > s) return t; });\n  return newton((x) => x * x - top * a, 1);\n}\nexport const v = f(2, [1, 3]);')).toEqual(['DDX1007']);
    expect(codes('export function f(a: number): number {\n  const M = Array.from({ length: 2 }, (_, i) => [String(i)]);\n  const c = M[0][0];\n  return newton((x) => x * x - c * a, 1);\n}\nexport const v = f(2);')).toEqual(['DDX1007']);
  });
});
