/** Inline emitters for declarations, assignments and pushes: the tangent statement next to the primal one. */
import * as C from '../../../codegen/code.js';
import type { Code } from '../../../codegen/code.js';
import * as S from '../../../codegen/statements.js';
import type { ArrayMade, Cond, Expr, Stmt, Var } from '../../../analyze/ir.js';
import type { ts } from 'ts-morph';
import { desugared } from '../../../analyze/normalise.js';
import { localArrayType, statedArrayType } from '../../../analyze/walk.js';
import { literalOf, tempBase, ZERO, type InlineFunctionEmitter } from '../context.js';
import { doublesFilled, doublesLiteral } from '../../zeros.js';

export function declaration(cx: InlineFunctionEmitter, s: Extract<Stmt, { k: 'let' }>): void {
  cx.declared(s.v.name);
  const keyword = s.v.isConst ? 'const' : 'let';
  const active = cx.act.of(s.v).active;
  if (s.init === undefined) {
    const definite = s.hoisted;
    // An array's tangents are arrays of the same kind (new Float64Array(n) has new Float64Array(n) tangents).
    const arrayType = localArrayType(cx.fn, s.v);
    cx.emit(S.declare('let', [{ name: s.v.name, definite, type: s.v.kind === 'array' ? arrayType : s.v.kind }], { node: s.node }));
    if (active) cx.emit(S.declare('let', cx.tangentsOf(s.v).map((t) => ({ name: t, definite, type: s.v.kind === 'array' ? arrayType : 'number' }))));
    return;
  }
  if (s.init.k === 'arrayLit' || s.init.k === 'newArray') return arrayDeclaration(cx, s.v, s.init, keyword, active, s.node, s.table);
  if (s.init.k === 'arrayCall') return calleeArray(cx, s, s.init.call, keyword, active);
  if (!active) {
    cx.emit(S.declare(keyword, [{ name: s.v.name, init: cx.primal(s.init) }], { node: s.node }));
    const literal = literalOf(s.init);
    if (s.v.isConst && literal !== undefined) cx.literals.set(s.v, literal);
    return;
  }
  const top = cx.top(s.init);
  cx.emit(S.declare(keyword, [{ name: s.v.name, init: top.primal }], { node: s.node }));
  const parts = top.tangent(C.name(s.v.name));
  cx.emit(S.declare(keyword, cx.tangentsOf(s.v).map((name, i) => ({ name, init: parts[i] })), cx.tangentOf(s.init.node)));
}

/**
 * `const g = f(…)` of a callee returning a new array: its tangent version returns the tangents as
 * arrays of their own (read right after the call), which become the local's tangent arrays.
 */
function calleeArray(cx: InlineFunctionEmitter, s: Extract<Stmt, { k: 'let' }>, call: Extract<Expr, { k: 'call' }>, keyword: 'const' | 'let', active: boolean): void {
  if (!active) {
    cx.emit(S.declare(keyword, [{ name: s.v.name, init: cx.primal(call) }], { node: s.node }));
    return;
  }
  if (!cx.act.isActive(call)) {
    // An inactive call's array (or record) written later with an active value: zero tangents of its length.
    cx.emit(S.declare(keyword, [{ name: s.v.name, init: cx.primal(call) }], { node: s.node }));
    const zeros = (): Code => doublesFilled(cx.mod, C.atom(`${s.v.name}.length`), ZERO);
    cx.emit(S.declare(keyword, cx.tangentsOf(s.v).map((name) => ({ name, init: zeros() })), cx.tangentOf(call.node)));
    return;
  }
  const top = cx.top(call);
  cx.emit(S.declare(keyword, [{ name: s.v.name, init: top.primal }], { node: s.node }));
  const parts = top.tangent(C.name(s.v.name));
  // Written in place like any local array of the caller (the callee made them for this call).
  cx.emit(S.declare(keyword, cx.tangentsOf(s.v).map((name, i) => ({ name, init: C.verbatim(`${parts[i].text} as number[]`) })), cx.tangentOf(call.node)));
}

/** `table`: a module table's copy, bound to the module's one array (ModuleEmitter.table). */
export function arrayDeclaration(cx: InlineFunctionEmitter, v: Var, init: ArrayMade, keyword: 'const' | 'let', active: boolean, node: ts.Node, table?: true): void {
  const elements = { comment: 'tangents of the elements', node };
  if (init.k === 'newArray') {
    const length = cx.primal(init.length);
    const create = (fill: Code): Code => (init.typed ? C.call(`new ${cx.mod.global('Float64Array')}`, [length]) : doublesFilled(cx.mod, length, fill));
    const fill = cx.operand(init.fill);
    // Declared with its type where other arrays are bound to it ([a, b] = [b, a] of Float64Arrays).
    const type = statedArrayType(cx.fn, v);
    cx.emit(S.declare(keyword, [{ name: v.name, type, init: create(fill.code) }], { node }));
    if (active) cx.emit(S.declare(keyword, cx.tangentsOf(v).map((name, i) => ({ name, type, init: create(fill.t ? fill.t[i] : ZERO) })), elements));
    return;
  }
  const elems = init.elems.map((el) => cx.operand(el));
  const type = localArrayType(cx.fn, v);
  const literal = C.arrayLiteral(elems.map((o) => o.code));
  cx.emit(S.declare(keyword, [{ name: v.name, type, init: table && !active ? cx.mod.table(literal, node, v.sourceName) : literal }], { node }));
  if (active) {
    cx.emit(S.declare(keyword, cx.tangentsOf(v).map((name, i) => ({ name, type, init: doublesLiteral(cx.mod, elems.map((o) => (o.t ? o.t[i] : ZERO))) })), elements));
  }
}

/**
 * `y = z` of arrays: y is bound to z's array, and its tangent arrays to z's (activity.ts makes a
 * local z active with y); to zeros of z's length where z, data from outside, has none. An array
 * from outside is read only (ArrayLike): y never writes it (checks.ts).
 */
export function arrayRebinding(cx: InlineFunctionEmitter, s: Extract<Stmt, { k: 'set' }>): void {
  cx.assigned();
  const z = (s.value as Extract<Expr, { k: 'var' }>).v;
  const local = (name: string): Code => C.verbatim(cx.isLocal(z) ? name : `${name} as ${localArrayType(cx.fn, s.v)}`);
  if (cx.act.of(s.v).active) {
    const zeros = (): Code => doublesFilled(cx.mod, C.atom(`${z.name}.length`), ZERO);
    const from = cx.act.of(z).active ? cx.tangentsOf(z).map((t) => local(t)) : cx.tangentsOf(s.v).map(zeros);
    cx.tangentsOf(s.v).forEach((t, i) => cx.emit(S.assign(C.atom(t), from[i], i === 0 ? cx.tangentOf(s.node) : {})));
  }
  cx.emit(S.assign(C.atom(s.v.name), local(z.name), { node: s.node }));
}

export function assignment(cx: InlineFunctionEmitter, v: Var, index: Expr | undefined, value: Expr, node: ts.Node): void {
  assign(cx, v, index, value, node);
  cx.assigned();
}

export function assign(cx: InlineFunctionEmitter, v: Var, index: Expr | undefined, value: Expr, node: ts.Node): void {
  const at = index && cx.primal(index);
  const of = (name: string): Code => (at ? C.element(name, at) : C.atom(name));
  const target = of(v.name);
  if (!cx.act.of(v).active) {
    cx.emit(S.assign(target, cx.primal(value), { node }));
    return;
  }
  const t = cx.tangentsOf(v).map(of);
  const tangentOf = cx.tangentOf(node);
  if (!cx.act.isActive(value)) {
    cx.emit({ k: 'assign', targets: t, value: ZERO, ...tangentOf });
    cx.emit(S.assign(target, cx.primal(value), { node }));
    return;
  }
  const top = cx.top(value);
  // Tangent first when it reads only operands (it must see their old values); the ε1ε2 part
  // first of all, as it reads the old ε1 and ε2 parts.
  const order = cx.order === 1 ? [0] : [2, 0, 1];
  const tangents = (parts: Code[]): void => {
    for (const k of order) cx.emit(S.assign(t[k], parts[k], k === order[0] ? tangentOf : {}));
  };
  if (!top.needsY) {
    tangents(top.tangent(ZERO));
    cx.emit(S.assign(target, top.primal, { node }));
    return;
  }
  if (!reads(value, v)) {
    cx.emit(S.assign(target, top.primal, { node }));
    // From here `v` names the new value, which the tangent reads as y: code memoized with the old
    // value's name (a temporary `v * v`, say) must not be reused for it.
    cx.declared(v.name);
    tangents(top.tangent(C.atom(target.text)));
    return;
  }
  const name = cx.names.numbered(tempBase(value));
  cx.emit(S.declare('const', [{ name, init: top.primal }]));
  const temp = cx.declareTangent(name, top.tangent(C.name(name)), value.node, 'const');
  t.forEach((n, k) => cx.emit(S.assign(n, C.atom(temp[k]))));
  cx.emit(S.assign(target, C.atom(name), { node }));
}

export function push(cx: InlineFunctionEmitter, s: Extract<Stmt, { k: 'push' }>): void {
  cx.assigned();
  const o = cx.operand(s.value);
  cx.emit(S.expression(C.call(`${s.arr.name}.push`, [o.code]), { node: s.node }));
  if (cx.act.of(s.arr).active) {
    cx.tangentsOf(s.arr).forEach((n, i) => cx.emit(S.expression(C.call(`${n}.push`, [o.t ? o.t[i] : ZERO]), i === 0 ? cx.tangentOf(s.node) : {})));
  }
}

/** Whether `e` reads variable `v`. */
function reads(e: Expr, v: Var): boolean {
  switch (e.k) {
    case 'num': return false;
    case 'var': return e.v === v;
    case 'elem': return e.arr === v || reads(e.index, v);
    case 'len': case 'mathOver': return e.arr === v;
    case 'neg': return reads(e.a, v);
    case 'bin': case 'bitwise': return reads(e.a, v) || reads(e.b, v);
    case 'bitnot': return reads(e.a, v);
    case 'math': case 'call': case 'custom': case 'special': return e.args.some((a) => reads(a, v));
    case 'cond': return reads(e.a, v) || reads(e.b, v) || condReads(e.test, v);
    case 'boolean': return condReads(e.test, v);
    case 'default': return desugared(e);
    case 'partial': return reads(e.value, v) || e.args.some((a) => reads(a, v));
  }
}
function condReads(c: Cond, v: Var): boolean {
  switch (c.k) {
    case 'cmp': case 'same': return reads(c.a, v) || reads(c.b, v);
    case 'not': return condReads(c.a, v);
    case 'logic': return condReads(c.a, v) || condReads(c.b, v);
    case 'truthy': case 'defined': case 'test': case 'zero': return reads(c.a, v);
    case 'bool': return false;
    case 'flag': return c.v === v;
    case 'predicate': return c.args.some((a) => reads(a, v));
    case 'iff': return condReads(c.a, v) || condReads(c.b, v);
    case 'choose': return condReads(c.test, v) || condReads(c.a, v) || condReads(c.b, v);
  }
}
