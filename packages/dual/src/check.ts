/** Argument checks shared by every API verb: errors name the verb and the argument. */
import { isPerturbedValue, type Real } from './dual.js';
import * as ops from './ops.js';
import type { Options } from './perturbation.js';
import { unaryNames } from './rules.js';

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return `an object (${Object.prototype.toString.call(v).slice(8, -1)})`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** An options object (a plain object), as opposed to a point: a number, dual or array. */
export function isOptions(v: unknown): v is Options {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isReal(v: unknown): v is Real {
  return typeof v === 'number' || isPerturbedValue(v);
}

/**
 * Math's own functions, by identity, to their dual-aware versions in ops, so that
 * `derivative(Math.sin, x)` works at run time as it does through the build plugin (Math.sin
 * itself would throw on a Dual). The variadic ones keep Math's `length` of 2, by which a vector
 * verb spreads its point into the arguments: gradient(Math.hypot, [3, 4]) is ∇hypot(3, 4).
 */
const dualVersions = new Map<unknown, unknown>([
  ...unaryNames.filter((name) => typeof Math[name] === 'function').map((name) => [Math[name], ops[name]] as const),
  [Math.pow, ops.pow],
  [Math.atan2, ops.atan2],
  ...(['hypot', 'max', 'min'] as const).map((name) => [Math[name], spreading(ops[name])] as const),
]);

function spreading(f: (...args: Real[]) => Real): (...args: Real[]) => Real {
  return Object.defineProperty((...args: Real[]) => f(...args), 'length', { value: 2 });
}

/** `f`, or for one of Math's own functions its dual-aware version. */
export function dualVersionOf<F>(f: F): F {
  return (dualVersions.get(f) as F | undefined) ?? f;
}

export function checkIsFunction(verb: string, f: unknown): asserts f is (...args: never[]) => unknown {
  if (typeof f !== 'function') throw new TypeError(`${verb}: \`f\` must be a function, got ${describe(f)}`);
}

/** Checks that `f` is a function, and returns the function to evaluate: `f`, or a Math function's dual-aware version. */
export function checkFunction<F>(verb: string, f: F): F {
  checkIsFunction(verb, f);
  return dualVersionOf(f);
}

export function checkPoint(verb: string, x: unknown, name = 'x'): asserts x is Real {
  if (!isReal(x)) throw new TypeError(`${verb}: \`${name}\` must be a number, got ${describe(x)}`);
}

/** A flat, non-empty vector of numbers (a plain array or a typed array). */
export function checkVector(verb: string, x: unknown, name = 'x'): Real[] {
  const isTyped = ArrayBuffer.isView(x) && !(x instanceof DataView);
  if (!Array.isArray(x) && !isTyped) throw new TypeError(`${verb}: \`${name}\` must be an array of numbers, got ${describe(x)}`);
  const xs = Array.from(x as ArrayLike<unknown>);
  if (xs.length === 0) throw new RangeError(`${verb}: \`${name}\` must not be empty`);
  xs.forEach((v, i) => {
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      throw new TypeError(`${verb}: \`${name}[${i}]\` is an array; \`${name}\` must be a flat vector of numbers (flatten nested or ragged arrays first)`);
    }
    if (!isReal(v)) throw new TypeError(`${verb}: \`${name}[${i}]\` must be a number, got ${describe(v)}`);
  });
  return xs as Real[];
}

export function checkSameLength(verb: string, x: Real[], v: Real[], names = ['x', 'v']): void {
  if (x.length !== v.length) {
    throw new RangeError(`${verb}: \`${names[1]}\` has length ${v.length} but \`${names[0]}\` has length ${x.length}; they must match`);
  }
}

/** What f returned, checked to be a scalar ddx can read a derivative from. */
export function checkScalarResult(verb: string, y: unknown): Real {
  if (!isReal(y)) {
    throw new TypeError(`${verb}: \`f\` must return a number (or a Dual/HyperDual), but it returned ${describe(y)}`);
  }
  return y;
}

/** What f returned, checked to be a vector (for jacobian / vector jvp). */
export function checkVectorResult(verb: string, y: unknown, expectedLength?: number): Real[] {
  const isTyped = ArrayBuffer.isView(y) && !(y instanceof DataView);
  if (!Array.isArray(y) && !isTyped) {
    throw new TypeError(`${verb}: \`f\` must return an array of numbers, but it returned ${describe(y)}`);
  }
  const ys = Array.from(y as ArrayLike<unknown>);
  if (expectedLength !== undefined && ys.length !== expectedLength) {
    throw new RangeError(`${verb}: \`f\` returned ${ys.length} values on one evaluation and ${expectedLength} on another; its output length must not depend on the input`);
  }
  ys.forEach((v, i) => {
    if (!isReal(v)) throw new TypeError(`${verb}: \`f\` returned ${describe(v)} at index ${i}; every output must be a number`);
  });
  return ys as Real[];
}
