/**
 * Whether a value is perturbed in the run-time engine (a Dual, not a plain number), as code.
 * The engine's product rule has a term only for perturbed factors, and a perturbed factor may
 * have exactly zero parts (b * 0), so testing its parts against 0 is not enough. A parameter
 * that is never assigned is perturbed when its seed has a non-zero part (as every driver and the
 * engine seed it); arithmetic and Math functions are perturbed when an argument is.
 */
import * as C from '../../codegen/code.js';
import type { Code } from '../../codegen/code.js';
import type { Expr, NumericFunction, Var } from '../../analyze/ir.js';
import { forEachExpr } from '../../analyze/walk.js';
import type { Activity } from '../../analyze/activity.js';

/** `true`/`false` when known while generating, code when known at run time, undefined when not. */
export type Perturbed = boolean | Code | undefined;

export function assignedVars(fn: NumericFunction): Set<Var> {
  const out = new Set<Var>();
  forEachExpr(fn.body, () => {}, (s) => {
    if (s.k === 'set' || s.k === 'let') out.add(s.v);
    else if (s.k === 'setElem' || s.k === 'push') out.add(s.arr);
  });
  return out;
}

export function perturbedFlag(e: Expr, act: Activity, seedParams: ReadonlySet<Var>, partsOf: (v: Var) => string[], index: (e: Expr) => string): Perturbed {
  if (!act.isActive(e)) return false;
  if (!act.maybeConstant(e)) return true;
  const any = (flags: Perturbed[]): Perturbed => {
    if (flags.includes(true)) return true;
    if (flags.includes(undefined)) return undefined;
    // x * x tests x once.
    const codes = [...new Map(flags.filter((f): f is Code => typeof f === 'object').map((f) => [f.text, f])).values()];
    return codes.length === 0 ? false : codes.reduce((x, y) => C.logical('||', x, y));
  };
  const nonZero = (parts: string[]): Code => parts.map((p) => C.compare('!==', C.atom(p), C.atom('0'))).reduce((x, y) => C.logical('||', x, y));
  const flag = (x: Expr): Perturbed => perturbedFlag(x, act, seedParams, partsOf, index);
  switch (e.k) {
    case 'var': return seedParams.has(e.v) ? nonZero(partsOf(e.v)) : undefined;
    case 'elem': return seedParams.has(e.arr) ? nonZero(partsOf(e.arr).map((p) => `${p}[${index(e.index)}]`)) : undefined;
    case 'neg': return flag(e.a);
    case 'bin': return any([flag(e.a), flag(e.b)]);
    // max and min may pick a constant argument; the others are perturbed when an argument is.
    case 'math': return e.name === 'max' || e.name === 'min' ? undefined : any(e.args.map(flag));
    default: return undefined;
  }
}
