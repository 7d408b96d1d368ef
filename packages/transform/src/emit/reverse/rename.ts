/**
 * One name per local for reverse mode: the backward sweep reads the locals of the whole function,
 * so they are declared once at its start, and two locals of one name (`let i` of two loops, a
 * shadowing `let x` in a block) get names of their own. The lowered body is copied with each
 * local replaced by a renamed one; parameters and captures keep their names.
 */
import type { Cond, NumericFunction, Stmt, Var } from '../../analyze/ir.js';
import { generated, isGeneratedTest } from '../../analyze/tangent.js';
import { forEachExpr } from '../../analyze/walk.js';
import type { Namer } from '../names.js';

export function withUniqueLocals(fn: NumericFunction, names: Namer): { fn: NumericFunction; locals: Var[] } {
  const renamed = new Map<Var, Var>();
  const taken = new Set<string>([...fn.params, ...fn.captures].map((v) => v.name));
  const locals: Var[] = [];
  forEachExpr(fn.body, () => {}, (s) => {
    if (s.k !== 'let' || renamed.has(s.v)) return;
    const name = taken.has(s.v.name) ? names.fresh(s.v.name) : s.v.name;
    names.reserve(name);
    taken.add(name);
    const v: Var = { ...s.v, name };
    renamed.set(s.v, v);
    locals.push(v);
  });
  const copy = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(copy);
    if (x === null || typeof x !== 'object') return x;
    const known = renamed.get(x as Var);
    if (known) return known;
    // A parameter or capture: the same variable (activity and the driver know it by identity).
    if ('isParam' in x) return x;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(x)) {
      // Syntax nodes, callees and rules are shared, never copied.
      out[key] = key === 'node' || key === 'fn' || key === 'rule' ? value : copy(value);
    }
    // A test derivative code made stays one (function.ts differentiates its cond its own way).
    if (isGeneratedTest(x as Cond)) generated(out as Cond);
    return out;
  };
  const body = copy(fn.body) as Stmt[];
  return { fn: { ...fn, body, ...(fn.result ? { result: renamed.get(fn.result) } : {}) }, locals };
}
