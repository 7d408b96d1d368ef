/**
 * The normalise pass: IR → IR rewrites that need the whole lowered function, run on each function
 * as its lowering completes (before the checks and the emitters see it). Each rewrite preserves
 * meaning: test/interpreter.test.ts interprets every function before and after this pass and
 * compares both with the plain JavaScript.
 *
 * - Every path of a function that returns a value ends in a return: where JavaScript may reach
 *   the end of the body (a package's `if (count) return sum / count;`; lowering rejects this in
 *   TypeScript, DDX1013), `return undefined`, which is what JavaScript returns there.
 * - A value converted to a number (`v ?? NaN`, what `x++` gives: the old value as a number, NaN
 *   where it was undefined) of a variable that always holds a number is the variable itself.
 */
import { ts } from 'ts-morph';
import type { Expr, NumericFunction, Stmt, Var } from './ir.js';
import { completes, forEachExpr } from './walk.js';

/** Normalises `fn`'s body in place. */
export function normalise(fn: NumericFunction): void {
  endWithReturn(fn);
  dropConversions(fn, alwaysNumbers(fn.body));
}

/** A function that may reach the end of its body gets `return undefined` there (one that returns nothing, 'void', keeps its end). */
export function endWithReturn(fn: NumericFunction): void {
  if (fn.returns === 'void' || !completes(fn.body)) return;
  const body = (fn.node as ts.Node as { body?: ts.Node }).body;
  const end = (body && ts.isBlock(body) ? body.getLastToken() : undefined) ?? fn.node;
  fn.body.push({ k: 'return', value: { k: 'num', text: 'undefined', node: end }, node: end });
}

/** Whether `e` may be undefined: a local, an element, a call or a choice between them may; arithmetic never does. */
export const mayBeUndefined = (e: Expr): boolean => e.k === 'var' || e.k === 'elem' || e.k === 'call' || e.k === 'cond';

/** `let t = v ?? NaN` (a conversion, see lower.ts toNumber) becomes `let t = v` where `v` is in `numbers`. */
export function dropConversions(fn: NumericFunction, numbers: ReadonlySet<Var>): void {
  forEachExpr(fn.body, () => {}, (s) => {
    if (s.k !== 'let' || s.init?.k !== 'cond') return;
    const { test, a, b } = s.init;
    if (test.k === 'defined' && test.a === a && a.k === 'var' && b.k === 'num' && b.text === 'NaN' && numbers.has(a.v)) {
      (s as { init: Expr }).init = a;
    }
  });
}

/**
 * The number locals of a body that never hold undefined: declared with a value, and only ever
 * given numbers (arithmetic, or such locals). Not parameters: a caller may pass an element read
 * past the end; not `var`s: read before their first assignment, they are undefined.
 */
export function alwaysNumbers(body: Stmt[]): Set<Var> {
  const values = new Map<Var, Expr[]>();
  const excluded = new Set<Var>();
  forEachExpr(body, () => {}, (s) => {
    if (s.k === 'let' && s.v.kind === 'number') {
      if (s.init === undefined || s.init.k === 'arrayLit' || s.init.k === 'newArray' || s.init.k === 'arrayCall') excluded.add(s.v);
      else values.set(s.v, [...(values.get(s.v) ?? []), s.init]);
    } else if (s.k === 'set' && s.v.kind === 'number') values.set(s.v, [...(values.get(s.v) ?? []), s.value]);
  });
  const numbers = new Set([...values.keys()].filter((v) => !excluded.has(v)));
  const isNumber = (e: Expr): boolean => !mayBeUndefined(e) || (e.k === 'var' && numbers.has(e.v)) || (e.k === 'cond' && isNumber(e.a) && isNumber(e.b));
  for (let changed = true; changed;) {
    changed = false;
    for (const v of numbers) {
      if (values.get(v)!.every(isNumber)) continue;
      numbers.delete(v);
      changed = true;
    }
  }
  return numbers;
}
