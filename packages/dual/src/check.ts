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
 * What a verb at `point` gives `withOptions` to explain f's failure: at a matrix, a TypeError from f
 * (rows where it reads numbers: `Cannot read properties …`, a row returned) is most likely f
 * written over a flat vector, so the error says how to pass one.
 */
export function explainPointFailure(verb: string, f: (...args: never[]) => unknown, point: Point, spread: boolean): ((error: unknown) => void) | undefined {
  if (point.rows === undefined) return explainVectorFailure(verb, f, spread);
  return (error) => {
    if (!(error instanceof TypeError)) return;
    throw new TypeError(
      `${verb}: \`x\` is a matrix (number[][]), which f receives as rows, and f failed (${error.message.split('\n')[0]}); if f takes a flat vector, pass x.flat()`,
      { cause: error },
    );
  };
}

/** jvp's and hvp's f, point and direction checked: how to call f on the point's numbers, and the direction's numbers. */
export function checkAlong(verb: string, f: unknown, x: unknown, v: unknown) {
  const fn = checkFunction(verb, f as (...args: never[]) => unknown);
  const point = checkPointOrMatrix(verb, x);
  const { f: call, spread } = pointCall(verb, fn, point);
  const direction = checkPointOrMatrix(verb, v, 'v');
  checkSameShape(verb, point, direction);
  return { point, xs: point.xs, vs: direction.xs, call, spread, explain: explainPointFailure(verb, fn, point, spread) };
}

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

/** An array or a typed array (not a DataView): what a point, a direction or a vector result may be. */
const isArrayOrTyped = (v: unknown): boolean => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

/** A flat, non-empty vector of numbers (a plain array or a typed array). */
export function checkVector(verb: string, x: unknown, name = 'x'): Real[] {
  if (!isArrayOrTyped(x)) {
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

/**
 * A point of the verbs that give back its shape (gradient, valueAndGradient, jvp, hvp): its
 * numbers in order and, for a matrix (`number[][]`), the length of each row.
 */
export interface Point {
  xs: Real[];
  rows?: number[];
}

/**
 * A flat vector (as checkVector) or a matrix of numbers: an array whose elements are rows, arrays
 * of numbers. Rows may differ in length and may be empty (the result has an empty row there), but
 * the matrix holds at least one number.
 */
export function checkPointOrMatrix(verb: string, x: unknown, name = 'x'): Point {
  if (!Array.isArray(x) || !x.some(isArrayOrTyped)) return { xs: checkVector(verb, x, name) };
  const xs: Real[] = [];
  const rows: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const row: unknown = x[i];
    if (!isArrayOrTyped(row)) {
      throw new TypeError(`${verb}: \`${name}[${i}]\` must be a row (an array of numbers), got ${describe(row)}; \`${name}\` is a matrix (number[][]), so each of its elements is a row`);
    }
    const values = Array.from(row as ArrayLike<unknown>);
    values.forEach((v, j) => {
      if (isArrayOrTyped(v)) throw new TypeError(`${verb}: \`${name}[${i}][${j}]\` is an array; a point is a vector or a matrix (number[][]) of numbers: flatten deeper nesting first`);
      if (!isReal(v)) throw new TypeError(`${verb}: \`${name}[${i}][${j}]\` must be a number, got ${describe(v)}`);
      xs.push(v);
    });
    rows.push(values.length);
  }
  if (xs.length === 0) throw new RangeError(`${verb}: \`${name}\` is a matrix without numbers (every row is empty); it must hold at least one`);
  return { xs, rows };
}

/** A direction `v` of the same shape as the point `x` (a vector of its length, or a matrix of its row lengths). */
export function checkSameShape(verb: string, x: Point, v: Point, names = ['x', 'v']): void {
  const [xn, vn] = names;
  if (x.rows === undefined && v.rows === undefined) return checkSameLength(verb, x.xs, v.xs, names);
  if (x.rows === undefined || v.rows === undefined) {
    throw new TypeError(`${verb}: \`${vn}\` is ${v.rows ? 'a matrix' : 'a vector'} but \`${xn}\` is ${x.rows ? 'a matrix' : 'a vector'}; they must have the same shape`);
  }
  if (v.rows.length !== x.rows.length) {
    throw new RangeError(`${verb}: \`${vn}\` has ${v.rows.length} rows but \`${xn}\` has ${x.rows.length}; they must have the same shape`);
  }
  v.rows.forEach((n, i) => {
    if (n !== x.rows![i]) throw new RangeError(`${verb}: \`${vn}[${i}]\` has length ${n} but \`${xn}[${i}]\` has length ${x.rows![i]}; they must have the same shape`);
  });
}

/** The numbers `xs` (one per number of a point) in the point's shape: rows of a matrix, or `xs` itself for a vector. */
export function inShapeOf<T>(point: Point, xs: T[]): T[] | T[][] {
  if (point.rows === undefined) return xs;
  let k = 0;
  return point.rows.map((n) => xs.slice(k, (k += n)));
}

/**
 * How a verb calls f on the numbers of `point`: spread over its parameters or as one array (see
 * spreadsPoint); for a matrix, f is called with the rows, so the verb's sweeps keep handling one
 * flat array of numbers.
 */
export function pointCall(verb: string, f: (...args: never[]) => unknown, point: Point): { f: (...args: never[]) => unknown; spread: boolean } {
  if (point.rows === undefined) return { f, spread: spreadsPoint(verb, f, point.xs.length) };
  if (f.length >= 2) {
    throw new RangeError(`${verb}: \`f\` takes ${f.length} parameters, but \`x\` is a matrix (number[][]), which ${verb} passes as one argument`);
  }
  const g = f as (m: Real[][]) => unknown;
  return { f: (xs: Real[]) => g(inShapeOf(point, xs) as Real[][]), spread: false };
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
  if (!isArrayOrTyped(y)) {
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
