/** Inline emitter for calls of numeric functions: the callee's version for this pattern of active arguments. */
import * as C from '../../../codegen/code.js';
import { ParamState } from '../../../analyze/activity.js';
import type { Expr } from '../../../analyze/ir.js';
import type { InlineFunctionEmitter, Top } from '../context.js';

export function call(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'call' }>): Top {
  const pattern = e.args.map((a) => (!cx.act.isActive(a) ? ParamState.Inactive : cx.act.maybeConstant(a) ? ParamState.MaybeConstant : ParamState.Active));
  const args = e.args.map((a) => cx.operand(a));
  const callee = cx.mod.version(e.fn, cx.order, pattern);
  const list = args.flatMap((a) => [a.code, ...(a.t ?? [])]);
  const out = cx.mod.out;
  // A callee may return a constant on some path (a plain number in the engine): guard its tangent.
  const mc = true;
  const parts = cx.order === 1 ? ['d'] : ['e1', 'e2', 'e12'];
  return { primal: C.call(callee, list), tangent: () => parts.map((p) => C.atom(`${out}.${p}`)), needsY: true, mc };
}
