/**
 * The vector verbs called inside a differentiated function (`gradient(g, x)`, `jvp`, `hvp`, the
 * `valueAnd…` forms of one number), as plain lowered functions built from g's forward-mode code
 * (tangent.ts). Each is a function of plain numbers and arrays again — a loop of tangent sweeps,
 * one per coordinate — which the outer derivative differentiates like any callee: nesting stays
 * exact and free of perturbation confusion, since every level is a function of its own.
 *
 * - `gradientFunction(g)`: `(x, …captures) ↦ ∇g(x)`, n sweeps of g's Jacobian-vector product with
 *   the unit vectors.
 * - `hvpFunction(g)`: `(x, v, …captures) ↦ ∇²g(x)·v`, row i the directional derivative along v of
 *   the i-th sweep (forward over forward).
 * - `valueAndGradientFunction(g)`: `(x, …captures) ↦ { value: g(x), gradient: ∇g(x) }`, as one array.
 * - `valueAndDerivativeFunction(g, order)`: `(x, …captures) ↦ [g(x), g′(x)(, g″(x))]`, laid out as
 *   the record `{ value, derivative }` (`{ value, first, second }`) the verb returns.
 * - `valueAndMatrixFunction(g, verb)`: `valueGradientHessian`'s and `valueAndJacobian`'s records, as one array.
 * - `jvp(g, x, v)` needs no function of its own: it is a call of g's tangent function.
 */
import type { ts } from 'ts-morph';
import { ParamState } from './activity.js';
import type { Cond, Expr, NumericFunction, Stmt, Var } from './ir.js';
import { newFunctionId } from './lower.js';
import type { RecordShape } from './scalarise.js';
import { derivativeFunction, tangentFunction } from './tangent.js';

/** Made once per function (and per order): the same verb on the same g is the same function. */
const made = new WeakMap<NumericFunction, Map<string, NumericFunction>>();

function once(g: NumericFunction, key: string, build: () => NumericFunction): NumericFunction {
  let byKey = made.get(g);
  if (!byKey) made.set(g, (byKey = new Map()));
  let fn = byKey.get(key);
  if (!fn) byKey.set(key, (fn = build()));
  return fn;
}

/** Builds the variables and statements of one new function whose inputs are g's input(s) and g's captures. */
class Builder {
  private nextId = 0;
  private readonly used: Set<string>;

  constructor(private readonly g: NumericFunction, readonly node: ts.Node) {
    this.used = new Set(g.usedNames);
    for (const v of [...g.params, ...g.captures]) this.nextId = Math.max(this.nextId, v.id + 1);
  }

  fresh(base: string, kind: Var['kind'], isParam = false): Var {
    let name = base;
    for (let k = 2; this.used.has(name); k++) name = `${base}${k}`;
    this.used.add(name);
    return { id: this.nextId++, name, sourceName: name, kind, isParam, isConst: false };
  }

  num = (text: string): Expr => ({ k: 'num', text, value: Number(text), node: this.node });
  read = (v: Var): Expr => ({ k: 'var', v, node: this.node });
  call = (fn: NumericFunction, args: Expr[]): Extract<Expr, { k: 'call' }> => ({ k: 'call', fn, args, node: this.node });
  zeros = (v: Var, length: Var): Stmt => ({ k: 'let', v, init: { k: 'newArray', length: { k: 'len', arr: length, node: this.node }, fill: this.num('0'), typed: false, node: this.node }, node: this.node });
  setElem = (arr: Var, i: Var, value: Expr): Stmt => ({ k: 'setElem', arr, index: this.read(i), value, node: this.node });

  /** `for (let i = 0; i < x.length; i++) body(i)`. */
  overIndices(x: Var, body: (i: Var) => Stmt[]): Stmt {
    const i = this.fresh('i', 'number');
    const test: Cond = { k: 'cmp', op: '<', a: this.read(i), b: { k: 'len', arr: x, node: this.node }, node: this.node };
    const step: Stmt = { k: 'set', v: i, value: { k: 'bin', op: '+', a: this.read(i), b: this.num('1'), node: this.node }, node: this.node };
    return { k: 'for', init: [{ k: 'let', v: i, init: this.num('0'), node: this.node }], test, update: [step], body: body(i), node: this.node };
  }

  /** `for (let k = 0; k < to; k++) body`. */
  upTo(k: Var, to: Expr, body: Stmt[]): Stmt {
    const test: Cond = { k: 'cmp', op: '<', a: this.read(k), b: to, node: this.node };
    const step: Stmt = { k: 'set', v: k, value: { k: 'bin', op: '+', a: this.read(k), b: this.num('1'), node: this.node }, node: this.node };
    return { k: 'for', init: [{ k: 'let', v: k, init: this.num('0'), node: this.node }], test, update: [step], body, node: this.node };
  }

  /** `for (let j = i; j < x.length; j++) body(j)`. */
  upFrom(i: Var, x: Var, body: (j: Var) => Stmt[]): Stmt {
    const j = this.fresh('j', 'number');
    const test: Cond = { k: 'cmp', op: '<', a: this.read(j), b: { k: 'len', arr: x, node: this.node }, node: this.node };
    const step: Stmt = { k: 'set', v: j, value: { k: 'bin', op: '+', a: this.read(j), b: this.num('1'), node: this.node }, node: this.node };
    return { k: 'for', init: [{ k: 'let', v: j, init: this.read(i), node: this.node }], test, update: [step], body: body(j), node: this.node };
  }

  /** A new array `name` with `name[i] = sweep(eᵢ)` for every coordinate i of x (`seed` holds eᵢ during sweep i), returned. */
  sweeps(x: Var, name: string, sweep: (seed: Var) => Expr): Stmt[] {
    const result = this.fresh(name, 'array'), seed = this.fresh('seed', 'array');
    return [
      this.zeros(result, x),
      this.zeros(seed, x),
      this.overIndices(x, (i) => [
        this.setElem(seed, i, this.num('1')),
        this.setElem(result, i, sweep(seed)),
        this.setElem(seed, i, this.num('0')),
      ]),
      { k: 'return', value: this.read(result), node: this.node },
    ];
  }

  function(name: string, params: Var[], body: Stmt[], returns: NumericFunction['returns']): NumericFunction {
    return {
      id: newFunctionId(), name: `${this.g.name}_${name}`, node: this.node, fileName: this.g.fileName,
      params: [...params, ...passedOn(this.g)], body, returns, captures: [], moduleLevel: false,
      usedNames: this.used, constants: this.g.constants,
    };
  }
}

/**
 * g with its captures as trailing parameters: called from a built function, a capture is an
 * argument that may carry a tangent of an outer derivative (a capture of g itself never does).
 */
function closed(g: NumericFunction): NumericFunction {
  return once(g, 'closed', () => (g.captures.length === 0 ? g : { ...g, id: newFunctionId(), params: [...g.params, ...g.captures], captures: [] }));
}

/**
 * What g reads besides its input — the values an arrow at the call site captures, or the trailing
 * parameters of a function lifted with the enclosing values it reads (closures.ts) — passed on by
 * the function built as its trailing parameters (the same variables).
 */
const passedOn = (g: NumericFunction): readonly Var[] => [...g.params.slice(g.params.length - (g.captured?.length ?? 0)), ...g.captures];
const capturesOf = (g: NumericFunction, b: Builder): Expr[] => passedOn(g).map(b.read);

/** The tangent function of g with respect to its one array input (params: x, …captures, dx). */
const inputTangent = (g: NumericFunction, at: ts.Node): NumericFunction => tangentFunction(g, [ParamState.Active], at);

/** `(x, …captures) ↦ ∇g(x)`: one sweep per coordinate, seeding the unit vector eᵢ. */
export function gradientFunction(g: NumericFunction, at: ts.Node): NumericFunction {
  return once(g, 'gradient', () => {
    const b = new Builder(g, at);
    const x = g.params[0];
    const tangent = inputTangent(g, at);
    const body = b.sweeps(x, 'gradient', (seed) => b.call(tangent, [b.read(x), ...capturesOf(g, b), b.read(seed)]));
    return b.function('gradient', [x], body, 'array');
  });
}

/**
 * `(x, v, …captures) ↦ ∇²g(x)·v`: component i is the derivative along v of the sweep that seeds
 * eᵢ — the tangent function of g's tangent function, with respect to x.
 */
export function hvpFunction(g: NumericFunction, at: ts.Node): NumericFunction {
  return once(g, 'hvp', () => {
    const b = new Builder(g, at);
    const x = g.params[0];
    const v = b.fresh('v', 'array', true);
    const first = inputTangent(g, at);
    // first's parameters: x, …captures, dx; only x carries the second tangent (v).
    const second = tangentFunction(first, first.params.map((_, k) => (k === 0 ? ParamState.Active : ParamState.Inactive)), at);
    const body = b.sweeps(x, 'product', (seed) => b.call(second, [b.read(x), ...capturesOf(g, b), b.read(seed), b.read(v)]));
    return b.function('hvp', [x, v], body, 'array');
  });
}

/**
 * The layout of a rows × cols matrix (scalarise.ts: `[rows, start_0, …, start_rows, …]`, row i at
 * rows + 2 + i·cols) in a new array `out`, its row table written, its elements zeros; then `fill`.
 */
function matrixOut(b: Builder, rows: Expr, cols: Expr, fill: (out: Var, at: (i: Expr, j: Expr) => Expr) => Stmt[]): Stmt[] {
  const out = b.fresh('matrix', 'array'), k = b.fresh('k', 'number');
  const node = b.node;
  const add = (a: Expr, c: Expr): Expr => ({ k: 'bin', op: '+', a, b: c, node });
  const mul = (a: Expr, c: Expr): Expr => ({ k: 'bin', op: '*', a, b: c, node });
  const first = add(rows, b.num('2'));
  const size = add(first, mul(rows, cols));
  const at = (i: Expr, j: Expr): Expr => add(add(first, mul(i, cols)), j);
  return [
    { k: 'let', v: out, init: { k: 'newArray', length: size, fill: b.num('0'), typed: false, node }, node },
    { k: 'setElem', arr: out, index: b.num('0'), value: rows, node },
    b.upTo(k, add(rows, b.num('1')), [{ k: 'setElem', arr: out, index: add(b.read(k), b.num('1')), value: at(b.read(k), b.num('0')), node }]),
    ...fill(out, at),
    { k: 'return', value: b.read(out), node },
  ];
}

/**
 * `(x, …captures) ↦ ∇²g(x)` as a matrix in its layout (scalarise.ts: matrixReturns): entry (i, j)
 * the second directional derivative along eⱼ of the sweep seeding eᵢ (forward over forward, as
 * hvpFunction), for j ≥ i, mirrored into an exactly symmetric matrix.
 */
export function hessianFunction(g: NumericFunction, at: ts.Node): NumericFunction {
  return once(g, 'hessian', () => {
    const b = new Builder(g, at);
    const x = g.params[0];
    const first = inputTangent(g, at);
    const second = tangentFunction(first, first.params.map((_, k) => (k === 0 ? ParamState.Active : ParamState.Inactive)), at);
    const n: Expr = { k: 'len', arr: x, node: at };
    const ei = b.fresh('seed', 'array'), ej = b.fresh('direction', 'array');
    const body = matrixOut(b, n, n, (out, place) => [
      b.zeros(ei, x),
      b.zeros(ej, x),
      b.overIndices(x, (i) => [
        b.setElem(ei, i, b.num('1')),
        b.upFrom(i, x, (j) => [
          b.setElem(ej, j, b.num('1')),
          { k: 'setElem', arr: out, index: place(b.read(i), b.read(j)), value: b.call(second, [b.read(x), ...capturesOf(g, b), b.read(ei), b.read(ej)]), node: at },
          { k: 'setElem', arr: out, index: place(b.read(j), b.read(i)), value: { k: 'elem', arr: out, index: place(b.read(i), b.read(j)), node: at }, node: at },
          b.setElem(ej, j, b.num('0')),
        ]),
        b.setElem(ei, i, b.num('0')),
      ]),
    ]);
    return b.function('hessian', [x], body, 'array');
  });
}

/**
 * `(x, …captures) ↦ J_g(x)` as a matrix in its layout (scalarise.ts: matrixReturns), g returning an
 * array: its rows counted by one call of g, then column j the sweep of g's tangent function seeding eⱼ.
 */
export function jacobianFunction(g: NumericFunction, at: ts.Node): NumericFunction {
  return once(g, 'jacobian', () => {
    const b = new Builder(g, at);
    const x = g.params[0];
    const tangent = inputTangent(g, at);
    const value = b.fresh('value', 'array'), column = b.fresh('column', 'array'), seed = b.fresh('seed', 'array');
    const rows: Expr = { k: 'len', arr: value, node: at };
    const body = matrixOut(b, rows, { k: 'len', arr: x, node: at }, (out, place) => [
      b.zeros(seed, x),
      b.overIndices(x, (j) => [
        b.setElem(seed, j, b.num('1')),
        { k: 'let', v: column, init: { k: 'arrayCall', call: b.call(tangent, [b.read(x), ...capturesOf(g, b), b.read(seed)]), node: at }, node: at },
        b.overIndices(value, (i) => [{ k: 'setElem', arr: out, index: place(b.read(i), b.read(j)), value: { k: 'elem', arr: column, index: b.read(i), node: at }, node: at }]),
        b.setElem(seed, j, b.num('0')),
      ]),
    ]);
    const held: Stmt = { k: 'let', v: value, init: { k: 'arrayCall', call: b.call(closed(g), [b.read(x), ...capturesOf(g, b)]), node: at }, node: at };
    return b.function('jacobian', [x], [held, ...body], 'array');
  });
}

/** The records `valueAndDerivative` and `valueAndDerivatives` return, in the order of their fields. */
export const valueAndDerivativeShapes: Record<1 | 2, RecordShape> = {
  1: { typeName: '{ value: number; derivative: number }', fields: [{ name: 'value' }, { name: 'derivative' }] },
  2: { typeName: '{ value: number; first: number; second: number }', fields: [{ name: 'value' }, { name: 'first' }, { name: 'second' }] },
};

/** `(x, …captures) ↦ [g(x), g′(x)]` (order 2: and g″(x)), the numbers of the record the verb returns. */
export function valueAndDerivativeFunction(g: NumericFunction, order: 1 | 2, at: ts.Node): NumericFunction {
  return once(g, `value${order}`, () => {
    const b = new Builder(g, at);
    const x = g.params[0];
    const args = [b.read(x), ...capturesOf(g, b)];
    const d1 = derivativeFunction(g, at);
    const elems = [b.call(closed(g), args), b.call(d1, args), ...(order === 2 ? [b.call(derivativeFunction(d1, at), args)] : [])];
    return b.function(order === 1 ? 'valueAndDerivative' : 'valueAndDerivatives', [x], [{ k: 'return', value: { k: 'arrayLit', elems, node: at }, node: at }], 'array');
  });
}

/** The record `valueAndGradient` returns at an array point: a record with an array field (scalarise.ts: splitReturns). */
export const valueAndGradientSplit = { shape: { typeName: '{ value: number; gradient: number[] }', fields: [{ name: 'value' }] }, arrays: ['gradient'] } as const;

/** The record `valueAndGradient` returns at a record point of `shape`: the value, then the gradient, a record of that shape. */
export const valueAndGradientShape = (shape: RecordShape): RecordShape =>
  ({ typeName: `{ value: number; gradient: ${shape.typeName} }`, fields: [{ name: 'value' }, { name: 'gradient', shape }] });

/**
 * `(x, …captures) ↦ { value: g(x), gradient: ∇g(x) }` as one array: at an array point, in the
 * layout of a record with an array field (valueAndGradientSplit) `[g(x), n, ∂₁g, …, ∂ₙg]`; at a
 * record point, the record of numbers (valueAndGradientShape) `[g(x), ∂g/∂x₁, …]`. The gradient is
 * gradientFunction's sweeps.
 */
export function valueAndGradientFunction(g: NumericFunction, record: boolean, at: ts.Node): NumericFunction {
  return once(g, 'valueAndGradient', () => {
    const b = new Builder(g, at);
    const x = g.params[0];
    const tangent = inputTangent(g, at);
    const both = b.fresh('both', 'array'), seed = b.fresh('seed', 'array');
    const plus = (a: Expr, c: Expr): Expr => ({ k: 'bin', op: '+', a, b: c, node: at });
    const n: Expr = { k: 'len', arr: x, node: at };
    // Where the gradient starts: after the value, and at an array point after its length.
    const first = b.num(record ? '1' : '2');
    const body: Stmt[] = [
      { k: 'let', v: both, init: { k: 'newArray', length: plus(n, first), fill: b.num('0'), typed: false, node: at }, node: at },
      { k: 'setElem', arr: both, index: b.num('0'), value: b.call(closed(g), [b.read(x), ...capturesOf(g, b)]), node: at },
      ...(record ? [] : [{ k: 'setElem', arr: both, index: b.num('1'), value: n, node: at } satisfies Stmt]),
      b.zeros(seed, x),
      b.overIndices(x, (i) => [
        b.setElem(seed, i, b.num('1')),
        { k: 'setElem', arr: both, index: plus(b.read(i), first), value: b.call(tangent, [b.read(x), ...capturesOf(g, b), b.read(seed)]), node: at },
        b.setElem(seed, i, b.num('0')),
      ]),
      { k: 'return', value: b.read(both), node: at },
    ];
    return b.function('valueAndGradient', [x], body, 'array');
  });
}

/**
 * The records `valueGradientHessian` and `valueAndJacobian` return at an array point, as records
 * with array fields (scalarise.ts: splitReturns) whose last array field holds a matrix in its
 * layout (scalarise.ts: matrixReturns), which the caller unpacks into a local matrix.
 */
export const valueAndMatrixSplits = {
  valueGradientHessian: { shape: { typeName: '{ value: number; gradient: number[]; hessian: number[][] }', fields: [{ name: 'value' }] }, arrays: ['gradient', 'hessian'], matrix: 'hessian' },
  valueAndJacobian: { shape: { typeName: '{ value: number[]; jacobian: number[][] }', fields: [] }, arrays: ['value', 'jacobian'], matrix: 'jacobian' },
} as const;

/**
 * `(x, …captures) ↦ { value: g(x), gradient: ∇g(x), hessian: ∇²g(x) }` and `(x, …captures) ↦
 * { value: g(x), jacobian: J_g(x) }` as one array in the layout of valueAndMatrixSplits (the
 * numbers, the arrays' lengths, the arrays): `[g(x), n, size, ∇g…, ∇²g layout…]`,
 * `[m, size, g(x)…, J layout…]`. Each part is the function
 * the verb of it builds (gradientFunction, hessianFunction, jacobianFunction), so the parts are
 * exactly what those verbs give.
 */
export function valueAndMatrixFunction(g: NumericFunction, verb: keyof typeof valueAndMatrixSplits, at: ts.Node): NumericFunction {
  return once(g, verb, () => {
    const b = new Builder(g, at);
    const x = g.params[0];
    const args = (): Expr[] => [b.read(x), ...capturesOf(g, b)];
    const plus = (a: Expr, c: Expr): Expr => ({ k: 'bin', op: '+', a, b: c, node: at });
    const held = (name: string, fn: NumericFunction): { v: Var; st: Stmt } => {
      const v = b.fresh(name, 'array');
      return { v, st: { k: 'let', v, init: { k: 'arrayCall', call: b.call(fn, args()), node: at }, node: at } };
    };
    const hessian = verb === 'valueGradientHessian';
    // The arrays of the record, in order: the gradient (or g's values), then the matrix's layout.
    const arrays = hessian ? [held('gradient', gradientFunction(g, at)), held('hessian', hessianFunction(g, at))] : [held('value', closed(g)), held('jacobian', jacobianFunction(g, at))];
    const numbers: Expr[] = hessian ? [b.call(closed(g), args())] : [];
    const out = b.fresh('record', 'array'), place = b.fresh('place', 'number');
    const size = arrays.reduce((n: Expr, a) => plus(n, plus({ k: 'len', arr: a.v, node: at }, b.num('1'))), b.num(String(numbers.length)));
    const next = (value: Expr): Stmt[] => [
      { k: 'setElem', arr: out, index: b.read(place), value, node: at },
      { k: 'set', v: place, value: plus(b.read(place), b.num('1')), node: at },
    ];
    const body: Stmt[] = [
      ...arrays.map((a) => a.st),
      { k: 'let', v: out, init: { k: 'newArray', length: size, fill: b.num('0'), typed: false, node: at }, node: at },
      { k: 'let', v: place, init: b.num('0'), node: at },
      ...numbers.flatMap(next),
      ...arrays.flatMap((a) => next({ k: 'len', arr: a.v, node: at })),
      ...arrays.map((a) => b.overIndices(a.v, (i) => next({ k: 'elem', arr: a.v, index: b.read(i), node: at }))),
      { k: 'return', value: b.read(out), node: at },
    ];
    return b.function(verb, [x], body, 'array');
  });
}

/** `jvp(g, x, v)`: the call of g's tangent function (a number, or an array when g returns one). */
export const jvpCall = (g: NumericFunction, x: Expr, v: Expr, captured: Expr[], at: ts.Node): Extract<Expr, { k: 'call' }> =>
  ({ k: 'call', fn: inputTangent(g, at), args: [x, ...captured, v], node: at });
