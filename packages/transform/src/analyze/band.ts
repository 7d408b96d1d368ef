/**
 * A band of the Hessian proved from the IR: `hessianBand(fn)` is a w such that ∂²f/∂xₚ∂x_q = 0
 * whenever |p − q| > w, for the one shape it can prove it of, a sum of terms each reading a window
 * of the array that moves with the loop counter (n-D Rosenbrock, chained least squares):
 *
 *     let s = <constant>;
 *     for (let i = <constant>; <test of i and x.length>; <update of i>) {
 *       const a = <expression>; …             // locals of the iteration, each assigned once
 *       s += <expression not reading s>; …    // or s = s + <…>
 *     }
 *     return s;
 *
 * where every element read is x[i + c] for an integer literal c, and nothing else reads x's
 * elements, s, or anything carried from one iteration to the next (no calls, no conditional
 * expressions, no other statements). Then iteration i's term is a function of x[i + c] for c in
 * [c₀, c₁], so f is a sum of such functions and its Hessian is zero outside |p − q| ≤ c₁ − c₀.
 * Anything else is undefined: a wrong band would be a silent wrong derivative, so this proves the
 * band or declines; it never guesses from values.
 *
 * emit/reverse/hvp.ts uses it to compress the columns of the Hessian (Curtis–Powell–Reed): the
 * columns j ≡ r (mod 2w + 1) share no row, so one product with the sum of their unit vectors gives
 * all of them, 2w + 1 products in all instead of n. Within one iteration the window holds at most one
 * of those columns, so each iteration computes exactly what it computes in that column's own
 * product: the entries are the same numbers, bit for bit, not only up to rounding.
 */
import type { Expr, NumericFunction, Stmt, Var } from './ir.js';

/** The half-width w of a band holding every nonzero of f's Hessian, or undefined where it is not proved. */
export function hessianBand(fn: NumericFunction): number | undefined {
  const [x] = fn.params;
  if (fn.params.length !== 1 || x.kind !== 'array' || fn.returns !== 'number') return undefined;
  if (fn.captures.length > 0 || (fn.captured?.length ?? 0) > 0 || (fn.writes?.length ?? 0) > 0) return undefined;
  if (fn.body.length !== 3) return undefined;
  const [start, loop, end] = fn.body;
  // let s = <constant>; … return s;
  if (start.k !== 'let' || start.v.kind !== 'number' || start.init === undefined || start.init.k !== 'num') return undefined;
  const sum = start.v;
  if (end.k !== 'return' || end.value.k !== 'var' || end.value.v !== sum) return undefined;
  if (loop.k !== 'for' || loop.label !== undefined || loop.init.length !== 1) return undefined;
  const [counterInit] = loop.init;
  if (counterInit.k !== 'let' || counterInit.v.kind !== 'number' || counterInit.init === undefined || counterInit.init.k !== 'num') return undefined;
  const counter = counterInit.v;
  // The test and the update read only the counter, x's length and constants: they set the
  // iterations, none of which reads an element there.
  const control = (e: Expr): boolean => e.k === 'num' || (e.k === 'var' && e.v === counter) || (e.k === 'len' && e.arr === x) || (e.k === 'bin' && control(e.a) && control(e.b));
  if (loop.test !== undefined && !(loop.test.k === 'cmp' && control(loop.test.a) && control(loop.test.b))) return undefined;
  if (!loop.update.every((u) => u.k === 'set' && u.v === counter && control(u.value))) return undefined;
  // The body: locals of the iteration, then terms summed into s.
  const locals = new Set<Var>();
  const offsets: number[] = [];
  /** An integer literal's value, or undefined. */
  const integer = (e: Expr): number | undefined => (e.k === 'num' && e.value !== undefined && Number.isSafeInteger(e.value) && e.value >= 0 ? e.value : undefined);
  /** The c of an index i + c, c + i or i − c, or undefined for any other index. */
  const offset = (e: Expr): number | undefined => {
    if (e.k === 'var') return e.v === counter ? 0 : undefined;
    if (e.k !== 'bin' || (e.op !== '+' && e.op !== '-')) return undefined;
    if (e.a.k === 'var' && e.a.v === counter) {
      const c = integer(e.b);
      return c === undefined ? undefined : e.op === '+' ? c : -c;
    }
    if (e.op === '+' && e.b.k === 'var' && e.b.v === counter) return integer(e.a);
    return undefined;
  };
  /** Whether a term reads only this iteration's window of x, its locals, the counter and constants (recording the window). */
  const term = (e: Expr): boolean => {
    switch (e.k) {
      case 'num': return true;
      case 'var': return e.v === counter || locals.has(e.v);
      case 'len': return e.arr === x;
      case 'elem': {
        const c = e.arr === x ? offset(e.index) : undefined;
        if (c === undefined) return false;
        offsets.push(c);
        return true;
      }
      case 'neg': return term(e.a);
      case 'bin': return term(e.a) && term(e.b);
      case 'math': return e.args.every(term);
      default: return false;
    }
  };
  for (const s of loop.body) {
    if (!statement(s, sum, locals, term)) return undefined;
  }
  return offsets.length === 0 ? 0 : Math.max(...offsets) - Math.min(...offsets);
}

/** Whether s is a local of the iteration (`const a = term`) or a term summed into `sum` (`sum += term`, `sum = sum + term`). */
function statement(s: Stmt, sum: Var, locals: Set<Var>, term: (e: Expr) => boolean): boolean {
  if (s.k === 'let') {
    if (s.v.kind !== 'number' || s.hoisted || s.init === undefined || !isExpr(s.init) || !term(s.init)) return false;
    locals.add(s.v);
    return true;
  }
  return s.k === 'set' && s.v === sum && s.value.k === 'bin' && s.value.op === '+' && s.value.a.k === 'var' && s.value.a.v === sum && term(s.value.b);
}

const isExpr = (init: Exclude<Extract<Stmt, { k: 'let' }>['init'], undefined>): init is Expr => init.k !== 'arrayLit' && init.k !== 'newArray' && init.k !== 'arrayCall';
