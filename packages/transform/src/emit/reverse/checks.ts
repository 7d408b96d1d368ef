/**
 * What reverse mode compiles, checked before anything is emitted (the checks pass, as
 * analyze/checks.ts for the other modes): a call site with `{ mode: 'reverse' }` whose function
 * uses anything else is DDX1062, naming the construct. function.ts relies on it.
 *
 * A call of another function whose value depends on the input is compiled to an adjoint of the
 * callee for its pattern of active arguments (function.ts, `emitAdjoint`): the callee is checked
 * here the same way, under that pattern, once per pattern (recursion ends there).
 */
import { analyzeActivity, ParamState } from '../../analyze/activity.js';
import { checkActiveConstructs } from '../../analyze/checks.js';
import type { Expr, NumericFunction, Stmt } from '../../analyze/ir.js';
import type { CallSite } from '../../analyze/program.js';
import { forEachExpr } from '../../analyze/walk.js';
import { byReverseDriver, forwardModeHint, notInReverse } from './function.js';
import { Rejection } from '../../diagnostics.js';
import { tangentFunction } from '../../analyze/tangent.js';
import type { ts } from 'ts-morph';

export function checkReverse(site: CallSite): void {
  const second = isReverseSecondOrder(site.verb);
  if (!byReverseDriver(site.verb) && !second) notInReverse(site.node, `mode: 'reverse' for ${site.verb} (${reverseVerbsText} have it)`);
  if (site.record) notInReverse(site.node, 'a function of a record');
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
  checkReverseFunction(fn);
  let tangent: NumericFunction;
  try {
    tangent = tangentFunction(fn, fn.params.map(() => ParamState.Active), at, true);
  } catch (e) {
    if (!(e instanceof Rejection)) throw e;
    const what = e.diagnostic.message.replace(/ (is )?not (supported|differentiated|applied) inside a nested derivative.*$/, '').replace(/: inside a nested derivative.*$/, '');
    return notInReverse(at, `in a Hessian over reverse mode, ${what}`);
  }
  checkFunction(tangent, hvpPattern(fn), new Set());
}

/** The activity of f's tangent function's parameters in hvp.ts: the point's, not the captures' nor the direction's. */
export const hvpPattern = (fn: NumericFunction): ParamState[] => [
  ...fn.params.map(() => ParamState.Active),
  ...fn.captures.map(() => ParamState.Inactive),
  ...fn.params.map(() => ParamState.Inactive),
];

/** A function whose vector–Jacobian product reverse mode computes (vjp): one returning an array, of one array or of numbers. */
export function checkReverseVjp(fn: NumericFunction): void {
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
  checkParams(fn);
  if (fn.returns !== 'array') notInReverse(fn.node, `jacobian of a function returning ${fn.returns === 'number' ? 'a number' : fn.returns === 'void' ? 'nothing' : 'a boolean'}`);
  checkFunction(fn, fn.params.map(() => ParamState.Active), new Set());
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
  checkFunction(fn, fn.params.map(() => ParamState.Active), new Set());
}

/** A function differentiated in reverse mode over all its parameters (a call site's, or ddx gen's `*_gradient`). */
export function checkReverseFunction(fn: NumericFunction): void {
  checkParams(fn);
  if (fn.returns !== 'number') notInReverse(fn.node, `a function returning ${fn.returns === 'array' ? 'an array' : fn.returns === 'void' ? 'nothing' : 'a boolean'}`);
  checkFunction(fn, fn.params.map(() => ParamState.Active), new Set());
}

/** `fn` under `pattern`, and (once per pattern) every callee it calls with an active argument. */
function checkFunction(fn: NumericFunction, pattern: readonly ParamState[], checked: Set<string>): void {
  const key = `${fn.id}:${pattern.join('')}`;
  if (checked.has(key)) return;
  checked.add(key);
  // A callee may return an array too (the caller holds it in a local: checkCall).
  if (fn.returns !== 'number' && fn.returns !== 'array') notInReverse(fn.node, `a function returning ${fn.returns === 'void' ? 'nothing' : 'a boolean'}`);
  const act = analyzeActivity(fn, pattern);
  checkActiveConstructs(fn, act);
  const pushed = new Set<unknown>();
  forEachExpr(fn.body, () => {}, (s) => { if (s.k === 'push') pushed.add(s.arr); });
  const callees: [NumericFunction, ParamState[]][] = [];
  const checkCall = (x: Extract<Expr, { k: 'call' }>): void => {
    const callee = x.fn;
    if ((callee.writes ?? []).length > 0) notInReverse(x.node, `a call of '${callee.name}' that writes its array argument`);
    x.args.forEach((a, i) => {
      if (!act.isActive(a) || callee.params[i]?.kind !== 'array') return;
      // The callee adds into the caller's adjoint of the array, a Float64Array.
      if (a.k !== 'var' || pushed.has(a.v)) notInReverse(a.node, `an array that grows by push passed to '${callee.name}'`);
    });
    callees.push([callee, act.patternOf(x.args)]);
  };
  const expr = (e: Expr): void => forEachExpr([{ k: 'return', value: e, node: e.node }], (x) => {
    if (!act.isActive(x)) return;
    if (x.k === 'call') checkCall(x);
    if (x.k === 'custom') notInReverse(x.node, `'${x.rule.name}' (made by defineFunction)`);
    if (x.k === 'special') notInReverse(x.node, `'${x.fn.name}' of '${x.fn.module}'`);
  });
  const visit = (stmts: readonly Stmt[], inLoop: boolean): void => {
    for (const s of stmts) {
      switch (s.k) {
        case 'let':
          if (s.init === undefined) break;
          if (s.init.k === 'arrayCall') {
            // Made again on each iteration, the array would have to be saved whole (as one made by a literal).
            if (inLoop) notInReverse(s.node, `a call of '${s.init.call.fn.name}' returning an array inside a loop`);
            if (!act.of(s.v).active) break;
            if (pushed.has(s.v)) notInReverse(s.node, `an array returned by '${s.init.call.fn.name}' that grows by push`);
            s.init.call.args.forEach(expr);
            checkCall(s.init.call);
          }
          else if (s.init.k === 'arrayLit' || s.init.k === 'newArray') {
            if (inLoop) notInReverse(s.node, 'an array made inside a loop');
            if (s.init.k === 'arrayLit') s.init.elems.forEach(expr);
            else if (act.isActive(s.init.fill)) notInReverse(s.init.node, 'an array filled with a value that depends on the input');
          } else expr(s.init);
          break;
        case 'set':
          if (s.v.kind === 'array') notInReverse(s.node, 'assigning an array variable');
          expr(s.value);
          break;
        case 'setElem': case 'push': expr(s.value); break;
        case 'return':
          if (s.value.k === 'arrayLit') s.value.elems.forEach(expr);
          else if (s.value.k === 'newArray') { if (act.isActive(s.value.fill)) notInReverse(s.value.node, 'an array filled with a value that depends on the input'); }
          else if (s.value.k === 'var' && s.value.v.isParam && s.value.v.kind === 'array') notInReverse(s.node, 'returning an array parameter');
          else expr(s.value);
          break;
        case 'effect': notInReverse(s.node, `a call of '${s.call.fn.name}' that writes its array argument`); break;
        case 'if': visit(s.then, inLoop); if (s.else) visit(s.else, inLoop); break;
        case 'for': visit(s.init, inLoop); visit(s.update, true); visit(s.body, true); break;
        case 'while': case 'do': visit(s.body, true); break;
        case 'block': visit(s.body, inLoop); break;
        default: break;
      }
    }
  };
  visit(fn.body, false);
  for (const [callee, p] of callees) checkFunction(callee, p, checked);
}
