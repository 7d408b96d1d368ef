/** Inline emitters for control flow: the structure is kept as written; conditions read primal values. */
import type { Stmt } from '../../../analyze/ir.js';
import { printCond } from '../../primal.js';
import type { InlineFunctionEmitter } from '../context.js';

type Of<K extends Stmt['k']> = Extract<Stmt, { k: K }>;

const test = (cx: InlineFunctionEmitter, s: Of<'if'> | Of<'while'> | Of<'do'>): string => printCond(s.test, cx.mod, cx.fn).text;

export function ifStatement(cx: InlineFunctionEmitter, s: Of<'if'>): void {
  cx.line(`if (${test(cx, s)}) {`);
  cx.nested(s.then);
  if (s.else) {
    cx.line('} else {');
    cx.nested(s.else);
  }
  cx.line('}');
}

export function whileStatement(cx: InlineFunctionEmitter, s: Of<'while'>): void {
  cx.line(`while (${test(cx, s)}) {`);
  cx.nested(s.body, true);
  cx.line('}');
}

export function doStatement(cx: InlineFunctionEmitter, s: Of<'do'>): void {
  cx.line('do {');
  cx.nested(s.body, true);
  cx.line(`} while (${test(cx, s)});`);
}

export function blockStatement(cx: InlineFunctionEmitter, s: Of<'block'>): void {
  cx.line('{');
  cx.nested(s.body);
  cx.line('}');
}

export const breakStatement = (cx: InlineFunctionEmitter): void => cx.line('break;');
export const continueStatement = (cx: InlineFunctionEmitter): void => cx.line('continue;');
