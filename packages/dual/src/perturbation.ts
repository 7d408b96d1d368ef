/**
 * Reading derivative parts out of a result, for the perturbation (tag) of one API call, and
 * the per-call options. A result without the call's perturbation is constant: its derivative
 * is 0 (a number, not an error).
 */
import { Dual, HyperDual, type Real } from './dual.js';
import { setNanSafe } from './ops.js';

/** Options accepted by every API verb. */
export interface Options {
  /** NaN-safe mode: a zero tangent times an infinite partial gives 0, not NaN. Default false. */
  nanSafe?: boolean;
}

type Part = 'value' | 'tangent' | 'e1' | 'e2' | 'e12';

/** The `part` of `y` that belongs to perturbation `t`. */
export function partOf(y: Real, t: number, part: Part): Real {
  if (typeof y === 'number') return part === 'value' ? y : 0;
  if (y.tag === t) {
    if (part === 'value') return y.value;
    if (y instanceof Dual) return part === 'tangent' ? y.tangent : 0;
    return part === 'tangent' ? 0 : y[part];
  }
  if (y.tag < t) return part === 'value' ? y : 0;
  // A perturbation created inside this call escaped into the result (for instance a returned
  // closure was called): read the part from each component, keeping the outer structure.
  if (y instanceof Dual) return new Dual(partOf(y.value, t, part), partOf(y.tangent, t, part), y.tag);
  return new HyperDual(partOf(y.value, t, part), partOf(y.e1, t, part), partOf(y.e2, t, part), partOf(y.e12, t, part), y.tag);
}

/** Runs `body` with the call's options in force, restoring the previous ones afterwards. */
export function withOptions<T>(options: Options | undefined, body: () => T): T {
  if (options === undefined || options.nanSafe === undefined) return body();
  const was = setNanSafe(options.nanSafe);
  try {
    return body();
  } finally {
    setNanSafe(was);
  }
}

/** Calls f on a vector argument: spread over parameters when f declares two or more. */
export function callVector(f: (...args: never[]) => unknown, xs: Real[]): unknown {
  return f.length >= 2 ? (f as (...a: Real[]) => unknown)(...xs) : (f as (x: Real[]) => unknown)(xs);
}
