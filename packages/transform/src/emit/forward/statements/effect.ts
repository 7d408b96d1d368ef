/** Inline emitter for a call run for what it writes into its array arguments (outparams.ts). */
import * as S from '../../../codegen/statements.js';
import type { Stmt } from '../../../analyze/ir.js';
import type { InlineFunctionEmitter } from '../context.js';

export function effect(cx: InlineFunctionEmitter, s: Extract<Stmt, { k: 'effect' }>): void {
  // With an active argument, the callee's tangent version writes the tangents of the arrays
  // written next to their values (the caller passes its tangent arrays); its result is unused.
  const code = cx.act.isActive(s.call) ? cx.top(s.call).primal : cx.primal(s.call);
  cx.emit(S.expression(code, { node: s.node }));
  // The arrays it wrote hold new values: nothing computed from them before may be reused.
  cx.assigned();
}
