/** Inline emitter for `return`: the tangent parts go to the module's output object, then the value is returned. */
import type { Stmt } from '../../../analyze/ir.js';
import * as C from '../../../codegen/code.js';
import type { Code } from '../../../codegen/code.js';
import * as S from '../../../codegen/statements.js';
import { ZERO, type InlineFunctionEmitter } from '../context.js';
import { arrayParts, type OutPart } from '../../module.js';
import { doublesFilled, doublesLiteral } from '../../zeros.js';

const newArrayReturned = 'internal: a return of new Array(n).fill(c) reached the inline emitter (analyze/checks.ts rejects it)';

export function ret(cx: InlineFunctionEmitter, s: Extract<Stmt, { k: 'return' }>): void {
  const node = { node: s.node };
  if (cx.plain) {
    const v = s.value;
    if (v.k === 'arrayLit') cx.emit(S.ret(C.arrayLiteral(v.elems.map((el) => cx.primal(el))), node));
    else if (v.k === 'newArray') throw new Error(newArrayReturned);
    else cx.emit(S.ret(cx.primal(v), node));
    return;
  }
  const out = (part: OutPart): Code => C.atom(cx.mod.out(part, true));
  const tangentOf = cx.tangentOf(s.value.node);
  if (s.value.k === 'arrayLit' || s.value.k === 'newArray' || (s.value.k === 'var' && s.value.v.kind === 'array')) {
    // One array per tangent part (a caller of second order reads three).
    const parts = arrayParts[cx.order];
    if (s.value.k === 'var') {
      const v = s.value.v;
      const active = cx.act.of(v).active;
      const tangents = parts.map((_, i) => (active ? C.atom(cx.tangentsOf(v)[i]) : doublesFilled(cx.mod, C.atom(`${v.name}.length`), ZERO)));
      cx.emit({ k: 'oneLine', statements: parts.map((p, i) => S.assign(out(p), tangents[i])), ...tangentOf });
      cx.emit(S.ret(C.atom(v.name), node));
      return;
    }
    if (s.value.k === 'newArray') throw new Error(newArrayReturned);
    const elems = s.value.elems.map((el) => cx.operand(el));
    cx.emit({ k: 'oneLine', statements: parts.map((p, i) => S.assign(out(p), doublesLiteral(cx.mod, elems.map((o) => (o.t ? o.t[i] : ZERO))))), ...tangentOf });
    cx.emit(S.ret(C.arrayLiteral(elems.map((o) => o.code)), node));
    return;
  }
  const o = cx.operand(s.value);
  const parts = cx.order === 1 ? (['d'] as const) : (['e1', 'e2', 'e12'] as const);
  cx.emit({ k: 'oneLine', statements: parts.map((p, i) => S.assign(out(p), o.t ? o.t[i] : ZERO)), ...tangentOf });
  cx.emit(S.ret(o.code, node));
}
