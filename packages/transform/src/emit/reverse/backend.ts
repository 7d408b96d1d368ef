/**
 * Reverse mode, asked for at a call site (`gradient(f, x, { mode: 'reverse' })`): the call calls a
 * generated function that runs a forward sweep recording on a tape and a backward sweep
 * (./function.ts). Forward mode stays the default; reverse mode covers gradient, valueAndGradient,
 * jacobian and valueAndJacobian (by rows), vjp and valueAndVjp (always reverse), hvp, hessian and
 * valueGradientHessian (./hvp.ts).
 */
import { callingDriver, type Backend } from '../backend.js';
import { emitReverseDriver } from './function.js';
import { emitReverseSecondOrder } from './hvp.js';
import { assertReverseChecked, byReverseDriver, isReverseSecondOrder } from '../../analyze/reverseChecks.js';

export const reverse: Backend = {
  // The analysis checked f for the verb (analyze/reverseChecks.ts, which rejects every other verb): asserted, not rejected.
  driver(mod, fn, verb, name, exported) {
    assertReverseChecked(fn, verb);
    if (isReverseSecondOrder(verb)) return emitReverseSecondOrder(mod, fn, verb, name, exported);
    if (!byReverseDriver(verb)) throw new Error(`bug in ddx: no reverse-mode driver for ${verb}`);
    return emitReverseDriver({ mod, fn, verb, name, exported });
  },

  rewriteCall: (mod, site, text, javaScript) => callingDriver(site, text, javaScript, mod.driver(site.fn, site.verb, false, undefined, 'reverse')),

  // The generated functions are self-contained.
  runtimeVerbs: () => [],
};
