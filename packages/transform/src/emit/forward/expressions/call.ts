/** Inline emitter for calls of numeric functions: the callee's version for this pattern of active arguments. */
import * as C from '../../../codegen/code.js';
import type { Expr } from '../../../analyze/ir.js';
import type { InlineFunctionEmitter, Top } from '../context.js';
import { arrayParts, numberParts } from '../../module.js';

export function call(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'call' }>): Top {
  // The callee gets a tangent for each argument that carries one (once generated per pattern).
  const pattern = cx.act.patternOf(e.args);
  const args = e.args.map((a) => cx.operand(a));
  const callee = cx.mod.version(e.fn, cx.order, pattern);
  const list = args.flatMap((a) => [a.code, ...(a.t ?? [])]);
  // A callee returning an array returns its tangents as arrays (a new local holds them: assignments.ts).
  const parts = e.fn.returns === 'array' ? arrayParts[cx.order] : numberParts[cx.order];
  return { primal: C.call(callee, list), tangent: () => parts.map((part) => C.atom(cx.mod.out(part))), needsY: true };
}
