/**
 * Every malformed call of every verb raises a TypeError or RangeError that names the verb and the
 * argument; none returns a value, a function or a stack trace from inside the engine. The table
 * runs each class of mistake through each verb it applies to.
 */
import { describe, expect, it } from 'vitest';
import * as ddx from '../src/index.js';
import { dual, ops, type Real } from '../src/index.js';
import { readParameterList } from '../src/parameters.js';

const { mul } = ops;

type Kind = 'scalar' | 'vector' | 'vector-valued' | 'directional' | 'weighted';
interface Verb {
  name: string;
  kind: Kind;
  /** The verb has a curried form `verb(f)` / `verb(f, options)`. */
  curried: boolean;
  options: string;
  call: (...args: unknown[]) => unknown;
}
const verb = (name: keyof typeof ddx, kind: Kind, curried: boolean, options = ''): Verb =>
  ({ name, kind, curried, options, call: ddx[name] as (...args: unknown[]) => unknown });

const verbs: Verb[] = [
  verb('derivative', 'scalar', true),
  verb('secondDerivative', 'scalar', true),
  verb('valueAndDerivative', 'scalar', false),
  verb('valueAndDerivatives', 'scalar', false),
  verb('gradient', 'vector', true, 'strategy, mode'),
  verb('valueAndGradient', 'vector', false, 'strategy, mode'),
  verb('hessian', 'vector', true, 'mode'),
  verb('valueGradientHessian', 'vector', false, 'mode'),
  verb('jacobian', 'vector-valued', true, 'mode'),
  verb('valueAndJacobian', 'vector-valued', false, 'mode'),
  verb('jvp', 'directional', false),
  verb('hvp', 'directional', false, 'mode'),
  verb('vjp', 'weighted', false),
  verb('valueAndVjp', 'weighted', false),
];

/** A valid f and point for each kind, to which each row changes one argument. */
const scalarF = (x: Real) => mul(x, x);
const vectorF = (v: Real[]) => mul(v[0], v[1]);
const valid: Record<Kind, { f: unknown; x: unknown; v?: unknown }> = {
  scalar: { f: scalarF, x: 1.5 },
  vector: { f: vectorF, x: [1, 2] },
  'vector-valued': { f: (v: Real[]) => [mul(v[0], v[1])], x: [1, 2] },
  directional: { f: vectorF, x: [1, 2], v: [1, 0] },
  // vjp's third argument is w, one weight per value of f.
  weighted: { f: (v: Real[]) => [mul(v[0], v[1])], x: [1, 2], v: [1] },
};
/** Whether the verb's f returns an array. */
const returnsArray = (v: Verb): boolean => v.kind === 'vector-valued' || v.kind === 'weighted';

/** The arguments of a valid call, with `change` applied. */
function argsOf(v: Verb, change: { f?: unknown; x?: unknown; v?: unknown; options?: unknown; drop?: 'x' | 'v' }): unknown[] {
  const base = valid[v.kind];
  const f = 'f' in change ? change.f : base.f;
  const x = 'x' in change ? change.x : base.x;
  const args = v.kind === 'directional' || v.kind === 'weighted' ? [f, x, 'v' in change ? change.v : base.v] : [f, x];
  if (change.drop === 'v') args.length = 2;
  if (change.drop === 'x') args.length = 1;
  if ('options' in change) args.push(change.options);
  return args;
}

interface Row {
  mistake: string;
  kinds: Kind[];
  /** Only verbs with (or without) a curried form. */
  curried?: boolean;
  args: (v: Verb) => unknown[];
  error: typeof TypeError | typeof RangeError;
  /** The message, given the verb (it must name the verb and the argument). */
  message: (v: Verb) => RegExp;
}

const all: Kind[] = ['scalar', 'vector', 'vector-valued', 'directional', 'weighted'];
const vectorKinds: Kind[] = ['vector', 'vector-valued', 'directional', 'weighted'];
const pointKind = (v: Verb): string => (v.kind === 'scalar' ? 'a number' : 'an array of numbers');
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const named = (v: Verb, text: string): RegExp => new RegExp(`^${v.name}: ${text}`);

const rows: Row[] = [
  // f
  { mistake: 'f is not a function', kinds: all, args: (v) => argsOf(v, { f: 3 }), error: TypeError,
    message: (v) => named(v, '`f` must be a function, got number 3') },
  { mistake: 'f is missing', kinds: all, args: () => [], error: TypeError,
    message: (v) => named(v, v.curried ? '`f` must be a function, got undefined' : '`(f|x)` must be') },
  { mistake: 'f of two parameters where one number is passed', kinds: ['scalar'], args: (v) => argsOf(v, { f: (a: Real, b: Real) => mul(a, b) }),
    error: TypeError, message: (v) => named(v, '`f` takes 2 parameters, but \\w+ passes it one number') },
  { mistake: 'f with a default parameter: (a, b = 1) => …', kinds: vectorKinds,
    args: (v) => argsOf(v, { f: (a: Real, b: Real = 1) => (returnsArray(v) ? [mul(a, b)] : mul(a, b)) }),
    error: TypeError, message: (v) => named(v, '`f` has a default parameter, so \\w+ passed it the point as one array, and f failed \\(.*\\); pass \\(v\\) => f\\(v\\)') },
  { mistake: 'f with a rest parameter: (...xs) => …', kinds: vectorKinds,
    args: (v) => argsOf(v, { f: (...xs: Real[]) => (returnsArray(v) ? [mul(xs[0], xs[1])] : mul(xs[0], xs[1])) }),
    error: TypeError, message: (v) => named(v, '`f` has a rest parameter') },
  { mistake: 'f of two parameters at a point of length 1', kinds: vectorKinds,
    args: (v) => argsOf(v, { f: (a: Real, b: Real) => (returnsArray(v) ? [mul(a, b)] : mul(a, b)), x: [3], v: [1] }),
    error: RangeError, message: (v) => named(v, '`f` takes 2 parameters \\(one number per coordinate of `x`\\), but `x` has length 1') },
  { mistake: 'f of two parameters at a point of length 3', kinds: vectorKinds,
    args: (v) => argsOf(v, { f: (a: Real, b: Real) => (returnsArray(v) ? [mul(a, b)] : mul(a, b)), x: [3, 4, 5], v: [1, 0, 0] }),
    error: RangeError, message: (v) => named(v, '`f` takes 2 parameters .*`x` has length 3') },
  // the point
  ...([
    ['a string', '1', 'the string "1"'],
    ['a bigint', 1n, 'bigint 1'],
    ['a Number object', Object(1.5) as unknown, 'an object \\(Number\\)'],
    ['null', null, 'null'],
    ['a boolean', true, 'boolean true'],
  ] as const).map(([what, x, shown]): Row => ({
    mistake: `the point is ${what}`, kinds: all, args: (v) => argsOf(v, { x }), error: TypeError,
    message: (v) => named(v, `\`x\` must be ${pointKind(v)}, got ${shown}`),
  })),
  { mistake: 'the point is an array where a number is expected', kinds: ['scalar'], args: (v) => argsOf(v, { x: [1] }), error: TypeError,
    message: (v) => named(v, '`x` must be a number, got an array of length 1') },
  { mistake: 'the point is a number where an array is expected', kinds: vectorKinds, args: (v) => argsOf(v, { x: 3 }), error: TypeError,
    message: (v) => named(v, '`x` must be an array of numbers, got number 3') },
  { mistake: 'the point is a Dual where an array is expected', kinds: vectorKinds, args: (v) => argsOf(v, { x: dual(1) }), error: TypeError,
    message: (v) => named(v, '`x` must be an array of numbers, got a Dual') },
  { mistake: 'the point is an array-like object', kinds: vectorKinds, args: (v) => argsOf(v, { x: { length: 2, 0: 1, 1: 2 } }), error: TypeError,
    message: (v) => named(v, `\`x\` must be an array of numbers.*got an object with keys 0, 1, length; an array-like object is not an array: pass Array\\.from\\(x\\)`) },
  { mistake: 'the point is a Set', kinds: vectorKinds, args: (v) => argsOf(v, { x: new Set([1, 2]) }), error: TypeError,
    message: (v) => named(v, '`x` must be an array of numbers, got an object \\(Set\\)') },
  { mistake: 'the point is a DataView', kinds: vectorKinds, args: (v) => argsOf(v, { x: new DataView(new ArrayBuffer(16)) }), error: TypeError,
    message: (v) => named(v, '`x` must be an array of numbers, got an object \\(DataView\\)') },
  { mistake: 'the point is a BigInt64Array', kinds: vectorKinds, args: (v) => argsOf(v, { x: BigInt64Array.of(1n, 2n) }), error: TypeError,
    message: (v) => named(v, '`x\\[0\\]` must be a number, got bigint 1') },
  { mistake: 'the point has a hole', kinds: vectorKinds, args: (v) => argsOf(v, { x: [1, , 3], v: [1, 0, 0] }), error: TypeError,
    message: (v) => named(v, '`x\\[1\\]` must be a number, got undefined') },
  { mistake: 'the point is empty', kinds: vectorKinds, args: (v) => argsOf(v, { x: [], v: [] }), error: RangeError,
    message: (v) => named(v, '`x` must not be empty') },
  // gradient, valueAndGradient, jvp, hvp, vjp and valueAndVjp take a matrix (number[][]): f written over a flat vector fails, and the error says so.
  { mistake: 'the point is nested', kinds: vectorKinds, args: (v) => argsOf(v, { x: [[1, 2]] }), error: TypeError,
    message: (v) => named(v, /^(gradient|valueAndGradient|vjp|valueAndVjp)$/.test(v.name) ? '`x` is a matrix \\(number\\[\\]\\[\\]\\), which f receives as rows, and f failed .*pass x\\.flat\\(\\)'
      : v.kind === 'directional' ? '`v` is a vector but `x` is a matrix' : '`x\\[0\\]` is an array') },
  { mistake: 'an explicit undefined point', kinds: all, args: (v) => argsOf(v, { x: undefined }), error: TypeError,
    message: (v) => named(v, `\`x\` must be ${pointKind(v)}, got undefined`) },
  { mistake: 'an explicit undefined point followed by options', kinds: all, args: (v) => argsOf(v, { x: undefined, options: {} }),
    error: TypeError, message: (v) => named(v, `\`x\` must be ${pointKind(v)}, got undefined`) },
  { mistake: 'an empty object in place of the point', kinds: all, args: (v) => argsOf(v, { x: {} }), error: TypeError,
    message: (v) => named(v, `\`x\` must be ${pointKind(v)}.*got an empty object`) },
  { mistake: 'an object of other keys in place of the point', kinds: all, args: (v) => argsOf(v, { x: { at: 1 } }), error: TypeError,
    message: (v) => named(v, `\`x\` must be ${pointKind(v)}.*got an object with keys at`) },
  { mistake: 'options in place of the point, followed by more options', kinds: ['vector'], curried: true,
    args: (v) => argsOf(v, { x: { strategy: 'sweeps' }, options: { strategy: 'sweeps' } }), error: TypeError,
    message: (v) => named(v, v.options === '' ? `\`x\` must be ${pointKind(v)}, got an object with keys strategy`
      : `\`x\` must be ${pointKind(v)}.*the options come after the point`) },
  { mistake: 'options in place of the point of a verb without a curried form', kinds: all, curried: false,
    args: (v) => argsOf(v, { x: { strategy: 'sweeps' } }), error: TypeError,
    message: (v) => named(v, `\`x\` must be ${pointKind(v)}, got an object with keys strategy`) },
  // the direction of jvp / hvp
  { mistake: 'the direction is missing', kinds: ['directional'], args: (v) => argsOf(v, { drop: 'v' }), error: TypeError,
    message: (v) => named(v, '`v` must be an array of numbers, got undefined') },
  { mistake: 'options in place of the direction', kinds: ['directional'], args: (v) => argsOf(v, { v: { strategy: 'sweeps' } }), error: TypeError,
    message: (v) => named(v, '`v` must be an array of numbers, got an object with keys strategy') },
  { mistake: 'the direction has another length', kinds: ['directional'], args: (v) => argsOf(v, { v: [1, 2, 3] }), error: RangeError,
    message: (v) => named(v, '`v` has length 3 but `x` has length 2') },
  { mistake: 'the direction has a string entry', kinds: ['directional'], args: (v) => argsOf(v, { v: [1, 'x'] }), error: TypeError,
    message: (v) => named(v, '`v\\[1\\]` must be a number, got the string "x"') },
  // the weights of vjp / valueAndVjp
  { mistake: 'the weights are missing', kinds: ['weighted'], args: (v) => argsOf(v, { drop: 'v' }), error: TypeError,
    message: (v) => named(v, '`w` must be an array of numbers, got undefined') },
  { mistake: 'options in place of the weights', kinds: ['weighted'], args: (v) => argsOf(v, { v: { strategy: 'sweeps' } }), error: TypeError,
    message: (v) => named(v, '`w` must be an array of numbers, got an object with keys strategy') },
  { mistake: 'the weights are not one per value of f', kinds: ['weighted'], args: (v) => argsOf(v, { v: [1, 2, 3] }), error: RangeError,
    message: (v) => named(v, '`w` has length 3 but `f` returned 1 values; w must have one weight per value of f') },
  { mistake: 'the weights have a string entry', kinds: ['weighted'], args: (v) => argsOf(v, { v: [1, 'x'] }), error: TypeError,
    message: (v) => named(v, '`w\\[1\\]` must be a number, got the string "x"') },
  { mistake: 'the weights are empty', kinds: ['weighted'], args: (v) => argsOf(v, { v: [] }), error: RangeError,
    message: (v) => named(v, '`w` must not be empty') },
  // options
  ...([
    ['a string', 'fast', 'the string "fast"'],
    ['a number', 2, 'number 2'],
    ['null', null, 'null'],
    ['an array', [], 'an array of length 0'],
    ['a Map', new Map(), 'an object \\(Map\\)'],
  ] as const).map(([what, options, shown]): Row => ({
    mistake: `options is ${what}`, kinds: all, args: (v) => argsOf(v, { options }), error: TypeError,
    message: (v) => named(v, `\`options\` must be an object${v.options === '' ? '' : ` such as \\{ ${v.options.split(',')[0]}: … \\}`}, got ${shown}`),
  })),
  { mistake: 'an unknown option', kinds: all, args: (v) => argsOf(v, { options: { nanSfae: true } }), error: TypeError,
    message: (v) => named(v, `\`options.nanSfae\` is not an option of ${v.name} \\(${v.options === '' ? 'it takes none' : `its options: ${esc(v.options)}`}\\)`) },
  { mistake: 'a strategy given to a verb that has none', kinds: ['scalar', 'vector-valued', 'directional', 'weighted'],
    args: (v) => argsOf(v, { options: { strategy: 'sweeps' } }), error: TypeError, message: (v) => named(v, '`options.strategy` is not an option') },
  { mistake: 'the removed nanSafe option', kinds: all, args: (v) => argsOf(v, { options: { nanSafe: true } }), error: TypeError,
    message: (v) => named(v, '`options.nanSafe` is gone: an exactly zero tangent now always contributes nothing') },
  { mistake: 'an unknown strategy', kinds: ['vector'], args: (v) => (v.options.includes('strategy') ? argsOf(v, { options: { strategy: 'fast' } }) : argsOf(v, { options: { strategy: 1 } })),
    error: TypeError, message: (v) => named(v, v.options.includes('strategy') ? "`options.strategy` must be 'auto', 'sweeps' or 'chunked', got the string \"fast\"" : '`options.strategy` is not an option') },
  { mistake: 'an unknown mode', kinds: ['vector', 'vector-valued', 'directional', 'weighted'], args: (v) => argsOf(v, { options: { mode: 'backward' } }),
    error: TypeError, message: (v) => named(v, v.options.includes('mode') ? `\`options.mode\` must be ${/^(valueAnd)?(gradient|jacobian|Gradient|Jacobian)$/.test(v.name) ? "'forward', 'reverse' or 'auto'" : "'forward' or 'reverse'"}, got the string "backward"` : '`options.mode` is not an option') },
  { mistake: 'curried, with the removed nanSafe option', kinds: all, curried: true, args: (v) => [valid[v.kind].f, { nanSafe: true }], error: TypeError,
    message: (v) => named(v, '`options.nanSafe` is gone') },
  { mistake: 'curried, with an option of the wrong type', kinds: ['vector'], curried: true, args: (v) => [valid[v.kind].f, { strategy: 1 }], error: TypeError,
    message: (v) => named(v, v.options.includes('strategy') ? "`options.strategy` must be 'auto', 'sweeps' or 'chunked', got number 1"
      : `\`x\` must be an array of numbers${v.options === '' ? '' : ` \\(or an options object: ${esc(v.options)}\\)`}, got an object with keys strategy`) },
];

const cases = rows.flatMap((row) =>
  verbs.filter((v) => row.kinds.includes(v.kind) && (row.curried === undefined || row.curried === v.curried)).map((v) => ({ row, v })));

describe('malformed calls', () => {
  it.each(cases.map(({ row, v }) => [v.name, row.mistake, row, v] as const))('%s: %s', (_name, _mistake, row, v) => {
    let thrown: unknown;
    try {
      const result = v.call(...row.args(v));
      expect.fail(`returned ${typeof result === 'function' ? 'a function' : JSON.stringify(result)}`);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(row.error);
    expect((thrown as Error).message).toMatch(row.message(v));
    // An error that explains f's own failure keeps that failure as its cause.
    if ((thrown as Error).message.includes('and f failed')) expect((thrown as Error).cause).toBeInstanceOf(Error);
  });

  it('the table covers every verb the package exports', () => {
    const exported = Object.entries(ddx)
      .filter(([name, value]) => typeof value === 'function' && /^(derivative|secondDerivative|valueAnd|gradient|hessian|jacobian|jvp|vjp|hvp|valueGradient)/.test(name))
      .map(([name]) => name);
    expect(verbs.map((v) => v.name).sort()).toEqual(exported.sort());
    for (const v of verbs) expect(cases.filter((c) => c.v === v).length, v.name).toBeGreaterThan(20);
  });
});

describe('well-formed calls next to the malformed ones still work', () => {
  it('the curried forms, with and without options', () => {
    expect(ddx.derivative(scalarF)(3)).toBe(6);
    expect(ddx.secondDerivative(scalarF)(3)).toBe(2);
    expect(ddx.gradient(vectorF, { strategy: 'chunked' })([3, 4])).toEqual([4, 3]);
    expect(ddx.hessian(vectorF)([3, 4])).toEqual([[0, 1], [1, 0]]);
    expect(ddx.jacobian((v: Real[]) => [mul(v[0], v[1])])([3, 4])).toEqual([[4, 3]]);
  });
  it('options whose values are undefined, and an empty options object after the point', () => {
    expect(ddx.derivative(scalarF, 3, {})).toBe(6);
    expect(ddx.gradient(vectorF, [3, 4], { strategy: undefined })).toEqual([4, 3]);
    expect(ddx.gradient(vectorF, [3, 4], {})).toEqual([4, 3]);
    expect(ddx.hvp(vectorF, [3, 4], [1, 0], {})).toEqual([0, 1]);
  });
  it('f with a default or rest parameter that runs on the point as one array, or where the verb needs no arity', () => {
    // One array and an optional parameter: the array form is the only one that runs.
    expect(ddx.gradient((w: Real[], k: Real = 2) => mul(w[0], k), [3, 4])).toEqual([2, 0]);
    expect(ddx.jacobian((w: Real[], k: Real = 2) => [mul(w[0], k)], [3, 4])).toEqual([[2, 0]]);
    expect(ddx.derivative((x: Real, k: Real = 3) => mul(x, k), 2)).toBe(3);
    expect(ddx.derivative((...xs: Real[]) => mul(xs[0], xs[0]), 2)).toBe(4);
    expect(ddx.gradient((v: Real[] = []) => mul(v[0], v[1]), [3, 4])).toEqual([4, 3]);
    // Two required parameters and a third optional one take a point of length 2 or 3.
    const g = (a: Real, b: Real, c: Real = 1) => mul(mul(a, b), c);
    expect(ddx.gradient(g, [3, 4])).toEqual([4, 3]);
    expect(ddx.gradient(g, [3, 4, 2])).toEqual([8, 6, 12]);
    expect(ddx.gradient((a: Real, b: Real, ...rest: Real[]) => mul(mul(a, b), rest[0]), [3, 4, 5])).toEqual([20, 15, 12]);
  });
  it("Math's own functions keep working (variadic ones take any number of coordinates)", () => {
    expect(ddx.derivative(Math.max, 2)).toBe(1);
    expect(ddx.gradient(Math.hypot, [3, 4])).toEqual([0.6, 0.8]);
    expect(ddx.gradient(Math.hypot, [2, 3, 6])).toEqual([2 / 7, 3 / 7, 6 / 7]);
    expect(() => ddx.derivative(Math.pow as never, 2)).toThrow(/derivative: `f` takes 2 parameters/);
    expect(ddx.gradient(Math.pow, [2, 3])).toEqual([12, 8 * Math.LN2]);
  });
});

describe("reading f's parameter list (where f.length stops at a default or rest parameter)", () => {
  it.each([
    ['(a, b = 1) => a', { count: 2, hasDefault: true, hasRest: false }],
    ['(...xs) => xs[0]', { count: 1, hasDefault: false, hasRest: true }],
    ['([a, b] = [1, 2]) => a', { count: 1, hasDefault: true, hasRest: false }],
    ['(a, { b = 2, c } = {}) => a', { count: 2, hasDefault: true, hasRest: false }],
    ['(a, b,) => a', { count: 2, hasDefault: false, hasRest: false }],
    ['v => v[0]', { count: 1, hasDefault: false, hasRest: false }],
    ['async v => v', { count: 1, hasDefault: false, hasRest: false }],
    ['() => 1', { count: 0, hasDefault: false, hasRest: false }],
    ['function f(a, [b, c]) { return a; }', { count: 2, hasDefault: false, hasRest: false }],
    ['method(a /* , x = 1 */, b) { return a; }', { count: 2, hasDefault: false, hasRest: false }],
    ['(a // , x = 1\n, b) => a', { count: 2, hasDefault: false, hasRest: false }],
    ['(a = ")", b = `${(1)}`) => a', { count: 2, hasDefault: true, hasRest: false }],
    ['(a = (x) => x, b) => a', { count: 2, hasDefault: true, hasRest: false }],
    ['function max() { [native code] }', undefined],
  ])('%s', (source, expected) => {
    expect(readParameterList(source)).toEqual(expected);
  });
});
