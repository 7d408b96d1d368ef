/**
 * fast-check arbitraries of fuzz programs (program.ts). Sizes are kept small: a program has a
 * few statements of depth ≤ 2 and expressions of depth ≤ 3, which keeps the numbers finite and
 * finite differences meaningful while covering every rule and statement kind.
 */
import fc from 'fast-check';
import type { Cond, Expr, Helper, Program, Stmt } from './program.js';
import { unaryForms, ruleForms, tableForms, divVariants, modVariants, powVariants, NAME_SETS, numberConstantForms, numberTests, boundForms, effectForms } from './render.js';

const nat = fc.nat({ max: 1000 });
const optionalNat: fc.Arbitrary<number | null> = fc.option(nat, { nil: null });
const literal = fc.constantFrom(0, 1, 2, 3, 0.5, -1.25, 0.1, 10, 1e-3);

const exprCache = new Map<string, fc.Arbitrary<Expr>>();

/** Expressions of depth ≤ `depth`; `calls` allows helper calls, `arrays` element reads. */
export function expr(depth: number, calls: boolean, arrays: boolean): fc.Arbitrary<Expr> {
  const key = `${depth}${calls}${arrays}`;
  const cached = exprCache.get(key);
  if (cached) return cached;
  const leaves: fc.WeightedArbitrary<Expr>[] = [
    { weight: 6, arbitrary: nat.map((i): Expr => ({ k: 'var', i })) },
    { weight: 2, arbitrary: literal.map((v): Expr => ({ k: 'num', v })) },
    { weight: 1, arbitrary: fc.constantFrom<0 | 1 | 2 | 3 | 4 | 5>(0, 1, 2, 3, 4, 5).map((which): Expr => ({ k: 'const', which })) },
    { weight: 1, arbitrary: fc.nat({ max: numberConstantForms.length - 1 }).map((which): Expr => ({ k: 'numberConst', which })) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('bits' as const), op: fc.constantFrom('|' as const, '&' as const, '^' as const, '<<' as const, '>>' as const, '>>>' as const, '~' as const), a: nat, b: nat }) },
  ];
  leaves.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('hoisted' as const), i: nat, c: literal }) });
  if (arrays) leaves.push({ weight: 3, arbitrary: fc.record({ k: fc.constant('elem' as const), arr: nat, idx: nat }) });
  if (arrays) leaves.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('spread' as const), f: fc.constantFrom('hypot' as const, 'min' as const, 'max' as const), arr: nat }) });
  let arb: fc.Arbitrary<Expr>;
  if (depth <= 0) arb = fc.oneof(...leaves);
  else {
    const sub = expr(depth - 1, calls, arrays);
    const c = cond(depth - 1, calls, arrays);
    const branches: fc.WeightedArbitrary<Expr>[] = [
      ...leaves,
      { weight: 1, arbitrary: sub.map((a): Expr => ({ k: 'neg', a })) },
      { weight: 8, arbitrary: fc.record({ k: fc.constant('unary' as const), form: fc.nat({ max: unaryForms.length - 1 }), a: sub }) },
      { weight: 6, arbitrary: fc.record({ k: fc.constant('arith' as const), op: fc.constantFrom('+' as const, '-' as const, '*' as const), a: sub, b: sub }) },
      { weight: 2, arbitrary: fc.record({ k: fc.constant('div' as const), variant: fc.nat({ max: divVariants.length - 1 }), a: sub, b: sub }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('mod' as const), variant: fc.nat({ max: modVariants.length - 1 }), a: sub, b: sub }) },
      { weight: 2, arbitrary: fc.record({ k: fc.constant('pow' as const), variant: fc.nat({ max: powVariants.length - 1 }), mathPow: fc.boolean(), a: sub, b: sub }) },
      { weight: 2, arbitrary: fc.record({ k: fc.constant('nary' as const), f: fc.constantFrom('atan2' as const, 'hypot' as const, 'min' as const, 'max' as const), args: fc.array(sub, { minLength: 2, maxLength: 3 }) }) },
      { weight: 2, arbitrary: fc.record({ k: fc.constant('cond' as const), c, a: sub, b: sub }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('logic' as const), op: fc.constantFrom('||' as const, '&&' as const, '??' as const), a: sub, b: sub }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('int32' as const), a: sub }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('effect' as const), t: nat, form: fc.nat({ max: effectForms.length - 1 }), e: sub }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('comma' as const), t: nat, form: fc.nat({ max: effectForms.length - 1 }), e: sub, b: sub }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('rule' as const), which: fc.nat({ max: ruleForms.length - 1 }), a: sub }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('table' as const), which: fc.nat({ max: tableForms.length - 1 }), a: sub }) },
    ];
    if (calls) branches.push({ weight: 3, arbitrary: fc.record({ k: fc.constant('call' as const), h: nat, args: fc.array(sub, { minLength: 2, maxLength: 2 }), flag: fc.option(c, { freq: 2, nil: null }), literal: fc.boolean() }) });
    if (arrays) branches.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('nullish' as const), arr: nat, idx: nat, e: sub }) });
    branches.push({ weight: 2, arbitrary: fc.record({ k: fc.constant('apply' as const), c: nat, a: sub }) });
    arb = fc.oneof({ depthIdentifier: 'expr' }, ...branches);
  }
  exprCache.set(key, arb);
  return arb;
}

export function cond(depth: number, calls: boolean, arrays: boolean): fc.Arbitrary<Cond> {
  const e = expr(Math.max(0, depth), calls, arrays);
  const cmp = fc.record({ k: fc.constant('cmp' as const), op: fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const, '===' as const, '!==' as const), a: e, b: e });
  const tests: fc.WeightedArbitrary<Cond>[] = [
    { weight: 6, arbitrary: cmp },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('test' as const), test: fc.nat({ max: numberTests.length - 1 }), a: e }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('same' as const), a: e, b: e }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('bound' as const), which: fc.nat({ max: boundForms.length - 1 }), a: e }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('flag' as const), i: nat }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('typeof' as const), i: nat, ne: fc.boolean() }) },
  ];
  if (calls) tests.push({ weight: 2, arbitrary: fc.record({ k: fc.constant('pred' as const), h: nat, args: fc.array(e, { minLength: 2, maxLength: 2 }) }) });
  if (depth <= 0) return fc.oneof(...tests);
  const sub = cond(depth - 1, calls, arrays);
  return fc.oneof(
    ...tests,
    { weight: 1, arbitrary: fc.record({ k: fc.constant('iff' as const), a: sub, b: sub, ne: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('and' as const, 'or' as const), a: sub, b: sub }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('not' as const), a: sub }) },
  );
}

/** Statement lists of nesting depth ≤ `depth`. */
export function stmts(depth: number, calls: boolean, arrays: boolean, maxLength: number): fc.Arbitrary<Stmt[]> {
  const e = expr(2, calls, arrays);
  const c = cond(1, calls, arrays);
  const simple: fc.WeightedArbitrary<Stmt>[] = [
    { weight: 5, arbitrary: fc.record({ k: fc.constant('let' as const), e, isConst: fc.boolean() }) },
    { weight: 4, arbitrary: fc.record({ k: fc.constant('assign' as const), t: nat, op: fc.constantFrom('=' as const, '+=' as const, '-=' as const, '*=' as const, '/=' as const, '%=' as const, '**=' as const, '|=' as const), e }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('inc' as const), t: nat, dec: fc.boolean(), prefix: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('jump' as const), kind: fc.constantFrom('break' as const, 'continue' as const), c, label: optionalNat }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('var' as const), e, again: optionalNat }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('return' as const), c, e }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('flag' as const), c, isConst: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('setFlag' as const), t: nat, op: fc.constantFrom('=' as const, '&&=' as const, '||=' as const), c }) },
    // Records, tuples, class instances and closures (render.ts: FunctionWriter.record, .closure).
    { weight: 2, arbitrary: fc.record({ k: fc.constant('record' as const), form: nat, elems: fc.array(e, { minLength: 3, maxLength: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('useRecord' as const), r: nat, form: nat, e }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('model' as const), form: nat, elems: fc.array(e, { minLength: 3, maxLength: 3 }), here: fc.constantFrom(0, 0, 0, 1, 2, 3) }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('closure' as const), form: nat, e, a: expr(1, calls, arrays) }) },
  ];
  if (arrays) {
    simple.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('array' as const), elems: fc.array(e, { minLength: 1, maxLength: 3 }) }) });
    simple.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('setElem' as const), arr: nat, idx: nat, e }) });
    simple.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('pushed' as const), elems: fc.array(e, { minLength: 1, maxLength: 3 }) }) });
    simple.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('arrayCall' as const), arr: nat, e }) });
    simple.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('destructure' as const), arr: nat, count: fc.nat({ max: 3 }), hole: fc.boolean(), e }) });
    simple.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('outCall' as const), which: nat, a: e, b: e }) });
    simple.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('points' as const), elems: fc.array(e, { minLength: 2, maxLength: 6 }) }) });
    simple.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('matrix' as const), form: nat, elems: fc.array(e, { minLength: 3, maxLength: 3 }), rows: fc.constant(true) }) });
    simple.push({ weight: 1, arbitrary: fc.record({ k: fc.constant('rebind' as const), arr: nat, n: fc.integer({ min: 0, max: 3 }), e }) });
    simple.push({
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('method' as const), method: fc.constantFrom('reduce' as const, 'map' as const, 'forEach' as const, 'some' as const, 'every' as const),
        arr: nat, e, c, init: fc.option(expr(1, calls, arrays), { freq: 3, nil: null }), block: fc.boolean(), t: nat,
      }),
    });
  }
  if (depth <= 0) return fc.array(fc.oneof(...simple), { maxLength });
  const inner = stmts(depth - 1, calls, arrays, 3);
  const stmt = fc.oneof(
    ...simple,
    { weight: 2, arbitrary: fc.record({ k: fc.constant('if' as const), c, then: inner, else: fc.option(inner) }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('for' as const), n: fc.integer({ min: 1, max: 4 }), overInput: fc.boolean(), body: inner, varCounter: fc.boolean() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        k: fc.constant('switch' as const), key: expr(1, calls, arrays),
        cases: fc.array(fc.record({ label: fc.integer({ min: -2, max: 3 }), body: inner, brk: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        def: fc.option(fc.nat({ max: 4 }), { nil: null }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('while' as const), n: fc.integer({ min: 1, max: 4 }), doWhile: fc.boolean(), body: inner, assignTest: fc.boolean() }) },
    ...(arrays ? [{ weight: 1, arbitrary: fc.record({ k: fc.constant('forOf' as const), arr: nat, body: inner }) }] : []),
    ...(arrays ? [{ weight: 2, arbitrary: fc.record({ k: fc.constant('overPoints' as const), arr: nat, form: nat, body: inner, e, init: expr(1, calls, arrays) }) }] : []),
  );
  return fc.array(stmt, { maxLength });
}

const helper: fc.Arbitrary<Helper> = fc.record({
  arity: fc.constantFrom<1 | 2>(1, 2),
  otherModule: fc.boolean(),
  arrow: fc.boolean(),
  recursion: fc.option(fc.record({ depth: fc.integer({ min: 0, max: 4 }), step: fc.nat({ max: 1000 }) }), { freq: 6 }),
  arrayParam: fc.boolean(),
  defaultLast: fc.option(expr(1, false, false), { freq: 2 }),
  optionalForm: fc.nat({ max: 3 }),
  body: stmts(1, true, true, 3),
  ret: expr(2, true, true),
  // One helper in four returns a boolean; one in three takes a boolean parameter.
  returnsBoolean: fc.constantFrom(false, false, false, true),
  retCond: cond(1, true, true),
  inferred: fc.boolean(),
  flagParam: fc.constantFrom(false, false, true),
  // One helper in four is a local function of the main function.
  local: fc.constantFrom(false, false, false, true),
});

/**
 * A point coordinate in [-2, 2] on a grid of 1e-4 (shrinks towards 0), or, one time in five, a
 * special point (0, ±1, 0.5) where derivatives of abs, sqrt, cbrt, acosh, asin… are infinite or kinked.
 */
const coordinate = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -20000, max: 20000 }).map((i) => i / 10000) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, -1, 0.5) },
);

export const program: fc.Arbitrary<Program> = fc
  .record({
    shape: fc.constantFrom('scalar' as const, 'params' as const, 'array' as const, 'arrayOut' as const),
    inputs: fc.integer({ min: 1, max: 3 }),
    m: fc.integer({ min: 1, max: 3 }),
    k: fc.constantFrom(0.75, 2, -1.5),
    helpers: fc.array(helper, { maxLength: 3 }),
    body: stmts(2, true, true, 5),
    ret: fc.array(expr(3, true, true), { minLength: 3, maxLength: 3 }),
    points: fc.array(fc.array(coordinate, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 2 }),
    verbVariant: fc.nat({ max: 3 }),
    float64: fc.boolean(),
    // One array program in four takes (and, with array outputs, returns) a record.
    record: fc.constantFrom(false, false, false, true),
    // One program in four reads a captured data array (shrinks towards none).
    data: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.array(literal, { minLength: 1, maxLength: 4 }) },
    ),
    dataModule: fc.boolean(),
    dataMatrix: fc.boolean(),
    names: fc.nat({ max: NAME_SETS.length - 1 }),
    packageStyle: fc.boolean(),
    // One program in three is a method of a module-level instance or const object literal (where it applies: see isMethod).
    method: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4),
    // Last, so that a seed's other fields are as before it existed: one program in three.
    extra: fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      {
        weight: 1,
        arbitrary: fc.record({
          members: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
          memberMain: fc.boolean(),
          rest: fc.boolean(),
          table: fc.option(fc.array(literal, { minLength: 2, maxLength: 4 }), { freq: 2, nil: null }),
          clash: fc.boolean(),
          solve: fc.option(fc.record({ which: fc.nat({ max: 2 }), e: expr(2, true, true), arr: nat, x0: expr(1, true, true) }), { freq: 2, nil: null }),
          fin: fc.option(fc.record({ a: expr(1, true, true), b: expr(1, true, true) }), { freq: 2, nil: null }),
          nested: fc.option(fc.record({ form: nat, elems: fc.array(expr(1, true, true), { minLength: 3, maxLength: 3 }), e: expr(2, true, true), x0: expr(1, true, true) }), { freq: 2, nil: null }),
          object: fc.option(fc.record({ form: nat, k: expr(1, true, true), c: expr(1, true, true), e: expr(1, true, true), a: expr(1, true, true) }), { freq: 2, nil: null }),
          optional: fc.option(fc.record({ form: nat, a: expr(1, true, true), b: expr(1, true, true), c: cond(0, true, true), e: expr(1, true, true) }), { freq: 2, nil: null }),
          untyped: fc.option(fc.record({ form: nat, a: expr(1, true, true), b: expr(1, true, true), e: expr(1, true, true), w: fc.option(expr(1, true, true), { nil: null }) }), { freq: 2, nil: null }),
        }),
      },
    ),
  })
  .map(({ shape, inputs, m, ret, points, data, dataModule, dataMatrix, record, method, extra, ...rest }): Program => {
    const n = shape === 'scalar' ? 1 : shape === 'params' ? inputs + 1 : inputs;
    const outputs = shape === 'arrayOut' ? m : 1;
    return {
      shape, n, m: outputs, ret: ret.slice(0, outputs), points: points.map((p) => p.slice(0, n)), ...rest,
      ...(data ? { data, dataModule, ...(dataMatrix ? { dataMatrix } : {}) } : {}),
      ...(record && (shape === 'array' || shape === 'arrayOut') ? { record, float64: false } : {}),
      ...(method > 0 && !data && shape !== 'arrayOut' && !(record && shape === 'array') ? { method } : {}),
      ...(extra ? { extra } : {}),
    };
  });
