/** Argument checks shared by every API verb: errors name the verb and the argument. */
import { isDualValue, isPerturbedValue, type Real } from './dual.js';
import * as ops from './ops.js';
import { parameterList } from './parameters.js';
import type { GradientOptions, Options } from './perturbation.js';
import { unaryNames } from './rules.js';

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'function') return 'a function';
  if (isPerturbedValue(v)) return `a ${isDualValue(v) ? 'Dual' : 'HyperDual'}`;
  if (isOptions(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return 'an empty object';
    return `an object with keys ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}`;
  }
  if (typeof v === 'object') return `an object (${Object.prototype.toString.call(v).slice(8, -1)})`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** An options object (a plain object), as opposed to a point: a number, dual or array. */
export function isOptions(v: unknown): v is Record<string, unknown> {
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
const variadicVersions = (['hypot', 'max', 'min'] as const).map((name) => [Math[name], spreading(ops[name])] as const);
const dualVersions = new Map<unknown, unknown>([
  ...unaryNames.filter((name) => typeof Math[name] === 'function').map((name) => [Math[name], ops[name]] as const),
  [Math.pow, ops.pow],
  [Math.atan2, ops.atan2],
  ...variadicVersions,
]);
/** Math's functions of any number of arguments (`length` 2) and their versions: they take one number, or a spread point. */
const variadic = new Set<unknown>(variadicVersions.flat());

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

/**
 * Whether a vector verb spreads a point of n coordinates over f's parameters (f requires two or
 * more: `(a, b) => …`) rather than passing it as one array (`(v) => …`, `([a, b]) => …`). Throws
 * when f's parameters cannot take n coordinates.
 */
export function spreadsPoint(verb: string, f: (...args: never[]) => unknown, n: number): boolean {
  const required = f.length;
  if ((required >= 2 && required === n) || variadic.has(f)) return true;
  if (required <= 1) return false;
  // Optional parameters after the required ones (`(a, b, c = 1) => …`, `(a, b, ...rest) => …`) take the rest.
  const list = parameterList(f);
  if (list !== undefined && required <= n && (list.hasRest || list.count >= n)) return true;
  throw new RangeError(`${verb}: \`f\` takes ${required} parameters (one number per coordinate of \`x\`), but \`x\` has length ${n}`);
}

/**
 * Called when f threw: if the way the verb passed the point explains it, throws that instead
 * (with f's error as the cause); otherwise returns, and the caller rethrows f's error. A scalar
 * verb passes one number, which f of two required parameters cannot take; a vector verb passes
 * one array to f whose `length` is below 2, which f with a default or rest parameter
 * (`(a, b = 1) => …`, `(...xs) => …`) may have meant as one number per parameter.
 * (Only read after a failure: an f that runs is not slowed down.)
 */
export function explainFailure(verb: string, f: (...args: never[]) => unknown, passed: 'number' | 'array', error: unknown): void {
  const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (passed === 'number') {
    if (f.length <= 1 || variadic.has(f)) return;
    throw new TypeError(
      `${verb}: \`f\` takes ${f.length} parameters, but ${verb} passes it one number, and f failed (${why}); ` +
        'for a function of several numbers use gradient, jacobian or hessian, or fix the others: (x) => f(x, 2)',
      { cause: error },
    );
  }
  const list = parameterList(f);
  if (list === undefined || (list.count <= 1 && !list.hasRest)) return;
  throw new TypeError(
    `${verb}: \`f\` has a ${list.hasRest ? 'rest' : 'default'} parameter, so ${verb} passed it the point as one array, and f ` +
      `failed (${why}); pass (v) => f(v) for one array, or (a, b) => f(a, b) with one parameter per coordinate`,
    { cause: error },
  );
}

/** What a vector verb's call gives `withOptions` to explain f's failure (only when f is passed the point as one array). */
export const explainVectorFailure = (verb: string, f: (...args: never[]) => unknown, spread: boolean): ((error: unknown) => void) | undefined =>
  (spread ? undefined : (error) => explainFailure(verb, f, 'array', error));

/**
 * The options each verb accepts: gradient and valueAndGradient take a strategy and a mode;
 * jacobian and valueAndJacobian a mode; hessian, valueGradientHessian and hvp a mode (the ddx
 * transform's, which the engine accepts and ignores: it is forward mode); the others none yet.
 */
export const optionNames: readonly string[] = [];
export const gradientOptionNames: readonly string[] = ['strategy', 'mode'];
export const jacobianOptionNames: readonly string[] = ['mode'];
export const secondOrderOptionNames: readonly string[] = ['mode'];

/** The values of `options.mode` for each list of options above ('auto': the transform picks by the measured crossover). */
const modesOf = new Map<readonly string[], readonly string[]>([
  [gradientOptionNames, ['forward', 'reverse', 'auto']],
  [jacobianOptionNames, ['forward', 'reverse', 'auto']],
  [secondOrderOptionNames, ['forward', 'reverse']],
]);

/** 'a', 'b' or 'c' */
const alternatives = (values: readonly string[]): string =>
  values.map((v) => `'${v}'`).join(', ').replace(/, ([^,]*)$/, ' or $1');

/** The error for an option that is gone, saying what replaced it; undefined for any other name. */
function removedOption(verb: string, key: string): TypeError | undefined {
  if (key !== 'nanSafe') return undefined;
  return new TypeError(`${verb}: \`options.nanSafe\` is gone: an exactly zero tangent now always contributes nothing (what nanSafe: true did), so drop the option`);
}

/** `options` checked: undefined, or a plain object of known options, each of the right type. */
export function checkOptions<O extends Options>(verb: string, options: unknown, names = optionNames): O | undefined {
  if (options === undefined) return undefined;
  const example = names.length > 0 ? ` such as { ${names[0]}: … }` : '';
  if (!isOptions(options)) throw new TypeError(`${verb}: \`options\` must be an object${example}, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    const removed = removedOption(verb, key);
    if (removed) throw removed;
    if (!names.includes(key)) {
      throw new TypeError(`${verb}: \`options.${key}\` is not an option of ${verb} (${names.length > 0 ? `its options: ${names.join(', ')}` : 'it takes none'})`);
    }
  }
  const { strategy, mode } = options as GradientOptions;
  const modes = modesOf.get(names) ?? [];
  if (mode !== undefined && !modes.includes(mode)) {
    throw new TypeError(`${verb}: \`options.mode\` must be ${alternatives(modes)}, got ${describe(mode)}`);
  }
  if (strategy !== undefined && strategy !== 'auto' && strategy !== 'sweeps' && strategy !== 'chunked') {
    throw new TypeError(`${verb}: \`options.strategy\` must be 'auto', 'sweeps' or 'chunked', got ${describe(strategy)}`);
  }
  return options as O;
}

/**
 * Whether a call of a verb with a curried form asks for the function (`verb(f)`,
 * `verb(f, options)`) rather than a value at `x`; `count` is the number of arguments given. An
 * explicit `undefined` point, or in its place an object that is not an options object (empty,
 * array-like, with other keys, or followed by more arguments), is an error naming `x`: a missing
 * or mistyped point never silently gives back a function.
 */
export function isCurried(verb: string, x: unknown, count: number, pointKind: string, names = optionNames): boolean {
  if (count <= 1) return true;
  if (x !== undefined && !isOptions(x)) return false;
  const keys = x === undefined ? [] : Object.keys(x);
  for (const key of keys) {
    const removed = removedOption(verb, key);
    if (removed) throw removed;
  }
  if (x !== undefined && keys.length > 0 && keys.every((k) => names.includes(k)) && count === 2) {
    checkOptions(verb, x, names);
    return true;
  }
  let why = '';
  if (x !== undefined && keys.length === 0) why = `; for the ${verb} as a function, call ${verb}(f) without a point`;
  else if (keys.includes('length')) why = `; an array-like object is not an array: pass Array.from(x)`;
  else if (count > 2 && keys.length > 0) why = `; the options come after the point: ${verb}(f, x, options)`;
  const asOptions = x === undefined || names.length === 0 ? '' : ` (or an options object: ${names.join(', ')})`;
  throw new TypeError(`${verb}: \`x\` must be ${pointKind}${asOptions}, got ${describe(x)}${why}`);
}

export function checkPoint(verb: string, x: unknown, name = 'x'): asserts x is Real {
  if (!isReal(x)) throw new TypeError(`${verb}: \`${name}\` must be a number, got ${describe(x)}`);
}

/** A flat, non-empty vector of numbers (a plain array or a typed array). */
export function checkVector(verb: string, x: unknown, name = 'x'): Real[] {
  const isTyped = ArrayBuffer.isView(x) && !(x instanceof DataView);
  if (!Array.isArray(x) && !isTyped) {
    const arrayLike = typeof x === 'object' && x !== null && 'length' in x;
    throw new TypeError(
      `${verb}: \`${name}\` must be an array of numbers, got ${describe(x)}${arrayLike ? `; an array-like object is not an array: pass Array.from(${name})` : ''}`,
    );
  }
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
