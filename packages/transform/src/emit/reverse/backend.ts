/**
 * Reverse mode, asked for at a call site (`gradient(f, x, { mode: 'reverse' })`): the call calls a
 * generated function that runs a forward sweep recording on a tape and a backward sweep
 * (./function.ts). Forward mode stays the default; reverse mode covers gradient, valueAndGradient,
 * jacobian and valueAndJacobian (by rows), vjp and valueAndVjp (always reverse), hvp, hessian and
 * valueGradientHessian (./hvp.ts).
 */
import { callingDriver, type Backend } from '../backend.js';
import { byReverseDriver, emitReverseDriver, notInReverse } from './function.js';
import { emitReverseSecondOrder } from './hvp.js';
import { isReverseSecondOrder, reverseVerbsText } from './checks.js';

export const reverse: Backend = {
  driver(mod, fn, verb, name, exported) {
    if (isReverseSecondOrder(verb)) return emitReverseSecondOrder(mod, fn, verb, name, exported);
    if (!byReverseDriver(verb)) return notInReverse(fn.node, `${verb}`);
    return emitReverseDriver({ mod, fn, verb, name, exported });
  },

  rewriteCall(mod, site, text, javaScript) {
    if (!byReverseDriver(site.verb) && !isReverseSecondOrder(site.verb)) notInReverse(site.node, `mode: 'reverse' for ${site.verb} (${reverseVerbsText} have it)`);
    return callingDriver(site, text, javaScript, mod.driver(site.fn, site.verb, false, undefined, 'reverse'));
  },

  // The generated functions are self-contained.
  runtimeVerbs: () => [],
};
