/** Inline emitter for `c ? a : b` with an active branch. */
import * as C from '../../../codegen/code.js';
import type { Expr } from '../../../analyze/ir.js';
import { isRuleSpecialCase } from '../../../analyze/tangent.js';
import * as S from '../../../codegen/statements.js';
import type { Statement } from '../../../codegen/statements.js';
import { partNames, type InlineFunctionEmitter, type Operand } from '../context.js';

/** `c ? a : b` with an active branch: an if/else, so only the taken branch is evaluated. */
export function conditional(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'cond' }>): Operand {
  const name = cx.names.numbered('cond');
  const t = cx.order === 1 ? [cx.names.fresh(`d${name}`)] : partNames.map((p) => cx.names.fresh(`${name}_${p}`));
  cx.emit(S.declare('let', [name, ...t].map((n) => ({ name: n, type: 'number' })), cx.tangentOf(e.node)));
  const branch = (x: Expr, tangentOf = x): Statement => S.block(cx.collect(() => cx.scoped(() => {
    const o = cx.operand(x);
    const d = tangentOf === x ? o : cx.operand(tangentOf);
    cx.emit(S.assign(C.atom(name), o.code));
    t.forEach((n, i) => cx.emit(S.assign(C.atom(n), d.t ? d.t[i] : C.atom('0'))));
  })));
  const test = cx.cond(e.test);
  // A rule's special case on an active value (nested derivative code): the special value, the formula's tangent.
  const then = branch(e.a, isRuleSpecialCase(e.test) && cx.act.isActive(e.test.a) ? e.b : e.a);
  cx.emit({ k: 'if', test, then, else: branch(e.b) });
  return { code: C.name(name), t: t.map(C.name) };
}
