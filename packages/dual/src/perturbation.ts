/**
 * Reading derivative parts out of a result, for the perturbation (tag) of one API call, and
 * the per-call options. A result without the call's perturbation is constant: its derivative
 * is 0 (a number, not an error).
 */
import { Dual, HyperDual, isDualValue, isHyperDualValue, type Real } from './dual.js';
import { primal } from './ops.js';

/**
 * Options accepted by every API verb (none yet besides gradient's `strategy`: an exactly zero
 * tangent always contributes nothing, which `nanSafe: true` used to ask for).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Options {}

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
  /**
   * `'reverse'`: compiled code (the ddx transform) computes the gradient by reverse mode, one
   * forward and one backward sweep whatever the number of inputs. The run-time engine accepts the
   * option and stays in forward mode (the numbers agree within rounding). `'auto'`: compiled code
   * picks forward or reverse mode by the measured crossover (a point of 4 entries or more, 2
   * number parameters or more: reverse).
   */
  mode?: 'forward' | 'reverse' | 'auto';
}

/** Options of `jacobian` and `valueAndJacobian`. */
export interface JacobianOptions extends Options {
  /**
   * `'reverse'`: compiled code (the ddx transform) computes the Jacobian by rows, one forward and
   * one backward sweep per value of f. The run-time engine accepts the option and stays in forward
   * mode (one sweep per input; the numbers agree within rounding). `'auto'`: compiled code picks
   * rows where x has at least 2 entries per value of f, else columns.
   */
  mode?: 'forward' | 'reverse' | 'auto';
}

/** Options of `hessian`, `valueGradientHessian` and `hvp`. */
export interface SecondOrderOptions extends Options {
  /**
   * `'reverse'`: compiled code (the ddx transform) computes them over reverse mode (reverse over
   * forward: the adjoint of f's tangent code); `'forward'`: on hyper-dual numbers, the default. The
   * run-time engine accepts the option and stays on hyper-dual numbers (the numbers agree within
   * rounding).
   */
  mode?: 'forward' | 'reverse';
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

/**
 * A part as a verb returns it. A call made outside every other ddx call, at a plain point (or
 * points), promises plain numbers; a perturbation still in its result has escaped from a call
 * that already returned (a function made inside that call's f and called after it, or a value
 * kept from it). No running call can read that ε any more, so it is the constant it stands for:
 * its primal value. Inside another call, or at a point that is itself a dual, the part is kept.
 * Call it while the call is active (before `endCall`).
 */
export function settled(y: Real, point: Real | readonly Real[], direction: readonly Real[] = []): Real {
  if (typeof y === 'number' || activeCalls > 1) return y;
  const plain = (p: Real | readonly Real[]): boolean => (Array.isArray(p) ? p.every((v) => typeof v === 'number') : typeof p === 'number');
  return plain(point) && plain(direction) ? primal(y) : y;
}

/** The `part` of `y` for perturbation `t`, as a verb at `point` (along `direction`) returns it. */
export const resultPart = (y: Real, t: number, part: Part, point: Real | readonly Real[], direction?: readonly Real[]): Real =>
  settled(partOf(y, t, part), point, direction);

let activeCalls = 0;
/** Whether a ddx call is running outside the current one (the current call is nested). */
export const isNested = (): boolean => activeCalls > 1;

/** Starts one API call (its options, checked by the verb, change nothing here). */
export function beginCall(_options: Options | undefined): void {
  activeCalls++;
}

/** Ends the API call started by `beginCall` (call it in a `finally`). */
export function endCall(): void {
  activeCalls--;
}

/**
 * Runs the body of one API call with its options in force, restoring the previous ones after.
 * If the body throws, `explain` may throw a clearer error in its place (see `explainFailure`).
 */
export function withOptions<T>(options: Options | undefined, body: () => T, explain?: (error: unknown) => void): T {
  beginCall(options);
  try {
    return body();
  } catch (error) {
    explain?.(error);
    throw error;
  } finally {
    endCall();
  }
}

/**
 * The point as the template of the sweeps' arguments. f receives an argument array and may write
 * into it (assign an entry, push, shift, reverse …), so each sweep gets a fresh copy,
 * `template.slice()`, with only its own seeds: no sweep sees what another wrote. The template
 * holds generic elements (numbers boxed once), so that a copy is a plain copy of references and a
 * seed stored into it does not convert an array of doubles (boxing every number, every sweep).
 * (A copy per sweep measured ~10× cheaper than comparing and restoring one array in place.)
 */
export function sweepTemplate(xs: readonly Real[]): Real[] {
  const template: Real[] = [null as never]; // a non-number makes the array generic; emptied, it stays so
  template.length = 0;
  for (let k = 0; k < xs.length; k++) template.push(xs[k]);
  return template;
}

/** Calls f on a vector argument: spread over its parameters, or as one array (see `spreadsPoint`). */
export function callVector(f: (...args: never[]) => unknown, xs: Real[], spread: boolean): unknown {
  return spread ? (f as (...a: Real[]) => unknown)(...xs) : (f as (x: Real[]) => unknown)(xs);
}
