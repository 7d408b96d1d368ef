/**
 * Whether a value is perturbed in the run-time engine (a Dual, not a plain number).
 *
 * The engine's product and quotient rules have a term only for a perturbed operand, and a
 * perturbed value may have exactly zero parts (`b * 0`, `Math.floor(b)`), so "its tangent is 0"
 * does not tell a constant: `0 * Infinity` is NaN in the engine for a perturbed zero-tangent
 * factor and no term at all for a constant one. Inline mode therefore knows the flag of every
 * active value that may be a constant, as the engine would:
 * - while generating, as `true`/`false`, or as code that never changes during a call (the parts
 *   of a parameter that is never assigned, a flag parameter): no flag code at all;
 * - else in a boolean local next to the variable (`v_perturbed`, or a `boolean[]` beside a local
 *   array), updated on every assignment. Locals that no derivative formula reads are dropped
 *   once the function is generated (see `dropDeadFlags`).
 *
 * `analyzeFlags` decides which variables need a local: one abstract flag per variable, joined
 * over all its assignments (iterated to a fixed point, so loops and branches are covered).
 */
import * as C from '../../codegen/code.js';
import type { Code } from '../../codegen/code.js';
import type { Activity } from '../../analyze/activity.js';
import type { Expr, NumericFunction, Stmt, Var } from '../../analyze/ir.js';
import { forEachExpr } from '../../analyze/walk.js';

/** A flag while generating: known (`true`/`false`), or code read at run time. */
export type Flag = boolean | Code;

/**
 * A flag that is fixed for a whole call. `param` when it is the flag of parameter `param` (of
 * its element `element` for an array): a caller can then tell it from its argument.
 */
export interface Atom {
  readonly key: string;
  readonly code: Code;
  readonly param?: number;
  readonly element?: string;
}

/**
 * The flag of a variable over the whole function: undefined before any assignment was seen,
 * known, an OR of fixed atoms, or 'varies' (it changes at run time: a local holds it).
 */
export type Abstract = undefined | boolean | ReadonlyMap<string, Atom> | 'varies';

/** What the analysis reads from the function being generated. */
export interface FlagSources {
  readonly act: Activity;
  /** The fixed flag of a parameter that is never assigned (undefined for others). */
  paramAtom(v: Var): Atom | undefined;
  /** The fixed flag of element `index` of an array parameter (a literal index), else undefined. */
  elemAtom(arr: Var, index: Expr): Atom | undefined;
  /** The flag of an assigned parameter on entry. */
  entry(v: Var): Abstract;
  /** The flag of a call's result, given the flags of its arguments (of an element of an array argument). */
  call(e: Extract<Expr, { k: 'call' }>, arg: (i: number, element?: string) => Abstract): Abstract;
}

export interface FlagAnalysis {
  /** Per variable (an array: over all its elements). */
  readonly vars: ReadonlyMap<Var, Abstract>;
  /** The flag of the returned number, over all returns. */
  readonly result: Abstract;
}

export const sameAbstract = (a: Abstract, b: Abstract): boolean => {
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a.keys()].every((k) => b.has(k));
  return a === b;
};

/** Perturbed when any operand is (the engine's arithmetic and Math functions). */
export function anyAbstract(values: Abstract[]): Abstract {
  if (values.includes(true)) return true;
  if (values.includes('varies')) return 'varies';
  const atoms = new Map<string, Atom>();
  let seen = false;
  for (const v of values) {
    if (v === undefined) continue;
    seen = true;
    if (v instanceof Map) for (const [k, a] of v) atoms.set(k, a);
  }
  if (atoms.size > 0) return atoms;
  return seen ? false : undefined;
}

/** One of several values (a branch, a pick of max/min): known only when all agree. */
export function joinAbstract(values: Abstract[]): Abstract {
  let out: Abstract;
  for (const v of values) {
    if (v === undefined) continue;
    if (out === undefined) out = v;
    else if (!sameAbstract(out, v)) return 'varies';
  }
  return out;
}

const atoms = (a: Atom | undefined): Abstract => a && new Map([[a.key, a]]);

export function analyzeFlags(fn: NumericFunction, src: FlagSources): FlagAnalysis {
  const { act } = src;
  const state = new Map<Var, Abstract>();
  let result: Abstract;
  let changed = true;
  const define = (v: Var, value: Abstract): void => {
    const old = state.get(v);
    const next = joinAbstract([old, value]);
    if (!state.has(v) || !sameAbstract(old, next)) {
      state.set(v, next);
      changed = true;
    }
  };
  const expr = (e: Expr): Abstract => {
    if (!act.isActive(e)) return false;
    if (!act.maybeConstant(e)) return true;
    switch (e.k) {
      case 'var': return atoms(src.paramAtom(e.v)) ?? state.get(e.v);
      case 'elem': return e.arr.isParam ? atoms(src.elemAtom(e.arr, e.index)) ?? 'varies' : state.get(e.arr);
      case 'neg': return expr(e.a);
      case 'bin': return anyAbstract([expr(e.a), expr(e.b)]);
      // max and min return one of their arguments.
      case 'math': return e.name === 'max' || e.name === 'min' ? joinAbstract(e.args.map(expr)) : anyAbstract(e.args.map(expr));
      case 'cond': return joinAbstract([expr(e.a), expr(e.b)]);
      case 'call': return src.call(e, (i, element) => {
        const a = e.args[i];
        if (element === undefined || a.k !== 'var') return expr(a);
        return expr({ k: 'elem', arr: a.v, index: { k: 'num', text: element, node: a.node }, node: a.node });
      });
      default: return false;
    }
  };
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      switch (s.k) {
        case 'let':
          if (s.init?.k === 'arrayLit') s.init.elems.forEach((el) => define(s.v, expr(el)));
          else if (s.init?.k === 'newArray') define(s.v, expr(s.init.fill));
          else if (s.init) define(s.v, expr(s.init));
          break;
        case 'set': define(s.v, expr(s.value)); break;
        case 'setElem': case 'push': define(s.arr, expr(s.value)); break;
        case 'return':
          if (s.value.k !== 'arrayLit' && s.value.k !== 'newArray' && !(s.value.k === 'var' && s.value.v.kind === 'array')) {
            const next = joinAbstract([result, expr(s.value)]);
            if (!sameAbstract(result, next)) {
              result = next;
              changed = true;
            }
          }
          break;
        case 'if': visit(s.then); if (s.else) visit(s.else); break;
        case 'for': visit(s.init); visit(s.update); visit(s.body); break;
        case 'while': case 'do': case 'block': visit(s.body); break;
        default: break;
      }
    }
  };
  for (const p of fn.params) if (p.kind === 'number' && act.of(p).active && !src.paramAtom(p)) define(p, src.entry(p));
  // A local array passed to a callee passes its element flags: it keeps them in a boolean[].
  forEachExpr(fn.body, (e) => {
    if (e.k === 'call') for (const a of e.args) if (a.k === 'var' && a.v.kind === 'array' && !a.v.isParam && act.isActive(a)) define(a.v, 'varies');
  });
  while (changed) {
    changed = false;
    visit(fn.body);
  }
  return { vars: state, result };
}

/** The flag as code of a fixed abstract value (not 'varies'). */
export function flagOfAbstract(a: boolean | ReadonlyMap<string, Atom>): Flag {
  return typeof a === 'boolean' ? a : anyFlag([...a.values()].map((x) => x.code));
}

/** Perturbed when any operand is; `x * x` tests x once. */
export function anyFlag(flags: Flag[]): Flag {
  if (flags.includes(true)) return true;
  const codes = [...new Map(flags.filter((f): f is Code => typeof f === 'object').map((f) => [f.text, f])).values()];
  return codes.length === 0 ? false : codes.reduce((x, y) => C.logical('||', x, y));
}

/** `code` where the flag holds, else 0 (the engine has no such term for a constant). */
export function onlyIf(flag: Flag, code: Code): Code {
  return flag === true ? code : flag === false ? C.atom('0') : C.conditional(flag, code, C.atom('0'));
}

/** A flag as an expression (for a flag local or argument). */
export const flagCode = (f: Flag): Code => (typeof f === 'boolean' ? C.atom(String(f)) : f);

/** The seeding convention of the drivers: a parameter is perturbed when its seed has a non-zero part. */
export const nonZero = (parts: string[]): Code =>
  parts.map((p) => C.compare('!==', C.atom(p), C.atom('0'))).reduce((x, y) => C.logical('||', x, y));

/**
 * Drops the statements that only compute flag locals no derivative formula reads. `defines`
 * maps a line to the flag local it writes; every other line may read flags.
 */
export function dropDeadFlags(lines: string[], defines: ReadonlyMap<number, string>): { lines: string[]; live: ReadonlySet<string> } {
  if (defines.size === 0) return { lines, live: new Set() };
  const flags = new Set(defines.values());
  const reads = (line: string): string[] => (line.match(/[\w$]+/g) ?? []).filter((w) => flags.has(w));
  const live = new Set<string>();
  const pending: string[] = [];
  const mark = (name: string): void => {
    if (!live.has(name)) {
      live.add(name);
      pending.push(name);
    }
  };
  lines.forEach((line, i) => { if (!defines.has(i)) reads(line).forEach(mark); });
  const byFlag = new Map<string, string[]>();
  defines.forEach((name, i) => byFlag.set(name, [...(byFlag.get(name) ?? []), lines[i]]));
  while (pending.length > 0) for (const line of byFlag.get(pending.pop()!) ?? []) reads(line).forEach(mark);
  return { lines: lines.filter((_, i) => !defines.has(i) || live.has(defines.get(i)!)), live };
}
