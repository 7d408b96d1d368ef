/** Inline emitters for control flow: the structure is kept as written; conditions read primal values. */
import type { Code } from '../../../codegen/code.js';
import * as S from '../../../codegen/statements.js';
import type { Stmt } from '../../../analyze/ir.js';
import { printThrown } from '../../primal.js';
import type { InlineFunctionEmitter } from '../context.js';

type Of<K extends Stmt['k']> = Extract<Stmt, { k: K }>;

const test = (cx: InlineFunctionEmitter, s: Of<'if'> | Of<'while'> | Of<'do'>): Code => cx.cond(s.test);

export function ifStatement(cx: InlineFunctionEmitter, s: Of<'if'>): void {
  const condition = test(cx, s);
  const then = cx.nested(s.then);
  cx.emit({ k: 'if', test: condition, then, else: s.else && cx.nested(s.else), node: s.node });
}

export function whileStatement(cx: InlineFunctionEmitter, s: Of<'while'>): void {
  const condition = test(cx, s);
  cx.emit(S.labelled(s.label, { k: 'while', test: condition, body: cx.nested(s.body, true), node: s.node }));
}

export function doStatement(cx: InlineFunctionEmitter, s: Of<'do'>): void {
  const body = cx.nested(s.body, true);
  cx.emit(S.labelled(s.label, { k: 'do', body, test: test(cx, s), node: s.node }));
}

export function blockStatement(cx: InlineFunctionEmitter, s: Of<'block'>): void {
  cx.emit(S.labelled(s.label, cx.nested(s.body)));
}

export const breakStatement = (cx: InlineFunctionEmitter, s: Of<'break'>): void => cx.emit({ k: 'break', label: s.label, node: s.node });
export const continueStatement = (cx: InlineFunctionEmitter, s: Of<'continue'>): void => cx.emit({ k: 'continue', label: s.label, node: s.node });

/** `throw …` as written, reading primal values: the thrown value is not differentiated. */
export const throwStatement = (cx: InlineFunctionEmitter, s: Of<'throw'>): void =>
  cx.emit({ k: 'throw', value: printThrown(s.parts, (e) => cx.primal(e)), node: s.node });
