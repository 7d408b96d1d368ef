/**
 * Forward mode (the public mode 'inline'): each function reached becomes allocation-free tangent
 * code, and each call site calls a generated driver that seeds it once per direction.
 */
import { ParamState } from '../../analyze/activity.js';
import { verbs } from '../../analyze/verbs.js';
import { passingCaptures, type Backend } from '../backend.js';
import { Namer } from '../names.js';
import { emitInlineDriver } from './drivers.js';

export const forward: Backend = {
  driver(mod, fn, verb, name, exported) {
    // Every parameter carries a tangent; a sweep seeds one coordinate, the others' tangents are 0.
    const pattern = fn.params.map(() => ParamState.Active);
    const tangent = mod.version(fn, verbs[verb].order, pattern);
    return emitInlineDriver({
      verb, name, fn, tangent, out: (part) => mod.out(part), global: mod.global, exported,
      checks: mod.checksArguments ? () => mod.checks() : undefined,
    });
  },

  rewriteCall(mod, site, text, javaScript) {
    const call = site.node;
    // Captured values are passed by the names they have here; the parameters of an arrow written
    // here must not hide them (nor the generated function it calls).
    const driver = mod.driver(site.fn, site.verb);
    const args = site.points.map(text);
    const replace = (text: string) => ({ start: call.getStart(), end: call.end, text });
    return replace(passingCaptures(site, text, [driver], (captures) => {
      if (args.length > 0) return `${driver}(${[...args, ...captures].join(', ')})`;
      if (captures.length === 0) return driver;
      // verb(f) with captures: a closure that reads them when called, as f would.
      const x = new Namer([driver, ...captures]).fresh('x');
      const param = javaScript ? x : verbs[site.verb].input === 'scalar' ? `${x}: number` : `${x}: ArrayLike<number>`;
      return `((${param}) => ${driver}(${[x, ...captures].join(', ')}))`;
    }));
  },

  // The drivers are self-contained: compiled code reads nothing of @ddx/dual at run time.
  runtimeVerbs: () => [],
};
