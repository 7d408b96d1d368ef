/** Inline emitter for `for` loops (while/do are in control.ts). */
import * as C from '../../../codegen/code.js';
import * as S from '../../../codegen/statements.js';
import type { Expr, Stmt } from '../../../analyze/ir.js';
import type { InlineFunctionEmitter } from '../context.js';

/** `i++` as written (with the variable's generated name), or undefined for another update. */
export function incrementText(u: Extract<Stmt, { k: 'set' }>): string | undefined {
  const form = u.form;
  if (form?.k !== 'step') return undefined;
  return form.prefix ? `${form.op}${u.v.name}` : `${u.v.name}${form.op}`;
}

/** A loop update in the form it was written (`i++`, `i += 2`, `i = i * 2`), its operand printed by `print`. */
export function updateAsWritten(u: Extract<Stmt, { k: 'set' }>, print: (e: Expr) => string): string {
  const step = incrementText(u);
  if (step !== undefined) return step;
  if (u.form?.k === 'compound' && (u.value.k === 'bin' || u.value.k === 'bitwise')) return `${u.v.name} ${u.form.op}= ${print(u.value.b)}`;
  return `${u.v.name} = ${print(u.value)}`;
}

export function forLoop(cx: InlineFunctionEmitter, s: Extract<Stmt, { k: 'for' }>): void {
  const activeInit = s.init.some((i) => (i.k === 'let' || i.k === 'set') && cx.act.of(i.v).active);
  const update = s.update.map((u) => (u.k === 'set' ? `${u.v.name} = ${cx.primal(u.value).text}` : '')).join(', ');
  const updateText = s.update.length === 1 && s.update[0].k === 'set' ? incrementText(s.update[0]) ?? update : update;
  const head = { test: s.test && cx.cond(s.test), update: C.verbatim(updateText), node: s.node };
  const first = s.init[0];
  // `for (i = 0; …)` (a hoisted var): an assignment of no tangent stays in the head.
  const headAssignment = s.init.length === 1 && first.k === 'set' && !activeInit;
  if (activeInit || s.init.length > 1 || (s.init.some((i) => i.k !== 'let') && !headAssignment)) {
    // Active (or several) initialisers: declare them before the loop, in a block that scopes them.
    const init = cx.collect(() => cx.block(s.init));
    cx.emit(S.block([...init, S.labelled(s.label, { k: 'for', ...head, body: cx.nested(s.body, true) })]));
    return;
  }
  const init = first?.k === 'let' && first.init && first.init.k !== 'arrayLit' && first.init.k !== 'newArray' && first.init.k !== 'arrayCall'
    ? S.declare(first.v.isConst ? 'const' : 'let', [{ name: first.v.name, init: cx.primal(first.init) }])
    : first?.k === 'set' ? S.assign(C.atom(first.v.name), cx.primal(first.value)) : undefined;
  if (first?.k === 'set') cx.assigned();
  cx.emit(S.labelled(s.label, { k: 'for', init, ...head, body: cx.nested(s.body, true) }));
}
