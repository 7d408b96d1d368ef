/**
 * Activity analysis: which locals carry a tangent, given which parameters do.
 *
 * A variable is active when some assignment to it reads an active value (flow-insensitive,
 * iterated to a fixed point, so loops are covered). Values that never depend on the input —
 * loop counters, indices, constants — get no tangent.
 *
 * It also tracks whether an active value may be a run-time constant in the engine (its tangent
 * is then an exact structural zero, e.g. a coordinate not seeded in this sweep, or a local
 * initialised with a constant): product terms on such tangents are guarded, so an infinite
 * partial times that zero gives 0 exactly as the run-time engine's constants do.
 */
import type { Expr, NumericFunction, Stmt, Var } from './ir.js';

/** A parameter's state in one generated version of a function. */
export const ParamState = {
  /** No tangent. */
  Inactive: 0,
  /** Always perturbed (seeded with a tangent the caller knows to be a dual). */
  Active: 1,
  /** May be a constant in the engine: perturbed when a part of its seed is non-zero (the drivers' seeding). */
  MaybeConstant: 2,
  /** May be a constant; whether it is perturbed comes as a boolean argument after its tangents. */
  Flagged: 3,
} as const;
export type ParamState = (typeof ParamState)[keyof typeof ParamState];

export interface VarActivity {
  readonly active: boolean;
  readonly maybeConstant: boolean;
}

export interface Activity {
  readonly of: (v: Var) => VarActivity;
  readonly isActive: (e: Expr) => boolean;
  /** Whether the tangent of the active expression `e` may be a structural zero. */
  readonly maybeConstant: (e: Expr) => boolean;
}

const inactive: VarActivity = { active: false, maybeConstant: true };

export function analyzeActivity(fn: NumericFunction, pattern: readonly ParamState[]): Activity {
  const state = new Map<Var, VarActivity>();
  fn.params.forEach((p, i) => {
    const s = pattern[i];
    if (s !== ParamState.Inactive) state.set(p, { active: true, maybeConstant: s !== ParamState.Active });
  });
  const of = (v: Var): VarActivity => state.get(v) ?? inactive;

  const isActive = (e: Expr): boolean => {
    switch (e.k) {
      case 'num': case 'len': return false;
      case 'var': return of(e.v).active;
      case 'elem': return of(e.arr).active;
      case 'neg': return isActive(e.a);
      case 'bin': return isActive(e.a) || isActive(e.b);
      case 'math': case 'call': return e.args.some(isActive);
      case 'cond': return isActive(e.a) || isActive(e.b);
    }
  };
  const maybeConstant = (e: Expr): boolean => {
    switch (e.k) {
      case 'num': case 'len': return true;
      case 'var': return of(e.v).maybeConstant;
      case 'elem': return of(e.arr).maybeConstant;
      case 'neg': return maybeConstant(e.a);
      case 'bin': return [e.a, e.b].filter(isActive).every(maybeConstant);
      // A callee may return a constant; max/min may return a constant argument.
      case 'call': return true;
      case 'math': return ((e.name === 'max' || e.name === 'min') && !e.args.every(isActive)) || e.args.filter(isActive).every(maybeConstant);
      case 'cond': return !isActive(e.a) || !isActive(e.b) || maybeConstant(e.a) || maybeConstant(e.b);
    }
  };

  // Definitions: each assignment contributes (active, maybe constant) to its target.
  let changed = true;
  const define = (v: Var, active: boolean, mc: boolean): void => {
    const old = state.get(v);
    const next = { active: (old?.active ?? false) || active, maybeConstant: (old?.maybeConstant ?? false) || !active || mc };
    if (!old || old.active !== next.active || old.maybeConstant !== next.maybeConstant) {
      state.set(v, next);
      changed = true;
    }
  };
  const defineExpr = (v: Var, e: Expr | undefined): void => {
    if (e === undefined) define(v, false, true);
    else define(v, isActive(e), isActive(e) ? maybeConstant(e) : true);
  };
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      switch (s.k) {
        case 'let':
          if (s.init?.k === 'arrayLit') {
            if (s.init.elems.length === 0) define(s.v, false, true);
            for (const el of s.init.elems) defineExpr(s.v, el);
          } else if (s.init?.k === 'newArray') defineExpr(s.v, s.init.fill);
          else defineExpr(s.v, s.init);
          break;
        case 'set': defineExpr(s.v, s.value); break;
        case 'setElem': case 'push': defineExpr(s.arr, s.value); break;
        case 'if': visit(s.then); if (s.else) visit(s.else); break;
        case 'for': visit(s.init); visit(s.update); visit(s.body); break;
        case 'while': case 'do': case 'block': visit(s.body); break;
        default: break;
      }
    }
  };
  // A parameter passed without tangent is a constant on entry, even if the body makes it active.
  fn.params.forEach((p, i) => {
    if (pattern[i] === ParamState.Inactive) define(p, false, true);
  });
  while (changed) {
    changed = false;
    visit(fn.body);
  }
  return { of, isActive, maybeConstant };
}
