/**
 * Whether a value is perturbed in the run-time engine (a Dual, not a plain number), as code.
 * The engine's product rule has a term only for perturbed factors, and a perturbed factor may
 * have exactly zero parts (b * 0), so testing its parts against 0 is not enough. A parameter
 * that is never assigned is perturbed when its seed has a non-zero part (as every driver and the
 * engine seed it); a number assigned once is perturbed when its initializer is; arithmetic and
 * Math functions are perturbed when an argument is.
 */
import * as C from '../../codegen/code.js';
import type { Code } from '../../codegen/code.js';
import type { Expr, NumericFunction, Var } from '../../analyze/ir.js';
import { forEachExpr } from '../../analyze/walk.js';
import type { Activity } from '../../analyze/activity.js';

/** `true`/`false` when known while generating, code when known at run time, undefined when not. */
export type Perturbed = boolean | Code | undefined;

/** What the flag can be read from: parameters never assigned, and numbers assigned once. */
export interface Knowns {
  readonly seedParams: ReadonlySet<Var>;
  readonly onceAssigned: ReadonlyMap<Var, Expr>;
}

export function knownsOf(fn: NumericFunction): Knowns {
  const assigned = new Set<Var>();
  const inits = new Map<Var, Expr[]>();
  forEachExpr(fn.body, () => {}, (s) => {
    if (s.k === 'set') assigned.add(s.v);
    else if (s.k === 'let') inits.set(s.v, [...(inits.get(s.v) ?? []), ...(s.init && s.init.k !== 'arrayLit' && s.init.k !== 'newArray' ? [s.init] : [])]);
    else if (s.k === 'setElem' || s.k === 'push') assigned.add(s.arr);
  });
  const onceAssigned = new Map<Var, Expr>();
  for (const [v, init] of inits) if (v.kind === 'number' && init.length === 1 && !assigned.has(v)) onceAssigned.set(v, init[0]);
  return { seedParams: new Set(fn.params.filter((p) => !assigned.has(p) && !inits.has(p))), onceAssigned };
}

/** `inLocal`: reading a local's initializer elsewhere, where an index may no longer hold. */
export function perturbedFlag(e: Expr, act: Activity, known: Knowns, partsOf: (v: Var) => string[], index: (e: Expr) => string, inLocal = false): Perturbed {
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
  const flag = (x: Expr, local = inLocal): Perturbed => perturbedFlag(x, act, known, partsOf, index, local);
  switch (e.k) {
    case 'var': {
      if (known.seedParams.has(e.v)) return nonZero(partsOf(e.v));
      const init = known.onceAssigned.get(e.v);
      return init ? flag(init, true) : undefined;
    }
    case 'elem': return known.seedParams.has(e.arr) && (!inLocal || e.index.k === 'num') ? nonZero(partsOf(e.arr).map((p) => `${p}[${index(e.index)}]`)) : undefined;
    case 'neg': return flag(e.a);
    case 'bin': return any([flag(e.a), flag(e.b)]);
    // max and min may pick a constant argument; the others are perturbed when an argument is.
    case 'math': return e.name === 'max' || e.name === 'min' ? undefined : any(e.args.map((x) => flag(x)));
    default: return undefined;
  }
}
