/** Inline emitters for control flow: the structure is kept as written; conditions read primal values. */
import type { Code } from '../../../codegen/code.js';
import type { Stmt } from '../../../analyze/ir.js';
import { printCond } from '../../primal.js';
import type { InlineFunctionEmitter } from '../context.js';

type Of<K extends Stmt['k']> = Extract<Stmt, { k: K }>;

const test = (cx: InlineFunctionEmitter, s: Of<'if'> | Of<'while'> | Of<'do'>): Code => printCond(s.test, cx.mod, cx.fn);

export function ifStatement(cx: InlineFunctionEmitter, s: Of<'if'>): void {
  const condition = test(cx, s);
  const then = cx.nested(s.then);
  cx.emit({ k: 'if', test: condition, then, else: s.else && cx.nested(s.else), node: s.node });
}

export function whileStatement(cx: InlineFunctionEmitter, s: Of<'while'>): void {
  const condition = test(cx, s);
  cx.emit({ k: 'while', test: condition, body: cx.nested(s.body, true), node: s.node });
}

export function doStatement(cx: InlineFunctionEmitter, s: Of<'do'>): void {
  const body = cx.nested(s.body, true);
  cx.emit({ k: 'do', body, test: test(cx, s), node: s.node });
}

export function blockStatement(cx: InlineFunctionEmitter, s: Of<'block'>): void {
  cx.emit(cx.nested(s.body));
}

export const breakStatement = (cx: InlineFunctionEmitter, s: Of<'break'>): void => cx.emit({ k: 'break', node: s.node });
export const continueStatement = (cx: InlineFunctionEmitter, s: Of<'continue'>): void => cx.emit({ k: 'continue', node: s.node });
