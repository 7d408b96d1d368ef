/**
 * The perturbed flags of one generated version (a function for one pattern of active
 * parameters): where parameters' flags come from, how a call's result flag is known, and which
 * pattern a call site asks its callee for. See perturbed.ts for why inline mode tracks them.
 */
import * as C from '../../codegen/code.js';
import { analyzeActivity, ParamState, type Activity } from '../../analyze/activity.js';
import type { Expr, NumericFunction, Var } from '../../analyze/ir.js';
import { forEachExpr } from '../../analyze/walk.js';
import { analyzeFlags, anyAbstract, nonZero, type Abstract, type Atom, type FlagSources } from './perturbed.js';

/** What flags need from the module: one cache of result flags per version. */
export interface FlagModule {
  /** The cached result flag under `key`, computed once; 'varies' for a version asked while computed. */
  resultFlag(key: string, compute: () => Abstract): Abstract;
}

const assignedCache = new WeakMap<NumericFunction, ReadonlySet<Var>>();
/** Parameters assigned in the body (their flags change, unlike the others'). */
export function assignedParams(fn: NumericFunction): ReadonlySet<Var> {
  let assigned = assignedCache.get(fn);
  if (!assigned) {
    const found = new Set<Var>();
    forEachExpr(fn.body, () => {}, (s) => { if (s.k === 'set' && s.v.isParam) found.add(s.v); });
    assignedCache.set(fn, (assigned = found));
  }
  return assigned;
}

/** Names the flag atoms use in the code of one version. */
export interface FlagNames {
  tangents(v: Var): string[];
  flagParam(v: Var): string;
  index(e: Expr): string;
}

export function flagSources(mod: FlagModule, fn: NumericFunction, order: 1 | 2, pattern: readonly ParamState[], act: Activity, names: FlagNames): FlagSources {
  const assigned = assignedParams(fn);
  const stateOf = (v: Var): ParamState | undefined => (v.isParam ? pattern[fn.params.indexOf(v)] : undefined);
  const flagParamAtom = (v: Var): Atom => ({ key: `p${fn.params.indexOf(v)}`, code: C.atom(names.flagParam(v)), param: fn.params.indexOf(v) });
  return {
    act,
    paramAtom: (v) => {
      if (!v.isParam || assigned.has(v) || v.kind === 'array') return undefined;
      const i = fn.params.indexOf(v);
      if (pattern[i] === ParamState.MaybeConstant) return { key: `p${i}`, code: nonZero(names.tangents(v)), param: i };
      return pattern[i] === ParamState.Flagged ? flagParamAtom(v) : undefined;
    },
    elemAtom: (arr, index) => {
      const state = stateOf(arr);
      if (index.k !== 'num' || (state !== ParamState.MaybeConstant && state !== ParamState.Flagged)) return undefined;
      const at = names.index(index);
      const code = state === ParamState.Flagged ? C.atom(`${names.flagParam(arr)}[${at}]`) : nonZero(names.tangents(arr).map((t) => `${t}[${at}]`));
      return { key: `p${fn.params.indexOf(arr)}[${index.text}]`, code, param: fn.params.indexOf(arr), element: index.text };
    },
    entry: (v) => {
      const s = stateOf(v);
      if (s === ParamState.Active) return true;
      // A flag parameter that is assigned is the variable's flag local.
      if (s === ParamState.Flagged) {
        const atom = flagParamAtom(v);
        return new Map([[atom.key, atom]]);
      }
      return s === ParamState.MaybeConstant ? 'varies' : false;
    },
    call: (e, arg) => substitute(resultFlagOf(mod, e.fn, order, callPattern(fn, pattern, act, e)), arg),
  };
}

/** The result flag of `fn`'s version for `pattern`, in terms of its parameters' flags. */
export function resultFlagOf(mod: FlagModule, fn: NumericFunction, order: 1 | 2, pattern: readonly ParamState[]): Abstract {
  return mod.resultFlag(`${fn.id}:${order}:${pattern.join('')}`, () => {
    const act = analyzeActivity(fn, pattern);
    const names: FlagNames = { tangents: (v) => [`d${v.name}`], flagParam: (v) => `${v.name}_perturbed`, index: () => 'i' };
    return analyzeFlags(fn, flagSources(mod, fn, order, pattern, act, names)).result;
  });
}

/** Whether a caller reads a callee's result flag from the output object (it cannot tell it from the arguments). */
export function readsOutFlag(r: Abstract): boolean {
  return r === 'varies' || (r instanceof Map && [...r.values()].some((a) => a.param === undefined));
}

/** The callee's result flag with its parameters' flags replaced by the arguments'. */
export function substitute(r: Abstract, arg: (i: number, element?: string) => Abstract): Abstract {
  if (readsOutFlag(r)) return 'varies';
  if (r instanceof Map) return anyAbstract([...r.values()].map((a) => arg(a.param!, a.element)));
  return r ?? false;
}

/**
 * The pattern a call site asks for: an argument that may be a constant passes its flag as a
 * boolean (Flagged), unless the callee can read it from the argument's parts as the drivers
 * seed them (a parameter that is never assigned, an element of one, an array).
 */
export function callPattern(fn: NumericFunction, pattern: readonly ParamState[], act: Activity, e: Extract<Expr, { k: 'call' }>): ParamState[] {
  const assigned = assignedParams(fn);
  const seeded = (v: Var): boolean => v.isParam && !assigned.has(v) && pattern[fn.params.indexOf(v)] === ParamState.MaybeConstant;
  return e.args.map((a) => {
    if (!act.isActive(a)) return ParamState.Inactive;
    if (!act.maybeConstant(a)) return ParamState.Active;
    // A local array passes its boolean[] of element flags.
    if (a.k === 'var' && seeded(a.v)) return ParamState.MaybeConstant;
    if (a.k === 'elem' && seeded(a.arr)) return ParamState.MaybeConstant;
    return ParamState.Flagged;
  });
}
