/** One inline emitter per statement kind, registered in one object. */
import type { Stmt } from '../../../analyze/ir.js';
import { desugared } from '../../../analyze/normalise.js';
import type { InlineFunctionEmitter } from '../context.js';
import { arrayRebinding, assignment, declaration, push } from './assignments.js';
import { blockStatement, breakStatement, continueStatement, doStatement, ifStatement, throwStatement, whileStatement } from './control.js';
import { forLoop } from './loops.js';
import { ret } from './return.js';
import { effect } from './effect.js';

export const statementEmitters: { [K in Stmt['k']]: (cx: InlineFunctionEmitter, s: Extract<Stmt, { k: K }>) => void } = {
  let: declaration,
  set: (cx, s) => (s.v.kind === 'array' ? arrayRebinding(cx, s) : assignment(cx, s.v, undefined, s.value, s.node)),
  setElem: (cx, s) => assignment(cx, s.arr, s.index, s.value, s.node),
  push,
  if: ifStatement,
  for: forLoop,
  while: whileStatement,
  do: doStatement,
  break: breakStatement,
  continue: continueStatement,
  block: blockStatement,
  return: ret,
  throw: throwStatement,
  effect,
  switch: (_, s) => desugared(s),
  forOf: (_, s) => desugared(s),
};
