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
