/** Inline emitter for calls of numeric functions: the callee's version for this pattern of active arguments. */
import * as C from '../../../codegen/code.js';
import { ParamState } from '../../../analyze/activity.js';
import type { Expr } from '../../../analyze/ir.js';
import type { InlineFunctionEmitter, Top } from '../context.js';

export function call(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'call' }>): Top {
  // The callee gets a tangent for each argument that carries one (once generated per pattern).
  const pattern = e.args.map((a) => (cx.act.isActive(a) ? ParamState.Active : ParamState.Inactive));
  const args = e.args.map((a) => cx.operand(a));
  const callee = cx.mod.version(e.fn, cx.order, pattern);
  const list = args.flatMap((a) => [a.code, ...(a.t ?? [])]);
  const parts = cx.order === 1 ? (['d'] as const) : (['e1', 'e2', 'e12'] as const);
  return { primal: C.call(callee, list), tangent: () => parts.map((part) => C.atom(cx.mod.out(part))), needsY: true };
}
