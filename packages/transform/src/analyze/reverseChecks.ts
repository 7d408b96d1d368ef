/**
 * What reverse mode compiles, checked in analysis before any backend emits (the checks pass, as
 * checks.ts for the other modes): a call site with `{ mode: 'reverse' }` (or 'auto', which falls
 * back to forward mode) whose function uses anything else is DDX1062, naming the construct. The
 * reverse emitters (emit/reverse/) rely on it and reject nothing themselves: each check's verdict
 * is kept per function, so resolving a site's mode, ddx gen and the backend's assertion
 * (`assertReverseChecked`) do the work once.
 *
 * A call of another function whose value depends on the input is compiled to an adjoint of the
 * callee for its pattern of active arguments (function.ts, `emitAdjoint`): the callee is checked
 * here the same way, under that pattern, once per pattern (recursion ends there).
 */
import { analyzeActivity, eachVersionOnce, ParamState, type Activity, type VersionVisitor } from './activity.js';
import { checkActiveConstructs } from './checks.js';
import type { Expr, NumericFunction, Stmt, Var } from './ir.js';
import type { CallSite } from './program.js';
import { boundToOutside, forEachExpr, localsOf } from './walk.js';
import { isUnaryMath, naryMath } from './mathNames.js';
import { reject, Rejection } from '../diagnostics.js';
import { tangentFunction } from './tangent.js';
import type { VerbName } from './verbs.js';
import type { ts } from 'ts-morph';

/** Rejects what reverse mode does not compile yet, naming the construct. */
export function notInReverse(node: ts.Node, what: string): never {
  return reject(node, 'DDX1062', `${what} is not supported in reverse mode yet; use forward mode ${forwardModeHint} for now`);
}

/** How DDX1062 says to use forward mode at a call site; ddx gen says it its own way. */
export const forwardModeHint = "(remove mode: 'reverse')";

/** The first-order verbs reverse mode compiles (emit/reverse/function.ts's drivers: gradients, vjp, Jacobians by rows). */
export type ReverseFirstOrderVerb = 'gradient' | 'valueAndGradient' | 'vjp' | 'valueAndVjp' | 'jacobian' | 'valueAndJacobian';
export const byReverseDriver = (verb: VerbName): verb is ReverseFirstOrderVerb =>
  verb === 'gradient' || verb === 'valueAndGradient' || verb === 'vjp' || verb === 'valueAndVjp' || verb === 'jacobian' || verb === 'valueAndJacobian';

/** What a check establishes of a function: reverse mode's gradient, its Jacobian by rows, its vjp, its Hessian over reverse mode. */
type CheckKind = 'gradient' | 'rows' | 'vjp' | 'hvp';
/** Each function's verdicts, by check (and, for a Hessian, the site whose node locates a rejection): null where it passed. */
const verdicts = new WeakMap<NumericFunction, Map<string, Rejection | null>>();
/** The kinds of check each function passed (what the backend asserts). */
const passed = new WeakMap<NumericFunction, Set<CheckKind>>();

/** `check` of `fn`, run once per function and key: later calls give its verdict again. */
function once(fn: NumericFunction, kind: CheckKind, key: string, check: () => void): void {
  let known = verdicts.get(fn);
  if (!known) verdicts.set(fn, (known = new Map()));
  if (!known.has(key)) {
    try {
      check();
      known.set(key, null);
      let kinds = passed.get(fn);
      if (!kinds) passed.set(fn, (kinds = new Set()));
      kinds.add(kind);
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      known.set(key, e);
    }
  }
  const verdict = known.get(key);
  if (verdict) throw verdict;
}

/**
 * The reverse backend's invariant: the analysis checked `fn` for `verb` and it passed. A failure is
 * a bug in ddx (a driver emitted for a site whose mode was not resolved), never the user's code.
 */
export function assertReverseChecked(fn: NumericFunction, verb: VerbName): void {
  const kind: CheckKind | undefined = verb === 'gradient' || verb === 'valueAndGradient' ? 'gradient'
    : verb === 'jacobian' || verb === 'valueAndJacobian' ? 'rows' : verb === 'vjp' || verb === 'valueAndVjp' ? 'vjp'
    : isReverseSecondOrder(verb) ? 'hvp' : undefined;
  if (kind === undefined || !passed.get(fn)?.has(kind)) {
    throw new Error(`bug in ddx: reverse mode emitted for ${verb} of '${fn.name}' without the analysis' reverse-mode check (analyze/reverseChecks.ts)`);
  }
}

export function checkReverse(site: CallSite): void {
  const second = isReverseSecondOrder(site.verb);
  if (!byReverseDriver(site.verb) && !second) notInReverse(site.node, `mode: 'reverse' for ${site.verb} (${reverseVerbsText} have it)`);
  if (site.verb === 'vjp' || site.verb === 'valueAndVjp') checkReverseVjp(site.fn);
  else if (site.verb === 'jacobian' || site.verb === 'valueAndJacobian') checkReverseRows(site.fn);
  else if (second) checkReverseHvp(site.fn, site.node);
  else checkReverseFunction(site.fn);
}

/** The verbs compiled in reverse mode, as DDX1062 lists them. */
export const reverseVerbsText = 'only gradient, valueAndGradient, jacobian, valueAndJacobian, vjp, valueAndVjp, hvp, hessian and valueGradientHessian';

/** The second-order verbs compiled over reverse mode (hvp.ts): the adjoint of f's tangent code. */
export const isReverseSecondOrder = (verb: string): verb is 'hvp' | 'hessian' | 'valueGradientHessian' =>
  verb === 'hvp' || verb === 'hessian' || verb === 'valueGradientHessian';

/**
 * A function whose Hessian-vector products reverse mode computes (hvp.ts): one reverse mode
 * differentiates (checkReverseFunction), whose tangent code (analyze/tangent.ts) reverse mode
 * differentiates in turn with respect to the point only. A construct the tangent code does not
 * take is DDX1062 too, naming it.
 */
export function checkReverseHvp(fn: NumericFunction, at: ts.Node): void {
  once(fn, 'hvp', `hvp@${at.pos}:${at.end}`, () => checkHvp(fn, at));
}

function checkHvp(fn: NumericFunction, at: ts.Node): void {
  checkReverseFunction(fn);
  let tangent: NumericFunction;
  try {
    tangent = tangentFunction(fn, fn.params.map(() => ParamState.Active), at, true);
  } catch (e) {
    if (!(e instanceof Rejection)) throw e;
    const what = e.diagnostic.message.replace(/ (is )?not (supported|differentiated|applied) inside a nested derivative.*$/, '').replace(/: inside a nested derivative.*$/, '');
    return notInReverse(at, `in a Hessian over reverse mode, ${what}`);
  }
  checkFunction(tangent, hvpPattern(fn));
}

/** The activity of f's tangent function's parameters in hvp.ts: the point's, not the captures' nor the direction's. */
export const hvpPattern = (fn: NumericFunction): ParamState[] => [
  ...fn.params.map(() => ParamState.Active),
  ...fn.captures.map(() => ParamState.Inactive),
  ...fn.params.map(() => ParamState.Inactive),
];

/** A function whose vector–Jacobian product reverse mode computes (vjp): one returning an array, of one array or of numbers. */
export function checkReverseVjp(fn: NumericFunction): void {
  once(fn, 'vjp', 'vjp', () => vjpChecked(fn));
}

function vjpChecked(fn: NumericFunction): void {
  try {
    checkVjpFunction(fn);
  } catch (e) {
    if (!(e instanceof Rejection)) throw e;
    // vjp has no forward mode in the transform: its hint is jacobian's.
    throw new Rejection({ ...e.diagnostic, message: e.diagnostic.message.replace(`use forward mode ${forwardModeHint} for now`, 'use wᵀ·jacobian(f, x) (forward mode) for now') });
  }
}

/** A function whose Jacobian reverse mode computes by rows (jacobian, valueAndJacobian): one returning an array, of one array or of numbers. */
export function checkReverseRows(fn: NumericFunction): void {
  once(fn, 'rows', 'rows', () => {
    checkParams(fn);
    if (fn.returns !== 'array') notInReverse(fn.node, `jacobian of a function returning ${fn.returns === 'number' ? 'a number' : fn.returns === 'void' ? 'nothing' : 'a boolean'}`);
    checkFunction(fn, fn.params.map(() => ParamState.Active), true);
  });
}

/** One array parameter, or numbers only. */
function checkParams(fn: NumericFunction): void {
  if (fn.params.length > 1) {
    const other = fn.params.find((p) => p.kind !== 'number');
    if (other) notInReverse(fn.node, `a ${other.kind} parameter beside others ('${other.sourceName}')`);
  }
}

function checkVjpFunction(fn: NumericFunction): void {
  checkParams(fn);
  if (fn.returns !== 'array') notInReverse(fn.node, `vjp of a function returning ${fn.returns === 'number' ? 'a number (use gradient)' : fn.returns === 'void' ? 'nothing' : 'a boolean'}`);
  checkFunction(fn, fn.params.map(() => ParamState.Active), true);
}

/** A function differentiated in reverse mode over all its parameters (a call site's, or ddx gen's `*_gradient`). */
export function checkReverseFunction(fn: NumericFunction): void {
  once(fn, 'gradient', 'gradient', () => {
    checkParams(fn);
    if (fn.returns !== 'number') notInReverse(fn.node, `a function returning ${fn.returns === 'array' ? 'an array' : fn.returns === 'void' ? 'nothing' : 'a boolean'}`);
    checkFunction(fn, fn.params.map(() => ParamState.Active));
  });
}

/**
 * `y = z` between arrays, the statement `at` of `stmts`: y is then a second name of z's array. The
 * backward sweep gives z the adjoint y gathered for it (emit/reverse/function.ts, `rebind`), which
 * is z's whole adjoint only where the array is reached through y alone from there on, or where no
 * name writes it (then each name's adjoint is its own share, added into z's when y's binding is
 * undone). Where both names still reach it and one writes it, every name of the group of arrays
 * that `y = z` statements join shares one adjoint array, as it shares one array (sharedArrays):
 * there every name must be a local array that does not grow by push.
 */
function checkRebinding(fn: NumericFunction, s: Extract<Stmt, { k: 'set' }>, stmts: readonly Stmt[], at: number, locals: ReadonlySet<Var>): void {
  if (s.value.k !== 'var') return notInReverse(s.node, 'assigning an array variable');
  if (!stillShared(s, stmts, at, locals)) return;
  const group = arrayGroups(fn).get(s.v)!;
  if (!writtenIn(fn, group)) return;
  const outside = group.find((v) => !locals.has(v));
  if (outside) notInReverse(s.node, `a local array written while '${outside.sourceName}', an array from outside the function, names it too (\`y = ${outside.sourceName}\`, then y or ${outside.sourceName} used)`);
  const pushed = group.find((v) => pushedIn(fn, v));
  if (pushed) notInReverse(s.node, `an array that grows by push ('${pushed.sourceName}') while another local array names it too (\`y = z\`, then y or z used)`);
}

/**
 * Whether after `y = z` (the statement `at` of `stmts`) z may still name y's array: z is a local
 * not declared earlier in this block, or named by a later statement of it, unless a later statement
 * binds z to another array before anything names it (a swap, `[a, b] = [b, a]`: t = a; a = b; b = t).
 */
function stillShared(s: Extract<Stmt, { k: 'set' }>, stmts: readonly Stmt[], at: number, locals: ReadonlySet<Var>): boolean {
  const z = s.value.k === 'var' ? s.value.v : undefined;
  if (z === undefined || !locals.has(z)) return false;
  const later = stmts.slice(at + 1);
  const again = later.findIndex((t) => t.k === 'set' && t.v === z);
  if (again >= 0 && !later.slice(0, again).some((t) => names(t, z) || leaves(t))) return false;
  const declaredBefore = stmts.slice(0, at).some((t) => t.k === 'let' && t.v === z && !t.hoisted);
  return !declaredBefore || later.some((t) => names(t, z));
}

/**
 * The groups of arrays that `y = z` statements join (each variable's group, itself included, in
 * the order the statements name them): the names one array may have at once.
 */
export function arrayGroups(fn: NumericFunction): Map<Var, readonly Var[]> {
  const parent = new Map<Var, Var>();
  const root = (v: Var): Var => { let r = v; while (parent.has(r)) r = parent.get(r)!; return r; };
  const order: Var[] = [];
  const meet = (v: Var): void => { if (!order.includes(v)) order.push(v); };
  forEachExpr(fn.body, () => {}, (s) => {
    if (s.k !== 'set' || s.v.kind !== 'array' || s.value.k !== 'var') return;
    meet(s.v); meet(s.value.v);
    const [a, b] = [root(s.v), root(s.value.v)];
    if (a !== b) parent.set(a, b);
  });
  const groups = new Map<Var, readonly Var[]>();
  for (const v of order) groups.set(v, order.filter((u) => root(u) === root(v)));
  return groups;
}

/**
 * The local arrays whose names share one adjoint array in reverse mode (emit/reverse/function.ts):
 * each one's group, where some `y = z` leaves both names reaching the array and a name of it is
 * written (checkRebinding: all local arrays that do not grow by push).
 */
export function sharedArrays(fn: NumericFunction): Map<Var, readonly Var[]> {
  const locals = localsOf(fn), groups = arrayGroups(fn), out = new Map<Var, readonly Var[]>();
  const visit = (stmts: readonly Stmt[]): void => stmts.forEach((s, at) => {
    if (s.k === 'set' && s.v.kind === 'array' && stillShared(s, stmts, at, locals)) {
      const group = groups.get(s.v)!;
      if (writtenIn(fn, group)) for (const v of group) out.set(v, group);
    }
    for (const inner of blocksOf(s)) visit(inner);
  });
  visit(fn.body);
  return out;
}

/** The statement lists directly inside `s`. */
const blocksOf = (s: Stmt): readonly Stmt[][] => s.k === 'if' ? [s.then, ...(s.else ? [s.else] : [])] : s.k === 'for' ? [s.init, s.update, s.body]
  : s.k === 'while' || s.k === 'do' || s.k === 'block' ? [s.body] : [];

/** Whether an array of `group` is written: an element set, a push, or passed to a parameter its callee writes. */
function writtenIn(fn: NumericFunction, group: readonly Var[]): boolean {
  let written = false;
  forEachExpr(fn.body, (e) => {
    if (e.k === 'call' && (e.fn.writes ?? []).some((w) => { const a = e.args[w.index]; return a?.k === 'var' && group.includes(a.v); })) written = true;
  }, (s) => { if ((s.k === 'setElem' || s.k === 'push') && group.includes(s.arr)) written = true; });
  return written;
}

/** Whether `v` grows by push. */
function pushedIn(fn: NumericFunction, v: Var): boolean {
  let pushed = false;
  forEachExpr(fn.body, () => {}, (s) => { if (s.k === 'push' && s.arr === v) pushed = true; });
  return pushed;
}

/** Whether `s` is or holds a `break`, `continue` or `return`. */
function leaves(s: Stmt): boolean {
  let found = false;
  forEachExpr([s], () => {}, (x) => { if (x.k === 'break' || x.k === 'continue' || x.k === 'return') found = true; });
  return found;
}

/** Whether `s` names the variable `v` (reads it, its elements or length, writes or binds it). */
function names(s: Stmt, v: Var): boolean {
  let found = false;
  forEachExpr([s], (e) => { if ((e.k === 'var' && e.v === v) || ((e.k === 'elem' || e.k === 'len') && e.arr === v)) found = true; }, (x) => {
    if (((x.k === 'let' || x.k === 'set') && x.v === v) || ((x.k === 'setElem' || x.k === 'push') && x.arr === v)) found = true;
  });
  return found;
}

/**
 * `fn` under `pattern`, and (once per version) every callee it calls with an active argument.
 * `driver`: `fn` is the verb's function, checked as such; a call of it with the same pattern (in
 * a recursion) is a callee's version, checked again as a callee.
 */
function checkFunction(fn: NumericFunction, pattern: readonly ParamState[], driver = false): void {
  const version = eachVersionOnce((f, act, version) => checkVersion(f, act, version, false));
  if (driver) checkVersion(fn, analyzeActivity(fn, pattern), version, true);
  else version(fn, pattern);
}

/** One version of `fn` (its activity `act`); `version` checks the callees' versions it reaches. */
function checkVersion(fn: NumericFunction, act: Activity, version: VersionVisitor, driver: boolean): void {
  // A callee may return an array too (the caller holds it in a local: checkCall), or nothing where
  // it writes its array arguments (called as a statement: checkEffect).
  const writer = (fn.writes ?? []).length > 0;
  if (fn.returns !== 'number' && fn.returns !== 'array' && !(writer && fn.returns === 'void')) notInReverse(fn.node, `a function returning ${fn.returns === 'void' ? 'nothing' : 'a boolean'}`);
  checkActiveConstructs(fn, act);
  const callees: [NumericFunction, ParamState[]][] = [];
  const checkCall = (x: Extract<Expr, { k: 'call' }>): void => {
    const callee = x.fn;
    x.args.forEach((a, i) => {
      if (!act.isActive(a) || callee.params[i]?.kind !== 'array') return;
      // The callee adds into the caller's adjoint of the array (a local's, or a parameter's).
      if (a.k !== 'var') notInReverse(a.node, `an array argument of '${callee.name}' that is not a variable`);
    });
    callees.push([callee, act.patternOf(x.args)]);
  };
  // `add(out, a, b);`: the callee's adjoint takes the adjoints of the arrays it writes (emit/reverse/
  // function.ts, `effect`) where one of them is active; its arguments are checked as any call's.
  const checkEffect = (x: Extract<Expr, { k: 'call' }>): void => {
    if (!(x.fn.writes ?? []).some((w) => { const a = x.args[w.index]; return a?.k === 'var' && act.of(a.v).active; })) return;
    x.args.forEach(expr);
    checkCall(x);
  };
  const expr = (e: Expr): void => forEachExpr([{ k: 'return', value: e, node: e.node }], (x) => {
    if (!act.isActive(x)) return;
    if (x.k === 'call') checkCall(x);
    // A Math function without a rule row (checks.ts rejects the primal-only ones first, with their own message).
    if (x.k === 'math' && !isUnaryMath(x.name) && !naryMath.has(x.name)) reject(x.node, 'DDX1004', `Math.${x.name} has no derivative rule`);
  });
  // (An array made again on each iteration of a loop, or rebound by `y = z`, is a new binding each
  // time: the backward sweep restores the one before, emit/reverse/function.ts.)
  const locals = localsOf(fn), outside = boundToOutside(fn);
  const visit = (stmts: readonly Stmt[]): void => {
    stmts.forEach((s, at) => {
      switch (s.k) {
        case 'let':
          if (s.init === undefined) break;
          if (s.init.k === 'arrayCall') {
            if (!act.of(s.v).active) break;
            s.init.call.args.forEach(expr);
            checkCall(s.init.call);
          }
          else if (s.init.k === 'arrayLit') s.init.elems.forEach(expr);
          else if (s.init.k === 'newArray') expr(s.init.fill);
          else expr(s.init);
          break;
        case 'set':
          if (s.v.kind === 'array') checkRebinding(fn, s, stmts, at, locals);
          else expr(s.value);
          break;
        case 'setElem': case 'push': expr(s.value); break;
        case 'return':
          if (fn.returns !== 'array' && (s.value.k === 'arrayLit' || s.value.k === 'newArray')) notInReverse(s.node, 'returning an array');
          else if (s.value.k === 'arrayLit') s.value.elems.forEach(expr);
          else if (s.value.k === 'newArray') { if (act.isActive(s.value.fill)) notInReverse(s.value.node, 'an array filled with a value that depends on the input'); }
          // (A function writing its array arguments is called as a statement: what it returns is unused.
          // A driver returns a copy of it, and adds the seed into the point's adjoint.)
          else if (s.value.k === 'var' && s.value.v.kind === 'array' && (s.value.v.isParam || outside.has(s.value.v))) { if (!writer && !driver) notInReverse(s.node, 'returning an array parameter'); }
          else expr(s.value);
          break;
        case 'effect': checkEffect(s.call); break;
        case 'if': visit(s.then); if (s.else) visit(s.else); break;
        case 'for': visit(s.init); visit(s.update); visit(s.body); break;
        case 'while': case 'do': visit(s.body); break;
        case 'block': visit(s.body); break;
        default: break;
      }
    });
  };
  visit(fn.body);
  for (const [callee, p] of callees) version(callee, p);
}
