/**
 * Forward mode on the IR itself: from a lowered function, the lowered function that computes its
 * derivative. A verb called inside a differentiated function (`derivative(g, x)` in a loss, a
 * Newton step in an objective) becomes a call of such a function, which is plain IR again: the
 * outer derivative differentiates it like any other callee. Nesting is therefore exact and free of
 * perturbation confusion by construction — each level is its own function of plain numbers.
 *
 * - `derivativeFunction(f)`: of `f(x, …captures)` (one number input, returning a number), the
 *   function `x, …captures ↦ f′(x)`.
 * - `tangentFunction(f, pattern)`: of a callee, its Jacobian-vector product, `(…params, …tangents
 *   of the active parameters) ↦ the tangent of its result` (what a call inside a derivative function needs).
 *
 * Each active number gets a tangent local, each active array a tangent array. Expressions are
 * split into temporaries (three-address form) so that no primal value is computed twice, and the
 * partial derivatives come from the one rule table (packages/dual/src/rules.ts) through
 * {@link irAlgebra}. Conditions are primal and kept as written.
 *
 * The zero-tangent convention: a partial times an exactly zero tangent contributes nothing (`√x`
 * at 0 times a zero tangent is 0, not NaN), tested by a `zero` condition: "every part of the
 * tangent is exactly 0". Where the derivative code is differentiated again (a nested verb inside a
 * differentiated function), the outer derivative tests the tangent's own tangent parts too, as the
 * engine's `isZero` does on a nested tangent: a tangent that is 0 only at one point keeps its
 * outer derivative (∂/∂y of y·cos(x·y) at y = 0), and one that is 0 in every part contributes
 * nothing to it either (`0·∞` from an infinite outer tangent of the partial, cbrt at 0).
 *
 * The tangent code reverse mode differentiates for the Hessian (`tangentFunction(…, rows = true)`,
 * emit/reverse/hvp.ts) holds each rule's partial as a `partial` node: the same value, but
 * differentiated by the rule's second-order row, as forward mode's hyper-dual code is. (Reverse
 * mode differentiating the first-order row's formula instead met its zero convention inside the
 * formula: cbrt′ = (1/3)/(y·y) at y = 0 gave ∂²/∂x² = 0, not −∞.) A partial that is a constant, a
 * variable or an element (the product's ∂a = b, exp′ = y) is its own second-order row and stays as it is.
 * A nested verb's derivative code holds `partial` nodes only for the rules evaluated on numbers at
 * run time (a defineFunction rule's df, a special function's partial), which have no formula to
 * differentiate: the outer derivative takes their second-order row (the given d2f,
 * specialRules' `second`) in every backend; a third level, which would need a third derivative, is rejected.
 */
import type { ts } from 'ts-morph';
import { binaryRules, chainRule, hypotRule, rules, type Algebra, type BinaryName, type ChainAlgebra } from '@ddx/dual';
import { reject } from '../diagnostics.js';
import type { Cond, Expr, NumericFunction, PartialRow, Stmt, Var } from './ir.js';
import { analyzeActivity, ParamState, type Activity } from './activity.js';
import { isUnaryMath } from './mathNames.js';
import { forEachExpr, forEachVar } from './walk.js';
import { newFunctionId } from './lower.js';
import { isReservedWord } from '../emit/names.js';

/** A value in three-address form: an atom (a variable, a constant, an element read) or an inactive expression, with its tangent (undefined: none, 0). */
interface Dual {
  value: Expr;
  tangent: Expr | undefined;
}

const derivatives = new WeakMap<NumericFunction, NumericFunction>();
/** Every function made here (derivative and tangent functions), which have no source of their own. */
const madeHere = new WeakSet<NumericFunction>();
export const isDerivativeCode = (fn: NumericFunction): boolean => madeHere.has(fn);
/** The functions made by {@link derivativeFunction}. */
const derivativeOf = new WeakSet<NumericFunction>();
const tangents = new WeakMap<NumericFunction, Map<string, NumericFunction>>();

/** `x, …captures ↦ f′(x)` for `f` of one number returning a number (`at`: the verb call, for diagnostics). */
export function derivativeFunction(f: NumericFunction, at: ts.Node): NumericFunction {
  const known = derivatives.get(f);
  if (known) return known;
  // A derivative function's trailing parameters are the captures it passes on; so are a lifted
  // function's (the enclosing values it reads, closures.ts).
  const inputs = derivativeOf.has(f) ? 1 : f.params.length - (f.captured?.length ?? 0);
  if (inputs !== 1 || f.params[0].kind !== 'number' || f.returns !== 'number') {
    reject(at, 'DDX1005', `a derivative inside a differentiated function needs f(x: number) returning a number; '${f.name}' takes (${f.params.map((p) => p.kind).join(', ')}) and returns ${f.returns === 'number' ? 'a number' : `${f.returns === 'array' ? 'an array' : 'a boolean'}`}`);
  }
  const d = build(f, [ParamState.Active], 'seed', at, false);
  derivatives.set(f, d);
  derivativeOf.add(d);
  return d;
}

/**
 * The Jacobian-vector product of a callee for one activity pattern of its parameters. `rows`: its
 * rules' partials as `partial` nodes, for reverse mode's Hessian (see the file comment), its callees' too.
 */
export function tangentFunction(f: NumericFunction, pattern: readonly ParamState[], at: ts.Node, rows = false): NumericFunction {
  let byPattern = tangents.get(f);
  if (!byPattern) tangents.set(f, (byPattern = new Map()));
  const key = `${pattern.join('')}${rows ? ':rows' : ''}`;
  const known = byPattern.get(key);
  if (known) return known;
  // Registered before its body is built: a recursive callee calls itself.
  return build(f, pattern, 'params', at, rows, (g) => byPattern.set(key, g));
}

/**
 * A `partial` node of a built-in row where a backend other than reverse mode's Hessian meets one
 * (never: only hvp.ts's tangent code has them; nested derivative code has those of defineFunction
 * rules and special functions only, which every backend differentiates).
 */
export function onlyInReverseHvp(e: Extract<Expr, { k: 'partial' }>): never {
  throw new Error(`unreachable: a rule's partial (${e.row.k}) outside the tangent code of the Hessian over reverse mode`);
}

/**
 * The derivative code of `f` as a new function. `seeds`: 'seed' gives the (one) active parameter
 * the tangent 1; 'params' takes the tangents of the active parameters as trailing parameters.
 */
function build(f: NumericFunction, pattern: readonly ParamState[], seeds: 'seed' | 'params', at: ts.Node, rows: boolean, register?: (g: NumericFunction) => void): NumericFunction {
  // A callee writing its array arguments (called as a statement) has tangent code in the Hessian
  // over reverse mode only (TangentBuilder, 'effect').
  const writer = rows && (f.writes ?? []).length > 0;
  if (f.returns !== 'number' && f.returns !== 'array' && !(writer && f.returns === 'void')) {
    reject(at, 'DDX1006', `'${f.name}' returns ${f.returns === 'void' ? 'nothing (it writes its array argument)' : 'a boolean'}: inside a nested derivative, only callees returning a number or an array are differentiated so far`);
  }
  const used = new Set(f.usedNames);
  let nextId = 0;
  forEachVar(f, (v) => { nextId = Math.max(nextId, v.id + 1); });
  const fresh = (base: string, kind: Var['kind'], isParam = false): Var => {
    let name = base;
    for (let k = 2; used.has(name) || isReservedWord(name); k++) name = `${base}${k}`;
    used.add(name);
    return { id: nextId++, name, sourceName: name, kind, isParam, isConst: false };
  };
  const activity = analyzeActivity(f, pattern);
  const tangentVars = new Map<Var, Var>();
  const tangentOf = (v: Var): Var => {
    let t = tangentVars.get(v);
    if (!t) tangentVars.set(v, (t = fresh(`${v.name}_d`, v.kind)));
    return t;
  };
  const node = f.node;
  const body: Stmt[] = [];
  const tangentParams: Var[] = [];
  // The input's tangent is the constant 1 (a partial times it is the partial).
  let seed: Var | undefined;
  f.params.forEach((p, i) => {
    if (pattern[i] !== ParamState.Active || p.kind === 'boolean') return;
    if (seeds === 'seed') {
      let written = false;
      forEachExpr(f.body, () => {}, (st) => { if (st.k === 'set' && st.v === p) written = true; });
      if (written) body.push({ k: 'let', v: tangentOf(p), init: num('1', node), node });
      else seed = p;
    } else {
      const t = fresh(`${p.name}_d`, p.kind, true);
      tangentVars.set(p, t);
      tangentParams.push(t);
    }
  });
  // A parameter passed without a tangent that the body makes active (assigns an active value to)
  // starts with the tangent 0.
  f.params.forEach((p, i) => {
    if (pattern[i] === ParamState.Active || p.kind === 'boolean' || !activity.of(p).active) return;
    const zero = num('0', node);
    body.push({ k: 'let', v: tangentOf(p), init: p.kind === 'array'
      ? { k: 'newArray', length: { k: 'len', arr: p, node }, fill: zero, typed: false, node } : zero, node });
  });
  // A writer's tangent function writes the arrays it writes and their tangent arrays.
  const params = [...f.params, ...f.captures, ...tangentParams];
  const writes = writer ? (f.writes ?? []).flatMap((w) => {
    const t = tangentVars.get(f.params[w.index]);
    return [w, ...(t && tangentParams.includes(t) ? [{ index: params.indexOf(t), at: w.at }] : [])];
  }) : undefined;
  const result: NumericFunction = {
    id: newFunctionId(),
    name: `${f.name}_${seeds === 'seed' ? 'derivative' : 'tangent'}`,
    node,
    fileName: f.fileName,
    // An arrow's captures become parameters: the call passes them, as it passes the input.
    params,
    body,
    ...(writes ? { writes } : {}),
    // The tangent of the result: a number, or an array of the result's length.
    returns: f.returns,
    captures: [],
    moduleLevel: false,
    usedNames: used,
    constants: f.constants,
  };
  register?.(result);
  madeHere.add(result);
  const cx = new TangentBuilder(activity, tangentOf, fresh, (callee, p) => tangentFunction(callee, p, at, rows), seed, rows);
  body.push(...cx.statements(f.body));
  withoutUnreadValues(body, cx.valueCalls);
  return result;
}

/**
 * `body` without the calls among `calls` (`let g_ = g(…)`, a callee's value, each followed by its
 * tangent call) whose value nothing reads: the tangent call runs the callee's statements too, so
 * it throws where the value's call would, and the code computes the callee once, not twice.
 * (hvp over reverse mode of kmeans: its tangent code ran the cost twice in each forward sweep.)
 */
function withoutUnreadValues(body: Stmt[], calls: ReadonlySet<Stmt>): void {
  if (calls.size === 0) return;
  const read = new Set<Var>();
  forEachExpr(body, (e) => { if (e.k === 'var') read.add(e.v); });
  const unread = new Set([...calls].filter((s) => s.k === 'let' && !read.has(s.v)));
  const visit = (list: Stmt[]): void => {
    for (let i = list.length - 1; i >= 0; i--) if (unread.has(list[i])) list.splice(i, 1);
    for (const s of list) {
      if (s.k === 'if') { visit(s.then); if (s.else) visit(s.else); }
      else if (s.k === 'for') { visit(s.init); visit(s.update); visit(s.body); }
      else if (s.k === 'while' || s.k === 'do' || s.k === 'forOf' || s.k === 'block') visit(s.body);
      else if (s.k === 'switch') for (const c of s.clauses) visit(c.body);
    }
  };
  if (unread.size > 0) visit(body);
}

class TangentBuilder {
  private out: Stmt[] = [];
  /** The `let`s holding a callee's value, made beside its tangent call (withoutUnreadValues). */
  readonly valueCalls = new Set<Stmt>();

  constructor(
    private readonly activity: Activity,
    private readonly tangentOf: (v: Var) => Var,
    private readonly fresh: (base: string, kind: Var['kind']) => Var,
    private readonly calleeTangent: (f: NumericFunction, pattern: readonly ParamState[]) => NumericFunction,
    /** A parameter whose tangent is 1 and never changes (the input of a derivative function, not written to). */
    private readonly seed: Var | undefined,
    /** Rules' partials as `partial` nodes (reverse mode's Hessian). */
    private readonly rows: boolean,
  ) {}

  private isActiveVar = (v: Var): boolean => v.kind !== 'boolean' && this.activity.of(v).active;

  /** The primal statements of `stmts`, each followed by its tangent statements. */
  statements(stmts: Stmt[]): Stmt[] {
    const outer = this.out;
    this.out = [];
    try {
      for (const s of stmts) this.statement(s);
      return this.out;
    } finally {
      this.out = outer;
    }
  }

  private emit(s: Stmt): void {
    this.out.push(s);
  }

  private statement(s: Stmt): void {
    switch (s.k) {
      case 'let': {
        if (!this.isActiveVar(s.v)) return this.emit(s);
        const t = this.tangentOf(s.v);
        if (s.init === undefined) {
          this.emit(s);
          return this.emit({ k: 'let', v: t, init: undefined, node: s.node, ...(s.hoisted ? { hoisted: true as const } : {}) });
        }
        if (s.init.k === 'arrayLit') {
          const elems = s.init.elems.map((e) => this.dual(e));
          this.emit({ ...s, init: { ...s.init, elems: elems.map((d) => d.value) } });
          return this.emit({ k: 'let', v: t, init: { k: 'arrayLit', elems: elems.map((d) => d.tangent ?? num('0', s.node)), node: s.node }, node: s.node });
        }
        if (s.init.k === 'arrayCall') {
          // The callee's array, then its tangents from the callee's tangent function (an array too).
          const call = this.dualCall(s.init.call);
          this.emit({ ...s, init: { ...s.init, call: call.value } });
          return this.emit({ k: 'let', v: t, init: { k: 'arrayCall', call: call.tangent, node: s.init.node }, node: s.node });
        }
        if (s.init.k === 'newArray') {
          const fill = this.dual(s.init.fill);
          const length = this.atom(s.init.length, 'n');
          this.emit({ ...s, init: { ...s.init, length, fill: fill.value } });
          return this.emit({ k: 'let', v: t, init: { ...s.init, length, fill: fill.tangent ?? num('0', s.node) }, node: s.node });
        }
        const d = this.dual(s.init);
        this.emit({ ...s, init: d.value });
        return this.emit({ k: 'let', v: t, init: d.tangent ?? num('0', s.node), node: s.node });
      }
      case 'set': {
        if (!this.isActiveVar(s.v)) return this.emit(s);
        if (s.v.kind === 'array' && s.value.k === 'var') {
          // `y = z` of arrays: y's tangent array is z's (activity.ts), or zeros of z's length.
          const z = s.value.v;
          this.emit(s);
          if (this.isActiveVar(z)) return this.emit({ k: 'set', v: this.tangentOf(s.v), value: { k: 'var', v: this.tangentOf(z), node: s.node }, node: s.node });
          const zeros = this.fresh('zero_d', 'array');
          this.emit({ k: 'let', v: zeros, init: { k: 'newArray', length: { k: 'len', arr: z, node: s.node }, fill: num('0', s.node), typed: false, node: s.node }, node: s.node });
          return this.emit({ k: 'set', v: this.tangentOf(s.v), value: { k: 'var', v: zeros, node: s.node }, node: s.node });
        }
        // Both computed before either is assigned: the value may read the variable.
        const made = this.out.length;
        const d = this.dual(s.value);
        const last = this.out[this.out.length - 1];
        if (this.rows && d.tangent?.k === 'var' && this.out.length > made && last.k === 'let' && last.v === d.tangent.v && last.v.kind === 'number' && last.init) {
          // In the Hessian's tangent code, `v_d = t` of the temporary t just made is `v_d = <t's
          // expression>`, assigned before v (it reads v's old value, as v's new value does; v's
          // value reads no tangent): `s_d = s_d + term` then keeps the form whose adjoint reverse
          // mode carries over unchanged, the seed throughout (emit/reverse/function.ts, oneAdjoints).
          this.out.pop();
          this.emit({ k: 'set', v: this.tangentOf(s.v), value: last.init as Expr, node: s.node });
          return this.emit({ ...s, value: d.value });
        }
        const value = d.tangent ? this.atom(d.value, s.v.name) : d.value;
        this.emit({ ...s, value });
        return this.emit({ k: 'set', v: this.tangentOf(s.v), value: d.tangent ?? num('0', s.node), node: s.node });
      }
      case 'setElem': case 'push': {
        if (!this.isActiveVar(s.arr)) return this.emit(s);
        const d = this.dual(s.value);
        const t = this.tangentOf(s.arr);
        if (s.k === 'push') {
          this.emit({ ...s, value: d.value });
          return this.emit({ k: 'push', arr: t, value: d.tangent ?? num('0', s.node), node: s.node });
        }
        // The index once, before the write: it may read the array written.
        const index = this.atom(s.index, 'i');
        this.emit({ ...s, index, value: d.value });
        return this.emit({ k: 'setElem', arr: t, index, value: d.tangent ?? num('0', s.node), node: s.node });
      }
      case 'if': return this.emit({ ...s, test: this.test(s.test), then: this.statements(s.then), else: s.else && this.statements(s.else) });
      case 'while': case 'do': return this.emit({ ...s, test: this.test(s.test), body: this.statements(s.body) });
      case 'block': return this.emit({ ...s, body: this.statements(s.body) });
      case 'for': {
        const update = this.statements(s.update);
        if (update.some((u) => u.k !== 'set' && u.k !== 'setElem')) {
          reject(s.node, 'DDX1006', 'a loop update that computes a differentiated value is not supported inside a nested derivative yet; move the update into the loop body');
        }
        return this.emit({ ...s, init: this.statements(s.init), test: s.test && this.test(s.test), update, body: this.statements(s.body) });
      }
      case 'return': {
        if (s.value.k === 'newArray') reject(s.node, 'DDX1017', 'return a local array or an array literal');
        if (s.value.k === 'arrayLit') {
          const elems = s.value.elems.map((e) => this.dual(e));
          return this.emit({ k: 'return', value: { k: 'arrayLit', elems: elems.map((d) => d.tangent ?? num('0', s.node)), node: s.value.node }, node: s.node });
        }
        if (s.value.k === 'var' && s.value.v.kind === 'array') {
          const v = s.value.v;
          if (this.isActiveVar(v)) return this.emit({ k: 'return', value: { k: 'var', v: this.tangentOf(v), node: s.value.node }, node: s.node });
          const zeros = this.fresh('zero_d', 'array');
          const zero = num('0', s.node);
          this.emit({ k: 'let', v: zeros, init: { k: 'newArray', length: { k: 'len', arr: v, node: s.node }, fill: zero, typed: false, node: s.node }, node: s.node });
          return this.emit({ k: 'return', value: { k: 'var', v: zeros, node: s.node }, node: s.node });
        }
        const d = this.dual(s.value);
        // `return g_tangent(…)`, not a temporary holding it: reverse mode then runs the returned
        // call once, in its backward sweep (emit/reverse/function.ts, runAgain), not in both sweeps.
        const last = this.out[this.out.length - 1];
        if (d.tangent?.k === 'var' && last?.k === 'let' && last.v === d.tangent.v && last.init?.k === 'call') {
          this.out.pop();
          return this.emit({ k: 'return', value: last.init, node: s.node });
        }
        return this.emit({ k: 'return', value: d.tangent ?? num('0', s.node), node: s.node });
      }
      case 'break': case 'continue': case 'throw': return this.emit(s);
      case 'effect': {
        // In the Hessian over reverse mode, `h(out, a, k);` becomes `h_tangent(out, a, k, out_d, a_d, k_d);`,
        // which writes out and its tangents (running h's statements too).
        if (this.rows) {
          if (!s.call.args.some((a) => this.activity.isActive(a))) return this.emit(s);
          return this.emit({ ...s, call: this.dualCall(s.call).tangent });
        }
        return reject(s.node, 'DDX1058', `'${s.call.fn.name}' writes its array argument: inside a nested derivative, such a call is not differentiated yet; compute the nested derivative outside the function, or have the helper return a number`);
      }
    }
  }

  /**
   * A condition of the function in its derivative code: as written (conditions read primal
   * values), but a zero-tangent guard on an active value also tests the value's tangent, so that a
   * guard differentiated again still means "every part is exactly 0" (the engine's `isZero`).
   */
  private test(c: Cond): Cond {
    switch (c.k) {
      case 'zero': {
        const t = this.isActive(c.a) ? this.dual(c.a).tangent : undefined;
        return t ? { k: 'logic', op: '&&', a: c, b: generated({ k: 'zero', a: t, node: c.node }), node: c.node } : c;
      }
      case 'not': return { ...c, a: this.test(c.a) };
      case 'logic': case 'iff': return { ...c, a: this.test(c.a), b: this.test(c.b) };
      case 'choose': return { ...c, test: this.test(c.test), a: this.test(c.a), b: this.test(c.b) };
      default: return c;
    }
  }

  /** `e` as a variable or constant (a temporary when it is anything else). */
  private atom(e: Expr, base: string): Expr {
    if (e.k === 'num' || e.k === 'var') return e;
    const v = this.fresh(`${base}_`, 'number');
    this.emit({ k: 'let', v, init: e, node: e.node });
    return { k: 'var', v, node: e.node };
  }

  private isActive(e: Expr): boolean {
    return this.activity.isActive(e);
  }

  /** The value of `e` (split into temporaries where active) and its tangent. */
  private dual(e: Expr): Dual {
    if (!this.isActive(e)) return { value: e, tangent: undefined };
    const M = irAlgebra(this, e.node);
    switch (e.k) {
      case 'var': return { value: e, tangent: e.v === this.seed ? num('1', e.node) : { k: 'var', v: this.tangentOf(e.v), node: e.node } };
      case 'elem': {
        const index = this.atom(e.index, 'i');
        return { value: { ...e, index }, tangent: { k: 'elem', arr: this.tangentOf(e.arr), index, node: e.node } };
      }
      case 'neg': {
        const a = this.dual(e.a);
        return a.tangent ? this.withTangent(this.atom({ ...e, a: a.value }, 't'), M.neg(a.tangent)) : { value: e, tangent: undefined };
      }
      case 'bin': {
        const a = this.dual(e.a), b = this.dual(e.b);
        const value = this.atom({ ...e, a: a.value, b: b.value }, 't');
        if (e.op === '+' || e.op === '-') {
          const t = a.tangent && b.tangent ? M[e.op === '+' ? 'add' : 'sub'](a.tangent, b.tangent)
            : a.tangent ?? (e.op === '-' ? M.neg(b.tangent!) : b.tangent);
          return this.withTangent(value, t!);
        }
        const name: BinaryName = e.op === '*' ? 'mul' : e.op === '/' ? 'div' : e.op === '%' ? 'mod' : 'pow';
        return this.withTangent(value, this.binary(name, a, b, value, M));
      }
      case 'math': {
        const args = e.args.map((x) => this.dual(x));
        const value = this.atom({ ...e, args: args.map((a) => a.value) }, 't');
        const parts = args.map((a) => (a.tangent ? [a.tangent] : undefined));
        const name = e.name;
        if (isUnaryMath(name)) {
          const rule = rules[name];
          const df = () => this.partial({ k: 'unary', name }, rule.df(args[0].value, value, M), [args[0].value]);
          return this.withTangent(value, chainRule(irChain(this, M), parts, df, () => undefined)[0]);
        }
        switch (e.name) {
          case 'pow': case 'atan2': return this.withTangent(value, this.binary(e.name, args[0], args[1], value, M));
          case 'hypot': {
            const x = args.map((a) => a.value);
            const partial = (i: number) => this.partial({ k: 'hypot', i }, hypotRule.partial(i, x, value, M), x);
            return this.withTangent(value, chainRule(irChain(this, M), parts, partial, () => undefined)[0]);
          }
          case 'min': case 'max': {
            // The first argument that attains the result carries the derivative (as the engine).
            let t: Expr = args[args.length - 1].tangent ?? num('0', e.node);
            for (let i = args.length - 2; i >= 0; i--) {
              t = { k: 'cond', test: generated({ k: 'same', a: args[i].value, b: value, node: e.node }), a: args[i].tangent ?? num('0', e.node), b: t, node: e.node };
            }
            return this.withTangent(value, t);
          }
        }
        return reject(e.node, 'DDX1004', `Math.${e.name} has no derivative rule`);
      }
      case 'call': {
        const call = this.dualCall(e);
        const value = this.atom(call.value, e.fn.name);
        // (A callee that writes an array argument keeps its call: the write is an effect.)
        if (!(e.fn.writes ?? []).length) this.valueCalls.add(this.out[this.out.length - 1]);
        return { value, tangent: this.atom(call.tangent, `${e.fn.name}_d`) };
      }
      case 'cond': {
        if (isRuleSpecialCase(e.test)) {
          // A rule's special case (derivative code differentiated again): both sides computed (they
          // are formulas), and chosen by the same test, so that a level where the tested value is
          // active takes the special value with the formula's tangent (isRuleSpecialCase).
          const a = this.dual(e.a), b = this.dual(e.b);
          const choose = (x: Expr, y: Expr): Expr => ({ k: 'cond', test: e.test, a: x, b: y, node: e.node });
          const value = this.atom(choose(a.value, b.value), 't');
          const zero = num('0', e.node);
          if (this.isActive(e.test.a)) return b.tangent ? this.withTangent(value, b.tangent) : { value, tangent: undefined };
          return a.tangent || b.tangent ? this.withTangent(value, choose(a.tangent ?? zero, b.tangent ?? zero)) : { value, tangent: undefined };
        }
        // An if/else, so that only the chosen branch is evaluated.
        const v = this.fresh('c_', 'number'), t = this.fresh('c_d', 'number');
        this.emit({ k: 'let', v, init: undefined, node: e.node });
        this.emit({ k: 'let', v: t, init: undefined, node: e.node });
        const branch = (x: Expr): Stmt[] => {
          const outer = this.out;
          this.out = [];
          try {
            const d = this.dual(x);
            this.emit({ k: 'set', v, value: d.value, node: x.node });
            this.emit({ k: 'set', v: t, value: d.tangent ?? num('0', x.node), node: x.node });
            return this.out;
          } finally {
            this.out = outer;
          }
        };
        this.emit({ k: 'if', test: this.test(e.test), then: branch(e.a), else: branch(e.b), node: e.node });
        return { value: { k: 'var', v, node: e.node }, tangent: { k: 'var', v: t, node: e.node } };
      }
      // Rules evaluated on numbers at run time (a defineFunction rule, a package's special function):
      // each partial is a `partial` node, which the outer derivative differentiates by the rule's
      // second-order row (the given d2f, specialRules' `second`), never through a formula.
      case 'custom': {
        const x = this.dual(e.args[0]);
        const value = this.atom({ ...e, args: [x.value] }, 't');
        const df = (): Expr => this.partial({ k: 'custom', rule: e.rule }, { ...e, args: [x.value], derivative: 'df' }, [x.value]);
        return this.withTangent(value, chainRule(irChain(this, M), [x.tangent && [x.tangent]], df, () => undefined)[0]);
      }
      case 'special': {
        const args = e.args.map((a) => this.dual(a)), x = args.map((a) => a.value);
        const value = this.atom({ ...e, args: x }, 't');
        const partial = (i: number): Expr => this.partial({ k: 'special', fn: e.fn, i }, { ...e, args: x, partial: i }, x);
        return this.withTangent(value, chainRule(irChain(this, M), args.map((a) => a.tangent && [a.tangent]), partial, () => undefined)[0]);
      }
      case 'mathOver': return this.hypotOver(e, M);
      case 'partial': {
        // A rule's partial met again (a nested derivative of a nested derivative, or the Hessian over
        // reverse mode of one): it would need the rule's third derivative, which no row has.
        const row = e.row;
        const name = row.k === 'custom' ? `'${row.rule.name}' (made by defineFunction)` : row.k === 'special' ? `'${row.fn.name}' of '${row.fn.module}'` : `the rule of ${row.k === 'unary' || row.k === 'binary' ? row.name : 'hypot'}`;
        return reject(e.node, 'DDX1006', `${name} is differentiated three times here (a derivative of a nested derivative of it), which needs its third derivative: rules give two; compute one of the derivatives outside the function`);
      }
      default:
        // Never active (activity.ts): numbers, lengths, bitwise results, booleans.
        return reject(e.node, 'DDX1006', `this expression (${e.k}) is not supported inside a nested derivative`);
    }
  }

  /**
   * `Math.hypot(...g)`: Σᵢ ∂ᵢ·g_d[i] in a loop over the elements, each partial gᵢ/h (hypotRule); in
   * the Hessian's tangent code a `partial` node whose second-order row reaches every element of g.
   */
  private hypotOver(e: Extract<Expr, { k: 'mathOver' }>, M: Algebra<Expr>): Dual {
    const node = e.node, g = e.arr;
    const value = this.atom(e, 't');
    const i = this.fresh('i_', 'number'), sum = this.fresh('sum_d', 'number');
    const at = (v: Var): Expr => ({ k: 'elem', arr: v, index: { k: 'var', v: i, node }, node });
    const total: Expr = { k: 'var', v: sum, node };
    this.emit({ k: 'let', v: sum, init: num('0', node), node });
    const outer = this.out;
    this.out = [];
    const p = this.partial({ k: 'hypotOver', arr: g }, hypotRule.partial(0, [at(g)], value, M), [at(g)]);
    this.emit({ k: 'set', v: sum, value: M.add(total, irChain(this, M).scale(p, at(this.tangentOf(g)))), node });
    const body = this.out;
    this.out = outer;
    const index: Expr = { k: 'var', v: i, node };
    this.emit({
      k: 'for', init: [{ k: 'let', v: i, init: num('0', node), node }], test: { k: 'cmp', op: '<', a: index, b: { k: 'len', arr: g, node }, node },
      update: [{ k: 'set', v: i, value: M.add(index, num('1', node)), node }], body, node,
    });
    return { value, tangent: total };
  }

  /** An active call and the call of the callee's tangent function (arguments, then the tangents of the active ones). */
  private dualCall(e: Extract<Expr, { k: 'call' }>): { value: Extract<Expr, { k: 'call' }>; tangent: Extract<Expr, { k: 'call' }> } {
    const args = e.args.map((x) => (x.k === 'var' && x.v.kind === 'array' ? { value: x, tangent: this.isActiveVar(x.v) ? ({ k: 'var', v: this.tangentOf(x.v), node: x.node } as Expr) : undefined } : this.dual(x)));
    const values = args.map((a) => (a.tangent ? this.atom(a.value, 'a') : a.value));
    const pattern = args.map((a) => (a.tangent ? ParamState.Active : ParamState.Inactive));
    const callee = this.calleeTangent(e.fn, pattern);
    return { value: { ...e, args: values }, tangent: { k: 'call', fn: callee, args: [...values, ...args.flatMap((a) => (a.tangent ? [a.tangent] : []))], node: e.node } };
  }

  private withTangent(value: Expr, tangent: Expr): Dual {
    return { value, tangent: this.atom(tangent, 'd') };
  }

  private binary(name: BinaryName, a: Dual, b: Dual, value: Expr, M: Algebra<Expr>): Expr {
    const rule = binaryRules[name];
    const parts = [a.tangent ? [a.tangent] : undefined, b.tangent ? [b.tangent] : undefined];
    const partial = (i: number): Expr =>
      this.partial({ k: 'binary', name, i: i === 0 ? 0 : 1 }, (i === 0 ? rule.da : rule.db)(a.value, b.value, value, M), [a.value, b.value]);
    return chainRule(irChain(this, M), parts, partial, () => undefined)[0];
  }

  /**
   * A rule's partial `value` at `args`: a `partial` node where `rows` asks for one (see the file
   * comment), and always for a rule evaluated on numbers at run time (defineFunction's df, a special
   * function's partial), whose value is a call that only the rule's second-order row differentiates.
   */
  private partial(row: PartialRow, value: Expr, args: Expr[]): Expr {
    const opaque = row.k === 'custom' || row.k === 'special';
    if ((!this.rows && !opaque) || value.k === 'num' || value.k === 'var' || value.k === 'elem') return value;
    return { k: 'partial', row, value, args, node: value.node };
  }

  /** A shared value of a rule, computed once before the statement. */
  share(e: Expr, name: string): Expr {
    return this.atom(e, name);
  }
}

/** A numeral. */
const num = (text: string, node: ts.Node): Expr => ({ k: 'num', text, value: Number(text), node });
/** The global NaN or Infinity. */
const globalNumber = (text: 'NaN' | 'Infinity', node: ts.Node): Expr => ({ k: 'num', text, node });

/** The tests derivative code makes (special cases of rules, the zero-tangent guard), not the user's: no equality warning. */
const generatedTests = new WeakSet<Cond>();
/** Marks `c` as a test derivative code makes (also a copy of one: reverse mode's renamed body, emit/reverse/rename.ts). */
export const generated = (c: Cond): Cond => {
  generatedTests.add(c);
  return c;
};
export const isGeneratedTest = (c: Cond): boolean => generatedTests.has(c);

/**
 * A rule's special case in derivative code, `a === 0 ? then : otherwise` (rules.ts' `ifZero`: ∂(x^p)/∂x
 * is 0 at p = 0). Where `a` is active (the code is differentiated again), the value is `then`'s but
 * its derivative is `otherwise`'s, the formula's around the point (∂²(x^p)/∂x∂p = 1/x at p = 0, as
 * the rule table's second-order row, not 0): every mode and the engine's `ops.ifZero` take it so.
 */
export const isRuleSpecialCase = (c: Cond): c is Extract<Cond, { k: 'cmp' }> =>
  isGeneratedTest(c) && c.k === 'cmp' && c.op === '===' && c.b.k === 'num' && c.b.value === 0;

const isNumeral = (e: Expr, value: number): boolean => e.k === 'num' && e.value === value;

/** The rule table's algebra over IR expressions (shared values become temporaries). */
function irAlgebra(cx: TangentBuilder, node: ts.Node): Algebra<Expr> {
  const bin = (op: '+' | '-' | '*' | '/' | '**') => (a: Expr, b: Expr): Expr => ({ k: 'bin', op, a, b, node });
  const math = (name: string) => (a: Expr): Expr => ({ k: 'math', name, args: [a], node });
  const cmp = (op: '<' | '>' | '===', a: Expr, b: Expr): Cond => generated({ k: 'cmp', op, a, b, node });
  const same = (a: Expr, b: Expr): Cond => generated({ k: 'same', a, b, node });
  const either = (a: Cond, b: Cond): Cond => ({ k: 'logic', op: '||', a, b, node });
  const constant = (c: number): Expr =>
    Number.isNaN(c) ? globalNumber('NaN', node) : c < 0 || Object.is(c, -0) ? { k: 'neg', a: constant(-c), node } : c === Infinity ? globalNumber('Infinity', node) : num(String(c), node);
  return {
    constant,
    add: bin('+'),
    sub: bin('-'),
    mul: bin('*'),
    div: bin('/'),
    neg: (a) => ({ k: 'neg', a, node }),
    sqrt: math('sqrt'),
    cbrt: math('cbrt'),
    exp: math('exp'),
    sin: math('sin'),
    cos: math('cos'),
    sinh: math('sinh'),
    cosh: math('cosh'),
    log: math('log'),
    trunc: math('trunc'),
    // As the number algebra: x^1 = x, x^2 = x·x.
    pow: (x, p) => (isNumeral(p, 1) ? x : isNumeral(p, 2) ? bin('*')(x, x) : bin('**')(x, p)),
    signBit: (a) => ({
      k: 'cond', test: either(cmp('>', a, num('0', node)), same(a, num('0', node))), a: num('1', node),
      b: { k: 'cond', test: either(cmp('<', a, num('0', node)), same(a, constant(-0))), a: constant(-1), b: globalNumber('NaN', node), node }, node,
    }),
    // A constant test is decided here (`2 === 0` would not even type-check).
    ifZero: (test, then, otherwise) => (test.k === 'num' ? (test.value === 0 ? then : otherwise)
      : { k: 'cond', test: cmp('===', test, num('0', node)), a: then, b: otherwise, node }),
    share: (a, name) => cx.share(a, name),
  };
}

/**
 * The chain rule's algebra over IR: p·t, and 0 where every part of t is exactly 0 (the zero-tangent
 * convention; see the file comment). A finite constant p multiplies plainly.
 */
function irChain(cx: TangentBuilder, M: Algebra<Expr>): ChainAlgebra<Expr> {
  return {
    add: M.add,
    scale: (p, t) => {
      if (isNumeral(p, 1)) return t;
      if (isNumeral(t, 1)) return p;
      if (t.k === 'num') return t.value === 0 ? num('0', p.node) : M.mul(p, t);
      if (p.k === 'num' && Number.isFinite(p.value ?? NaN)) return M.mul(p, t);
      const node = p.node;
      return { k: 'cond', test: generated({ k: 'zero', a: t, node }), a: num('0', node), b: M.mul(p, t), node };
    },
    cross: () => {
      throw new Error('tangent.ts builds first-order tangents only');
    },
  };
}
