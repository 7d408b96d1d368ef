/** Inline emitter for calls of numeric functions: the callee's version for this pattern of active arguments. */
import * as C from '../../../codegen/code.js';
import type { Code } from '../../../codegen/code.js';
import { ParamState } from '../../../analyze/activity.js';
import type { Expr } from '../../../analyze/ir.js';
import { tempBase, type InlineFunctionEmitter, type Top } from '../context.js';
import { callPattern, readsOutFlag, resultFlagOf } from '../flags.js';
import { anyFlag, flagCode, type Flag } from '../perturbed.js';

export function call(cx: InlineFunctionEmitter, e: Extract<Expr, { k: 'call' }>): Top {
  // An argument that may be a constant passes its flag when the callee cannot read it from its parts.
  const pattern = callPattern(cx.fn, cx.pattern, cx.act, e);
  const args = e.args.map((a) => cx.operand(a));
  const result = resultFlagOf(cx.mod, e.fn, cx.order, pattern);
  // A callee whose result flag the caller reads writes it (in a version of its own, only if read).
  const deferred = readsOutFlag(result) ? cx.deferredCallee(e.fn, pattern) : undefined;
  const callee = deferred ? deferred.name : cx.mod.version(e.fn, cx.order, pattern);
  // A Flagged array passes its element flags (a local array's boolean[], or a Flagged parameter's).
  const flagOf = (i: number): Code => {
    const a = e.args[i];
    return a.k === 'var' && a.v.kind === 'array' ? C.atom(cx.flagLocal(a.v)) : flagCode(args[i].p);
  };
  const list = args.flatMap((a, i) => [a.code, ...(a.t ?? []), ...(pattern[i] === ParamState.Flagged ? [flagOf(i)] : [])]);
  // A callee may return a constant on some path (a plain number in the engine): guard its tangent.
  const mc = true;
  const parts = cx.order === 1 ? (['d'] as const) : (['e1', 'e2', 'e12'] as const);
  // The result's flag: from the arguments' when the callee's result follows its parameters', else
  // the callee writes it next to its tangent parts.
  const p = (): Flag => {
    if (deferred) return deferred.readFlag(tempBase(e));
    const argFlag = (i: number, element?: string): Flag => {
      const a = e.args[i];
      return element !== undefined && a.k === 'var' ? cx.elemFlag(a.v, element) : args[i].p;
    };
    if (result instanceof Map) return anyFlag([...result.values()].map((a) => argFlag(a.param!, a.element)));
    return typeof result === 'boolean' && result;
  };
  return { primal: C.call(callee, list), tangent: () => parts.map((part) => C.atom(cx.mod.out(part))), needsY: true, mc, p };
}
