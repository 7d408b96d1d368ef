/** Lowering: questions about a lowered body's returns (the IR of `ir.ts`, not the source). */
import type { NumericFunction, Stmt, Var } from '../ir.js';
import { completes } from '../walk.js';

/** Whether `stmts` have a return statement anywhere. */
export function hasReturn(stmts: Stmt[]): boolean {
  let found = false;
  forEachReturn(stmts, () => { found = true; });
  return found;
}

/** The index of the written array parameter every return of `fn` returns by name, if there is one. */
export function returnedParam(fn: NumericFunction): number | undefined {
  const returned = new Set<Var | undefined>();
  forEachReturn(fn.body, (r) => returned.add(r.value.k === 'var' ? r.value.v : undefined));
  const [v] = returned;
  const index = v ? fn.params.indexOf(v) : -1;
  return returned.size === 1 && fn.writes!.some((w) => w.index === index) ? index : undefined;
}

/** Whether every path through `stmts` (a function's body) ends in a return or a throw. */
export const endsWithReturn = (stmts: Stmt[]): boolean => !completes(stmts);

/** Calls `f` on every return statement of `stmts`. */
export function forEachReturn(stmts: Stmt[], f: (r: Extract<Stmt, { k: 'return' }>) => void): void {
  for (const s of stmts) {
    if (s.k === 'return') f(s);
    else if (s.k === 'if') { forEachReturn(s.then, f); if (s.else) forEachReturn(s.else, f); }
    else if (s.k === 'for' || s.k === 'forOf' || s.k === 'while' || s.k === 'do' || s.k === 'block') forEachReturn(s.body, f);
    else if (s.k === 'switch') for (const c of s.clauses) forEachReturn(c.body, f);
  }
}
