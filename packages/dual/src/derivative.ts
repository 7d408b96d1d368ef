/** First and second derivatives of f: R → R. */
import { Dual, HyperDual, newTag, type Real } from './dual.js';
import {
  checkFunction, checkIsFunction, checkOptions, checkPoint, checkScalarResult, dualVersionOf, explainFailure, isCurried,
} from './check.js';
import { beginCall, endCall, partOf, resultPart, settled, withOptions, type Options } from './perturbation.js';
import type { DualFunction, HyperDualFunction, PlainFunction, ScalarFunction, ScalarFunction2 } from './types.js';

/**
 * The derivative f'(x), exact up to rounding (one evaluation of f on a dual number).
 *
 * Without `x`, returns the derivative as a function.
 *
 * @example
 * derivative((x) => x.mul(x).add(x.sin()), 1.5);   // 2·1.5 + cos 1.5 = 3.0707372016677029
 * derivative((x) => ops.exp(x), 0);                 // 1
 * const dsin = derivative((x) => ops.sin(x));       // (x: number) => number
 */
export function derivative(f: DualFunction, x: number, options?: Options): number;
export function derivative(f: PlainFunction, x: number, options?: Options): number;
/** Inside another derivative, the point may itself be a dual: the result is then one too. */
export function derivative(f: DualFunction, x: Real, options?: Options): Real;
export function derivative(f: DualFunction, options?: Options): (x: number) => number;
export function derivative(f: PlainFunction, options?: Options): (x: number) => number;
export function derivative(f: ScalarFunction, x?: Real | Options, options?: Options): Real | ((x: number) => number) {
  if (typeof x !== 'number' && isCurried('derivative', x, arguments.length, 'a number')) {
    const g = checkFunction('derivative', f);
    const opts = x as Options | undefined;
    return (at: number) => derivative(g as DualFunction, at, opts);
  }
  checkIsFunction('derivative', f);
  checkPoint('derivative', x);
  if (options !== undefined) checkOptions('derivative', options);
  // The hot path of the run-time engine: no closure, one Dual in, one part out.
  beginCall(options);
  try {
    const t = newTag();
    const y = checkScalarResult('derivative', (f as (x: Dual) => unknown)(new Dual(x, 1, t)));
    const d = partOf(y, t, 'tangent');
    return typeof d === 'number' ? d : settled(d, x);
  } catch (error) {
    // One of Math's own functions throws on the Dual: differentiate its version in ops instead.
    // Looked up here, after the failure, so that the hot path pays nothing for it.
    const g = dualVersionOf(f);
    if (g === f) {
      explainFailure('derivative', f, 'number', error);
      throw error;
    }
    return derivative(g as DualFunction, x, options);
  } finally {
    endCall();
  }
}

/**
 * The value f(x) and the derivative f'(x) from the same evaluation.
 * @example
 * valueAndDerivative(ops.exp, 0); // { value: 1, derivative: 1 }
 */
export function valueAndDerivative(f: DualFunction, x: number, options?: Options): { value: number; derivative: number };
export function valueAndDerivative(f: PlainFunction, x: number, options?: Options): { value: number; derivative: number };
export function valueAndDerivative(f: ScalarFunction, x: number, options?: Options): { value: number; derivative: number } {
  f = checkFunction('valueAndDerivative', f);
  checkPoint('valueAndDerivative', x);
  return withOptions(checkOptions('valueAndDerivative', options), () => {
    const t = newTag();
    const y = checkScalarResult('valueAndDerivative', (f as (x: Dual) => unknown)(new Dual(x, 1, t)));
    return { value: resultPart(y, t, 'value', x) as number, derivative: resultPart(y, t, 'tangent', x) as number };
  }, (error) => explainFailure('valueAndDerivative', f, 'number', error));
}

/**
 * The second derivative f''(x), exact up to rounding: one evaluation of f on the hyper-dual
 * number x + ε1 + ε2, whose ε1ε2 part is f''(x).
 *
 * @example
 * secondDerivative((x) => ops.pow(x, 3), 2);  // 12
 */
export function secondDerivative(f: HyperDualFunction, x: number, options?: Options): number;
export function secondDerivative(f: PlainFunction, x: number, options?: Options): number;
export function secondDerivative(f: HyperDualFunction, x: Real, options?: Options): Real;
export function secondDerivative(f: HyperDualFunction, options?: Options): (x: number) => number;
export function secondDerivative(f: PlainFunction, options?: Options): (x: number) => number;
export function secondDerivative(f: ScalarFunction2, x?: Real | Options, options?: Options): Real | ((x: number) => number) {
  if (typeof x !== 'number' && isCurried('secondDerivative', x, arguments.length, 'a number')) {
    const g = checkFunction('secondDerivative', f);
    const opts = x as Options | undefined;
    return (at: number) => secondDerivative(g as HyperDualFunction, at, opts);
  }
  return derivatives('secondDerivative', f, x, options).second;
}

/**
 * f(x), f'(x) and f''(x) from one hyper-dual evaluation.
 * @example
 * valueAndDerivatives((x) => ops.pow(x, 3), 2); // { value: 8, first: 12, second: 12 }
 */
export function valueAndDerivatives(f: HyperDualFunction, x: number, options?: Options): { value: number; first: number; second: number };
export function valueAndDerivatives(f: PlainFunction, x: number, options?: Options): { value: number; first: number; second: number };
export function valueAndDerivatives(f: ScalarFunction2, x: number, options?: Options): { value: number; first: number; second: number } {
  return derivatives('valueAndDerivatives', f, x, options);
}

/** f(x), f'(x), f''(x) for `verb`. */
function derivatives(verb: string, f: ScalarFunction2, x: unknown, options: unknown): { value: number; first: number; second: number } {
  f = checkFunction(verb, f);
  checkPoint(verb, x);
  return withOptions(checkOptions(verb, options), () => {
    const t = newTag();
    const y = checkScalarResult(verb, (f as (x: HyperDual) => unknown)(new HyperDual(x, 1, 1, 0, t)));
    return {
      value: resultPart(y, t, 'value', x) as number,
      first: resultPart(y, t, 'e1', x) as number,
      second: resultPart(y, t, 'e12', x) as number,
    };
  }, (error) => explainFailure(verb, f, 'number', error));
}
