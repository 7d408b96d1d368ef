/**
 * What differs between the emit modes, and nothing else: each mode's folder (forward/, dual/)
 * exports one Backend, and module.ts and transform.ts call it without asking which mode runs.
 * Everything a backend needs from the module being generated (names, memoized versions of
 * functions, the parts tangent functions return) comes through the ModuleEmitter it is given.
 */
import type { ts } from 'ts-morph';
import type { CallSite } from '../analyze/program.js';
import type { NumericFunction } from '../analyze/ir.js';
import type { VerbName } from '../analyze/verbs.js';
import type { Statement } from '../codegen/statements.js';
import type { ModuleEmitter } from './module.js';
import { identifiersOf } from '../analyze/walk.js';
import { verbs } from '../analyze/verbs.js';
import { Namer } from './names.js';
import { capturedText } from './records.js';
import { flattenedMatrixText, matrices } from '../analyze/scalarise.js';

/** A stretch of the module's source text and what replaces it. */
export interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface Backend {
  /**
   * The code of the driver `name` for `verb(fn, …)`, with the run-time verb's signature and result;
   * the versions of `fn` it calls are generated through `mod` (before the driver itself).
   */
  driver(mod: ModuleEmitter, fn: NumericFunction, verb: VerbName, name: string, exported: boolean): Statement;
  /** What a call site of a verb in the module is rewritten to; `text`: a node's code as rewritten so far. */
  rewriteCall(mod: ModuleEmitter, site: CallSite, text: (node: ts.Node) => string, javaScript: boolean): Replacement;
  /** The run-time verbs the generated code imports from @ddx/dual, given the verbs of its drivers (sorted, once each). */
  runtimeVerbs(driven: readonly VerbName[]): readonly VerbName[];
}

/**
 * The text of a call site, given `body(captures)`, the rewritten call that passes `site.fn`'s
 * captures. For a function a factory makes here (\`verb(make(a, b), x)\`), the factory's arguments
 * are evaluated once and first, as JavaScript evaluates them, into fresh parameters of an
 * immediately called arrow; otherwise the captures are passed by their names, read where `body`
 * puts them: after the verb's points (a closure reads what it captures when it is called, and a
 * point may assign it: `derivative((t) => t * x, (x = 2, 1))`).
 */
export function passingCaptures(site: CallSite, text: (node: ts.Node) => string, taken: readonly string[], body: (captures: string[]) => string, repeated = false, javaScript = false): string {
  const namer = new Namer([...taken, ...identifiersOf(site.node)]);
  if (!site.constants) {
    const passed = site.fn.captures.map(capturedText);
    // A `body` that is a closure the verb calls many times (`repeated`) lays a matrix out once per
    // verb call, on the closure's first call, so after the points as JavaScript reads it (a closure
    // without a point, called later, lays it out at each call, as it reads it then).
    const held = repeated && site.points.length > 0 ? site.fn.captures.map((c) => (matrices.has(c) ? namer.fresh(c.name) : undefined)) : [];
    if (!held.some((h) => h !== undefined)) return body(passed);
    const ks = held.flatMap((h, k) => (h === undefined ? [] : [k]));
    const params = ks.map((k) => (javaScript ? held[k] : `${held[k]}?: ArrayLike<number>`));
    return `((${params.join(', ')}) => ${body(passed.map((p, k) => (held[k] === undefined ? p : `(${held[k]} ??= ${p})`)))})()`;
  }
  const names = site.fn.captures.map((c) => namer.fresh(c.name));
  const args = site.constants.map((c, k) => (matrices.has(site.fn.captures[k]) ? flattenedMatrixText(text(c)) : text(c)));
  return `((${names.join(', ')}) => ${body(names)})(${args.join(', ')})`;
}

/**
 * A call site rewritten to a call of the generated `driver`, with the point and the captures; for
 * `verb(f)` without a point, the driver itself (or, with captures, a closure that reads them when called).
 */
export function callingDriver(site: CallSite, text: (node: ts.Node) => string, javaScript: boolean, driver: string): Replacement {
  const call = site.node;
  const args = site.points.map(text);
  // Captured values are passed by the names they have here; the parameters of an arrow written
  // here must not hide them (nor the generated function it calls).
  return {
    start: call.getStart(), end: call.end,
    text: passingCaptures(site, text, [driver], (captures) => {
      if (args.length > 0) return `${driver}(${[...args, ...captures].join(', ')})`;
      if (captures.length === 0) return driver;
      // Not the name of a captured value its text reads (a record's or a matrix's is laid out by an expression naming it).
      const x = new Namer([driver, ...captures, ...site.fn.captures.map((c) => c.sourceName)]).fresh('x');
      const param = javaScript ? x : verbs[site.verb].input === 'scalar' ? `${x}: number` : `${x}: ArrayLike<number>`;
      return `((${param}) => ${driver}(${[x, ...captures].join(', ')}))`;
    }),
  };
}
