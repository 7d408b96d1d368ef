/**
 * Activity analysis: which locals carry a tangent, given which parameters do.
 *
 * A variable is active when some assignment to it reads an active value (flow-insensitive,
 * iterated to a fixed point, so loops are covered). Values that never depend on the input —
 * loop counters, indices, constants — get no tangent. An active value's tangent may still be
 * exactly 0 at run time (a coordinate not seeded in this sweep); such a tangent contributes
 * nothing, which the emitted rules see for themselves. A bitwise operation (`x | 0`, `~x`, `x >> 1`)
 * is inactive whatever it reads: its value is an integer, constant between the points where it
 * jumps, so its derivative is 0 (as `Math.trunc`'s). A boolean is never active.
 */
import type { Expr, NumericFunction, Stmt, Var } from './ir.js';
import { desugared } from './normalise.js';
import { localsOf } from './walk.js';

/** A parameter's state in one generated version of a function: with a tangent, or without. */
export const ParamState = {
  Inactive: 0,
  Active: 1,
} as const;
export type ParamState = (typeof ParamState)[keyof typeof ParamState];

export interface Activity {
  /** Whether the variable carries a tangent. */
  readonly of: (v: Var) => { readonly active: boolean };
  readonly isActive: (e: Expr) => boolean;
  /** Which arguments of a call carry tangents: the version of the callee it calls (both emit modes). */
  readonly patternOf: (args: readonly Expr[]) => ParamState[];
}

/** Visits one version of a function (its activity under a pattern of active parameters). */
export type VersionVisitor = (fn: NumericFunction, pattern: readonly ParamState[]) => void;

/**
 * The walk over the versions the emitters generate: the returned `version(fn, pattern)` calls
 * `visit` with fn's activity under `pattern` the first time it is asked for that version, and does
 * nothing after; `visit` calls `version` for the callees it reaches with an active argument.
 */
export function eachVersionOnce(visit: (fn: NumericFunction, act: Activity, version: VersionVisitor) => void): VersionVisitor {
  const seen = new Set<string>();
  const version: VersionVisitor = (fn, pattern) => {
    const key = `${fn.id}:${pattern.join('')}`;
    if (seen.has(key)) return;
    seen.add(key);
    visit(fn, analyzeActivity(fn, pattern), version);
  };
  return version;
}

export function analyzeActivity(fn: NumericFunction, pattern: readonly ParamState[]): Activity {
  const active = new Set<Var>();
  fn.params.forEach((p, i) => {
    // A boolean carries no tangent, whatever the caller passes.
    if (pattern[i] === ParamState.Active && p.kind !== 'boolean') active.add(p);
  });
  const of = (v: Var) => ({ active: active.has(v) });

  const isActive = (e: Expr): boolean => {
    switch (e.k) {
      // Bitwise results are piecewise constant: derivative 0.
      // Booleans are computed on primal values: never differentiated.
      case 'num': case 'len': case 'bitwise': case 'bitnot': case 'boolean': return false;
      case 'var': return active.has(e.v);
      case 'default': return desugared(e);
      case 'elem': case 'mathOver': return active.has(e.arr);
      case 'neg': return isActive(e.a);
      case 'bin': return isActive(e.a) || isActive(e.b);
      // A function made by defineFunction, or a special function of a package, is a rule row, as Math's are.
      case 'math': case 'call': case 'custom': case 'special': return e.args.some(isActive);
      case 'cond': return isActive(e.a) || isActive(e.b);
      case 'partial': return e.args.some(isActive);
    }
  };

  // Definitions: each assignment of an active value makes its target active.
  const locals = localsOf(fn);
  let changed = true;
  const define = (v: Var, e: Expr | undefined): void => {
    if (e !== undefined && !active.has(v) && isActive(e)) {
      active.add(v);
      changed = true;
    }
  };
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      switch (s.k) {
        case 'let':
          if (s.init?.k === 'arrayLit') for (const el of s.init.elems) define(s.v, el);
          else if (s.init?.k === 'newArray') define(s.v, s.init.fill);
          // A callee's array carries tangents where an argument does.
          else if (s.init?.k === 'arrayCall') define(s.v, s.init.call);
          else define(s.v, s.init);
          break;
        case 'set':
          define(s.v, s.value);
          // `y = z` of arrays binds y to z's array: one array, one activity (a parameter's is given,
          // and where y needs a tangent the emitters give it zeros of z's length).
          if (s.v.kind === 'array' && s.value.k === 'var' && active.has(s.v) && !active.has(s.value.v) && locals.has(s.value.v)) {
            active.add(s.value.v);
            changed = true;
          }
          break;
        case 'setElem': case 'push': define(s.arr, s.value); break;
        // The callee writes values of its arguments (any of them) into the arrays passed to its
        // written parameters: they carry tangents where an argument does.
        case 'effect':
          for (const w of s.call.fn.writes ?? []) {
            const arg = s.call.args[w.index];
            if (arg?.k === 'var') define(arg.v, s.call);
          }
          break;
        case 'if': visit(s.then); if (s.else) visit(s.else); break;
        case 'for': visit(s.init); visit(s.update); visit(s.body); break;
        case 'while': case 'do': case 'block': visit(s.body); break;
        default: break;
      }
    }
  };
  while (changed) {
    changed = false;
    visit(fn.body);
  }
  const patternOf = (args: readonly Expr[]): ParamState[] => args.map((a) => (isActive(a) ? ParamState.Active : ParamState.Inactive));
  return { of, isActive, patternOf };
}
