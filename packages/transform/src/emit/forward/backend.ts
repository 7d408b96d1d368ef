/**
 * Forward mode (the public mode 'inline'): each function reached becomes allocation-free tangent
 * code, and each call site calls a generated driver that seeds it once per direction.
 */
import { ParamState } from '../../analyze/activity.js';
import { verbs } from '../../analyze/verbs.js';
import { callingDriver, type Backend } from '../backend.js';
import { emitInlineDriver } from './drivers.js';
import { zerosOfLength } from '../zeros.js';

export const forward: Backend = {
  driver(mod, fn, verb, name, exported) {
    // Every parameter carries a tangent; a sweep seeds one coordinate, the others' tangents are 0.
    const pattern = fn.params.map(() => ParamState.Active);
    const tangent = mod.version(fn, verbs[verb].order, pattern);
    return emitInlineDriver({
      verb, name, fn, tangent, out: (part) => mod.out(part), global: mod.global, zeros: () => zerosOfLength(mod), exported,
      checks: mod.checksArguments ? () => mod.checks() : undefined, moduleNames: mod.names,
    });
  },

  rewriteCall: (mod, site, text, javaScript) => callingDriver(site, text, javaScript, mod.driver(site.fn, site.verb)),

  // The drivers are self-contained: compiled code reads nothing of @ddx/dual at run time.
  runtimeVerbs: () => [],
};
