/**
 * The point check of a reverse-mode driver, fused into the loop that reads the point. The run-time
 * engine's check (every element a number) is a loop of its own over the point, a tenth to a third
 * of Rosenbrock's primal at n = 10. Where one loop of f reads every element the check can ride on
 * its iterations instead: each iteration tests the elements it is about to read, before any of them
 * is used, and the JIT, which loads them anyway, drops the tests on an array it holds as numbers.
 *
 * Sound where: the loop is a top-level `for (i = 0; i < x.length - c; i = i + 1)` whose body does
 * not set i and is left only by its test, so that (x.length > c) its iterations are i = 0 … n − c − 1
 * and the tests of x[i … i + c] cover every element; the body reads the point only as x[i + k]
 * (0 ≤ k ≤ c), tested in the same iteration first, in whichever sweep runs the loop first; nothing
 * else reads the point but its length; f returns only at its end (so the loop runs); and f has no
 * call, throw or rule of the user's, so no code runs before the check would have thrown (the engine
 * checks before f runs). A point that is not
 * an array, or not longer than c, gets the engine's whole check first.
 */
import type { Expr, NumericFunction, Stmt, Var } from '../../analyze/ir.js';
import { forEachExpr } from '../../analyze/walk.js';

/** The loop the point check is fused into: its counter i, and c of `i < x.length - c`. */
export interface FusedPointCheck {
  readonly loop: Extract<Stmt, { k: 'for' }>;
  readonly counter: Var;
  readonly below: number;
}

/** The value of a non-negative integer literal (at most 2^20), or undefined (a named constant has none). */
const literal = (e: Expr): number | undefined => {
  const n = (e.k === 'num' ? e.value : undefined) ?? NaN;
  return Number.isInteger(n) && n >= 0 && n <= 2 ** 20 ? n : undefined;
};

/** The loop of `fn` (whose first parameter is `point`, never written) the point check can be fused into, or undefined. */
export function fusedPointCheck(fn: NumericFunction, point: Var): FusedPointCheck | undefined {
  const readers = fn.body.filter((s) => readsElements(s, point));
  const loop = readers[0];
  if (readers.length !== 1 || loop.k !== 'for' || loop.init.length !== 1 || loop.update.length !== 1 || !loop.test) return undefined;
  const [init, update, test] = [loop.init[0], loop.update[0], loop.test];
  if ((init.k !== 'let' && init.k !== 'set') || update.k !== 'set' || update.v !== init.v) return undefined;
  const i = init.v, start = init.k === 'let' ? init.init : init.value;
  if (i.kind !== 'number' || start === undefined || start.k !== 'num' || literal(start) !== 0) return undefined;
  const v = update.value;
  if (v.k !== 'bin' || v.op !== '+' || v.a.k !== 'var' || v.a.v !== i || v.b.k !== 'num' || literal(v.b) !== 1) return undefined;
  if (test.k !== 'cmp' || test.op !== '<' || test.a.k !== 'var' || test.a.v !== i) return undefined;
  const isLength = (e: Expr): boolean => e.k === 'len' && e.arr === point;
  const below = isLength(test.b) ? 0 : test.b.k === 'bin' && test.b.op === '-' && isLength(test.b.a) ? literal(test.b.b) : undefined;
  if (below === undefined) return undefined;
  // The body: no exit, no assignment to i, the point read only at x[i + k] (0 ≤ k ≤ below).
  let fits = true;
  forEachExpr(loop.body, (e) => {
    if (e.k === 'elem' && e.arr === point && offset(e.index, i) === undefined) fits = false;
    if (e.k === 'elem' && e.arr === point && offset(e.index, i)! > below) fits = false;
  }, (s) => {
    if (s.k === 'break' || s.k === 'continue' || s.k === 'return' || ((s.k === 'let' || s.k === 'set') && s.v === i)) fits = false;
  });
  // (A return anywhere but at the end could leave before the loop runs, its elements untested.)
  let returns = 0;
  forEachExpr(fn.body, () => {}, (s) => { if (s.k === 'return') returns++; });
  const last = fn.body[fn.body.length - 1];
  if (returns > 1 || (returns === 1 && last?.k !== 'return')) return undefined;
  return fits && uses(fn, point) && effectFree(fn) ? { loop, counter: i, below } : undefined;
}

/** k where `index` is `i` or `i + k` (k a literal), else undefined. */
function offset(index: Expr, i: Var): number | undefined {
  if (index.k === 'var') return index.v === i ? 0 : undefined;
  return index.k === 'bin' && index.op === '+' && index.a.k === 'var' && index.a.v === i ? literal(index.b) : undefined;
}

/** Whether `s` reads the point otherwise than by its length. */
function readsElements(s: Stmt, point: Var): boolean {
  let reads = false;
  forEachExpr([s], (e) => { if (e.k !== 'len' && (('arr' in e && e.arr === point) || (e.k === 'var' && e.v === point))) reads = true; });
  return reads;
}

/** Whether the point is used only by its elements and length (not passed, aliased, written, summed over). */
function uses(fn: NumericFunction, point: Var): boolean {
  let only = true;
  forEachExpr(fn.body, (e) => {
    if ((e.k === 'var' && e.v === point) || (e.k !== 'elem' && e.k !== 'len' && 'arr' in e && e.arr === point)) only = false;
    if (e.k === 'partial' && e.row.k === 'hypotOver' && e.row.arr === point) only = false;
    if (e.k === 'default' && e.param === point) only = false;
  }, (s) => { if ((s.k === 'setElem' || s.k === 'push') && s.arr === point) only = false; });
  return only && fn.captures.every((c) => c !== point);
}

/** Whether `fn` runs no code of the user's and throws nothing itself: no call, rule, predicate or throw. */
function effectFree(fn: NumericFunction): boolean {
  let free = true;
  forEachExpr(fn.body, (e) => {
    if (e.k === 'call' || e.k === 'custom' || e.k === 'special') free = false;
  }, (s) => {
    if (s.k === 'effect' || s.k === 'throw') free = false;
  }, (c) => {
    if (c.k === 'predicate') free = false;
  });
  return free;
}
