/**
 * Reading derivative parts out of a result, for the perturbation (tag) of one API call, and
 * the per-call options. A result without the call's perturbation is constant: its derivative
 * is 0 (a number, not an error).
 */
import { Dual, HyperDual, isDualValue, isHyperDualValue, type Real } from './dual.js';
import { setNanSafe } from './ops.js';

/** Options accepted by every API verb. */
export interface Options {
  /** NaN-safe mode: a zero tangent times an infinite partial gives 0, not NaN. Default false. */
  nanSafe?: boolean;
}

/** How `gradient` computes the n partial derivatives (see `gradient`). */
export type GradientStrategy = 'auto' | 'sweeps' | 'chunked';

/** Options of `gradient` and `valueAndGradient`. */
export interface GradientOptions extends Options {
  /**
   * `'sweeps'`: one evaluation of f per input, that input a dual, the others plain numbers;
   * `'chunked'`: one evaluation carrying all n derivatives as sparse tangent vectors;
   * `'auto'` (default): chunked from `CHUNKED_FROM` (8) inputs on, when no other ddx call is active.
   * Both give the same numbers; inside another ddx call (nesting) sweeps are always used.
   */
  strategy?: GradientStrategy;
}

type Part = 'value' | 'tangent' | 'e1' | 'e2' | 'e12';

/** The `part` of `y` that belongs to perturbation `t`. */
export function partOf(y: Real, t: number, part: Part): Real {
  if (typeof y === 'number') return part === 'value' ? y : 0;
  if (y.tag === t) {
    if (part === 'value') return y.value;
    if (isDualValue(y)) return part === 'tangent' ? y.tangent : 0;
    return part === 'tangent' ? 0 : y[part];
  }
  if (y.tag < t) return part === 'value' ? y : 0;
  // A perturbation created inside this call escaped into the result (for instance a returned
  // closure was called): read the part from each component, keeping the outer structure.
  if (isDualValue(y)) return new Dual(partOf(y.value, t, part), partOf(y.tangent, t, part), y.tag);
  return new HyperDual(partOf(y.value, t, part), partOf(y.e1, t, part), partOf(y.e2, t, part), partOf(y.e12, t, part), y.tag);
}

let activeCalls = 0;
/** Whether a ddx call is running outside the current one (the current call is nested). */
export const isNested = (): boolean => activeCalls > 1;

/** Starts one API call: puts its options in force; returns what `endCall` needs to restore. */
export function beginCall(options: Options | undefined): boolean | undefined {
  activeCalls++;
  return options === undefined || options.nanSafe === undefined ? undefined : setNanSafe(options.nanSafe);
}

/** Ends the API call started by `beginCall` (call it in a `finally`). */
export function endCall(was: boolean | undefined): void {
  activeCalls--;
  if (was !== undefined) setNanSafe(was);
}

/** Runs the body of one API call with its options in force, restoring the previous ones after. */
export function withOptions<T>(options: Options | undefined, body: () => T): T {
  const was = beginCall(options);
  try {
    return body();
  } finally {
    endCall(was);
  }
}

/**
 * Puts the point back into the argument array of the sweeps after an evaluation. f receives that
 * array, and may write into it (assign an entry, push, shift, reverse …): every entry and the
 * length that differ from the point's are restored, so each sweep starts from the point itself
 * (with only its own seeds), never from what an earlier sweep left.
 */
export function restorePoint(args: Real[], xs: readonly Real[]): void {
  if (args.length !== xs.length) args.length = xs.length;
  for (let k = 0; k < xs.length; k++) if (!Object.is(args[k], xs[k])) args[k] = xs[k];
}

/** Calls f on a vector argument: spread over parameters when f declares two or more. */
export function callVector(f: (...args: never[]) => unknown, xs: Real[]): unknown {
  return f.length >= 2 ? (f as (...a: Real[]) => unknown)(...xs) : (f as (x: Real[]) => unknown)(xs);
}
