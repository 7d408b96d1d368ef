/** Inline emitters for declarations, assignments and pushes: the tangent statement next to the primal one. */
import * as C from '../../../codegen/code.js';
import type { ArrayInit, Cond, Expr, Stmt, Var } from '../../../analyze/ir.js';
import type { ts } from 'ts-morph';
import { sourceSnippet } from '../../primal.js';
import { literalOf, tempBase, ZERO, type InlineFunctionEmitter } from '../context.js';

export function declaration(cx: InlineFunctionEmitter, s: Extract<Stmt, { k: 'let' }>): void {
  cx.declared(s.v.name);
  const keyword = s.v.isConst ? 'const' : 'let';
  const active = cx.act.of(s.v).active;
  if (s.init === undefined) {
    cx.line(`let ${s.v.name}: ${s.v.kind === 'array' ? 'number[]' : 'number'};`);
    if (active) cx.line(`let ${cx.tangentsOf(s.v).map((t) => `${t}: number`).join(', ')};`);
    return;
  }
  if (s.init.k === 'arrayLit' || s.init.k === 'newArray') return arrayDeclaration(cx, s.v, s.init, keyword, active);
  if (!active) {
    cx.line(`${keyword} ${s.v.name} = ${cx.primal(s.init).text};`);
    const literal = literalOf(s.init);
    if (s.v.isConst && literal !== undefined) cx.literals.set(s.v, literal);
    return;
  }
  const top = cx.top(s.init);
  cx.line(`${keyword} ${s.v.name} = ${top.primal.text};`);
  const parts = top.tangent(C.atom(s.v.name));
  const t = cx.tangentsOf(s.v);
  cx.line(`${keyword} ${t.map((n, i) => `${n} = ${parts[i].text}`).join(', ')}; // tangent of: ${sourceSnippet(s.init.node, cx.sf)}`);
}

export function arrayDeclaration(cx: InlineFunctionEmitter, v: Var, init: ArrayInit, keyword: string, active: boolean): void {
  if (init.k === 'newArray') {
    const length = cx.primal(init.length).text;
    const create = (fill: string): string => (init.typed ? `new ${cx.mod.global('Float64Array')}(${length})` : `new ${cx.mod.global('Array')}<number>(${length}).fill(${fill})`);
    const fill = cx.operand(init.fill);
    cx.line(`${keyword} ${v.name} = ${create(fill.code.text)};`);
    if (active) {
      const t = cx.tangentsOf(v);
      cx.line(`${keyword} ${t.map((n, i) => `${n} = ${create(fill.t ? fill.t[i].text : '0')}`).join(', ')}; // tangents of the elements`);
    }
    return;
  }
  const elems = init.elems.map((el) => cx.operand(el));
  cx.line(`${keyword} ${v.name}: number[] = [${elems.map((o) => o.code.text).join(', ')}];`);
  if (active) {
    const t = cx.tangentsOf(v);
    cx.line(`${keyword} ${t.map((n, i) => `${n}: number[] = [${elems.map((o) => (o.t ? o.t[i].text : '0')).join(', ')}]`).join(', ')}; // tangents of the elements`);
  }
}

export function assignment(cx: InlineFunctionEmitter, v: Var, index: Expr | undefined, value: Expr, node: ts.Node): void {
  assign(cx, v, index, value, node);
  cx.assigned();
}

export function assign(cx: InlineFunctionEmitter, v: Var, index: Expr | undefined, value: Expr, node: ts.Node): void {
  const indexText = index && cx.primal(index).text;
  const at = index ? `[${indexText}]` : '';
  const target = `${v.name}${at}`;
  if (!cx.act.of(v).active) {
    cx.line(`${target} = ${cx.primal(value).text};`);
    return;
  }
  const t = cx.tangentsOf(v).map((n) => `${n}${at}`);
  const comment = `// tangent of: ${sourceSnippet(node, cx.sf)}`;
  if (!cx.act.isActive(value)) {
    cx.line(`${t.map((n) => `${n} = `).join('')}0; ${comment}`);
    cx.line(`${target} = ${cx.primal(value).text};`);
    return;
  }
  const top = cx.top(value);
  // Tangent first when it reads only operands (it must see their old values); the ε1ε2 part
  // first of all, as it reads the old ε1 and ε2 parts.
  const order = cx.order === 1 ? [0] : [2, 0, 1];
  if (!top.needsY) {
    const parts = top.tangent(ZERO);
    for (const k of order) cx.line(`${t[k]} = ${parts[k].text};${k === order[0] ? ` ${comment}` : ''}`);
    cx.line(`${target} = ${top.primal.text};`);
    return;
  }
  if (!reads(value, v)) {
    cx.line(`${target} = ${top.primal.text};`);
    // From here `v` names the new value, which the tangent reads as y: code memoized with the old
    // value's name (a temporary `v * v`, say) must not be reused for it.
    cx.declared(v.name);
    const parts = top.tangent(C.atom(target));
    for (const k of order) cx.line(`${t[k]} = ${parts[k].text};${k === order[0] ? ` ${comment}` : ''}`);
    return;
  }
  const name = cx.names.numbered(tempBase(value));
  cx.line(`const ${name} = ${top.primal.text};`);
  const temp = cx.declareTangent(name, top.tangent(C.atom(name)), value.node, 'const');
  t.forEach((n, k) => cx.line(`${n} = ${temp[k]};`));
  cx.line(`${target} = ${name};`);
}

export function push(cx: InlineFunctionEmitter, s: Extract<Stmt, { k: 'push' }>): void {
  cx.assigned();
  const o = cx.operand(s.value);
  cx.line(`${s.arr.name}.push(${o.code.text});`);
  if (cx.act.of(s.arr).active) {
    cx.tangentsOf(s.arr).forEach((n, i) => cx.line(`${n}.push(${o.t ? o.t[i].text : '0'});${i === 0 ? ` // tangent of: ${sourceSnippet(s.node, cx.sf)}` : ''}`));
  }
}

/** Whether `e` reads variable `v`. */
function reads(e: Expr, v: Var): boolean {
  switch (e.k) {
    case 'num': return false;
    case 'var': return e.v === v;
    case 'elem': return e.arr === v || reads(e.index, v);
    case 'len': return e.arr === v;
    case 'neg': return reads(e.a, v);
    case 'bin': case 'bitwise': return reads(e.a, v) || reads(e.b, v);
    case 'bitnot': return reads(e.a, v);
    case 'math': case 'call': return e.args.some((a) => reads(a, v));
    case 'cond': return reads(e.a, v) || reads(e.b, v) || condReads(e.test, v);
  }
}
function condReads(c: Cond, v: Var): boolean {
  switch (c.k) {
    case 'cmp': case 'same': return reads(c.a, v) || reads(c.b, v);
    case 'not': return condReads(c.a, v);
    case 'logic': return condReads(c.a, v) || condReads(c.b, v);
    case 'truthy': case 'defined': case 'test': return reads(c.a, v);
    case 'bool': return false;
  }
}
