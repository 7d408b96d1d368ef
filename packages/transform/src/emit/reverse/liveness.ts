/**
 * Liveness in reverse mode: one analysis of what nothing needs, for the three places where the
 * generated function leaves it out.
 *
 * A definition gives values to names from the names it reads. A name is live when a root reads it
 * or a live definition of some name reads it: a fixed point reached by one worklist pass (each
 * name and each definition visited once). It is flow-insensitive: a live name keeps every
 * definition of it (more than is needed, never less).
 *
 * An effect is a root. A definition that changes something besides its names — a pop of the tape
 * or of an adjoint array, a callee adjoint's call that adds into the caller's adjoint arrays, a
 * write of an array element — is never left out, and what it reads is live. Leaving one out does
 * not make the program smaller but different: a stack left one entry too long makes every later
 * pop read another entry's value, a gradient silently wrong (fuzz seed 424601 run 1318: an adjoint
 * array's pop; seed 8662 run 102: a callee adjoint's call adding into an adjoint array).
 *
 * The three uses (emit/reverse/function.ts):
 * - `zeroAdjoints`: the number locals whose adjoint is always exactly 0, which get no backward
 *   code. Live: what the result is computed from (adjoints flow from the result back to what it
 *   reads); the roots are the returned value, what arrays are made or written with, calls run for
 *   their effect.
 * - `unreadAssignments`: the assignments the forward sweep leaves out. Live: what the backward
 *   sweep reads (its saves, and what it computes locals again from), tests, indices, arrays,
 *   calls, throws, the returned value where the verb returns it. Only an assignment whose value
 *   cannot throw or have an effect is a definition (or one whose calls the backward sweep runs
 *   again, of callees that cannot throw); any other is a root.
 * - `withoutDeadConstants`: the backward sweep's consts nothing reads (a value computed again for
 *   a partial the rule turned out not to need). The names a statement reads are data, `Code.reads`
 *   (carried by codegen/code.ts's builders from the generated locals), never searched for in text.
 */
import type { Code } from '../../codegen/code.js';
import * as S from '../../codegen/statements.js';
import type { Statement } from '../../codegen/statements.js';
import type { Expr, NumericFunction, Stmt, Var } from '../../analyze/ir.js';
import { forEachExpr } from '../../analyze/walk.js';

/** A definition: the names it gives values to and the names it reads. */
export interface Definition<N> {
  readonly defines: readonly N[];
  readonly reads: Iterable<N>;
  /** It changes something besides its names: never left out, what it reads is live. */
  readonly effect?: boolean;
}

/** The live names: those the roots read, and those read by a definition of a live name or by one with an effect. */
export function liveNames<N>(definitions: readonly Definition<N>[], roots: Iterable<N>): Set<N> {
  const of = new Map<N, Definition<N>[]>();
  for (const d of definitions) for (const n of d.defines) of.set(n, [...(of.get(n) ?? []), d]);
  const live = new Set<N>(), work: N[] = [], visited = new Set<Definition<N>>();
  const need = (n: N): void => { if (!live.has(n)) { live.add(n); work.push(n); } };
  const visit = (d: Definition<N>): void => { if (!visited.has(d)) { visited.add(d); for (const r of d.reads) need(r); } };
  for (const r of roots) need(r);
  for (const d of definitions) if (d.effect) visit(d);
  while (work.length > 0) for (const d of of.get(work.pop()!) ?? []) visit(d);
  return live;
}

/**
 * The variables `stmts` read (added to `into`): variables, arrays whose elements or lengths they
 * read, flags. `pure`: they call nothing, test no predicate and read only arrays that are always
 * there (not a `var` array, undefined until assigned), so computing them cannot throw.
 */
export function variablesRead(stmts: Stmt[], hoisted: ReadonlySet<Var> = new Set(), into = new Set<Var>()): { pure: boolean; reads: Set<Var> } {
  let pure = true;
  forEachExpr(stmts, (e) => {
    if (e.k === 'var') into.add(e.v);
    else if (e.k === 'elem' || e.k === 'len' || e.k === 'mathOver') { into.add(e.arr); if (hoisted.has(e.arr)) pure = false; }
    else if (e.k === 'call' || e.k === 'custom' || e.k === 'special' || e.k === 'default') pure = false;
  }, undefined, (c) => { if (c.k === 'flag') into.add(c.v); else if (c.k === 'predicate') pure = false; });
  return { pure, reads: into };
}

/**
 * The variables `e` reads (added to `into`), but of a rule's partial (hvp's tangent code) only its
 * arguments: reverse mode passes the partial's adjoint on to them alone (its second-order row),
 * not to what its value is computed from, whose adjoints it leaves 0.
 */
function adjointsFlowInto(e: Expr, into: Set<Var>): Set<Var> {
  forEachExpr([asStatement(e)], (x) => {
    if (x.k === 'var') into.add(x.v);
    else if (x.k === 'elem' || x.k === 'len' || x.k === 'mathOver') into.add(x.arr);
    else if (x.k === 'partial') x.args.forEach((a) => adjointsFlowInto(a, into));
    // A condition's adjoint goes into the branch taken, never into its test (propagate), which
    // is only read: Math.min's tangent `Object.is(closest, t) ? closest_d : dist_d` kept every
    // primal value of GradBench kmeans's hvp live backward.
    else if (x.k === 'cond') { adjointsFlowInto(x.a, into); adjointsFlowInto(x.b, into); }
  }, undefined, (c) => { if (c.k === 'flag') into.add(c.v); }, (x) => x.k !== 'partial' && x.k !== 'cond');
  return into;
}

/** `e` as a statement, for the walkers over statements. */
export const asStatement = (e: Expr): Stmt => ({ k: 'return', value: e, node: e.node });

/** A number assignment's value (not an array made), or undefined. */
function numberValue(s: Stmt): Expr | undefined {
  const value = s.k === 'let' ? s.init : s.k === 'set' ? s.value : undefined;
  return value === undefined || value.k === 'arrayLit' || value.k === 'newArray' || value.k === 'arrayCall' ? undefined : value;
}

/**
 * The number locals of `fn` whose adjoint is always exactly 0: nothing the result is computed from
 * reads them (in tangent code, the primal value itself, `sum += a * a + …`, when the result is its
 * tangent). Every contribution they would make is a zero adjoint times a partial, exactly 0
 * (ddxProduct), so leaving their backward code out changes no bit. Arrays and what is written
 * into them count as read; a function returning an array keeps every local.
 */
export function zeroAdjoints(fn: NumericFunction, locals: readonly Var[]): Set<Var> {
  const zero = new Set<Var>();
  if (fn.returns !== 'number') return zero;
  const definitions: Definition<Var>[] = [];
  const roots = new Set<Var>();
  const read = (e: Expr): void => { adjointsFlowInto(e, roots); };
  forEachExpr(fn.body, () => {}, (s) => {
    const value = numberValue(s);
    if ((s.k === 'let' || s.k === 'set') && s.v.kind === 'number' && value !== undefined) {
      definitions.push({ defines: [s.v], reads: adjointsFlowInto(value, new Set()) });
      return;
    }
    // What reaches the result otherwise: the returned value, what arrays are made of or written with, calls run for their effect.
    if (s.k === 'return' && s.value.k !== 'arrayLit' && s.value.k !== 'newArray') read(s.value);
    else if (s.k === 'return' && s.value.k === 'arrayLit') s.value.elems.forEach(read);
    else if (s.k === 'setElem' || s.k === 'push') read(s.value);
    else if (s.k === 'effect') read(s.call);
    else if (s.k === 'let' && s.init !== undefined) {
      if (s.init.k === 'arrayLit') s.init.elems.forEach(read);
      else if (s.init.k === 'newArray') read(s.init.fill);
      else if (s.init.k === 'arrayCall') read(s.init.call);
    }
  });
  for (const v of locals) if (v.kind !== 'number') roots.add(v);
  const live = liveNames(definitions, roots);
  for (const v of locals) if (v.kind === 'number' && !v.isParam && !live.has(v)) zero.add(v);
  return zero;
}

export interface ForwardNeeds {
  /** What the backward sweep reads: the values it restores or computes again from. */
  readonly backward: Iterable<Var>;
  /** The `var`s (an array among them may be undefined where read). */
  readonly hoisted: ReadonlySet<Var>;
  /**
   * What becomes of the returned value forward: 'needed' (the driver returns it), 'optional'
   * (`gradient` does not: left out where it cannot throw), 'none' (a callee's adjoint computes no
   * value).
   */
  readonly returned: 'needed' | 'optional' | 'none';
  /**
   * A returned call the backward sweep runs again anyway (its adjoint runs the
   * callee's forward sweep, throws included): where the returned value is 'optional', the forward
   * sweep leaves it out too, although it calls.
   */
  readonly runAgainBackward?: (call: Extract<Expr, { k: 'call' }>) => boolean;
  /**
   * An assigned value whose only calls the backward sweep runs again anyway, of callees that cannot
   * throw: where nothing forward reads the value, the forward sweep leaves the assignment out
   * (GradBench det: each level computed every minor's determinant forward, then again for the
   * partial, then once more in the minor's adjoint).
   */
  readonly callsRunAgain?: (value: Expr) => boolean;
}

/**
 * Whether evaluating `e` itself (its operands and a call's callee apart) may throw: a function of
 * the user's or of a package (custom rules, special functions), or an element, length or spread of
 * a `var` array (undefined until assigned). (Predicates are conditions: their callers ask.)
 */
export function mayThrowItself(e: Expr, hoisted: ReadonlySet<Var>): boolean {
  return e.k === 'custom' || e.k === 'special' || ((e.k === 'elem' || e.k === 'len' || e.k === 'mathOver') && hoisted.has(e.arr));
}

/**
 * Whether running `fn` can throw nothing: no `throw`, no function of the user's or of a package
 * (custom rules, special functions, predicates), no array made with a length (`new Array(-1)`), no
 * `var` array (undefined until assigned), and the same of every function it calls.
 */
export function cannotThrow(fn: NumericFunction, seen = new Set<NumericFunction>()): boolean {
  if (seen.has(fn)) return true; // (a recursion: the functions on the cycle are being asked)
  seen.add(fn);
  let safe = true;
  const hoisted = new Set<Var>();
  forEachExpr(fn.body, () => {}, (s) => { if (s.k === 'let' && s.hoisted) hoisted.add(s.v); });
  forEachExpr(fn.body, (e) => {
    if (e.k === 'call') safe &&= cannotThrow(e.fn, seen);
    else if (mayThrowItself(e, hoisted)) safe = false;
  }, (s) => {
    if (s.k === 'throw' || (s.k === 'let' && s.init?.k === 'newArray') || (s.k === 'return' && s.value.k === 'newArray')) safe = false;
    else if ((s.k === 'setElem' || s.k === 'push') && hoisted.has(s.arr)) safe = false;
  }, (c) => { if (c.k === 'predicate') safe = false; });
  return safe;
}

/**
 * The assignments of numbers and booleans (and returns) whose values nothing reads: not the
 * backward sweep, a test, an index, an array, a call, a throw, the returned value where the verb
 * returns it, nor an assignment that is kept. Their values cannot throw (no calls, or only calls
 * the backward sweep runs again of callees that cannot throw, `callsRunAgain`; elements and
 * lengths of arrays that are always there), so the forward sweep leaves them out: the gradient of
 * a sum over a loop whose terms are computed again backward runs a forward loop that only counts.
 */
export function unreadAssignments(fn: NumericFunction, needs: ForwardNeeds): Set<Stmt> {
  const roots = new Set<Var>(needs.backward);
  const root = (stmts: Stmt[]): void => { variablesRead(stmts, needs.hoisted, roots); };
  const optional = new Map<Stmt, Definition<Var>>();
  const unread = new Set<Stmt>();
  const visit = (stmts: readonly Stmt[]): void => {
    for (const x of stmts) {
      switch (x.k) {
        case 'let': case 'set': {
          const value = x.k === 'let' ? x.init : x.value;
          if (value === undefined) break;
          // (An array bound, made or rebound, is kept: the backward sweep restores its bindings.)
          if (value.k === 'arrayLit' || value.k === 'newArray' || value.k === 'arrayCall' || x.v.kind === 'array') { root([x]); break; }
          const { pure, reads } = variablesRead([asStatement(value)], needs.hoisted);
          if (pure || needs.callsRunAgain?.(value) === true) optional.set(x, { defines: [x.v], reads });
          else for (const v of reads) roots.add(v);
          break;
        }
        case 'if': root([{ ...x, then: [], else: undefined }]); visit(x.then); if (x.else) visit(x.else); break;
        case 'for': visit(x.init); root([{ ...x, init: [], update: [], body: [] }]); visit(x.update); visit(x.body); break;
        case 'while': case 'do': root([{ ...x, body: [] }]); visit(x.body); break;
        case 'block': visit(x.body); break;
        case 'return': {
          if (needs.returned === 'none') break;
          const { pure, reads } = variablesRead([x], needs.hoisted);
          if (needs.returned === 'optional' && (pure || (x.value.k === 'call' && needs.runAgainBackward?.(x.value) === true))) unread.add(x);
          else for (const v of reads) roots.add(v);
          break;
        }
        default: root([x]); break;
      }
    }
  };
  visit(fn.body);
  const live = liveNames([...optional.values()], roots);
  for (const [x, d] of optional) if (!live.has(d.defines[0])) unread.add(x);
  return unread;
}

/** A backward-sweep const whose initialiser does more than give it its value (withoutDeadConstants). */
export interface Effectful {
  /** What runs as a statement of its own where the const is not read (the initialiser, without `as number`). */
  readonly bare: Code;
  /** The module-level slots it also writes (a callee adjoint's other adjoints, mod.adjointOut), read by consts after it. */
  readonly alsoDefines: readonly string[];
  /** It changes something besides its names: pops a stack, adds into adjoint arrays of the caller's. */
  readonly effect: boolean;
}

/** The generated locals `s` reads (Code.reads of every expression in it). */
export function namesReadBy(s: Statement, into = new Set<string>()): Set<string> {
  const code = (c: Code | undefined): void => { for (const n of c?.reads ?? []) into.add(n); };
  const stmt = (x: Statement | undefined): void => {
    if (x === undefined) return;
    switch (x.k) {
      case 'declare': x.declarators.forEach((d) => code(d.init)); return;
      case 'assign': x.targets.forEach(code); code(x.value); return;
      case 'expression': code(x.code); return;
      case 'return': case 'throw': code(x.value); return;
      case 'labelled': stmt(x.body); return;
      case 'block': x.body.forEach(stmt); return;
      case 'oneLine': x.statements.forEach(stmt); return;
      case 'if': code(x.test); stmt(x.then); stmt(x.else); return;
      case 'for': stmt(x.init); code(x.test); code(x.update); stmt(x.body); return;
      case 'while': case 'do': code(x.test); stmt(x.body); return;
      case 'function': x.body.forEach(stmt); return;
      case 'break': case 'continue': return;
    }
  };
  stmt(s);
  return into;
}

/**
 * `stmts` (one statement's backward code) without the consts nothing reads. A const in `effectful`
 * is kept, as its bare initialiser where its own name is not live: it has an effect, or a slot it
 * writes is read (a callee adjoint's other adjoints).
 */
export function withoutDeadConstants(stmts: readonly Statement[], effectful: ReadonlyMap<Statement, Effectful>): Statement[] {
  const constName = (s: Statement): string | undefined => (s.k === 'declare' && s.keyword === 'const' && s.declarators.length === 1 ? s.declarators[0].name : undefined);
  const definitions: Definition<string>[] = [];
  const roots = new Set<string>();
  for (const s of stmts) {
    const name = constName(s);
    if (name === undefined) namesReadBy(s, roots);
    else {
      const e = effectful.get(s);
      definitions.push({ defines: [name, ...(e?.alsoDefines ?? [])], reads: namesReadBy(s), effect: e?.effect });
    }
  }
  const live = liveNames(definitions, roots);
  return stmts.flatMap((s) => {
    const name = constName(s);
    if (name === undefined || live.has(name)) return [s];
    const e = effectful.get(s);
    return e && (e.effect || e.alsoDefines.some((n) => live.has(n))) ? [S.expression(e.bare, s.comment === undefined ? {} : { comment: s.comment })] : [];
  });
}

/**
 * The assignments whose save (of the variable's old value, popped back by their adjoint) nothing
 * reads: a save is needed only where some statement's backward code reads the variable between
 * the assignment before it (or the start) and this one, on some path. Backward, the value is
 * then not restored there, and no code reads it before the adjoint of that earlier assignment
 * restores it absolutely. (kmeans: `dist += diff * diff` over the coordinates saved the old dist,
 * read only by Math.min's adjoint after the loop; the save of `dist = 0` before it suffices.)
 *
 * A forward data flow of the variables read backward since their last assignment (Tapenade's
 * "to be recorded"). `candidate`: the variables restored by a pop (not counters, stepped back,
 * nor `var`s); `reads`: what a statement's own backward code reads (its nested statements apart);
 * `atIterationEnd`: what a loop's backward iteration reads first (its locals computed again).
 * Within a loop or block left or continued by a jump (break, continue), no assignment ends a
 * variable's reads there, so the jump's path needs no edge of its own; a `switch` or `for…of`
 * (desugared before, not expected) keeps every save.
 */
export function unneededSaves(body: readonly Stmt[], candidate: (v: Var) => boolean, reads: (s: Stmt) => Iterable<Var>, atIterationEnd: (loop: Stmt) => Iterable<Var>): Set<Stmt> {
  const assignments = new Set<Stmt>(), needed = new Set<Stmt>();
  let unexpected = false;
  const jumps = new Set<Stmt>();
  const findJumps = (stmts: readonly Stmt[], enclosing: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.k === 'break' || s.k === 'continue') enclosing.forEach((e) => jumps.add(e));
      else if (s.k === 'switch' || s.k === 'forOf') unexpected = true;
      else if (s.k === 'if') { findJumps(s.then, enclosing); findJumps(s.else ?? [], enclosing); }
      else if (s.k === 'block') findJumps(s.body, [...enclosing, s]);
      else if (s.k === 'for' || s.k === 'while' || s.k === 'do') { findJumps(s.k === 'for' ? [...s.init, ...s.update, ...s.body] : s.body, [...enclosing, s]); }
    }
  };
  findJumps(body, []);
  if (unexpected) return new Set();
  const plus = (into: Set<Var>, vs: Iterable<Var>): Set<Var> => { for (const v of vs) into.add(v); return into; };
  const flow = (stmts: readonly Stmt[], state: Set<Var>, kill: boolean): Set<Var> => {
    let s = state;
    for (const x of stmts) s = step(x, s, kill);
    return s;
  };
  const step = (x: Stmt, state: Set<Var>, kill: boolean): Set<Var> => {
    const out = plus(new Set(state), reads(x));
    switch (x.k) {
      case 'let': case 'set':
        // A declaration without a value assigns nothing (the sweep emits nothing for it, so
        // nothing restores there): it ends no reads. (Seed 30465 run 853: the tangent code's
        // `let c_; if (a) c_ = a; else c_ = a;` in a loop left out the saves of both branches.)
        if (!candidate(x.v) || (x.k === 'let' && x.init === undefined)) return out;
        assignments.add(x);
        if (out.has(x.v)) needed.add(x);
        if (kill) out.delete(x.v);
        return out;
      case 'if': return plus(flow(x.then, out, kill), flow(x.else ?? [], out, kill));
      case 'block': return flow(x.body, out, kill && !jumps.has(x));
      case 'for': case 'while': case 'do': {
        const inner = kill && !jumps.has(x);
        // The state before each test (a do's: before each body), to a fixed point: it only grows.
        let head = x.k === 'for' ? flow(x.init, out, kill) : out;
        for (;;) {
          const iteration = plus(flow(x.body, head, inner), atIterationEnd(x));
          const next = plus(plus(new Set(head), x.k === 'for' ? flow(x.update, iteration, inner) : iteration), reads(x));
          if (next.size === head.size) return head;
          head = next;
        }
      }
      default: return out;
    }
  };
  flow(body, new Set(), true);
  return new Set([...assignments].filter((x) => !needed.has(x)));
}
