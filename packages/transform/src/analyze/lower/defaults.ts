/**
 * Lowering: the arguments of a call where parameters have defaults, and a value that may be
 * undefined read as a number (JavaScript's rules for both).
 */
import type { Expr, NumericFunction } from '../ir.js';
import { mayBeUndefined } from '../normalise.js';

/** `e` converted to a number, as `+e` does: undefined (an element past the end, a `var` not yet assigned) becomes NaN. */
export function toNumber(e: Expr): Expr {
  return mayBeUndefined(e) ? { k: 'cond', test: { k: 'defined', a: e, node: e.node }, a: e, b: { k: 'num', text: 'NaN', node: e.node }, node: e.node } : e;
}

/**
 * The arguments of a call of `fn` that passes `given`: the omitted ones take their parameter's
 * default (a `default` argument, which normalise.ts fills in). JavaScript takes a parameter's
 * default for an argument that is `undefined` too: with `givenMayBeUndefined`, a given argument
 * that may be (see {@link mayBeUndefined}) is `given ?? default`.
 */
export function defaultArguments(fn: NumericFunction, given: readonly Expr[], givenMayBeUndefined = false): Expr[] {
  const args = [...given];
  fn.params.forEach((param, i) => {
    const fallback = fn.defaults?.[i];
    const taken = (): Expr => ({ k: 'default', param, node: fallback!.node });
    if (i >= args.length) args.push(taken());
    else if (fallback && givenMayBeUndefined && mayBeUndefined(args[i])) {
      const a = args[i];
      args[i] = { k: 'cond', test: { k: 'defined', a, node: a.node }, a, b: taken(), node: a.node };
    }
  });
  return args;
}

/** How many leading parameters a call must pass: those up to the last one without a default. */
export function requiredCount(fn: NumericFunction): number {
  let required = fn.params.length;
  while (required > 0 && fn.defaults?.[required - 1] !== undefined) required--;
  return required;
}
