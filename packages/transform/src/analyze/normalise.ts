/**
 * The normalise pass: IR → IR rewrites that need the whole lowered function, run on each function
 * as its lowering completes (before the checks and the emitters see it). Each rewrite preserves
 * meaning: test/interpreter.test.ts interprets every function before and after this pass and
 * compares both with the plain JavaScript.
 *
 * - Every path of a function that returns a value ends in a return: where JavaScript may reach
 *   the end of the body (a package's `if (count) return sum / count;`; lowering rejects this in
 *   TypeScript, DDX1013), `return undefined`, which is what JavaScript returns there.
 * - A call's `default` arguments (those it leaves out, or gives `a ?? default`) become the
 *   callee's default values, over the arguments before them (fillDefaults).
 * - `for (const v of xs)` becomes `for (let i = 0; i < xs.length; i = i + 1) { const v = xs[i]; … }`.
 * - A `switch` becomes ifs: an if/else chain where no case falls through into the next, else
 *   the index of the case to enter computed first, and the cases in turn (switchAsIfs).
 * - One exit: every return ends a path to the function's end, and a function returning a number
 *   or a boolean ends in its only `return` (singleExit; lowering runs it last, once the returned
 *   values have given the function's kind).
 * - A value converted to a number (`v ?? NaN`, what `x++` gives: the old value as a number, NaN
 *   where it was undefined) of a variable that always holds a number is the variable itself.
 */
import { ts } from 'ts-morph';
import { isReservedWord } from '../emit/names.js';
import type { Cond, Expr, NumericFunction, Stmt, SwitchClause, Var } from './ir.js';
import { breaksTo, completes, forEachExpr, forEachVar, tailReturns } from './walk.js';

/** Normalises `fn`'s body in place. */
export function normalise(fn: NumericFunction): void {
  for (const d of fn.defaults ?? []) if (d) fillCalls([{ k: 'return', value: d, node: d.node }]);
  fillCalls(fn.body);
  desugar(fn);
  endWithReturn(fn);
  dropConversions(fn, alwaysNumbers(fn.body));
}

/** A function that may reach the end of its body gets `return undefined` there (one that returns nothing, 'void', keeps its end). */
export function endWithReturn(fn: NumericFunction): void {
  if (fn.returns === 'void' || !completes(fn.body)) return;
  const body = (fn.node as ts.Node as { body?: ts.Node }).body;
  const end = (body && ts.isBlock(body) ? body.getLastToken() : undefined) ?? fn.node;
  fn.body.push({ k: 'return', value: { k: 'num', text: 'undefined', node: end }, node: end });
}

/**
 * One exit per function: no backend handles control leaving a function early.
 * 1. Structured first: where a branch of an `if` returns (and never goes on after it) and the
 *    other may go on, the statements after the `if` move into the other branch
 *    (`if (c) return a; rest` → `if (c) return a; else { rest }`), outside loops (elseTakesRest).
 *    Every return then at the end of a path to the function's end (a tail, tailReturns) is its
 *    path's exit: nothing runs after it.
 * 2. A function returning a number or a boolean then ends in its only `return`: every return sets
 *    a result local instead: a tail only that; one anywhere else (inside a loop, or before
 *    statements that a path may still run) also leaves a labelled block around the rest of the
 *    body, `break exit` (which leaves every loop around it, as the return did). The body ends in
 *    `return result`.
 * An array-valued function keeps its tails as returns: each makes or binds the array it returns
 * (`return [a, b]`, `return out`), which a result local would have to hold as a second name (a
 * rebinding, with a made array held in a local first: reverse mode would keep the bindings on a
 * stack and give that local an adjoint array of its own). A return that step 1 cannot make a tail
 * (inside a loop or a labelled block, or in a branch that may go on, `if (c) { …; if (d) return t; }
 * rest`) stays an early return: an array local declared before any array is made is not in the IR
 * (ir.ts: an array is made where it is declared), and reverse mode saves the return taken for it.
 */
export function singleExit(fn: NumericFunction): void {
  if (fn.returns === 'void') return;
  const sites = returnsIn(fn.body);
  if (sites.length === 0 || (sites.length === 1 && fn.body.at(-1) === sites[0])) return;
  elseTakesRest(fn.body);
  if (fn.returns === 'array') return;
  const tails = tailReturns(fn.body);
  const last = sites[sites.length - 1];
  let nextId = 0;
  forEachVar(fn, (v) => { nextId = Math.max(nextId, v.id + 1); });
  const resultName = freshName(fn, 'result');
  const result: Var = { id: nextId, name: resultName, sourceName: resultName, kind: fn.returns, isParam: false, isConst: false };
  (fn as { result?: Var }).result = result;
  const exitLabel = sites.some((r) => !tails.has(r)) ? freshName(fn, 'exit') : undefined;
  const leave = (stmts: Stmt[]): void => {
    stmts.splice(0, stmts.length, ...stmts.flatMap((s): Stmt[] => {
      switch (s.k) {
        case 'return': {
          const set: Stmt = { k: 'set', v: result, value: s.value as Expr, node: s.node };
          return tails.has(s) ? [set] : [set, { k: 'break', label: exitLabel, node: s.node }];
        }
        case 'if': leave(s.then); if (s.else) leave(s.else); return [s];
        case 'for': case 'while': case 'do': case 'block': leave(s.body); return [s];
        default: return [s];
      }
    }));
  };
  // The statements before the first that returns stay outside the block (hoisted `var`s, unpacked parameters).
  const first = fn.body.findIndex((s) => returnsIn([s]).length > 0);
  const rest = fn.body.splice(first);
  leave(rest);
  const at = last.node;
  const read: Expr = { k: 'var', v: result, node: at };
  fn.body.push(
    { k: 'let', v: result, init: undefined, node: at },
    ...(exitLabel === undefined ? rest : [{ k: 'block', body: rest, node: fn.node, label: exitLabel } as Stmt]),
    { k: 'return', value: fn.returns === 'boolean' ? { k: 'boolean', test: { k: 'flag', v: result, node: at }, node: at } : read, node: at },
  );
}

/** The `return` statements in `stmts`, in order. */
function returnsIn(stmts: Stmt[]): Extract<Stmt, { k: 'return' }>[] {
  const found: Extract<Stmt, { k: 'return' }>[] = [];
  forEachExpr(stmts, () => {}, (s) => { if (s.k === 'return') found.push(s); });
  return found;
}

/**
 * `if (c) { …; return a } rest` → `if (c) { …; return a } else { rest }` (in place, `stmts` outside
 * loops): where one branch returns and never goes on after the `if`, and the other may, the rest
 * runs only after the other; moved there, the return ends a path to the function's end.
 */
function elseTakesRest(stmts: Stmt[]): void {
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    if (s.k === 'block') elseTakesRest(s.body);
    if (s.k !== 'if') continue;
    const leaves = (branch: Stmt[] | undefined): boolean => branch !== undefined && !completes(branch) && returnsIn(branch).length > 0;
    if (i < stmts.length - 1 && (leaves(s.then) || leaves(s.else))) {
      const rest = stmts.splice(i + 1);
      if (leaves(s.then) && (s.else === undefined || completes(s.else))) (s as { else: Stmt[] }).else = [...(s.else ?? []), ...rest];
      else if (leaves(s.else) && completes(s.then)) s.then.push(...rest);
      else stmts.push(...rest);
    }
    elseTakesRest(s.then);
    if (s.else) elseTakesRest(s.else);
  }
}

/** Whether `e` may be undefined: a local, an element, a call or a choice between them may; arithmetic never does. */
export const mayBeUndefined = (e: Expr): boolean => e.k === 'var' || e.k === 'elem' || e.k === 'call' || e.k === 'cond';

/** `let t = v ?? NaN` (a conversion, see lower/defaults.ts toNumber) becomes `let t = v` where `v` is in `numbers`. */
export function dropConversions(fn: NumericFunction, numbers: ReadonlySet<Var>): void {
  forEachExpr(fn.body, () => {}, (s) => {
    if (s.k !== 'let' || s.init?.k !== 'cond') return;
    const { test, a, b } = s.init;
    if (test.k === 'defined' && test.a === a && a.k === 'var' && b.k === 'num' && b.text === 'NaN' && numbers.has(a.v)) {
      (s as { init: Expr }).init = a;
    }
  });
}

/**
 * The number locals of a body that never hold undefined: declared with a value, and only ever
 * given numbers (arithmetic, or such locals). Not parameters: a caller may pass an element read
 * past the end; not `var`s: read before their first assignment, they are undefined.
 */
export function alwaysNumbers(body: Stmt[]): Set<Var> {
  const values = new Map<Var, Expr[]>();
  const declared = new Set<Var>();
  const excluded = new Set<Var>();
  forEachExpr(body, () => {}, (s) => {
    if (s.k === 'let' && s.v.kind === 'number') {
      declared.add(s.v);
      if (s.init === undefined || s.init.k === 'arrayLit' || s.init.k === 'newArray' || s.init.k === 'arrayCall') excluded.add(s.v);
      else values.set(s.v, [...(values.get(s.v) ?? []), s.init]);
    } else if (s.k === 'set' && s.v.kind === 'number') values.set(s.v, [...(values.get(s.v) ?? []), s.value]);
  });
  // Only locals declared in the body: a parameter assigned a number (`o++` sets o = before + 1)
  // still held what the caller passed before that.
  const numbers = new Set([...values.keys()].filter((v) => declared.has(v) && !excluded.has(v)));
  const isNumber = (e: Expr): boolean => !mayBeUndefined(e) || (e.k === 'var' && numbers.has(e.v)) || (e.k === 'cond' && isNumber(e.a) && isNumber(e.b));
  for (let changed = true; changed;) {
    changed = false;
    for (const v of numbers) {
      if (values.get(v)!.every(isNumber)) continue;
      numbers.delete(v);
      changed = true;
    }
  }
  return numbers;
}

/** A new name for generated code in `fn`: `base`, else `base2`, … (as lowering names its temporaries). */
function freshName(fn: NumericFunction, base: string): string {
  const used = fn.usedNames as Set<string>;
  let name = base;
  for (let k = 2; used.has(name) || isReservedWord(name); k++) name = `${base}${k}`;
  used.add(name);
  return name;
}

/** Rewrites, in place, every statement of `fn` that the emitters do not know (inner ones first). */
function desugar(fn: NumericFunction): void {
  let nextId = 0;
  forEachVar(fn, (v) => { nextId = Math.max(nextId, v.id + 1); });
  const newLocal = (base: string): Var => {
    const name = freshName(fn, base);
    return { id: nextId++, name, sourceName: name, kind: 'number', isParam: false, isConst: false };
  };
  const rewrite = (stmts: Stmt[]): void => {
    stmts.splice(0, stmts.length, ...stmts.flatMap((s): Stmt[] => {
      switch (s.k) {
        case 'if': rewrite(s.then); if (s.else) rewrite(s.else); return [s];
        case 'for': rewrite(s.init); rewrite(s.update); rewrite(s.body); return [s];
        case 'while': case 'do': case 'block': rewrite(s.body); return [s];
        case 'forOf': rewrite(s.body); return [forOfAsFor(s)];
        case 'switch': for (const c of s.clauses) rewrite(c.body); return switchAsIfs(s, newLocal);
        default: return [s];
      }
    }));
  };
  rewrite(fn.body);
}

/**
 * `for (const v of xs) body` → `for (let i = 0; i < xs.length; i = i + 1) { const v = xs[i]; body }`:
 * the array iterator also reads the length before each step, so elements pushed in the body are
 * visited, as in JavaScript.
 */
function forOfAsFor(s: Extract<Stmt, { k: 'forOf' }>): Stmt {
  const { index, length, bind, body, node, label } = s;
  const at = index.node;
  const loop: Stmt = {
    k: 'for',
    init: [{ k: 'let', v: index.v, init: { k: 'num', text: '0', value: 0, node: at }, node: at }],
    test: { k: 'cmp', op: '<', a: index, b: length, node: at },
    update: [{ k: 'set', v: index.v, value: { k: 'bin', op: '+', a: index, b: { k: 'num', text: '1', value: 1, node: at }, node: at }, node: at }],
    body: [bind, ...body],
    node,
  };
  return label === undefined ? loop : { ...loop, label };
}

/**
 * `switch`: an if/else chain where no case falls through into the next (each ends in break,
 * return, continue or throw, or is empty and shares the next one's body), with `default` as the
 * last else. Otherwise the index of the case to enter is computed first (`entry`), and the cases
 * follow each other, each entered where `entry <= its index`. A `break` of the switch leaves the
 * labelled block around it. Cases compare the key with `===`.
 */
export function switchAsIfs(s: Extract<Stmt, { k: 'switch' }>, newLocal: (base: string) => Var): Stmt[] {
  const { key, clauses, label, node } = s;
  const cases = (c: SwitchClause) => c.node as ts.CaseClause;
  const matches = (tests: SwitchClause[]): Cond => tests.map((c): Cond => ({ k: 'cmp', op: '===', a: key, b: c.test!, node: cases(c).expression }))
    .reduce((a, b) => ({ k: 'logic', op: '||', a, b, node: b.node }));
  const defaultIndex = clauses.findIndex((c) => c.test === undefined);
  // Cases with an empty body share the next one's.
  const groups: { tests: SwitchClause[]; isDefault: boolean; body: Stmt[] }[] = [];
  let pending: { tests: SwitchClause[]; isDefault: boolean } = { tests: [], isDefault: false };
  clauses.forEach((c, i) => {
    if (c.test) pending.tests.push(c);
    else pending.isDefault = true;
    if (c.body.length === 0 && i < clauses.length - 1) return;
    groups.push({ ...pending, body: c.body });
    pending = { tests: [], isDefault: false };
  });
  const defaultGroup = groups.findIndex((g) => g.isDefault);
  const chained = groups.every((g, i) => i === groups.length - 1 || !completes(g.body)) &&
    (defaultGroup === -1 || defaultGroup === groups.length - 1 || groups[defaultGroup].tests.length === 0);
  let lowered: Stmt[];
  const out: Stmt[] = [];
  if (chained) {
    const withoutBreak = (body: Stmt[]): Stmt[] => {
      const last = body[body.length - 1];
      return last?.k === 'break' && last.label === label ? body.slice(0, -1) : body;
    };
    const otherwise = defaultGroup === -1 ? undefined : withoutBreak(groups[defaultGroup].body);
    lowered = otherwise ?? [];
    for (let i = groups.length - 1; i >= 0; i--) {
      if (i === defaultGroup) continue;
      const g = groups[i];
      lowered = [{ k: 'if', test: matches(g.tests), then: withoutBreak(g.body), else: lowered.length > 0 || otherwise ? lowered : undefined, node: g.tests.length > 0 ? cases(g.tests[0]).expression : node }];
    }
    // A default alone keeps its own scope.
    if (groups.length === 1 && defaultGroup === 0) lowered = [{ k: 'block', body: lowered, node: node.caseBlock }];
  } else {
    const entry = newLocal('entry');
    const num = (i: number, at: ts.Node): Expr => ({ k: 'num', text: String(i), value: i, node: at });
    out.push({ k: 'let', v: entry, init: num(defaultIndex === -1 ? clauses.length : defaultIndex, node), node });
    let select: Stmt[] = [];
    for (let i = clauses.length - 1; i >= 0; i--) {
      const c = clauses[i];
      if (!c.test) continue;
      const set: Stmt = { k: 'set', v: entry, value: num(i, c.node), node: c.node };
      select = [{ k: 'if', test: matches([c]), then: [set], else: select.length > 0 ? select : undefined, node: c.node }];
    }
    out.push(...select);
    lowered = clauses.flatMap(({ body, node: at }, i): Stmt[] => {
      if (body.length === 0) return [];
      // With a default, every path enters at or before the last case.
      if (i === clauses.length - 1 && defaultIndex !== -1) return [{ k: 'block', body, node: at }];
      const test: Cond = { k: 'cmp', op: '<=', a: { k: 'var', v: entry, node: at }, b: num(i, at), node: at };
      return [{ k: 'if', test, then: body, else: undefined, node: at }];
    });
  }
  return [...out, ...(breaksTo(lowered, label) ? [{ k: 'block', body: lowered, node, label } as Stmt] : lowered)];
}

/** For the emitters and the passes after normalise: a statement or expression kind it desugars never reaches them. */
export function desugared(s: Stmt | Expr): never {
  throw new Error(`unreachable: a '${s.k}' statement after normalise.ts, which desugars it`);
}

/**
 * The arguments of a call of `fn` that passes `given` (the callee's inputs, from entryOf in
 * lower.ts), after normalise: the omitted ones are `fn`'s defaults, each over the arguments
 * before it (as JavaScript evaluates them, in the callee, left to right).
 */
export function withDefaults(fn: NumericFunction, given: readonly Expr[]): Expr[] {
  const args: Expr[] = [...given, ...fn.params.slice(given.length).map((param): Expr => ({ k: 'default', param, node: fn.node }))];
  fillDefaults(fn, args);
  return args;
}

/**
 * The `default` arguments of a call of `fn` (in place): each is the parameter's default over the
 * arguments before it, as JavaScript evaluates it in the callee, left to right.
 */
function fillDefaults(fn: NumericFunction, args: Expr[]): void {
  const byParam = new Map<Var, Expr>();
  const valueOf = (d: Extract<Expr, { k: 'default' }>): Expr => {
    const value = substitute(fn.defaults![fn.params.indexOf(d.param)]!, byParam);
    // A default of a function not normalised yet (a recursion) may call functions with defaults in turn.
    fillCalls([{ k: 'return', value, node: value.node }]);
    return value;
  };
  fn.params.forEach((p, i) => {
    const a = args[i];
    if (a?.k === 'default') args[i] = valueOf(a);
    else if (a?.k === 'cond' && a.b.k === 'default') args[i] = { ...a, b: valueOf(a.b) };
    byParam.set(p, args[i]);
  });
}

/** Fills the `default` arguments of every call in `stmts`, inner calls first. */
function fillCalls(stmts: Stmt[]): void {
  const calls: { fn: NumericFunction; args: Expr[] }[] = [];
  forEachExpr(stmts, (e) => { if (e.k === 'call') calls.push(e); }, () => {}, (c) => { if (c.k === 'predicate') calls.push(c); });
  for (const call of calls.reverse()) if (call.args.some(takesDefault)) fillDefaults(call.fn, call.args);
}

const takesDefault = (a: Expr): boolean => a.k === 'default' || (a.k === 'cond' && a.b.k === 'default');

/** `e` with parameters replaced by arguments (an array parameter by the array passed by name). */
function substitute(e: Expr, byParam: ReadonlyMap<Var, Expr>): Expr {
  const x = (a: Expr): Expr => substitute(a, byParam);
  const arr = (v: Var): Var => { const a = byParam.get(v); return a?.k === 'var' ? a.v : v; };
  const c = (t: Cond): Cond => {
    switch (t.k) {
      case 'cmp': case 'same': return { ...t, a: x(t.a), b: x(t.b) };
      case 'not': return { ...t, a: c(t.a) };
      case 'logic': return { ...t, a: c(t.a), b: c(t.b) };
      case 'truthy': case 'defined': case 'test': case 'zero': return { ...t, a: x(t.a) };
      case 'bool': return t;
      case 'flag': {
        const a = byParam.get(t.v);
        return a?.k === 'boolean' ? a.test : a?.k === 'var' ? { ...t, v: a.v } : t;
      }
      case 'predicate': return { ...t, args: t.args.map(x) };
      case 'iff': return { ...t, a: c(t.a), b: c(t.b) };
      case 'choose': return { ...t, test: c(t.test), a: c(t.a), b: c(t.b) };
    }
  };
  switch (e.k) {
    case 'num': return e;
    case 'var': return byParam.get(e.v) ?? e;
    case 'elem': return { ...e, arr: arr(e.arr), index: x(e.index) };
    case 'len': case 'mathOver': return { ...e, arr: arr(e.arr) };
    case 'neg': case 'bitnot': return { ...e, a: x(e.a) };
    case 'bin': case 'bitwise': return { ...e, a: x(e.a), b: x(e.b) };
    case 'math': case 'call': case 'special': return { ...e, args: e.args.map(x) };
    case 'custom': return { ...e, args: [x(e.args[0])] };
    case 'cond': return { ...e, test: c(e.test), a: x(e.a), b: x(e.b) };
    case 'boolean': return { ...e, test: c(e.test) };
    case 'default': return e;
    case 'partial': return { ...e, value: x(e.value), args: e.args.map(x) };
  }
}
