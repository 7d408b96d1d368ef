/**
 * Reverse mode: `gradient(f, x, { mode: 'reverse' })` becomes one generated function that runs f
 * once forward and once backward.
 *
 * - The forward sweep is f's statements (every local declared once, at the start), plus saves on
 *   a tape of what the backward sweep needs: the old value of a variable or element before it is
 *   overwritten (when the backward sweep reads it), which branch an `if` took, how many times a
 *   loop ran and where control left early (exits.ts).
 * - The backward sweep undoes the statements in reverse order, each under an `// adjoint of: …`
 *   comment: it restores what the statement overwrote, then adds the statement's adjoint
 *   (`d_v`, the derivative of the result with respect to v at that point) times each partial
 *   derivative to the adjoints of what the statement read. Values the partials need are computed
 *   again from the restored variables, never saved; the partials are the rows of @ddx/dual's
 *   rules.ts, evaluated on code.
 *
 * The tape is two typed-array stacks owned by the generated function at module level (numbers,
 * and integer control codes), grown by doubling and reused by every call: a call pops exactly
 * what it pushed, so a steady state allocates only the gradient it returns.
 *
 * The zero convention: a partial times an adjoint is 0 where either is exactly 0 (0·∞ is not NaN),
 * so a zero adjoint contributes nothing, as a zero tangent does in forward mode.
 */
import { desugared } from '../../analyze/normalise.js';
import { binaryRules, binarySecond, hypotRule, rules, type Algebra } from '@ddx/dual';
import * as C from '../../codegen/code.js';
import { codeAlgebraWith, type Code } from '../../codegen/code.js';
import * as S from '../../codegen/statements.js';
import type { Param, Statement } from '../../codegen/statements.js';
import { analyzeActivity, ParamState, type Activity } from '../../analyze/activity.js';
import type { ArrayInit, ArrayMade, Cond, Expr, NumericFunction, Stmt, Var } from '../../analyze/ir.js';
import { isUnaryMath } from '../../analyze/mathNames.js';
import { isRuleSpecialCase } from '../../analyze/tangent.js';
import { sharedArrays } from '../../analyze/reverseChecks.js';
import { forEachExpr, localArrayType, tailReturns } from '../../analyze/walk.js';
import { generatedGlobals, Namer } from '../names.js';
import type { ModuleEmitter } from '../module.js';
import { zerosOfLength } from '../zeros.js';
import { lengthCheck, shapeOf } from '../forward/drivers.js';
import { captureType, printCond, printPrimal, printThrown, sourceSnippet } from '../primal.js';
import { addition, assignedFirstAdditions, combinedAdditions, sunkAdditions, type Addition } from './combine.js';
import { findExits, type Exits, type Target } from './exits.js';
import { fusedPointCheck, type FusedPointCheck } from './pointcheck.js';
import { asStatement, cannotThrow, mayThrowItself, unneededSaves, unreadAssignments, variablesRead, withoutDeadConstants, zeroAdjoints, type Effectful } from './liveness.js';
import { withUniqueLocals } from './rename.js';
import type { ts } from 'ts-morph';

/**
 * The emitter's invariant where reverse mode has no code for a construct: the analysis
 * (analyze/reverseChecks.ts) rejects it first with DDX1062 or DDX1004, so reaching here is a bug in ddx.
 */
function unchecked(node: ts.Node, what: string): never {
  const sf = node.getSourceFile();
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  throw new Error(`bug in ddx: the reverse emitter reached ${what} (${sf.fileName}:${line + 1}:${character + 1}), which analyze/reverseChecks.ts rejects before any backend emits`);
}

const code = C.verbatim;
/** `text` as a statement; `reading`: the codes it was written with (their generated locals it reads, liveness.ts). */
const run = (text: string, ...reading: Code[]): Statement => S.expression(code(text, ...reading));
const when = (test: string | Code, then: Statement[], otherwise?: Statement[]): Statement =>
  ({ k: 'if', test: typeof test === 'string' ? code(test) : test, then: S.block(then), ...(otherwise && otherwise.length > 0 ? { else: S.block(otherwise) } : {}) });

/** The test that holds where `c` does not (`!(n < 1)`: not `n >= 1`, which NaN fails too). */
const negation = (c: Cond): Cond => (c.k === 'not' ? c.a : { k: 'not', a: c, node: c.node });

/**
 * The names of one generated function's tape: two stacks taken for the call into locals
 * (`values`/`valueTop`, `codes`/`codeTop`) from the module-level lists of free stacks (`free…`).
 */
interface Tape {
  readonly freeValues: string;
  readonly freeCodes: string;
  readonly growValues: string;
  readonly growCodes: string;
  readonly values: string;
  readonly valueTop: string;
  readonly codes: string;
  readonly codeTop: string;
}

/**
 * The module-level declarations of a tape: the lists of free stacks and the functions that double
 * them. A call pops its stacks off the lists and pushes them back, so the calls running at once (a
 * recursion, a gradient inside a gradient) each hold their own, and every one is kept for the next
 * call as long as it grew: a recursion allocates no stacks in steady state (one free pair instead
 * of the lists made each inner call start from new stacks and double them again).
 */
function tapeDeclarations(t: Tape, owner: string, global: (name: 'Float64Array') => string): Statement[] {
  const f64 = global('Float64Array');
  return [
    S.declare('const', [
      { name: t.freeValues, type: `${f64}[]`, init: code('[]') },
      { name: t.freeCodes, type: 'Int32Array[]', init: code('[]') },
    ], { doc: `The free stacks of ${owner}'s tape (saved values; control codes: branches taken, trip counts, exits), kept between calls: a call takes a pair and gives it back, one pair per call running at once.` }),
    ...([[t.growValues, f64, 'values'], [t.growCodes, 'Int32Array', 'codes']] as const).map(([name, type, what]): Statement => ({
      k: 'function', doc: `A copy of ${owner}'s full stack of ${what}, twice as long.`, exported: false, name,
      params: [{ name: 'stack', type }], returnType: type, body: [
        S.declare('const', [{ name: 'grown', init: code(`new ${type}(2 * stack.length)`) }]),
        run('grown.set(stack)'),
        S.ret(code('grown')),
      ],
    })),
  ];
}

/** What a statement becomes: its forward-sweep code and its backward-sweep code. */
interface Swept {
  fwd: Statement[];
  rev: Statement[];
}

interface LoopInfo {
  readonly label: string;
  readonly count: string;
  /**
   * Whether the trip count is saved on the tape: a loop inside no other loop runs at most once per
   * forward sweep, so its count stays in its local until the backward sweep reads it.
   */
  readonly countSaved: boolean;
  /** The label of the block a `continue` leaves (when the loop has continue sites). */
  readonly body?: string;
  /** The variable a `break` sets to its site (when the loop can be left early). */
  readonly left?: string;
}

export interface ReverseDriverInput {
  readonly mod: ModuleEmitter;
  readonly fn: NumericFunction;
  /**
   * gradient: f returns a number, seeded with 1; vjp: f returns an array, seeded with the weights w;
   * jacobian: f returns an array, one row per value, each seeded with a unit weight.
   */
  readonly verb: 'gradient' | 'valueAndGradient' | 'vjp' | 'valueAndVjp' | 'jacobian' | 'valueAndJacobian';
  readonly name: string;
  readonly exported: boolean;
}

/** The adjoint of a callee for one pattern of active arguments (see emitAdjoint). */
export interface AdjointInput {
  readonly mod: ModuleEmitter;
  readonly fn: NumericFunction;
  readonly name: string;
  readonly pattern: readonly ParamState[];
  /** The adjoint of the result is the constant 1 (hvp.ts's seed), not a parameter. */
  readonly seedOne?: boolean;
}

/**
 * The driver, with unguarded products (a partial times an adjoint as a plain product, summed into
 * a local): such a product differs from ddxProduct's only where it is NaN, and the backward sweep
 * only adds, negates, multiplies by partials and routes adjoints by primal values, so where no
 * product was NaN the result is the guarded one bit for bit (signs of zero too). Where one was, the
 * driver with guarded products computes the result again. (Not for an f that writes an array it is
 * given: it would run again on what it wrote.)
 */
export function emitReverseDriver(input: ReverseDriverInput): Statement {
  if ((input.fn.writes ?? []).length > 0) return new ReverseEmitter(input).emit();
  let guarded: string | undefined;
  const driver = new ReverseEmitter(input, { fallback: () => (guarded ??= input.mod.freshName(`${input.name}_guarded`)) }).emit();
  if (guarded === undefined) return driver;
  const fallback = new ReverseEmitter({ ...input, name: guarded, exported: false }).emit() as Extract<Statement, { k: 'function' }>;
  input.mod.declare({ ...fallback, doc: `${fallback.doc} The fallback of ${input.name} where one of its unguarded products was NaN: every product guarded (ddxProduct).` });
  const fast = driver as Extract<Statement, { k: 'function' }>;
  return { ...fast, doc: `${fast.doc} Products of partials and adjoints unguarded; where one was NaN (0·∞ where ddxProduct gives 0), ${guarded} computes it again.` };
}

/**
 * The adjoint of `fn` for a call whose active arguments are `pattern`'s: a function of the
 * arguments, the adjoints of the active array arguments (the caller's, added into) and the adjoint
 * of the call's value, that runs fn's forward sweep on a tape of its own, then its backward sweep,
 * and returns the adjoint of the first active number argument (the others in module-level
 * variables, `mod.adjointOut`, read by the caller right after the call). The caller calls it in
 * its backward sweep, where its variables hold again the values the call was made with; the
 * caller's forward sweep calls fn itself (the callee's forward sweep runs twice: no tape is shared
 * between functions, so recursion and a gradient inside a gradient are safe).
 */
export function emitReverseAdjoint(input: AdjointInput): Statement {
  return new ReverseEmitter(input).emitAdjoint();
}

/**
 * The adjoint of a callee with unguarded products (emitReverseDriver), and whether it has any: then
 * it writes their sum to mod.nanSum just before it returns, which its caller adds to its own.
 */
export function emitUnguardedAdjoint(input: AdjointInput): { adjoint: Statement; reports: boolean } {
  const emitter = new ReverseEmitter(input, {});
  const adjoint = emitter.emitAdjoint();
  return { adjoint, reports: emitter.reports };
}

/** The parameters of `fn` whose adjoints its adjoint for `pattern` returns: the active numbers, in order. */
export const returnedAdjoints = (fn: NumericFunction, pattern: readonly ParamState[]): number[] =>
  fn.params.flatMap((p, i) => (pattern[i] === ParamState.Active && p.kind === 'number' ? [i] : []));

class ReverseEmitter {
  private readonly names: Namer;
  private readonly fn: NumericFunction;
  private readonly locals: Var[];
  private readonly act: Activity;
  private readonly exits: Exits;
  private readonly tape: Tape;
  private readonly algebra: Algebra<Code>;
  private readonly sf: ts.SourceFile;
  /** Variables (and arrays) the backward sweep reads: saved before they are overwritten. */
  private readonly saved = new Set<Var>();
  /** Local arrays filled once where they are made (filledOnce): what the fill overwrites is not saved. */
  private readonly filled = new Set<Var>();
  /** The `var`s: undefined until assigned. */
  private readonly hoisted = new Set<Var>();
  private readonly adjoints = new Map<Var, string>();
  private readonly loops = new Map<Stmt, LoopInfo>();
  private readonly blocks = new Map<Stmt, string>();
  /** Generated locals declared at the start of the function (counts, exits). */
  private readonly counters: string[] = [];
  private loopDepth = 0;
  /** The variable holding the exit code of the innermost loop iteration, labelled block or function, in the backward sweep. */
  private scopeCode: string | undefined;
  private readonly value: string;
  private readonly forwardLabel: string;
  /** Whether some return leaves the forward sweep early, not at the end of its path (then each return saves its site). */
  private readonly earlyReturn: boolean;
  /** The backward sweep's statements being emitted (for the values its partials share). */
  private out: Statement[] = [];
  private memo = new Map<string, Code>();
  /** The backward sweep's consts whose initialiser does more than give their value (a callee adjoint's call, a pop): liveness.ts. */
  private effectful = new Map<Statement, Effectful>();
  /** The backward sweep's additions to adjoints, which combinedAdditions merges per target. */
  private readonly additions = new Map<Statement, Addition>();
  private readonly shape;
  private readonly point: string;
  private readonly gradient: string;
  /** The adjoint of the function's result: 1 in a driver, a parameter in a callee's adjoint. */
  private readonly seed: string;
  /** The local whose adjoint is the seed 1 throughout the backward sweep (oneAdjoint), in a gradient's driver or a seedOne adjoint. */
  private readonly adjointOne: Var | undefined;
  /** The locals whose adjoint is that seed 1 throughout (oneAdjoints): adjointOne and the terms summed into it. */
  private readonly ones: ReadonlySet<Var>;
  /** A driver (the gradient of the function at a point), not a callee's adjoint. */
  private readonly isDriver: boolean;
  /** Whether the point's adjoint is the returned gradient (a point f does not write). */
  private readonly returnsPointAdjoint: boolean;
  /**
   * The array whose indices a loop's bound proves (pointBound): the point whose adjoint a driver
   * returns, or a callee's first parameter, an array it does not write (the caller's adjoint of it
   * has at least its length: hvp.ts's tangent code, a helper's loop over its array).
   */
  private readonly boundArray: Var | undefined;
  /** The module-level array of zeros the returned gradient is copied from (when it is the point's adjoint). */
  private readonly zeros: string;
  /** The loop the driver's point check is fused into (pointcheck.ts), if any. */
  private readonly fusedCheck: FusedPointCheck | undefined;

  /**
   * Unguarded products (emitReverseDriver): given, the products of partials and adjoints are plain
   * products summed into a local (`products`); `fallback`: a driver's name for the driver with
   * guarded products, called where that sum is NaN.
   */
  private readonly unguarded: { readonly fallback?: () => string } | undefined;

  constructor(private readonly input: ReverseDriverInput | AdjointInput, unguarded?: { readonly fallback?: () => string }) {
    this.unguarded = unguarded;
    const { mod, fn: source, name } = input;
    this.sf = source.node.getSourceFile();
    this.names = new Namer([...source.usedNames, ...generatedGlobals], mod.names);
    const unique = withUniqueLocals(source, this.names);
    this.fn = unique.fn;
    this.locals = unique.locals;
    this.shape = shapeOf(this.fn);
    // analyze/reverseChecks.ts made sure f is one reverse mode compiles (its unchecked calls below are never reached).
    this.act = analyzeActivity(this.fn, 'pattern' in input ? input.pattern : this.fn.params.map(() => ParamState.Active));
    this.exits = findExits(this.fn.body);
    forEachExpr(this.fn.body, () => {}, (s) => { if (s.k === 'let' && s.hoisted) this.hoisted.add(s.v); });
    const base = name;
    this.tape = {
      freeValues: mod.names.fresh(`${base}_values`), freeCodes: mod.names.fresh(`${base}_codes`),
      growValues: mod.names.fresh(`${base}_growValues`), growCodes: mod.names.fresh(`${base}_growCodes`),
      values: this.names.fresh('values'), valueTop: this.names.fresh('valueTop'), codes: this.names.fresh('codes'), codeTop: this.names.fresh('codeTop'),
    };
    this.value = this.names.fresh('value');
    this.forwardLabel = this.names.fresh('forward');
    const driver = (this.isDriver = !('pattern' in input));
    this.point = !driver ? '' : this.shape.k === 'array' ? this.fn.params[0].name : this.names.fresh('x');
    this.gradient = !driver ? '' : this.shape.k === 'array' ? this.adjointOf(this.fn.params[0]) : this.names.fresh('gradient');
    // (A function writing its array arguments is called as a statement: its value has no adjoint.)
    this.seed = !driver ? ((input as AdjointInput).seedOne ? '1' : isWriter(source) ? '0' : this.names.fresh('d_result')) : source.returns === 'array' ? this.names.fresh('w') : '1';
    this.returnsPointAdjoint = driver && this.shape.k === 'array' && !(this.fn.writes ?? []).some((w) => w.index === 0);
    this.zeros = this.returnsPointAdjoint ? mod.names.fresh(`${base}_zeros`) : '';
    this.fusedCheck = this.returnsPointAdjoint && mod.checksArguments ? fusedPointCheck(this.fn, this.fn.params[0]) : undefined;
    const first = this.fn.params[0] as Var | undefined;
    this.boundArray = this.returnsPointAdjoint || (!driver && first?.kind === 'array' && !(this.fn.writes ?? []).some((w) => w.index === 0)) ? first : undefined;
    // (A return at the end of a path to the function's end, outside labelled blocks, is its path's
    // exit: the branches taken tell which ran. normalise.ts leaves others only in array-valued functions.)
    const tails = tailReturns(this.fn.body);
    this.earlyReturn = this.exits.to('function').some((r) => !tails.has(r.stmt) || r.crossed.length > 0);
    this.algebra = { ...codeAlgebraWith(mod.global), share: (a, b) => this.shared(a, b) };
    this.adjointOne = this.seed === '1' ? oneAdjoint(this.fn) : undefined;
    this.ones = oneAdjoints(this.fn, this.adjointOne);
    for (const v of zeroAdjoints(this.fn, this.locals)) this.useless.add(v);
    this.sharing = sharedArrays(this.fn);
    this.findSaved();
    for (const v of filledOnce(this.fn)) if (!this.sharing.has(v)) this.filled.add(v);
    // An element written through one name of a shared array is read through the others: saved for all.
    for (const group of this.sharing.values()) if (group.some((v) => this.saved.has(v))) for (const v of group) this.saved.add(v);
    // A callee's adjoint leaves the arrays it writes as it found them (its caller reads them backward
    // again): every element it overwrites is saved and restored.
    if (!driver) for (const w of this.fn.writes ?? []) this.saved.add(this.fn.params[w.index]);
    forEachExpr(this.fn.body, () => {}, (s) => { if (s.k === 'push') this.pushed.add(s.arr); });
    for (const v of reboundArrays(this.fn.body)) this.rebound.add(v);
    this.findCounters();
    this.findRestarts();
    // Every loop's locals computed again backward, outermost first (as the sweep meets them).
    forEachExpr(this.fn.body, () => {}, (x) => { if (x.k === 'for' || x.k === 'while' || x.k === 'do') this.recomputedIn.set(x, this.recomputable(x)); });
    for (const x of this.unneededSaves()) this.unsaved.add(x);
    // What the backward sweep reads: the saved values, and what a local computed again is computed from.
    const backward = new Set([...this.saved].filter((v) => !this.recomputed.has(v)));
    for (const lets of this.recomputedIn.values()) {
      for (const d of lets) for (const u of variablesRead([asStatement(d.init as Expr)]).reads) if (!this.recomputed.has(u)) backward.add(u);
    }
    const returned = !this.isDriver ? 'none' : this.fn.returns === 'number' && (this.input as ReverseDriverInput).verb === 'gradient' ? 'optional' : 'needed';
    // `return g(…)` in a gradient: g's adjoint runs g's forward sweep (the same arguments, at the
    // start of the backward sweep), so running g forward as well computed an unused value twice
    // (GradBench llsq: a whole extra primal). Only a single call with arguments that cannot throw
    // and a callee that writes no array argument; its adjoint's call is then kept as an effect, so
    // that what g throws is still thrown.
    const runAgainBackward = (call: Extract<Expr, { k: 'call' }>): boolean => this.act.isActive(call) && !(call.fn.writes ?? []).length
      && variablesRead(call.args.map(asStatement), this.hoisted).pure;
    // An assigned value whose calls are all such, of callees that cannot throw (no other error
    // can come first), nothing forward needs reading: the backward sweep computes it again for a
    // partial, or the callee's adjoint runs the call's forward sweep (GradBench det).
    const callsRunAgain = (value: Expr): boolean => {
      let calls = 0, again = true;
      forEachExpr([asStatement(value)], (e) => {
        if (e.k === 'call') { calls++; again &&= runAgainBackward(e) && cannotThrow(e.fn); }
        else if (e.k === 'default' || mayThrowItself(e, this.hoisted)) again = false;
      }, undefined, (c) => { if (c.k === 'predicate') again = false; }, (e) => e.k !== 'call');
      return again && calls > 0;
    };
    for (const x of unreadAssignments(this.fn, { backward, hoisted: this.hoisted, returned, runAgainBackward, callsRunAgain })) {
      this.unread.add(x);
      // (A call is never pure: a returned call left out is one runAgainBackward accepted.)
      if (x.k === 'return' && x.value.k === 'call') this.runAgain.add(x.value);
    }
  }

  private global = (n: Parameters<ModuleEmitter['global']>[0]): string => this.input.mod.global(n);

  adjointOf(v: Var): string {
    let d = this.adjoints.get(v);
    if (!d) this.adjoints.set(v, (d = this.names.fresh(`d_${v.name}`)));
    return d;
  }

  /** The assignments whose old value nothing reads backward: not saved (liveness.ts' unneededSaves). */
  private readonly unsaved = new Set<Stmt>();

  /**
   * The assignments that need not save: of a number or boolean local restored by a pop (not a
   * counter, a `var`, a parameter or a local computed again). What a statement's backward code
   * reads is among the variables it reads itself (its partials, indices, tests computed again),
   * and everything where it calls (a callee's adjoint runs its forward sweep).
   */
  private unneededSaves(): Set<Stmt> {
    const candidate = (v: Var): boolean => (v.kind === 'number' || v.kind === 'boolean') && !v.isParam && this.saved.has(v)
      && !this.counterVars.has(v) && !this.hoisted.has(v) && !this.recomputed.has(v);
    const reads = (s: Stmt): Iterable<Var> => {
      const read = new Set<Var>();
      this.readBackward(s, read);
      let calls = false;
      if (s.k !== 'if' && s.k !== 'for' && s.k !== 'while' && s.k !== 'do' && s.k !== 'block') forEachExpr([s], (e) => { if (e.k === 'call') calls = true; });
      return calls ? [...read, ...this.saved] : read;
    };
    const atIterationEnd = (loop: Stmt): Iterable<Var> => variablesRead((this.recomputedIn.get(loop) ?? []).map((d) => asStatement(d.init as Expr))).reads;
    return unneededSaves(this.fn.body, candidate, reads, atIterationEnd);
  }

  /** Number locals whose adjoint is always exactly 0 (liveness.ts' zeroAdjoints). */
  private readonly useless = new Set<Var>();

  /**
   * The variables whose values the backward sweep reads: in the partials of active expressions and
   * in indices of written elements. An operand of a sum, a difference or a negation is not read
   * (its partial is ±1), so `s += term` saves no old s.
   */
  private findSaved(): void {
    forEachExpr(this.fn.body, () => {}, (s) => this.readBackward(s, this.saved));
  }

  /** The variables whose values the backward code of `s` itself reads (not of statements nested in it), added to `into` (findSaved). */
  private readBackward(s: Stmt, into: Set<Var>): void {
    const reads = (e: Expr): void => { variablesRead([asStatement(e)], undefined, into); };
    // What propagate (below) computes again for an active expression.
    const active = (e: Expr): void => {
      if (!this.act.isActive(e)) return;
      switch (e.k) {
        case 'var': return;
        case 'elem': return reads(e.index);
        case 'neg': return active(e.a);
        case 'bin':
          if (e.op === '+' || e.op === '-') { active(e.a); active(e.b); return; }
          // Per operand (binaryRules): ∂(a·b)/∂a = b and ∂/∂b = a; ∂(a/b)/∂a = 1/b and ∂/∂b =
          // −(a/b)/b. An operand's value is read only where another's partial needs it: `sum / 2`
          // reads no sum, so a loop's `sum += …` before `return sum / 2` saves no old sum.
          if (e.op === '*') {
            if (this.act.isActive(e.b)) reads(e.a);
            if (this.act.isActive(e.a)) reads(e.b);
            active(e.a); active(e.b);
            return;
          }
          if (e.op === '/') {
            if (this.act.isActive(e.b)) reads(e.a);
            reads(e.b);
            active(e.a); active(e.b);
            return;
          }
          break;
        // As propagate: the zero guard and a rule's special case pass the adjoint to their value
        // without testing; another condition is tested again, then the branch taken gets it. The
        // branches' values are not read: hvp's `closest_d = Object.is(closest, t) ? closest_d :
        // dist_d` (kmeans) saved both tangents on every assignment.
        case 'cond':
          if (e.a.k === 'num' && e.a.value === 0 && (e.test.k === 'zero' || isRuleSpecialCase(e.test))) return active(e.b);
          variablesRead([{ k: 'if', test: e.test, then: [], else: undefined, node: e.node }], undefined, into);
          active(e.a); active(e.b);
          return;
        default: break;
      }
      reads(e);
    };
    switch (s.k) {
      case 'let': if (s.init && !this.useless.has(s.v)) {
        if (s.init.k === 'arrayLit') s.init.elems.forEach(active);
        else if (s.init.k === 'newArray') active(s.init.fill);
        else if (s.init.k === 'arrayCall') active(s.init.call);
        else active(s.init);
      } break;
      case 'set': if (!this.useless.has(s.v)) active(s.value); break;
      case 'push': active(s.value); break;
      case 'setElem': reads(s.index); active(s.value); break;
      // The callee's adjoint runs its forward sweep again on what the call read: the arguments,
      // and the arrays it writes where it reads them too (`rk4Step(y, h)`), not `out` of `add(out, a, b)`.
      case 'effect': if (this.needsAdjoint(s.call)) {
        const written = writtenArguments(s.call);
        s.call.args.forEach((a, i) => { if (!written.has(i) || readsParameter(s.call.fn, i)) reads(a); });
      } break;
      case 'return':
        if (s.value.k === 'arrayLit') s.value.elems.forEach(active);
        else if (s.value.k !== 'newArray') active(s.value);
        break;
      default: break;
    }
  }

  /** A push onto one of the tape's stacks (doubled first when full). */
  private pushOn(stack: string, top: string, grow: string, c: string | number): Statement[] {
    this.tapeUsed = true;
    const check: Statement = { k: 'if', test: code(`${top} === ${stack}.length`), then: run(`${stack} = ${grow}(${stack})`) }, push = run(`${stack}[${top}++] = ${c}`);
    if (stack === this.tape.values) this.valuePushes.set(push, check);
    return [check, push];
  }

  /** Each push on the stack of values, with the test before it that grows the stack (which a loop may reserve instead). */
  private readonly valuePushes = new Map<Statement, Statement>();

  private tapeSaveValue = (c: string): Statement[] => this.pushOn(this.tape.values, this.tape.valueTop, this.tape.growValues, c);
  private tapeSaveCode = (c: string | number): Statement[] => this.pushOn(this.tape.codes, this.tape.codeTop, this.tape.growCodes, c);
  private popValue = (): string => `${this.tape.values}[--${this.tape.valueTop}]`;
  private popCode = (): string => `${this.tape.codes}[--${this.tape.codeTop}]`;

  emit(): Statement {
    const { mod, verb, name, exported, fn: source } = this.input as ReverseDriverInput;
    const fn = this.fn;
    this.scopeCode = this.earlyReturn ? this.functionCode : undefined;
    const body = this.sweep(fn.body);
    const head: Statement[] = [];
    // The point, checked as the run-time engine checks it.
    const checks = mod.checksArguments ? mod.checks() : undefined;
    const vjp = verb === 'vjp' || verb === 'valueAndVjp';
    const rows = verb === 'jacobian' || verb === 'valueAndJacobian';
    if (checks) {
      const point = run(`${checks.vector}('${verb}', ${this.point}, 'x')`);
      // (Fused into a loop that reads every element, pointcheck.ts: here only what that loop cannot tell.)
      const c = this.fusedCheck?.below;
      head.push(c === undefined ? point : when(`!${this.global('Array')}.isArray(${this.point}) || ${this.point}.length <= ${c}`, [point]));
      if (vjp) head.push(run(`${checks.vector}('${verb}', ${this.seed}, 'w')`));
    }
    head.push(...lengthCheck(verb, this.shape, fn.name, this.global('RangeError'), checks !== undefined, this.point));
    // What one sweep (a jacobian's: per row) starts with: the point's adjoint, the locals, the tape.
    // A jacobian whose backward sweep changes no binding of an array and pops no array replays its
    // tape: one forward sweep, then per row one backward sweep (replayedRows).
    const replay = rows && this.rebound.size === 0;
    const start: Statement[] = [], locals: Statement[] = [];
    if (this.returnsPointAdjoint) {
      // The returned array itself (one allocation), entries added to only at an index of the point:
      // an element read out of range (`x[n] ?? 0`) adds to no entry (propagate), so the gradient has
      // exactly x.length entries, as in forward mode.
      // A copy of an array of zeros kept between calls: one pass, and an array the JIT holds as
      // doubles from the start (new Array(n).fill(0) holds small integers, converted whole at the
      // first addition of a fraction).
      mod.declare(S.declare('let', [{ name: this.zeros, type: 'number[]', init: code('[]') }], { doc: `The zeros ${name} copies for the gradient it returns, kept between calls (made again when the point's length changes).` }));
      head.push(when(`${this.zeros}.length !== ${this.point}.length`, [run(`${this.zeros} = ${this.zerosOfLength}(${this.point}.length)`)]));
      start.push(S.declare('const', [{ name: this.gradient, init: code(`${this.zeros}.slice()`) }]));
    } else if (this.shape.k === 'array') {
      // A point f writes (whose elements past its end may be written and read back): a typed array,
      // where a write out of range is dropped, copied into the returned array at the end.
      start.push(S.declare('const', [{ name: this.gradient, init: code(`new ${this.global('Float64Array')}(${this.point}.length)`) }]));
    } else {
      fn.params.forEach((p, i) => locals.push(S.declare('let', [{ name: p.name, type: 'number', init: code(`${this.point}[${i}]`) }])));
    }
    locals.push(...this.localsAndTape(!rows));
    const weighed: Statement[] = [];
    const [jac, row] = rows ? [this.names.fresh('jacobian'), this.names.fresh('row')] : ['', ''];
    if (vjp) {
      // f's value is known only now: w must have its length (the tape given back before the throw).
      const RangeErr = this.global('RangeError');
      weighed.push({ k: 'if', test: code(`${this.seed}.length !== ${this.value}.length`), then: S.block([
        ...(this.tapeUsed ? this.giveTapeBack() : []),
        { k: 'throw', value: code(`new ${RangeErr}(\`${verb}: \\\`w\\\` has length \${${this.seed}.length} but \\\`f\\\` returned \${${this.value}.length} values; w must have one weight per value of f\`)`) },
      ]) });
    } else if (rows && !replay) {
      // Row i is seeded with the unit weight eᵢ (made once f's value gives its length).
      weighed.push(
        when(`${row} === 0`, [run(`${this.seed} = new ${this.global('Float64Array')}(${this.value}.length)`)], [run(`${this.seed}[${row} - 1] = 0`)]),
        run(`${this.seed}[${row}] = 1`),
      );
    }
    const backward = this.backwardStart(this.shape.k === 'array' ? [] : fn.params);
    backward.push(...this.assignedFirst(body.rev));
    if (this.shape.k === 'array' && !this.returnsPointAdjoint) {
      // The gradient: the point's adjoints copied into a new array.
      const j = this.names.fresh('j');
      backward.push(
        S.declare('const', [{ name: this.result, init: code(`new ${this.global('Array')}<number>(${this.point}.length)`) }]),
        { k: 'for', init: S.declare('let', [{ name: j, init: code('0') }]), test: code(`${j} < ${this.point}.length`), update: code(`${j}++`), body: run(`${this.result}[${j}] = ${this.gradient}[${j}]`) },
      );
    }
    const result = this.returnsPointAdjoint ? this.gradient : this.shape.k === 'array' ? this.result : `[${fn.params.map((p) => this.adjointOf(p)).join(', ')}]`;
    // Where an unguarded product was NaN, the driver with guarded products (emitReverseDriver).
    const fallback = (giveBack: Statement[]): Statement[] => this._products === undefined || !this.unguarded?.fallback ? []
      : [when(`${this._products} !== ${this._products}`, [...giveBack, S.ret(code(`${this.unguarded.fallback()}(${[this.point, ...(vjp ? [this.seed] : []), ...fn.captures.map((c) => c.name)].join(', ')})`))])];
    const sweeps: Statement[] = [
      ...start,
      ...locals,
      ...this.forward(body.fwd),
      ...weighed,
      ...backward,
      ...(this.tapeUsed ? this.giveTapeBack() : []),
      ...fallback([]),
    ];
    const tail = verb === 'valueAndGradient' ? [S.ret(code(`{ value: ${this.value}, gradient: ${result} }`))]
      : verb === 'valueAndVjp' ? [S.ret(code(`{ value: ${this.value}, vjp: ${result} }`))]
      : verb === 'valueAndJacobian' ? [S.ret(code(`{ value: ${this.value}, jacobian: ${jac} }`))]
      : [S.ret(code(rows ? jac : result))];
    const params: Param[] = [
      { name: this.point, type: 'ArrayLike<number>' },
      ...(vjp ? [{ name: this.seed, type: 'ArrayLike<number>' }] : []),
      ...fn.captures.map((c) => ({ name: c.name, type: captureType(c) })),
    ];
    if (this.shape.k === 'array' && (fn.writes ?? []).some((w) => w.index === 0)) params[0] = { name: this.point, type: 'number[] | Float64Array' };
    const described = { gradient: '∇f(x)', valueAndGradient: 'f(x) and ∇f(x)', vjp: 'wᵀJ(x)', valueAndVjp: 'f(x) and wᵀJ(x)', jacobian: 'J(x)', valueAndJacobian: 'f(x) and J(x)' }[verb];
    return {
      k: 'function', exported, name, params,
      doc: rows
        ? replay
          ? `${described} of ${source.name} in reverse mode, by rows (generated by ddx): one forward sweep that records on a tape, then per row i one backward sweep of that tape seeded with the unit weight eᵢ.`
          : `${described} of ${source.name} in reverse mode, by rows (generated by ddx): per row i, one forward sweep that records on a tape and one backward sweep seeded with the unit weight eᵢ.`
        : `${described} of ${source.name} in reverse mode (generated by ddx): one forward sweep that records on a tape, one backward sweep${vjp ? ' seeded with w' : ''}.`,
      returnType: { gradient: 'number[]', valueAndGradient: '{ value: number; gradient: number[] }', vjp: 'number[]', valueAndVjp: '{ value: number[]; vjp: number[] }', jacobian: 'number[][]', valueAndJacobian: '{ value: number[]; jacobian: number[][] }' }[verb],
      body: [
        ...head,
        ...(replay ? this.replayedRows({ locals, forward: this.forward(body.fwd), start, backward, fallback }, result, jac, row)
          : rows ? this.byRows(sweeps, result, jac, row) : sweeps),
        ...(verb === 'gradient' ? [run(`void ${this.value}`)] : []),
        ...tail,
      ],
    };
  }

  /**
   * A jacobian's sweeps, once per row (f's value gives their number; f runs at least once): the
   * rows of J(x) are the adjoints of the point for the unit weights. Each row runs f's forward
   * sweep again, with its locals and tape declared afresh (a `var` is undefined again).
   */
  private byRows(sweeps: Statement[], result: string, jac: string, row: string): Statement[] {
    return [
      S.declare('const', [{ name: jac, type: 'number[][]', init: code('[]') }]),
      S.declare('let', [{ name: this.value, definite: true, type: 'number[]' }, { name: this.seed, definite: true, type: this.global('Float64Array') }, { name: row, init: code('0') }]),
      { k: 'do', body: S.block([
        ...sweeps,
        when(`${row} < ${this.value}.length`, [run(`${jac}.push(${result})`)]),
        run(`${row}++`),
      ]), test: code(`${row} < ${this.value}.length`) },
    ];
  }

  /**
   * A jacobian's rows from one forward sweep: the tape it recorded is read once per row (its tops
   * set back before each backward sweep, which pops without overwriting), and what a backward sweep
   * sets of f's state (changedBackward: variables restored, elements of arrays written back) is set
   * back to where the forward sweep left it, from copies made once. Each row starts from its own
   * adjoints (the point's, made per row; the locals', declared per row; an array's that grows by
   * push, made forward and popped backward: zeros of the array's length again). Only where the
   * backward sweep rebinds no array (emit): the arrays' elements and lengths are all it changes.
   */
  private replayedRows(sweep: { locals: Statement[]; forward: Statement[]; start: Statement[]; backward: Statement[]; fallback: (giveBack: Statement[]) => Statement[] }, result: string, jac: string, row: string): Statement[] {
    const t = this.tape, Arr = this.global('Array');
    const kept: Statement[] = [], setBack: Statement[] = [];
    if (this.tapeUsed) {
      const [valueEnd, codeEnd] = [this.names.fresh('valueEnd'), this.names.fresh('codeEnd')];
      kept.push(S.declare('const', [{ name: valueEnd, init: code(t.valueTop) }, { name: codeEnd, init: code(t.codeTop) }], { comment: 'where the forward sweep left the tape: each row reads it from there' }));
      setBack.push(S.assign(C.atom(t.valueTop), C.atom(valueEnd)), S.assign(C.atom(t.codeTop), C.atom(codeEnd)));
    }
    for (const v of this.changedBackward) {
      const copy = this.names.fresh(`${v.name}_end`);
      if (v.kind !== 'array') {
        kept.push(S.declare('const', [{ name: copy, init: C.atom(v.name) }]));
        setBack.push(S.assign(C.atom(v.name), C.atom(copy)));
        continue;
      }
      // (An array made where control may not reach is undefined, and no row writes it back; nor
      // is an array copied for one row.)
      const k = this.names.numbered('k');
      kept.push(S.declare('const', [{ name: copy, init: code(`${v.name} === undefined || ${this.value}.length < 2 ? undefined : ${Arr}.from(${v.name})`) }]));
      setBack.push(when(`${copy} !== undefined`, [
        { k: 'for', init: S.declare('let', [{ name: k, init: code('0') }]), test: code(`${k} < ${copy}.length`), update: code(`${k}++`), body: run(`${v.name}[${k}] = ${copy}[${k}]`) },
        ...(this.locals.includes(v) && !v.isParam && localArrayType(this.fn, v) === 'Float64Array' ? [] : this.truncated(v, `${copy}.length`)),
        ...(this.pushed.has(v) && this.act.of(v).active ? [S.assign(C.atom(this.adjointOf(v)), code(`${this.zerosOfLength}(${copy}.length)`))] : []),
      ]));
    }
    const giveBack = this.tapeUsed ? this.giveTapeBack() : [];
    return [
      S.declare('const', [{ name: jac, type: 'number[][]', init: code('[]') }]),
      S.declare('let', [{ name: this.value, definite: true, type: 'number[]' }]),
      ...sweep.locals,
      ...sweep.forward,
      ...kept,
      S.declare('const', [{ name: this.seed, init: code(`new ${this.global('Float64Array')}(${this.value}.length)`) }], { comment: 'row i is seeded with the unit weight eᵢ' }),
      { k: 'for', init: S.declare('let', [{ name: row, init: code('0') }]), test: code(`${row} < ${this.value}.length`), update: code(`${row}++`), body: S.block([
        when(`${row} > 0`, [run(`${this.seed}[${row} - 1] = 0`), ...setBack]),
        run(`${this.seed}[${row}] = 1`),
        ...sweep.start,
        ...sweep.backward,
        ...sweep.fallback(giveBack),
        run(`${jac}.push(${result})`),
      ]) },
      ...giveBack,
    ];
  }

  /** The adjoint of a callee for one pattern of active arguments (emitAdjoint). */
  emitAdjoint(): Statement {
    const { mod, name, pattern } = this.input as AdjointInput;
    const fn = this.fn;
    this.scopeCode = this.earlyReturn ? this.functionCode : undefined;
    const body = this.sweep(fn.body);
    const written = new Set((fn.writes ?? []).map((w) => w.index));
    const params: Param[] = fn.params.map((p, i) => ({ name: p.name, type: p.kind === 'array' ? (written.has(i) ? 'number[] | Float64Array' : 'ArrayLike<number>') : p.kind }));
    // The caller's adjoints of its active array arguments, added into.
    fn.params.forEach((p, i) => { if (p.kind === 'array' && pattern[i] === ParamState.Active) params.push({ name: this.adjointOf(p), type: 'number[] | Float64Array' }); });
    if (this.seed !== '1' && this.seed !== '0') params.push({ name: this.seed, type: fn.returns === 'array' ? 'ArrayLike<number>' : 'number' });
    const returned = returnedAdjoints(fn, pattern).map((i) => this.adjointOf(fn.params[i]));
    const backward = this.backwardStart(fn.params.filter((p) => p.kind === 'number' && this.act.of(p).active));
    backward.push(...this.assignedFirst(body.rev));
    const outs = returned.slice(1).map((d, k) => run(`${mod.adjointOut(k + 1)} = ${d}`));
    const described = returned.length === 0 ? 'adds the adjoints of its array arguments into theirs'
      : `returns the adjoint of ${fn.params[returnedAdjoints(fn, pattern)[0]].name}${returned.length > 1 ? ` (of the other active numbers in ${returned.slice(1).map((_, k) => mod.adjointOut(k + 1)).join(', ')})` : ''}`;
    return {
      k: 'function', exported: false, name, params, node: fn.node,
      doc: this.seed === '0'
        ? `The adjoint of ${fn.name} in reverse mode (generated by ddx): given the adjoints of the arrays it writes, runs its forward sweep, then its backward sweep (which leaves those arrays as it found them), and ${described}.`
        : `The adjoint of ${fn.name} in reverse mode (generated by ddx): given the adjoint ${this.seed} of its result${fn.returns === 'array' ? ' (an array)' : ''}, runs its forward sweep, then its backward sweep, and ${described}.`,
      returnType: returned.length === 0 ? 'void' : 'number',
      body: [
        ...this.localsAndTape(),
        ...this.forward(body.fwd),
        ...backward,
        ...(this.tapeUsed ? this.giveTapeBack() : []),
        ...(this._products !== undefined ? [run(`${mod.nanSum} = ${this._products}`)] : []),
        ...outs,
        ...(returned.length > 0 ? [S.ret(code(returned[0]))] : []),
      ],
    };
  }

  /** The forward sweep: labelled when some return leaves it early. */
  private forward(fwd: Statement[]): Statement[] {
    return this.earlyReturn ? [S.labelled(this.forwardLabel, S.block(fwd))] : fwd;
  }

  /** Every local, declared once (the backward sweep reads them all), and the tape taken for the call. */
  private localsAndTape(withValue = true): Statement[] {
    const { mod, name } = this.input;
    const head: Statement[] = [];
    const slots = this.locals.filter((v) => !v.isParam);
    const typeOf = (v: Var): string => (v.kind === 'boolean' ? 'boolean' : v.kind === 'array' ? localArrayType(this.fn, v) : 'number');
    // Numbers and booleans start as such (a save before the first assignment then stores a number,
    // and the engine keeps each local of one type); what they start as is never read, except a
    // `var`'s, which is undefined until assigned (v ?? 3 reads it: fuzz seed 8662 run 717).
    const declared: S.Declarator[] = [
      ...slots.map((v) => (v.kind === 'array' || this.hoisted.has(v) ? { name: v.name, definite: true, type: typeOf(v) } : { name: v.name, type: typeOf(v), init: code(v.kind === 'number' ? '0' : 'false') })),
      ...slots.filter((v) => v.kind === 'array' && this.act.of(v).active).map((v) => ({ name: this.adjointOf(v), definite: true, type: this.pushed.has(v) ? 'number[]' : 'Float64Array' })),
      ...this.counters.map((c) => ({ name: c, type: 'number', init: code('0') })),
      ...(!this.isDriver || !withValue ? [] : this.fn.returns === 'array' ? [{ name: this.value, definite: true, type: 'number[]' }] : [{ name: this.value, type: 'number', init: code('0') }]),
    ];
    if (declared.length > 0) head.push(S.declare('let', declared));
    if (this.rebound.size > 0) head.push(S.declare('const', [{ name: this.bindings, type: 'ArrayLike<number>[]', init: code('[]') }], { comment: 'the arrays the rebound locals held before (a call that makes arrays as it runs allocates anyway)' }));
    const t = this.tape;
    if (this.tapeUsed) for (const d of tapeDeclarations(t, name, mod.global)) mod.declare(d);
    if (this.tapeUsed) head.push(
      S.declare('let', [
        { name: t.values, init: code(`${t.freeValues}.pop() ?? new ${this.global('Float64Array')}(64)`) }, { name: t.valueTop, init: code('0') },
        { name: t.codes, init: code(`${t.freeCodes}.pop() ?? new Int32Array(16)`) }, { name: t.codeTop, init: code('0') },
      ], { comment: 'the tape, taken for this call' }),
    );
    return head;
  }

  /** The active number locals whose adjoints backwardStart declares (parameters' aside). */
  private adjointLocals(): Var[] {
    // (The one-exit result's adjoint is the seed, never a local: assign.)
    return this.locals.filter((v) => !v.isParam && v.kind === 'number' && this.act.of(v).active && v !== this.fn.result);
  }

  /**
   * The backward sweep `rev`, which runs right after backwardStart's declarations (every adjoint
   * 0), with each first addition into a local's adjoint an assignment (combine.ts).
   */
  private assignedFirst(rev: readonly Statement[]): Statement[] {
    const locals = new Set(this.adjointLocals().map((v) => this.adjointOf(v)));
    const declared: Statement = S.declare('let', [...locals].map((name) => ({ name, init: code('0') })));
    return assignedFirstAdditions([declared, ...rev], locals, this.additions).slice(1);
  }

  /** The start of the backward sweep: the number adjoints (of `params` and the active locals), the return taken, the local arrays' adjoints. */
  private backwardStart(params: readonly Var[]): Statement[] {
    const numberAdjoints = [...params, ...this.adjointLocals()].map((v) => ({ name: this.adjointOf(v), init: code('0') }));
    const backward: Statement[] = [];
    if (numberAdjoints.length > 0) backward.push(S.declare('let', numberAdjoints, { comment: 'adjoints: the derivative of the result with respect to each' }));
    if (this._products !== undefined) backward.push(S.declare('let', [{ name: this._products, init: code('0') }], { comment: 'the sum of the unguarded products of partials and adjoints: NaN where one was' }));
    if (this.earlyReturn) backward.push(S.declare('const', [{ name: this.functionCode, init: code(this.popCode()) }], { comment: 'the return taken' }));
    backward.push(...this.arrayAdjoints());
    return backward;
  }

  /** The tape back on the module-level lists for the next call (its stacks as long as this call made them). */
  private giveTapeBack(): Statement[] {
    this.tapeUsed = true;
    return [run(`${this.tape.freeValues}.push(${this.tape.values})`), run(`${this.tape.freeCodes}.push(${this.tape.codes})`)];
  }

  // ---- names made on first use ----
  /** Local arrays that grow by `push`: their adjoints are number[] that grow alongside. */
  private readonly pushed = new Set<Var>();
  /** Loop-body locals computed again backward instead of saved (recomputable). */
  private readonly recomputed = new Set<Var>();
  /** Each loop's locals computed again at the start of an iteration of the backward sweep. */
  private readonly recomputedIn = new Map<Stmt, Extract<Stmt, { k: 'let' }>[]>();
  /** The assignments (and returned values) the forward sweep leaves out (liveness.ts' unreadAssignments). */
  private readonly unread = new Set<Stmt>();
  /** The returned calls the forward sweep leaves out: their adjoints' calls are effects (they run them). */
  private readonly runAgain = new Set<Expr>();
  /**
   * Integer counters that are indices of the point in the loop body being swept: v < x.length − c
   * there (c the value), and v ≥ 0 everywhere (pointBound).
   */
  private readonly bounded = new Map<Var, number>();
  /** Integer counters (findCounters): a step is undone, not saved. */
  private readonly counterVars = new Set<Var>();
  /** Loops whose counter the backward sweep sets from the trip count (findRestarts): start and step. */
  private readonly restarts = new Map<Stmt, { v: Var; start: number; step: number }>();
  /** The active local arrays that do not grow by push, and the statements that make them. */
  private readonly made = new Map<Var, Stmt>();
  /**
   * The variables (numbers, booleans) and arrays (their elements and length) the backward sweep sets:
   * restored from the tape, counters undone or set from the trip count, locals computed again. A
   * jacobian's rows set them back to where its one forward sweep left them (replayedRows).
   */
  private readonly changedBackward = new Set<Var>();
  /** The local arrays bound more than once (reboundArrays): each binding keeps the one before on `bindings`. */
  private readonly rebound = new Set<Var>();
  /**
   * The local arrays that several names reach and write at once (analyze/reverseChecks.ts'
   * sharedArrays), with their group: names of one array share one adjoint array (sharedAdjoint).
   */
  private readonly sharing: Map<Var, readonly Var[]>;
  private _bindings: string | undefined;
  private get bindings(): string { return (this._bindings ??= this.names.fresh('bindings')); }
  private _functionCode: string | undefined;
  private _result: string | undefined;
  private get result(): string { return (this._result ??= this.names.fresh('gradient')); }
  /** Whether the function pushes on its tape (or throws, giving it back): then it takes the tape. */
  private tapeUsed = false;
  private get functionCode(): string { return (this._functionCode ??= this.names.fresh('returned')); }

  // ---- statements ----

  /**
   * The forward and backward code of a list of statements. Backward, the statements run in reverse
   * order, and one that did not run (a statement before it left the list early, at an exit site
   * whose number the scope's code holds) is skipped.
   */
  private sweep(stmts: readonly Stmt[]): Swept {
    const parts = stmts.map((s) => this.statement(s));
    const fwd = parts.flatMap((p) => p.fwd);
    const rev: Statement[] = [];
    const before = new Set<number>();
    const leftBefore: Set<number>[] = stmts.map((s) => {
      const copy = new Set(before);
      for (const e of this.exits.of(s)) before.add(e);
      return copy;
    });
    for (let j = stmts.length - 1; j >= 0; j--) {
      const r = parts[j].rev;
      if (r.length === 0) continue;
      const skip = [...leftBefore[j]];
      if (skip.length === 0 || this.scopeCode === undefined) rev.push(...r);
      else rev.push(when(skip.map((e) => `${this.scopeCode} !== ${e}`).join(' && '), r));
    }
    return { fwd, rev };
  }

  private statement(s: Stmt): Swept {
    switch (s.k) {
      case 'let': {
        if (s.init === undefined) return { fwd: [], rev: [] };
        if (s.init.k === 'arrayLit' || s.init.k === 'newArray') return this.array(s.v, s.init, s);
        if (s.init.k === 'arrayCall') return this.arrayFromCall(s.v, s.init.call, s);
        // A local declared in a loop takes a new value on each iteration: an assignment.
        return this.assign(s.v, s.init, s, this.loopDepth > 0);
      }
      case 'set':
        if (s.v.kind === 'array') return this.rebind(s);
        return this.assign(s.v, s.value, s, true);
      case 'setElem': return this.setElement(s);
      case 'push': return this.push(s);
      case 'if': return this.branch(s);
      case 'for': case 'while': case 'do': return this.loop(s);
      case 'block': return this.block(s);
      case 'break': case 'continue': case 'return': return this.exit(s);
      case 'effect': return this.effect(s);
      case 'switch': case 'forOf': return desugared(s);
      case 'throw': {
        return {
          fwd: [...this.giveTapeBack(), { k: 'throw', value: printThrown(s.parts, (e) => this.primal(e)), node: s.node }],
          rev: [],
        };
      }
    }
  }

  private primal(e: Expr): Code {
    return printPrimal(e, this.input.mod, this.fn);
  }

  private comment(node: ts.Node): string {
    return `adjoint of: ${sourceSnippet(node, this.sf)}`;
  }

  /** The code of the backward sweep `emit` emits, with the values its partials share scoped to it. */
  private backward(emit: () => void): Statement[] {
    const [out, memo, effectful] = [this.out, this.memo, this.effectful];
    this.out = [];
    this.memo = new Map();
    this.effectful = new Map();
    try {
      emit();
      const combined = combinedAdditions(withoutDeadConstants(this.out, this.effectful), this.additions, this.effectful);
      return sunkAdditions(combined, this.additions, this.effectful, (s) => this.productSums.has(s));
    } finally {
      this.out = out;
      this.memo = memo;
      this.effectful = effectful;
    }
  }

  /**
   * The integer counters: locals only ever set to an integer literal or stepped by one (`i = i + 1`,
   * `i -= 2`; steps of at most 2^20, so no count of iterations reaches 2^53 and every value is an
   * integer held exactly). A step is undone backward by the opposite step, with nothing saved.
   */
  private findCounters(): void {
    const candidates = new Set(this.locals.filter((v) => v.kind === 'number' && !v.isParam));
    forEachExpr(this.fn.body, () => {}, (s) => {
      if (s.k === 'let' && candidates.has(s.v) && (s.init === undefined || s.init.k === 'arrayLit' || s.init.k === 'newArray' || s.init.k === 'arrayCall' || small(s.init) === undefined)) candidates.delete(s.v);
      if (s.k === 'set' && candidates.has(s.v) && small(s.value) === undefined && this.stepOf(s.v, s.value) === undefined) candidates.delete(s.v);
    });
    for (const v of candidates) this.counterVars.add(v);
  }

  /**
   * The loops whose counter the backward sweep starts from the trip count instead of restoring it:
   * `for (let i = a; …; i = i + s)` (a and s integer literals) where nothing else sets i, nothing
   * outside the loop reads it and the loop is left only by its test. Each backward run of the loop
   * sets i to a + s·(trip count), its value where the forward run ended, so the value i had before
   * the loop (another run's end, which that run's backward sweep sets itself) is not saved: a push
   * and a pop per run of the loop, per iteration of an enclosing loop (GradBench gmm: 2.87 to 2.50
   * times the hand-written gradient, in CPU time under load).
   */
  private findRestarts(): void {
    const readsOf = (stmts: readonly Stmt[], v: Var): number => {
      let n = 0;
      forEachExpr([...stmts], (e) => { if (e.k === 'var' && e.v === v) n++; });
      return n;
    };
    forEachExpr(this.fn.body, () => {}, (s) => {
      if (s.k !== 'for' || s.init.length !== 1 || s.update.length !== 1) return;
      const [init, update] = [s.init[0], s.update[0]];
      if ((init.k !== 'let' && init.k !== 'set') || update.k !== 'set' || update.v !== init.v || !this.counterVars.has(init.v)) return;
      const v = init.v, value = init.k === 'let' ? init.init : init.value;
      const start = value === undefined || value.k === 'arrayLit' || value.k === 'newArray' || value.k === 'arrayCall' ? undefined : small(value);
      const step = this.stepOf(v, update.value);
      if (start === undefined || step === undefined || this.definitionsOf(v).some((x) => x !== init && x !== update)) return;
      if (this.exits.to(s).some((x) => x.stmt.k === 'break') || this.exits.of(s).size > 0) return;
      if (readsOf(this.fn.body, v) !== readsOf([s], v)) return;
      this.restarts.set(s, { v, start, step });
      this.unsaved.add(init);
    });
  }

  /**
   * The counter a loop bounds by the length of the point f does not write (`i < x.length - c`, the
   * test of a loop whose body does not set i), when i is never negative: set only to literals ≥ 0
   * and only stepped up. In that body an element x[i + k] (0 ≤ k ≤ c, or i - k with k ≤ the least
   * literal) is one of the point's: its adjoint needs no test of the index.
   */
  private pointBound(loop: Extract<Stmt, { k: 'for' | 'while' | 'do' }>): { v: Var; below: number } | undefined {
    const t = loop.test;
    if (!this.boundArray || loop.k === 'do' || !t || t.k !== 'cmp' || t.op !== '<' || t.a.k !== 'var' || !this.counterVars.has(t.a.v)) return undefined;
    const v = t.a.v, point = this.boundArray;
    const isLength = (e: Expr): boolean => e.k === 'len' && e.arr === point;
    const c = isLength(t.b) ? 0 : t.b.k === 'bin' && t.b.op === '-' && isLength(t.b.a) ? small(t.b.b) : undefined;
    if (c === undefined || c < 0 || loop.body.some((x) => contains(x, undefined, v)) || this.lowest(v) === undefined) return undefined;
    return { v, below: c };
  }

  /** The least value of a counter that is only stepped up (the least literal it is set to, ≥ 0), or undefined. */
  private lowest(v: Var): number | undefined {
    let low: number | undefined = Infinity;
    forEachExpr(this.fn.body, () => {}, (x) => {
      if ((x.k !== 'let' && x.k !== 'set') || x.v !== v || low === undefined) return;
      const step = x.k === 'set' ? this.stepOf(v, x.value) : undefined;
      const value = x.k === 'let' ? x.init : x.value;
      const literal = value === undefined || value.k === 'arrayLit' || value.k === 'newArray' || value.k === 'arrayCall' ? undefined : small(value);
      if (step !== undefined) { if (step <= 0) low = undefined; } else if (literal !== undefined && literal >= 0) low = Math.min(low, literal);
      else low = undefined;
    });
    return low === Infinity ? undefined : low;
  }

  /** Whether `e` is an index of the point at every run of the statement being swept (bounded). */
  private indexOfPoint(e: Expr): boolean {
    // A local computed again at the start of each backward iteration (`const j = i + 1`): its value.
    if (e.k === 'var' && this.recomputed.has(e.v)) {
      const made = [...this.recomputedIn.values()].flat().find((d) => d.v === e.v);
      return made !== undefined && made.init !== undefined && 'node' in made.init && (made.init.k === 'var' || made.init.k === 'bin') && this.indexOfPoint(made.init);
    }
    const base = e.k === 'var' ? e : e.k === 'bin' && (e.op === '+' || e.op === '-') && e.a.k === 'var' ? e.a : undefined;
    if (!base || base.k !== 'var' || !this.bounded.has(base.v)) return false;
    const k = e.k === 'var' ? 0 : small((e as Extract<Expr, { k: 'bin' }>).b);
    if (k === undefined) return false;
    const offset = e.k === 'bin' && e.op === '-' ? -k : k;
    return offset <= this.bounded.get(base.v)! && offset >= -(this.lowest(base.v) ?? 0);
  }

  /**
   * Whether `e` is an integer ≥ 0 at every run: a decimal integer literal, a module constant made
   * of such (`const W2 = 3 * HIDDEN`), a local set only to such and otherwise only stepped up
   * (`j = j + 1`), or a sum or product of these (a value past 2^53 is still an integer; one past an
   * array's length fails its test). `seen`: the locals being asked about (a cycle answers no).
   */
  private readonly wholeVars = new Map<Var, boolean>();
  private definitions: Map<Var, Extract<Stmt, { k: 'let' | 'set' }>[]> | undefined;
  /** The declarations and assignments of `v`, in the order of the body (one scan of it for all variables). */
  private definitionsOf(v: Var): Extract<Stmt, { k: 'let' | 'set' }>[] {
    if (!this.definitions) {
      const all = new Map<Var, Extract<Stmt, { k: 'let' | 'set' }>[]>();
      forEachExpr(this.fn.body, () => {}, (x) => {
        if (x.k !== 'let' && x.k !== 'set') return;
        const known = all.get(x.v);
        if (known) known.push(x);
        else all.set(x.v, [x]);
      });
      this.definitions = all;
    }
    return this.definitions.get(v) ?? [];
  }

  private isWholeNumber(e: Expr | ArrayInit, seen: ReadonlySet<Var> = new Set()): boolean {
    switch (e.k) {
      case 'num': {
        const constant = this.fn.constants.get(e.text);
        return constant ? this.isWholeNumber(constant.value, seen) : e.value !== undefined && Number.isInteger(e.value) && e.value >= 0;
      }
      case 'var': {
        if (e.v.isParam || seen.has(e.v)) return false;
        // Asked once per element adjoint: a question asked from outside any cycle is answered once.
        const known = seen.size === 0 ? this.wholeVars.get(e.v) : undefined;
        if (known !== undefined) return known;
        const inner = new Set([...seen, e.v]);
        const definitions = this.definitionsOf(e.v);
        const whole = definitions.length > 0 && definitions.every((x) => {
          const step = x.k === 'set' ? this.stepOf(e.v, x.value) : undefined;
          const value = x.k === 'let' ? x.init : x.value;
          return step !== undefined ? step > 0 : value !== undefined && this.isWholeNumber(value, inner);
        });
        if (seen.size === 0) this.wholeVars.set(e.v, whole);
        return whole;
      }
      case 'bin': return (e.op === '+' || e.op === '*') && this.isWholeNumber(e.a, seen) && this.isWholeNumber(e.b, seen);
      default: return false;
    }
  }

  /** The step of `v = v + c` or `v = v - c` (c a small integer literal), or undefined. */
  private stepOf(v: Var, value: Expr): number | undefined {
    if (value.k !== 'bin' || (value.op !== '+' && value.op !== '-') || value.a.k !== 'var' || value.a.v !== v) return undefined;
    const c = small(value.b);
    return c === undefined ? undefined : value.op === '+' ? c : -c;
  }

  /** `v = value` (a number or a boolean); `save`: the old value may be needed backward. */
  private assign(v: Var, value: Expr, s: Stmt, save: boolean): Swept {
    const step = this.counterVars.has(v) ? this.stepOf(v, value) : undefined;
    const saving = save && this.saved.has(v) && step === undefined && !this.recomputed.has(v) && !this.unsaved.has(s);
    // A `var` saved before its first assignment is undefined (`v ?? 3` reads that), which the
    // tape's numbers cannot hold: a code says so.
    const maybeUnassigned = saving && this.hoisted.has(v);
    const fwd: Statement[] = [];
    if (saving) fwd.push(...this.tapeSaveValue(v.kind === 'boolean' ? `${v.name} ? 1 : 0` : v.name));
    if (maybeUnassigned) fwd.push(...this.tapeSaveCode(`${v.name} === undefined ? 1 : 0`));
    if (!this.unread.has(s)) fwd.push(S.assign(C.atom(v.name), this.primal(value), { node: s.node }));
    const restore = saving ? [
      S.assign(C.atom(v.name), code(v.kind === 'boolean' ? `${this.popValue()} === 1` : this.popValue())),
      ...(maybeUnassigned ? [when(`${this.popCode()} === 1`, [S.assign(C.atom(v.name), code(`undefined as unknown as ${v.kind}`), { comment: 'not assigned before' })])] : []),
    ]
      : step !== undefined && this.saved.has(v) ? [S.assign(C.atom(v.name), code(`${v.name} ${step > 0 ? '-' : '+'} ${Math.abs(step)}`), { comment: 'undone: an integer counter' })]
      : [];
    if (restore.length > 0) this.changedBackward.add(v);
    if (v.kind !== 'number' || !this.act.of(v).active || this.useless.has(v)) return { fwd, rev: restore };
    const d = this.adjointOf(v);
    // (Where v's adjoint is 1 throughout, its partials are their own contributions.)
    // (The one-exit result local, set once on every path, has the seed as its adjoint there.)
    const one = this.ones.has(v) || v === this.fn.result, dv = this.ones.has(v) ? C.atom('1') : v === this.fn.result ? C.atom(this.seed) : C.atom(d);
    const rev = this.backward(() => {
      this.out.push(...restore);
      if (!this.act.isActive(value)) {
        if (v !== this.fn.result && (s.k !== 'let' || this.loopDepth > 0)) this.out.push(S.assign(C.atom(d), code('0')));
        return;
      }
      // v = v ± rest: v's adjoint carries over unchanged.
      if (value.k === 'bin' && (value.op === '+' || value.op === '-') && value.a.k === 'var' && value.a.v === v && !reads(value.b, v)) {
        this.propagate(value.b, value.op === '+' ? dv : C.neg(dv));
        return;
      }
      if (reads(value, v)) {
        const g = this.names.numbered(d);
        this.out.push(S.declare('const', [{ name: g, init: C.atom(d) }]), S.assign(C.atom(d), code('0')));
        this.propagate(value, C.local(g));
        return;
      }
      this.propagate(value, dv);
      // A local's adjoint is read no more before its declaration (outside loops).
      if (!one && (s.k !== 'let' || this.loopDepth > 0)) this.out.push(S.assign(C.atom(d), code('0')));
    });
    return { fwd, rev: commented(rev, this.comment(s.node)) };
  }

  /**
   * The adjoints of the active local arrays that do not grow by push, made where the backward sweep
   * starts, with the arrays' final lengths: an element written past the end (`a[a.length] = …`) has
   * an entry too. An array made where control may not reach (in a branch, after an early return)
   * is checked first.
   */
  private arrayAdjoints(): Statement[] {
    const before: Var[] = [];
    return [...this.made].map(([v, s]) => {
      const made = run(`${this.adjointOf(v)} = ${this.sharedAdjoint(v, before.filter((u) => this.sharing.get(v)?.includes(u)))}`);
      before.push(v);
      return this.fn.body.includes(s) && !this.earlyReturn ? made : when(`${v.name} !== undefined`, [made]);
    });
  }

  /**
   * The adjoint of the array a local array `v` holds: that of another name holding the same array
   * (one of `others`, whose adjoints are those of the arrays they hold), or zeros of its length.
   */
  private sharedAdjoint(v: Var, others: readonly Var[]): string {
    return others.reduceRight((rest, u) => `${v.name} === ${u.name} ? ${this.adjointOf(u)} : ${rest}`, `new ${this.global('Float64Array')}(${v.name}.length)`);
  }

  /** `a = [e0, e1, …]`, `a = new Array(n).fill(c)`, `a = new Float64Array(n)`. */
  private array(v: Var, init: ArrayMade, s: Stmt): Swept {
    const active = this.act.of(v).active;
    const literal = (elems: readonly Expr[]): Code => C.arrayLiteral(elems.map((e) => this.primal(e)));
    const made = init.k === 'arrayLit'
      ? (s.k === 'let' && s.table && !active ? this.input.mod.table(literal(init.elems), s.node, v.sourceName) : literal(init.elems))
      : init.typed ? C.call(`new ${this.global('Float64Array')}`, [this.primal(init.length)])
      : C.filledArray(`${this.global('Array')}<number>`, this.primal(init.length), this.primal(init.fill));
    const fwd: Statement[] = [...this.keepBinding(v), S.assign(C.atom(v.name), made, { node: s.node }), ...this.grownAdjoint(v)];
    if (!active) return { fwd, rev: this.restoreBinding(v) };
    const d = this.adjointOf(v);
    this.madeBackward(v, s);
    const rev = this.backward(() => {
      if (init.k === 'arrayLit') init.elems.forEach((e, k) => this.propagate(e, C.atom(`${d}[${k}]`)));
      else if (this.act.isActive(init.fill)) this.propagate(init.fill, this.sumOf(d));
      this.out.push(...this.restoreBinding(v));
    });
    return { fwd, rev: commented(rev, this.comment(s.node)) };
  }

  /**
   * Before a local array bound more than once (made in a loop, rebound by `y = z`) takes a new
   * array: the array it held (and a pushed array's adjoint, made forward) kept on `bindings`. No
   * other name reaches that array any more (analyze/reverseChecks.ts), so its elements stay as
   * they were for the backward sweep, which restores the binding once it is past the new one.
   */
  private keepBinding(v: Var): Statement[] {
    if (!this.rebound.has(v)) return [];
    return [run(`${this.bindings}.push(${v.name})`), ...(this.pushed.has(v) && this.act.of(v).active ? [run(`${this.bindings}.push(${this.adjointOf(v)})`)] : [])];
  }

  /** An active array that grows by push: its adjoint, grown alongside, made where the array is bound. */
  private grownAdjoint(v: Var): Statement[] {
    if (!this.pushed.has(v) || !this.act.of(v).active) return [];
    return [S.assign(C.atom(this.adjointOf(v)), code(`${this.zerosOfLength}(${v.name}.length)`))];
  }

  /** Any other active array: its adjoint made by the backward sweep (arrayAdjoints, restoreBinding), with its final length. */
  private madeBackward(v: Var, s: Stmt): void {
    if (!this.pushed.has(v) && !this.made.has(v)) this.made.set(v, s);
  }

  /**
   * Backward, past a binding of a local array bound more than once: the array it held before, and
   * that array's adjoint (zeros where the backward sweep makes it: every use of that array comes
   * before in the forward sweep, so after here in the backward one; for a shared array, the adjoint
   * of another name holding it now, which gathered its uses after here).
   */
  private restoreBinding(v: Var): Statement[] {
    if (!this.rebound.has(v)) return [];
    const active = this.act.of(v).active, pop = `${this.bindings}.pop()`;
    const type = localArrayType(this.fn, v);
    const d = active ? this.adjointOf(v) : '';
    return [
      ...(active && this.pushed.has(v) ? [S.assign(C.atom(d), code(`${pop} as number[]`))] : []),
      S.assign(C.atom(v.name), code(`${pop} as ${type}`), { comment: 'the array bound before' }),
      ...(active && !this.pushed.has(v) ? [when(`${v.name} !== undefined`, this.reusedAdjoint(v))] : []),
    ];
  }

  /**
   * The adjoint of the array a rebound local held before (restoreBinding): zeros, in the adjoint
   * array of the binding left behind where no other name shares it and it has that length, else a
   * new array (one made for each point and cluster in GradBench gmm written the natural way
   * allocated its adjoint again each time). An array filled once (filledOnce) leaves its adjoint
   * zero already: the fill's backward steps read each element's adjoint and set it to 0.
   */
  private reusedAdjoint(v: Var): Statement[] {
    const shared = this.sharing.get(v), d = this.adjointOf(v);
    if (shared && shared.length > 1) return [S.assign(C.atom(d), code(this.sharedAdjoint(v, shared.filter((u) => u !== v))))];
    const made = [S.assign(C.atom(d), code(this.sharedAdjoint(v, [])))];
    if (this.filled.has(v)) return [when(`${d} === undefined || ${d}.length !== ${v.name}.length`, made)];
    // (A loop: Float64Array's fill costs an allocation's time on a few elements.)
    const k = this.names.numbered('e'); // (not 'k': the numbers of the other loops' counters stay as they were)
    const zeroed: Statement = { k: 'for', init: S.declare('let', [{ name: k, init: code('0') }]), test: code(`${k} < ${d}.length`), update: code(`${k}++`), body: run(`${d}[${k}] = 0`) };
    return [when(`${d} !== undefined && ${d}.length === ${v.name}.length`, [zeroed], made)];
  }

  /**
   * `y = z` between arrays: y becomes a second name of z's array, whose adjoint y gathers from
   * here on; analyze/reverseChecks.ts made sure z names it no more (z is from outside, read only,
   * a local of this block not used after, or one bound to another array before it is used again: a
   * swap), so backward y's adjoint is added into z's (where z's binding was restored, its zeros).
   * Where both names reach the array and write it (a shared array), they share its adjoint instead.
   */
  private rebind(s: Extract<Stmt, { k: 'set' }>): Swept {
    const v = s.v;
    if (s.value.k !== 'var') return unchecked(s.node, 'assigning an array variable');
    const z = s.value.v;
    // (A parameter or capture is an ArrayLike<number> in generated code: y, a local, is not.)
    const local = this.locals.includes(z);
    const bound = local ? this.primal(s.value) : code(`${this.primal(s.value).text} as ${localArrayType(this.fn, v)}`);
    const fwd: Statement[] = [...this.keepBinding(v), S.assign(C.atom(v.name), bound, { node: s.node }), ...this.grownAdjoint(v)];
    if (!this.act.of(v).active) return { fwd, rev: this.restoreBinding(v) };
    this.madeBackward(v, s);
    const rev = this.backward(() => {
      // (Names of a shared array share its adjoint: y's is z's here.)
      if (this.act.of(z).active && !this.sharing.has(v)) this.out.push(this.addedInto(this.adjointOf(z), this.adjointOf(v), `${v.name}.length`));
      this.out.push(...this.restoreBinding(v));
    });
    return { fwd, rev: commented(rev, this.comment(s.node)) };
  }

  /**
   * Σₖ d[k], summed by a loop into a new local: the adjoint of the value every element of an array
   * was filled with (`new Array(n).fill(x)`: each element's adjoint reaches x with the partial 1).
   */
  private sumOf(d: string): Code {
    const total = this.names.numbered('sum'), k = this.names.numbered('k');
    this.out.push(
      S.declare('let', [{ name: total, init: code('0') }]),
      { k: 'for', init: S.declare('let', [{ name: k, init: code('0') }]), test: code(`${k} < ${d}.length`), update: code(`${k}++`), body: run(`${total} += ${d}[${k}]`) },
    );
    return C.local(total);
  }

  /** `into[k] += from[k]` for k below `count`. */
  private addedInto(into: string, from: string, count: string): Statement {
    const k = this.names.numbered('k');
    return { k: 'for', init: S.declare('let', [{ name: k, init: code('0') }]), test: code(`${k} < ${count}`), update: code(`${k}++`), body: run(`${into}[${k}] += ${from}[${k}]`) };
  }

  /**
   * `const a = h(…)`, a callee returning a new array: backward, the callee's adjoint takes a's
   * adjoint (made with a's final length, or grown alongside a's pushes) as its seed.
   */
  private arrayFromCall(v: Var, call: Extract<Expr, { k: 'call' }>, s: Stmt): Swept {
    const fwd: Statement[] = [...this.keepBinding(v), S.assign(C.atom(v.name), this.primal(call), { node: s.node }), ...this.grownAdjoint(v)];
    if (!this.act.of(v).active) return { fwd, rev: this.restoreBinding(v) };
    this.madeBackward(v, s);
    const rev = this.backward(() => {
      this.call(call, C.atom(this.adjointOf(v)));
      this.out.push(...this.restoreBinding(v));
    });
    return { fwd, rev: commented(rev, this.comment(s.node)) };
  }

  /** Whether the backward sweep calls the adjoint of a call run for what it writes: an array it writes is active. */
  private needsAdjoint(call: Extract<Expr, { k: 'call' }>): boolean {
    return [...writtenArguments(call).values()].some((v) => this.act.of(v).active);
  }

  /**
   * `h(out, a, b);`, a call run for what it writes into its array arguments. Forward: each array it
   * writes that the backward sweep reads, saved whole (elements, then length) before the call.
   * Backward: those restored, then (where an array it writes is active) the callee's adjoint, given
   * the adjoints of the arrays: it replaces the adjoints of the elements the call overwrote by what
   * they contributed to its inputs, adds into the inputs' adjoints, and leaves the arrays as it
   * found them.
   */
  private effect(s: Extract<Stmt, { k: 'effect' }>): Swept {
    const call = s.call;
    const kept = [...writtenArguments(call).values()].filter((v) => this.saved.has(v));
    for (const v of kept) this.changedBackward.add(v);
    const fwd: Statement[] = [...kept.flatMap((v) => this.savedWhole(v)), S.expression(this.primal(call), { node: s.node })];
    const rev = this.backward(() => {
      for (const v of [...kept].reverse()) this.out.push(...this.restoredWhole(v));
      if (this.needsAdjoint(call)) this.call(call, undefined);
    });
    return { fwd, rev: commented(rev, this.comment(s.node)) };
  }

  /** The elements of the array `v` on the tape of values, then its length on the tape of codes. */
  private savedWhole(v: Var): Statement[] {
    const t = this.tape, k = this.names.numbered('k');
    this.tapeUsed = true;
    const push = run(`${t.values}[${t.valueTop}++] = ${v.name}[${k}]`);
    const room: Statement = { k: 'while', test: code(`${t.valueTop} + ${v.name}.length > ${t.values}.length`), body: S.block([run(`${t.values} = ${t.growValues}(${t.values})`)]) };
    // (Registered as a push, so that a loop holding it reserves no room for its other pushes: reserved.)
    this.valuePushes.set(push, room);
    return [
      room,
      { k: 'for', init: S.declare('let', [{ name: k, init: code('0') }]), test: code(`${k} < ${v.name}.length`), update: code(`${k}++`), body: push },
      ...this.tapeSaveCode(`${v.name}.length`),
    ];
  }

  /** The array `v` as savedWhole saved it: its length, then its elements. */
  private restoredWhole(v: Var): Statement[] {
    const length = this.names.numbered(`${v.name}_length`), k = this.names.numbered('k');
    const pop = code(this.popCode());
    const saved = S.declare('const', [{ name: length, init: pop }]);
    this.effectful.set(saved, { bare: pop, alsoDefines: [], effect: true });
    return [
      saved,
      ...(localArrayType(this.fn, v) === 'Float64Array' ? [] : this.truncated(v, length)),
      { k: 'for', init: S.declare('let', [{ name: k, init: code(`${length} - 1`, C.local(length)) }]), test: code(`${k} >= 0`), update: code(`${k}--`), body: run(`${v.name}[${k}] = ${this.popValue()}`) },
    ];
  }

  /**
   * The array `a` given back its old length (elements written past its end forward): a parameter may
   * be a Float64Array, whose length no write changed (and cannot be set), and so may a local bound to
   * both kinds of array.
   */
  private truncated(a: Var, length: string): Statement[] {
    if (this.locals.includes(a) && !a.isParam && localArrayType(this.fn, a) === 'number[]') return [S.assign(C.atom(`${a.name}.length`), C.local(length))];
    return [when(code(`${a.name}.length !== ${length}`, C.local(length)), [S.assign(C.atom(`(${a.name} as number[]).length`), C.local(length))])];
  }

  private setElement(s: Extract<Stmt, { k: 'setElem' }>): Swept {
    const a = s.arr;
    const index = this.primal(s.index);
    const element = C.element(a.name, index);
    const saving = this.saved.has(a) && !this.filled.has(a);
    if (saving) this.changedBackward.add(a);
    const typed = localArrayType(this.fn, a) === 'Float64Array';
    const fwd: Statement[] = [];
    // The old element, and (for a number[], which a write past its end lengthens) the old length:
    // restoring truncates back to it, so that a read past the end sees undefined again, not a saved NaN.
    if (saving) fwd.push(...this.tapeSaveValue(element.text), ...(typed ? [] : this.tapeSaveCode(`${a.name}.length`)));
    fwd.push(S.assign(element, this.primal(s.value), { node: s.node }));
    const restore = (k: Code): Statement[] => {
      if (!saving) return [];
      if (typed) return [S.assign(C.element(a.name, k), code(this.popValue()))];
      const length = this.names.numbered(`${a.name}_length`);
      const pop = code(this.popCode());
      const saved = S.declare('const', [{ name: length, init: pop }]);
      this.effectful.set(saved, { bare: pop, alsoDefines: [], effect: true });
      return [
        saved,
        when(code(`${k.text} < ${length}`, k, C.local(length)), [S.assign(C.element(a.name, k), code(this.popValue()))], [run(`--${this.tape.valueTop}`), ...this.truncated(a, length)]),
      ];
    };
    if (!this.act.of(a).active) return { fwd, rev: saving ? this.backward(() => this.out.push(...restore(this.shared(index, 'i')))) : [] };
    const d = this.adjointOf(a);
    const rev = this.backward(() => {
      const k = this.shared(index, 'i');
      const dk = C.element(d, k);
      this.out.push(...restore(k));
      if (!this.act.isActive(s.value)) {
        this.out.push(S.assign(dk, code('0')));
        return;
      }
      const g = this.names.numbered(`${d}_k`);
      this.out.push(S.declare('const', [{ name: g, init: dk }]), S.assign(dk, code('0')));
      this.propagate(s.value, C.local(g));
    });
    return { fwd, rev: commented(rev, this.comment(s.node)) };
  }

  private push(s: Extract<Stmt, { k: 'push' }>): Swept {
    const a = s.arr;
    this.changedBackward.add(a);
    const active = this.act.of(a).active;
    const fwd: Statement[] = [run(`${a.name}.push(${this.primal(s.value).text})`)];
    if (active) fwd.push(run(`${this.adjointOf(a)}.push(0)`));
    const rev = this.backward(() => {
      if (active && this.act.isActive(s.value)) {
        const g = this.names.numbered(`${this.adjointOf(a)}_last`);
        const last = S.declare('const', [{ name: g, init: code(`${this.adjointOf(a)}.pop() as number`) }]);
        this.effectful.set(last, { bare: code(`${this.adjointOf(a)}.pop()`), alsoDefines: [], effect: true });
        this.out.push(last);
        this.out.push(run(`${a.name}.pop()`));
        this.propagate(s.value, C.local(g));
      } else {
        if (active) this.out.push(run(`${this.adjointOf(a)}.pop()`));
        this.out.push(run(`${a.name}.pop()`));
      }
    });
    return { fwd, rev: commented(rev, this.comment(s.node)) };
  }

  /**
   * `if`: the branch taken is saved at its end (after what the branch saved, so that the backward
   * sweep pops it first); a branch left early saves nothing more, and its exit site says which it was.
   */
  private branch(s: Extract<Stmt, { k: 'if' }>): Swept {
    const then = this.sweep(s.then);
    const otherwise = s.else ? this.sweep(s.else) : { fwd: [], rev: [] };
    const test = printCond(s.test, this.input.mod, this.fn);
    if (then.rev.length === 0 && otherwise.rev.length === 0) {
      return { fwd: [{ k: 'if', test, then: S.block(then.fwd), ...(s.else ? { else: S.block(otherwise.fwd) } : {}), node: s.node }], rev: [] };
    }
    const ending = (fwd: Statement[], taken: number): Statement[] => {
      const last = fwd[fwd.length - 1];
      return last && (last.k === 'break' || last.k === 'continue') ? fwd : [...fwd, ...this.tapeSaveCode(taken)];
    };
    const leftIn = (stmts: readonly Stmt[]): number[] => [...new Set(stmts.flatMap((x) => [...this.exits.of(x)]))];
    const [thenSites, elseSites] = [leftIn(s.then), leftIn(s.else ?? [])];
    let taken = this.popCode();
    if (this.scopeCode !== undefined && thenSites.length + elseSites.length > 0) {
      const at = (sites: number[]): string => sites.map((e) => `${this.scopeCode} === ${e}`).join(' || ');
      if (elseSites.length > 0) taken = `${at(elseSites)} ? 0 : ${taken}`;
      if (thenSites.length > 0) taken = `${at(thenSites)} ? 1 : ${taken}`;
    }
    return {
      fwd: [{ k: 'if', test, then: S.block(ending(then.fwd, 1)), else: S.block(ending(otherwise.fwd, 0)), node: s.node }],
      // (Where the branch taken has nothing to undo, the test is of the other: no empty block.)
      rev: [{ ...(then.rev.length === 0 ? when(`(${taken}) !== 1`, otherwise.rev) : when(`(${taken}) === 1`, then.rev, otherwise.rev)), comment: this.comment(s.node) }],
    };
  }

  private loop(s: Extract<Stmt, { k: 'for' | 'while' | 'do' }>): Swept {
    const init = s.k === 'for' ? this.sweep(s.init) : { fwd: [], rev: [] };
    const sites = this.exits.to(s);
    const leftEarly = sites.some((x) => x.stmt.k === 'break') || this.exits.of(s).size > 0;
    const continued = sites.some((x) => x.stmt.k === 'continue');
    const info: LoopInfo = {
      label: this.names.fresh(s.label ?? 'loop'),
      count: this.names.numbered('count'),
      countSaved: this.loopDepth > 0,
      ...(continued ? { body: this.names.fresh(`${s.label ?? 'loop'}_body`) } : {}),
      ...(leftEarly ? { left: this.names.numbered('left') } : {}),
    };
    this.loops.set(s, info);
    const outerCode = this.scopeCode;
    const iterationCode = leftEarly || continued ? this.names.numbered('exit') : undefined;
    this.scopeCode = iterationCode;
    this.loopDepth++;
    const recomputed = this.recomputedIn.get(s) ?? [];
    const bound = this.pointBound(s);
    if (bound) this.bounded.set(bound.v, bound.below);
    const body = this.sweep(s.body);
    if (bound) this.bounded.delete(bound.v);
    const update = s.k === 'for' ? this.sweep(s.update) : { fwd: [], rev: [] };
    this.loopDepth--;
    this.scopeCode = outerCode;
    // Nothing to undo (no assignment the backward sweep needs, no early exit): the loop as written.
    const needsTape = body.rev.length > 0 || update.rev.length > 0 || leftEarly || continued;
    if (needsTape) this.counters.push(info.count, ...(info.left ? [info.left] : []));
    // Forward: count the iterations; `continue` leaves the body's block, so the update still runs.
    const counted = needsTape ? this.countedWithoutRunning(s, body.fwd, update.fwd, info) : undefined;
    // The point check fused into this loop (pointcheck.ts): in the sweep that runs it first.
    const check = this.fusedCheck?.loop === s ? this.fusedCheckOf(this.fusedCheck) : undefined;
    const inner: Statement[] = [
      ...(check && !counted ? [check] : []),
      ...(needsTape ? [run(`${info.count}++`)] : []), ...(info.body ? [S.labelled(info.body, S.block([...body.fwd, ...this.tapeSaveCode(0)]))] : body.fwd), ...update.fwd,
    ];
    // (Before the loop is built of them: the reservation takes the grow tests out of `inner`.)
    const reserve = needsTape ? this.reserved(s, inner, info) : [];
    const test = s.k !== 'for' || s.test ? printCond(s.test!, this.input.mod, this.fn) : undefined;
    const looped: Statement = s.k === 'do'
      ? { k: 'do', body: S.block(inner), test: test!, node: s.node }
      : test ? { k: 'while', test, body: S.block(inner), node: s.node } : { k: 'for', body: S.block(inner), node: s.node };
    if (!needsTape) return { fwd: [...init.fwd, looped], rev: init.rev };
    const fwd: Statement[] = [
      ...init.fwd,
      ...(counted ?? [
        run(`${info.count} = 0`),
        ...(info.left ? [run(`${info.left} = 0`)] : []),
        ...reserve,
        S.labelled(info.label, looped),
      ]),
      ...(info.countSaved ? this.tapeSaveCode(info.count) : []),
      ...(info.left ? this.tapeSaveCode(info.left) : []),
    ];
    // Backward: the iterations in reverse; one left early (at the site in `exit`) ran no update.
    const k = this.names.numbered('k');
    const iteration: Statement[] = [];
    if (iterationCode && leftEarly) {
      iteration.push(when(`${iterationCode} === 0`, [...update.rev, ...(continued ? [run(`${iterationCode} = ${this.popCode()}`)] : [])]));
    } else {
      iteration.push(...update.rev);
      if (iterationCode) iteration.push(S.declare('const', [{ name: iterationCode, init: code(this.popCode()) }]));
    }
    if (check && counted) iteration.push(check);
    if (body.rev.length > 0) for (const d of recomputed) this.changedBackward.add(d.v);
    if (body.rev.length > 0) iteration.push(...recomputed.map((d) => S.assign(C.atom(d.v.name), this.primal(d.init as Expr), { comment: 'computed again, not saved' })));
    iteration.push(...body.rev);
    if (iterationCode && leftEarly) iteration.push(run(`${iterationCode} = 0`));
    const reversed: Statement[] = [];
    if (iterationCode && leftEarly) reversed.push(S.declare('let', [{ name: iterationCode, init: code(this.popCode()) }]));
    const restart = this.restarts.get(s), trips = code(info.countSaved ? this.popCode() : info.count);
    // (Where no loop encloses this one, the counter still holds that value: nothing after sets it.)
    if (restart && this.saved.has(restart.v) && this.loopDepth > 0) {
      // (findRestarts: the counter where the forward run ended, not restored from the tape.)
      const { v, start, step } = restart;
      this.changedBackward.add(v);
      reversed.push(S.declare('let', [{ name: k, init: trips }]), S.assign(C.atom(v.name), code(`${start === 0 ? '' : `${start} + `}${step === 1 ? '' : `${step} * `}${k}`), { comment: 'where the loop ended' }));
      reversed.push({ k: 'for', test: code(`${k} > 0`), update: code(`${k}--`), body: S.block(iteration) });
    } else reversed.push({ k: 'for', init: S.declare('let', [{ name: k, init: trips }]), test: code(`${k} > 0`), update: code(`${k}--`), body: S.block(iteration) });
    const rev: Statement[] = [{ ...S.block(reversed), comment: this.comment(s.node) }];
    rev.push(...init.rev);
    return { fwd, rev };
  }

  /** The test of the elements an iteration of the fused loop reads (x[i] … x[i + c]), with the engine's whole check where one is not a number. */
  private fusedCheckOf({ counter, below }: FusedPointCheck): Statement {
    const x = this.point, i = counter.name;
    const tests = Array.from({ length: below + 1 }, (_, k) => `typeof ${x}[${k === 0 ? i : `${i} + ${k}`}] !== 'number'`);
    const verb = (this.input as ReverseDriverInput).verb;
    return when(tests.join(' || '), [run(`${this.input.mod.checks().vector}('${verb}', ${x}, 'x')`)]);
  }

  /**
   * The tests that grow the stack of values before each push of a loop's iteration, replaced by one
   * reservation before the loop (room for the trip count times the pushes), where the trip count is
   * known on entry (tripCount) and every push of the iteration is at its top level, made once per
   * iteration. (A push in a branch or an inner loop keeps its test, and then so do these: the
   * reservation would not count its pushes.) Removes the tests from `inner`; returns the reservation.
   */
  private reserved(s: Extract<Stmt, { k: 'for' | 'while' | 'do' }>, inner: Statement[], info: LoopInfo): Statement[] {
    const trips = this.tripCount(s, info, false);
    if (trips === undefined) return [];
    const top = inner.filter((x) => this.valuePushes.has(x));
    if (top.length === 0 || top.length !== countStatements(inner, (x) => this.valuePushes.has(x))) return [];
    const checks = new Set(top.map((x) => this.valuePushes.get(x)!));
    if (![...checks].every((c) => inner.includes(c))) return [];
    inner.splice(0, inner.length, ...inner.filter((x) => !checks.has(x)));
    const t = this.tape;
    // (bound − i + 1 ≥ the trip count also where the bound is not a whole number.)
    return [{ k: 'while', test: code(`${t.valueTop} + ${top.length} * (${trips.text} + 1) > ${t.values}.length`, trips), body: S.block([run(`${t.values} = ${t.growValues}(${t.values})`)]) }];
  }

  /**
   * The trip count of `for (…; i < bound; i = i + 1)` as code (bound − i; ≤ 0 or NaN where it does
   * not run), where i is an integer counter the body does not set, the bound is made of lengths and
   * constants that the loop cannot change (`whole`: integer literals only, so that bound − i is the
   * count itself, else any constant), and the loop is left only by its test.
   */
  private tripCount(s: Extract<Stmt, { k: 'for' | 'while' | 'do' }>, info: LoopInfo, whole: boolean): Code | undefined {
    if (s.k !== 'for' || info.left || info.body || s.update.length !== 1) return undefined;
    const t = s.test, step = s.update[0];
    if (!t || t.k !== 'cmp' || t.op !== '<' || t.a.k !== 'var' || !this.counterVars.has(t.a.v)) return undefined;
    const v = t.a.v;
    if (step.k !== 'set' || step.v !== v || this.stepOf(v, step.value) !== 1) return undefined;
    // A length is fixed where the loop writes no array, binds none and passes none to a call (an
    // array may be another's alias: a write to either may lengthen both).
    let writes = false;
    forEachExpr([...s.body], (e) => { if (e.k === 'call' && e.args.some((a) => a.k === 'var' && a.v.kind === 'array')) writes = true; }, (x) => {
      if (x.k === 'setElem' || x.k === 'push' || ((x.k === 'let' || x.k === 'set') && x.v.kind === 'array')) writes = true;
    });
    // (And, for a reservation, a number the loop does not set: kmeans's `l < d`, d read from the
    // points' layout, and a triangular loop's `j < i`. NaN or a negative count reserves nothing, as
    // the loop then runs no iteration.)
    const fixed = (e: Expr): boolean => (e.k === 'len' && !writes) || (whole ? small(e) !== undefined : e.k === 'num')
      || (!whole && e.k === 'var' && e.v.kind === 'number' && !s.body.some((x) => contains(x, undefined, e.v)))
      || (e.k === 'bin' && (e.op === '+' || e.op === '-') && fixed(e.a) && fixed(e.b));
    if (!fixed(t.b) || s.body.some((x) => contains(x, undefined, v))) return undefined;
    return C.sub(this.primal(t.b), C.atom(v.name));
  }

  /**
   * A forward loop that would only count its iterations (`for (…; i < x.length - c; i++)` whose body
   * runs nothing forward: the backward sweep computes its values again) counted without running it:
   * the trip count max(0, bound − i) and i's final value, where i is an integer counter stepped by 1
   * and the bound is a whole number fixed by the loop (lengths and integer literals). Else undefined.
   */
  private countedWithoutRunning(s: Extract<Stmt, { k: 'for' | 'while' | 'do' }>, body: readonly Statement[], update: readonly Statement[], info: LoopInfo): Statement[] | undefined {
    const trips = body.length > 0 || update.length !== 1 ? undefined : this.tripCount(s, info, true);
    if (trips === undefined) return undefined;
    const v = ((s.test as Extract<Cond, { k: 'cmp' }>).a as Extract<Expr, { k: 'var' }>).v;
    // (An unassigned i makes the difference NaN: no iteration, as the test says.)
    return [
      S.assign(C.atom(info.count), trips, { comment: 'the iterations, counted without running them' }),
      when(code(`${info.count} > 0`), [S.assign(C.atom(v.name), C.add(C.atom(v.name), C.atom(info.count)))], [S.assign(C.atom(info.count), code('0'))]),
    ];
  }

  /**
   * The locals a loop's body declares (at its top level) that the backward sweep computes again at
   * the start of each iteration instead of saving and restoring them: a number set only there, from
   * a few additions, subtractions, multiplications and divisions (so cheaper than a save and a
   * restore) of what the rest of the iteration leaves as it is — parameters and top-level constants
   * never written, integer counters (restored backward), locals computed again before it (or by an
   * enclosing loop) — and
   * read only by the body's later statements. Backward, the iteration's later statements see it as
   * the forward sweep left it; an iteration left before it computes a value nothing reads.
   */
  private recomputable(loop: Extract<Stmt, { k: 'for' | 'while' | 'do' }>): Extract<Stmt, { k: 'let' }>[] {
    const out: Extract<Stmt, { k: 'let' }>[] = [];
    const top = this.fn.body.findIndex((t) => t === loop || contains(t, loop));
    const written = new Set<Var>(), sets = new Map<Var, number>();
    // (An array passed to a call may be written by it: counted as written.)
    forEachExpr(this.fn.body, (e) => { if (e.k === 'call') for (const a of e.args) if (a.k === 'var' && a.v.kind === 'array') written.add(a.v); }, (x) => {
      if (x.k === 'set') written.add(x.v);
      else if (x.k === 'setElem' || x.k === 'push') written.add(x.arr);
      if (x.k === 'let' || x.k === 'set') sets.set(x.v, (sets.get(x.v) ?? 0) + 1);
    });
    // (A shared array written through one name is written through all.)
    for (const group of this.sharing.values()) if (group.some((v) => written.has(v))) for (const v of group) written.add(v);
    const constantBefore = (u: Var): boolean => !written.has(u) && (u.isParam || this.fn.captures.includes(u)
      || this.fn.body.slice(0, top).some((t) => t.k === 'let' && t.v === u && !t.hoisted));
    const readsOf = (stmts: readonly Stmt[], v: Var): number => {
      let n = 0;
      forEachExpr([...stmts], (e) => { if ((e.k === 'var' && e.v === v) || ((e.k === 'elem' || e.k === 'len') && e.arr === v)) n++; }, undefined, (c) => { if (c.k === 'flag' && c.v === v) n++; });
      return n;
    };
    // Candidates: also a local the backward sweep does not read itself, which a later one may be
    // computed from (tangent code in three-address form: const a = t_, t_ = 1 - x[i]).
    loop.body.forEach((d, j) => {
      if (d.k !== 'let' || d.hoisted || d.v.kind !== 'number' || sets.get(d.v) !== 1 || this.counterVars.has(d.v)) return;
      const init = d.init;
      if (init === undefined || init.k === 'arrayLit' || init.k === 'newArray' || init.k === 'arrayCall') return;
      const later = loop.body.slice(j + 1);
      let cheap = true, size = 0;
      const used: Var[] = [];
      // (A rule's partial in hvp's tangent code is computed again as its value is.)
      const visit = (x: Expr): void => forEachExpr([{ k: 'return', value: x, node: x.node }], (e) => {
        if (e.k === 'partial') return visit(e.value);
        size++;
        if (e.k === 'var') used.push(e.v);
        else if (e.k === 'elem' || e.k === 'len') used.push(e.arr);
        // (Derivative code's zero-tangent guard `t === 0 ? 0 : p·t` is a test and a product.)
        else if (e.k !== 'num' && e.k !== 'neg' && !(e.k === 'bin' && (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/')) && !(e.k === 'cond' && e.test.k === 'zero')) cheap = false;
      }, undefined, undefined, (e) => e.k !== 'partial');
      visit(init);
      if (!cheap || size > 20 || readsOf(this.fn.body, d.v) !== readsOf(later, d.v)) return;
      const steady = (u: Var): boolean => constantBefore(u) || out.some((o) => o.v === u) || (this.recomputed.has(u) && !contains(loop, undefined, u))
        || (this.counterVars.has(u) && !later.some((t) => contains(t, undefined, u)));
      if (!used.every(steady)) return;
      out.push(d);
    });
    // Kept: those the backward sweep reads, and those a kept one is computed from.
    const needed = new Set<Var>([...this.saved]);
    for (let k = out.length - 1; k >= 0; k--) {
      if (!needed.has(out[k].v)) { out.splice(k, 1); continue; }
      forEachExpr([{ k: 'return', value: out[k].init as Expr, node: out[k].node }], (e) => { if (e.k === 'var') needed.add(e.v); });
    }
    for (const d of out) {
      this.recomputed.add(d.v);
      forEachExpr([{ k: 'return', value: d.init as Expr, node: d.node }], (e) => { if (e.k === 'var' && this.counterVars.has(e.v)) this.saved.add(e.v); });
    }
    return out;
  }

  private block(s: Extract<Stmt, { k: 'block' }>): Swept {
    const sites = this.exits.to(s);
    const scoped = s.label !== undefined && (sites.length > 0 || this.exits.of(s).size > 0);
    if (!scoped) {
      const body = this.sweep(s.body);
      return { fwd: [S.labelled(s.label, S.block(body.fwd))], rev: body.rev };
    }
    const label = this.names.fresh(s.label!);
    this.blocks.set(s, label);
    const outer = this.scopeCode;
    const codeName = this.names.numbered('exit');
    this.scopeCode = codeName;
    const body = this.sweep(s.body);
    this.scopeCode = outer;
    return {
      fwd: [S.labelled(label, S.block([...body.fwd, ...this.tapeSaveCode(0)]))],
      rev: [S.block([S.declare('const', [{ name: codeName, init: code(this.popCode()) }]), ...body.rev])],
    };
  }

  /**
   * The adjoint of a callee returning an array: `seed` is the caller's adjoint of the array it
   * returns, added into the adjoints of the elements of a literal, or of the local array returned
   * (an array filled with a constant has none; analyze/reverseChecks.ts: never a parameter).
   */
  private returnedArray(value: Expr | ArrayMade): void {
    if (value.k === 'arrayLit') {
      value.elems.forEach((e, k) => this.propagate(e, C.atom(`${this.seed}[${k}]`)));
      return;
    }
    if (value.k !== 'var' || !this.act.of(value.v).active) return;
    const d = this.adjointOf(value.v);
    this.out.push(this.addedInto(d, this.seed, `${d}.length`));
  }

  /** A new array of the values `return value` returns (vjp's driver returns it: a copy, as the backward sweep restores a local array's elements). */
  private returnedValue(value: Expr | ArrayMade): Code {
    const Arr = this.global('Array');
    if (value.k === 'arrayLit') return C.arrayLiteral(value.elems.map((e) => this.primal(e)));
    if (value.k === 'newArray') {
      return value.typed ? code(`${Arr}.from(new ${this.global('Float64Array')}(${this.primal(value.length).text}))`) : C.filledArray(`${Arr}<number>`, this.primal(value.length), this.primal(value.fill));
    }
    return code(`${Arr}.from(${this.primal(value).text})`);
  }

  /** `break`, `continue`, `return`: save where control leaves (for every scope it leaves), then leave. */
  private exit(s: Extract<Stmt, { k: 'break' | 'continue' | 'return' }>): Swept {
    const site = this.exits.siteOf(s)!;
    const e = site.id;
    const fwd: Statement[] = [];
    let rev: Statement[] = [];
    if (s.k === 'return' && this.seed === '0') {
      // A writer's value is unused: nothing to propagate (its forward sweep computes no value).
    } else if (s.k === 'return') {
      const value = s.value;
      if (this.fn.returns === 'array') {
        if (this.isDriver) fwd.push(S.assign(C.atom(this.value), this.returnedValue(value), { node: s.node }));
        rev = commented(this.backward(() => this.returnedArray(value)), this.comment(s.node));
      }
      else {
        if (value.k === 'arrayLit' || value.k === 'newArray') return unchecked(s.node, 'returning an array');
        // A callee's adjoint returns no value: its forward sweep only sets what the backward sweep reads.
        if (this.isDriver && !this.unread.has(s)) fwd.push(S.assign(C.atom(this.value), this.primal(value), { node: s.node }));
        // (The one-exit result takes the seed where it is set: assign.)
        if (value.k !== 'var' || value.v !== this.fn.result) rev = commented(this.backward(() => this.propagate(value, C.atom(this.seed))), this.comment(s.node));
      }
    }
    for (const crossed of site.crossed) {
      const loop = this.loops.get(crossed);
      if (loop?.countSaved) fwd.push(...this.tapeSaveCode(loop.count));
      fwd.push(...this.tapeSaveCode(e));
    }
    const target = site.target;
    if (target === 'function') {
      // The last statement falls through to the backward sweep.
      if (this.earlyReturn) fwd.push(...this.tapeSaveCode(e), ...(s === this.fn.body[this.fn.body.length - 1] ? [] : [{ k: 'break' as const, label: this.forwardLabel }]));
    } else if (target.k === 'block') {
      fwd.push(...this.tapeSaveCode(e), { k: 'break', label: this.blocks.get(target)! });
    } else {
      const loop = this.loops.get(target as Target & Stmt)!;
      if (s.k === 'continue') fwd.push(...this.tapeSaveCode(e), { k: 'break', label: loop.body! });
      else fwd.push(run(`${loop.left} = ${e}`), { k: 'break', label: loop.label });
    }
    return { fwd, rev };
  }

  // ---- expressions: adjoint propagation ----

  /** A value the backward sweep uses several times: a const (a name, literal or element read is used as it is). */
  private shared(c: Code, base: string): Code {
    if (c.prec === C.Prec.atom || C.literalValue(c) !== undefined || c.leaf !== undefined) return c;
    const known = this.memo.get(c.text);
    if (known) return known;
    const name = this.names.numbered(c.mathOf ?? base);
    this.out.push(S.declare('const', [{ name, init: c }]));
    this.memo.set(c.text, C.local(name));
    return C.local(name);
  }

  /** The primal value of `e`, computed again from the restored variables. */
  private valueOf(e: Expr): Code {
    return this.shared(this.primal(e), 'v');
  }

  /** Adds `g` (the adjoint of `e`) times the partials of `e` to the adjoints of what `e` reads. */
  private propagate(e: Expr, g: Code): void {
    if (!this.act.isActive(e)) return;
    switch (e.k) {
      case 'var':
        // (The adjoint of a term summed into the seed's local is 1, never read: oneAdjoints.)
        if (this.ones.has(e.v) && e.v !== this.adjointOne) return;
        this.out.push(addition(this.additions, { target: this.adjointOf(e.v), base: this.adjointOf(e.v), value: g, parts: [] }));
        return;
      case 'elem': {
        // An element read out of range adds to no entry: a Float64Array drops the write; an array
        // that grows by push is guarded (an entry past its end would shift what the pops take back).
        const d = this.adjointOf(e.arr), k = this.primal(e.index);
        const pointAdjoint = this.returnsPointAdjoint && e.arr === this.fn.params[0];
        if (pointAdjoint || (!this.isDriver && e.arr.isParam)) {
          // The returned array, or in a callee's adjoint the caller's adjoint of an array argument
          // (an array, or the point's): an index of the array only (a write elsewhere would add an
          // entry). (A point is never empty: x[0] needs no test.)
          const i = this.shared(k, 'i'), n = C.literalValue(i), add = addition(this.additions, { target: `${d}[${i.text}]`, base: d, value: g, parts: [i] });
          if (pointAdjoint && (n === 0 || this.indexOfPoint(e.index))) this.out.push(add);
          // (A callee's array may be empty: x[0] keeps its test there.)
          else if (e.arr === this.boundArray && this.indexOfPoint(e.index)) this.out.push(add);
          // (An index that is an integer ≥ 0 by construction needs only the test of the length.)
          else if (n === undefined || Number.isInteger(n) && n >= 0) this.out.push(when(code(`${n === undefined && !this.isWholeNumber(e.index) ? `(${i.text} >>> 0) === ${i.text} && ` : ''}${i.text} < ${e.arr.name}.length`, i), [add]));
        } else if (!this.pushed.has(e.arr)) this.out.push(addition(this.additions, { target: `${d}[${k.text}]`, base: d, value: g, parts: [k] }));
        else {
          const i = this.shared(k, 'i');
          this.out.push(when(code(`${i.text} < ${d}.length`, i), [run(`${d}[${i.text}] += ${g.text}`, i, g)]));
        }
        return;
      }
      case 'neg': return this.propagate(e.a, C.neg(g));
      case 'bin': {
        if (e.op === '+' || e.op === '-') {
          const once = this.shared(g, 'g');
          this.propagate(e.a, once);
          this.propagate(e.b, e.op === '+' ? once : C.neg(once));
          return;
        }
        const a = this.valueOf(e.a), b = this.valueOf(e.b), M = this.algebra;
        const name = e.op === '*' ? 'mul' : e.op === '/' ? 'div' : e.op === '%' ? 'mod' : 'pow';
        return this.binary(binaryRules[name], e.a, e.b, a, b, () => this.shared(C.binary(e.op, a, b), name === 'div' ? 'quot' : name), g, M);
      }
      case 'math': {
        const M = this.algebra;
        if (isUnaryMath(e.name)) {
          const x = this.valueOf(e.args[0]);
          // The call's value where this sweep already computed it (`Math.exp(u) * v` computes it
          // for v's partial): a row whose derivative is its value (exp) reads it, not Math.exp again.
          const y = this.memo.get(this.primal(e).text) ?? C.mathCall(this.global, e.name, [x]);
          return this.chain(e.args[0], rules[e.name].df(x, y, M), g);
        }
        const args = e.args.map((a) => this.valueOf(a));
        const y = (): Code => this.shared(C.mathCall(this.global, e.name, args), e.name);
        switch (e.name) {
          case 'pow': return this.binary(binaryRules.pow, e.args[0], e.args[1], args[0], args[1], y, g, M);
          case 'atan2': return this.binary(binaryRules.atan2, e.args[0], e.args[1], args[0], args[1], y, g, M);
          case 'hypot': {
            const h = y();
            e.args.forEach((a, i) => this.chain(a, hypotRule.partial(i, args, h, M), g));
            return;
          }
          case 'max': case 'min': {
            // The first argument that attains the result carries the derivative.
            const m = y();
            const once = this.shared(g, 'g');
            let chosen: Statement[] = [];
            for (let i = e.args.length - 1; i >= 0; i--) {
              const branch = this.backward(() => this.propagate(e.args[i], once));
              chosen = i === e.args.length - 1 ? branch : [when(code(`${this.global('Object')}.is(${args[i].text}, ${m.text})`, args[i], m), branch, chosen)];
            }
            this.out.push(...chosen);
            return;
          }
        }
        return unchecked(e.node, `Math.${e.name}, which has no derivative rule`);
      }
      case 'cond': {
        // Derivative code (analyze/tangent.ts: a nested verb's, or hvp.ts's tangent code) has two
        // conditions `… ? 0 : value` whose adjoint is the value's whatever the test gives:
        // - the guard `t is exactly 0 ? 0 : p·t`: at t = 0, p·(adjoint) goes into t and nothing into p
        //   (a zero factor contributes nothing), the derivative of p·t there: a tangent 0 at the
        //   point but not around it keeps its derivative;
        // - a rule's special case `a === 0 ? 0 : partial` (rules.ts' ifZero: ∂(x^p)/∂x at p = 0):
        //   the partial's derivative is the formula's around the point (∂²(x^p)/∂x∂p = 1/x at p = 0,
        //   as the rule table's second-order row, not 0).
        if (e.a.k === 'num' && e.a.value === 0 && (e.test.k === 'zero' || isRuleSpecialCase(e.test))) return this.propagate(e.b, g);
        const once = this.shared(g, 'g');
        const a = this.backward(() => this.propagate(e.a, once));
        const b = this.backward(() => this.propagate(e.b, once));
        if (a.length === 0 && b.length === 0) return;
        // (Where `a` has nothing to undo, the test is negated: no empty block.)
        this.out.push(a.length === 0 ? when(printCond(negation(e.test), this.input.mod, this.fn), b) : when(printCond(e.test, this.input.mod, this.fn), a, b));
        return;
      }
      case 'call': return this.call(e, g);
      case 'partial': {
        // A rule's partial in hvp.ts's tangent code: its derivative is the rule's second-order row
        // (as forward mode's hyper-dual code), into the rule's arguments; never through the
        // first-order row's formula, whose zero conventions differ at singular points.
        const M = this.algebra, row = e.row, { mod } = this.input;
        if (row.k === 'hypotOver') {
          // ∂(gᵢ/h)/∂gⱼ = (δᵢⱼ − gᵢgⱼ/h²)/h, into every element j of g.
          const element = e.args[0] as Extract<Expr, { k: 'elem' }>;
          const xi = this.valueOf(element), i = this.shared(this.primal(element.index), 'i');
          const h = this.shared(this.primal({ k: 'mathOver', name: 'hypot', arr: row.arr, node: e.node }), 'hypot');
          return this.intoEvery(row.arr, (xj, j) => C.conditional(C.compare('===', j, i), hypotRule.second(0, 0, [xi], h, M), hypotRule.second(0, 1, [xi, xj], h, M)), g);
        }
        const x = e.args.map((a) => this.valueOf(a));
        // The rule's value, computed again (a const nothing reads is removed: withoutUnusedConstants).
        const y = this.shared(row.k === 'unary' || row.k === 'hypot' ? C.mathCall(this.global, row.k === 'hypot' ? 'hypot' : row.name, x)
          : row.k === 'custom' ? C.call(mod.rule(row.rule, this.fn), x) : row.k === 'special' ? C.call(mod.special(row.fn, this.fn), x)
          : row.name === 'pow' || row.name === 'atan2' ? C.mathCall(this.global, row.name, x) : C.binary(binaryOperators[row.name], x[0], x[1]), 'y');
        const once = e.args.filter((a) => this.act.isActive(a)).length > 1 ? this.shared(g, 'g') : g;
        e.args.forEach((a, k) => {
          if (!this.act.isActive(a)) return;
          // (A defineFunction rule reached by a Hessian has d2f: analysis' checkRules.)
          const second = row.k === 'unary' ? rules[row.name].d2f(x[0], y, M)
            : row.k === 'binary' ? binarySecond(binaryRules[row.name], x[0], x[1], y, M)(row.i, k)
            : row.k === 'custom' ? C.call(`${mod.rule(row.rule, this.fn)}.definition.d2f!`, x)
            : row.k === 'special' ? C.call(`${mod.specialRules}.${row.fn.name}.second`, [C.atom(String(row.i)), C.atom(String(k)), y, ...x])
            : hypotRule.second(row.i, k, x, y, M);
          if (second !== undefined) this.chain(a, second, once);
        });
        return;
      }
      case 'custom': {
        // A defineFunction rule: its given derivative at the argument, the user's df called at run time.
        const x = this.valueOf(e.args[0]);
        return this.chain(e.args[0], C.call(`${this.input.mod.rule(e.rule, this.fn)}.definition.df`, [x]), g);
      }
      case 'special': {
        // A package's special function: its row of @ddx/dual's specialRules at the arguments and the value.
        const { mod } = this.input;
        const x = e.args.map((a) => this.valueOf(a));
        const y = this.shared(C.call(mod.special(e.fn, this.fn), x), e.fn.name);
        const once = e.args.filter((a) => this.act.isActive(a)).length > 1 ? this.shared(g, 'g') : g;
        e.args.forEach((a, i) => this.chain(a, C.call(`${mod.specialRules}.${e.fn.name}.partial`, [C.atom(String(i)), y, ...x]), once));
        return;
      }
      case 'mathOver': return this.hypotOver(e, g);
      default: return;
    }
  }

  /**
   * `Math.hypot(...a)` over an active array: hypot's n-argument row (rules.ts, hypotRule) at each
   * element, d_a[i] += g·a[i]/‖a‖ (0 for every element where ‖a‖ = 0), in a loop over the elements.
   */
  private hypotOver(e: Extract<Expr, { k: 'mathOver' }>, g: Code): void {
    const h = this.shared(this.primal(e), 'hypot');
    this.intoEvery(e.arr, (element) => hypotRule.partial(0, [element], h, this.algebra), g);
  }

  /** d_arr[j] += g·partial(arr[j], j) for every element j of `arr`, in a loop. */
  private intoEvery(arr: Var, partial: (element: Code, j: Code) => Code, g: Code): void {
    const once = this.shared(g, 'g');
    const j = C.name(this.names.numbered('j')), d = this.adjointOf(arr);
    const body = this.backward(() => {
      const c = this.contribution(partial(C.element(arr.name, j), j), once);
      if (c === undefined) return;
      // (Every index is one of the array's: the adjoint of an array that grows by push is guarded, as an element's.)
      const add = addition(this.additions, { target: `${d}[${j.text}]`, base: d, value: c, parts: [j] });
      this.out.push(this.pushed.has(arr) ? when(code(`${j.text} < ${d}.length`, j), [add]) : add);
    });
    if (body.length === 0) return;
    this.out.push({ k: 'for', init: S.declare('let', [{ name: j.text, init: code('0') }]), test: code(`${j.text} < ${arr.name}.length`), update: code(`${j.text}++`), body: S.block(body) });
  }

  /**
   * A call: the callee's adjoint for this pattern of active arguments, given the arguments (as the
   * variables hold them again here), the adjoints of the active array arguments (it adds into them)
   * and `g`; it returns the adjoints of the active number arguments, which go on into them.
   */
  private call(e: Extract<Expr, { k: 'call' }>, g: Code | undefined): void {
    const { mod } = this.input;
    const pattern = this.act.patternOf(e.args);
    const { name: adjoint, reports } = this.unguarded ? mod.unguardedAdjointVersion(e.fn, pattern) : { name: mod.adjointVersion(e.fn, pattern), reports: false };
    const args = e.args.map((a) => this.primal(a).text);
    e.args.forEach((a, i) => {
      // analyze/reverseChecks.ts: an active array argument is a variable (its adjoint a Float64Array).
      if (pattern[i] === ParamState.Active && e.fn.params[i].kind === 'array' && a.k === 'var') args.push(this.adjointOf(a.v));
    });
    const call = g === undefined ? code(`${adjoint}(${args.join(', ')})`) : code(`${adjoint}(${[...args, g.text].join(', ')})`, g);
    const returned = returnedAdjoints(e.fn, pattern);
    if (returned.length === 0) {
      this.out.push(S.expression(call), ...(reports ? [this.addReported()] : []));
      return;
    }
    // Read right after the call: the adjoints of the other arguments may call adjoints again.
    const names = returned.map((i) => this.names.numbered(`d_${e.fn.name}_${e.fn.params[i].name}`));
    const slots = returned.slice(1).map((_, k) => mod.adjointOut(k + 1));
    const first = S.declare('const', [{ name: names[0], init: call }]);
    // (An active array argument's adjoint is added into: an effect.)
    this.effectful.set(first, { bare: call, alsoDefines: reports ? [...slots, mod.nanSum] : slots, effect: args.length > e.args.length || this.runAgain.has(e) });
    this.out.push(first, ...slots.map((slot, k) => S.declare('const', [{ name: names[k + 1], init: C.local(slot) }])), ...(reports ? [this.addReported()] : []));
    returned.forEach((i, k) => this.propagate(e.args[i], C.local(names[k])));
  }

  /** A row of two arguments: the partials of its active operands times `g`. */
  private binary(rule: (typeof binaryRules)[keyof typeof binaryRules], ea: Expr, eb: Expr, a: Code, b: Code, y: () => Code, g: Code, M: Algebra<Code>): void {
    const both = this.act.isActive(ea) && this.act.isActive(eb);
    const once = both ? this.shared(g, 'g') : g;
    const pa = this.act.isActive(ea) ? rule.da(a, b, y(), M) : undefined;
    const pb = this.act.isActive(eb) ? rule.db(a, b, y(), M) : undefined;
    if (pa && pb && a.text === b.text && pa.text === pb.text) {
      // The same operand twice with the same partial (x[i] * x[i]): its contribution computed once,
      // before the first addition, and added twice (the same sums as two chains, bit for bit). The
      // JIT cannot do this itself: after an addition into an adjoint array it must read x[i] again.
      const c = this.contribution(pa, once);
      if (c === undefined) return;
      const shared = this.shared(c, 'g');
      this.propagate(ea, shared);
      this.propagate(eb, shared);
      return;
    }
    if (pa) this.chain(ea, pa, once);
    if (pb) this.chain(eb, pb, once);
  }

  /** The module's function that makes an array of n zeros held as doubles. */
  private get zerosOfLength(): string {
    return zerosOfLength(this.input.mod);
  }

  /** The module's function for a partial times an adjoint, 0 where either is exactly 0. */
  private get product(): string {
    return this.input.mod.helper('ddxProduct', (name) => ({
      k: 'function', exported: false, name, params: [{ name: 'partial', type: 'number' }, { name: 'adjoint', type: 'number' }], returnType: 'number',
      doc: 'A partial derivative times an adjoint, 0 where either is exactly 0 (0·∞ contributes nothing; generated by ddx). The product is NaN only then or where an operand is NaN.',
      body: [
        S.declare('const', [{ name: 'p', init: code('partial * adjoint') }]),
        S.ret(code('p === p || (partial !== 0 && adjoint !== 0) ? p : 0')),
      ],
    }));
  }

  /** Propagates `p·g` into `e`: 0 where the partial or the adjoint is exactly 0 (0·∞ contributes nothing). */
  private chain(e: Expr, p: Code, g: Code): void {
    if (!this.act.isActive(e)) return;
    const contribution = this.contribution(p, g);
    if (contribution === undefined) return;
    this.propagate(e, e.k === 'var' || e.k === 'elem' ? contribution : this.shared(contribution, 'g'));
  }

  /** The code of `p·g`, 0 where either is exactly 0, or undefined where one is the literal 0. */
  private contribution(p: Code, g: Code): Code | undefined {
    const lp = C.literalValue(p), lg = C.literalValue(g);
    if (lp === 0 || lg === 0) return undefined;
    const nonzeroFinite = (v: number | undefined): boolean => v !== undefined && v !== 0 && Number.isFinite(v);
    if (nonzeroFinite(lp) || nonzeroFinite(lg)) return lp === 1 ? g : lg === 1 ? p : C.mul(p, g);
    if (!this.unguarded) return C.call(this.product, [p, g]);
    // Unguarded (emitReverseDriver): the plain product, summed into `products`, which is NaN where it was.
    const product = this.shared(C.mul(p, g), 'g');
    const sum = run(`${this.products} += ${product.text}`, product);
    this.productSums.add(sum);
    this.out.push(sum);
    return product;
  }

  private _products: string | undefined;
  /** The statements adding an unguarded product into `products` (pure: sunkAdditions moves additions past them). */
  private readonly productSums = new Set<Statement>();
  /** The local summing the unguarded products (made on first use). */
  private get products(): string {
    return (this._products ??= this.names.fresh('products'));
  }

  /** Whether the function has unguarded products (a callee's adjoint then reports their sum). */
  get reports(): boolean {
    return this._products !== undefined;
  }

  /** After a call of an unguarded adjoint that reports: the sum of its products added to this function's. */
  private addReported(): Statement {
    const { nanSum } = this.input.mod;
    return run(`${this.products} += ${nanSum}`, C.local(nanSum));
  }
}

/** The operator of a binary row written as one (`**` is Math.pow's). */
const binaryOperators = { mul: '*', div: '/', mod: '%' } as const;

/** The value of an integer literal of at most 2^20 in magnitude, or undefined. */
function small(e: Expr): number | undefined {
  const n = (e.k === 'num' ? e.value : e.k === 'neg' && e.a.k === 'num' && e.a.value !== undefined ? -e.a.value : undefined) ?? NaN;
  return Number.isInteger(n) && Math.abs(n) <= 2 ** 20 ? n : undefined;
}

/** Whether `s` is or contains the statement `target`, or (given `v`) a statement that sets `v`. */
/** How many statements of the tree `stmts` satisfy `which`. */
function countStatements(stmts: readonly Statement[], which: (s: Statement) => boolean): number {
  let n = 0;
  const visit = (s: Statement | undefined): void => {
    if (s === undefined) return;
    if (which(s)) n++;
    switch (s.k) {
      case 'labelled': visit(s.body); return;
      case 'block': s.body.forEach(visit); return;
      case 'oneLine': s.statements.forEach(visit); return;
      case 'if': visit(s.then); visit(s.else); return;
      case 'for': visit(s.init); visit(s.body); return;
      case 'while': case 'do': visit(s.body); return;
      case 'function': s.body.forEach(visit); return;
      default: return;
    }
  };
  stmts.forEach(visit);
  return n;
}

function contains(s: Stmt, target: Stmt | undefined, v?: Var): boolean {
  let found = false;
  forEachExpr([s], () => {}, (x) => { if (x === target || (v !== undefined && (x.k === 'let' || x.k === 'set') && x.v === v)) found = true; });
  return found;
}

/**
 * The local whose adjoint is the seed throughout the backward sweep, or undefined: the one value f
 * returns, by its last statement (`return sum`), declared at the top level, then only updated by
 * `v = v ± rest` (rest not reading v: the adjoint carries over unchanged) and read nowhere else.
 * In a gradient the seed is 1, and a partial times it is the partial bit for bit (p·1 = p for ±0,
 * ±∞ and NaN too), so its contributions need neither a product nor ddxProduct's guard: the sum of
 * a loss's terms (Rosenbrock's `sum += a * a + 100 * b * b`).
 */
function oneAdjoint(fn: NumericFunction): Var | undefined {
  const last = fn.body[fn.body.length - 1];
  if (last?.k !== 'return' || last.value.k !== 'var' || last.value.v.kind !== 'number' || last.value.v.isParam) return undefined;
  const v = last.value.v;
  let returns = 0, updates = 0, readsOfV = 0, only = true;
  forEachExpr(fn.body, (e) => { if (e.k === 'var' && e.v === v) readsOfV++; }, (x) => {
    if (x.k === 'return') returns++;
    else if (x.k === 'let' && x.v === v && !fn.body.includes(x)) only = false;
    else if (x.k === 'set' && x.v === v && v !== fn.result) {
      const u = x.value;
      if (u.k === 'bin' && (u.op === '+' || u.op === '-') && u.a.k === 'var' && u.a.v === v && !reads(u.b, v)) updates++;
      else only = false;
    }
  });
  return only && returns === 1 && readsOfV === updates + 1 ? v : undefined;
}

/**
 * The locals whose adjoint is the seed 1 throughout the backward sweep: `root` (oneAdjoint), and
 * each number local summed (with sign +) into the value of one of them, read only there, declared
 * once by a `let` earlier in the same statements with only assignments in between (no exit can
 * skip the sum, and no branch or loop separates them): its adjoint is the partial 1 times the
 * seed. Three-address tangent code (hvp.ts) sums its terms so: `s_d = s_d + t3`, `t3 = t1 + t2`;
 * their partials then need neither a product nor ddxProduct's guard.
 */
function oneAdjoints(fn: NumericFunction, root: Var | undefined): Set<Var> {
  const ones = new Set<Var>();
  if (!root) return ones;
  ones.add(root);
  const reads = new Map<Var, number>(), writes = new Map<Var, number>();
  const lists: Stmt[][] = [fn.body];
  forEachExpr(fn.body, (e) => { if (e.k === 'var') reads.set(e.v, (reads.get(e.v) ?? 0) + 1); }, (x) => {
    if (x.k === 'let' || x.k === 'set') writes.set(x.v, (writes.get(x.v) ?? 0) + 1);
    if (x.k === 'if') lists.push(x.then, ...(x.else ? [x.else] : []));
    else if (x.k === 'for') lists.push(x.init, x.update, x.body);
    else if (x.k === 'while' || x.k === 'do' || x.k === 'block' || x.k === 'forOf') lists.push(x.body);
  });
  const straight = (x: Stmt): boolean => x.k === 'let' || x.k === 'set' || x.k === 'setElem' || x.k === 'push';
  /** The variables summed with sign + in `e`. */
  const terms = (e: Expr, into: Var[]): Var[] => {
    if (e.k === 'var') into.push(e.v);
    else if (e.k === 'bin' && (e.op === '+' || e.op === '-')) { terms(e.a, into); if (e.op === '+') terms(e.b, into); }
    return into;
  };
  for (const list of lists) {
    // Backward, so that a chain of sums (t3 = t1 + t2, then s_d = s_d + t3) is followed in one pass.
    for (let k = list.length - 1; k >= 0; k--) {
      const s = list[k];
      if (!((s.k === 'let' && s.init !== undefined) || s.k === 'set') || !ones.has(s.v)) continue;
      for (const t of terms((s.k === 'let' ? s.init : s.value) as Expr, [])) {
        if (t === s.v || t.kind !== 'number' || t.isParam || reads.get(t) !== 1 || writes.get(t) !== 1) continue;
        const j = list.findIndex((x) => x.k === 'let' && x.v === t);
        if (j < 0 || j > k || (list[j] as { hoisted?: true }).hoisted || (list[j] as { init?: unknown }).init === undefined || !list.slice(j + 1, k).every(straight)) continue;
        ones.add(t);
      }
    }
  }
  return ones;
}

/**
 * The local arrays filled once where they are made, whose overwritten elements need no save: each
 * binding is a new array, `let a = new Array(n).fill(c)` (or a literal), followed at once by the loop
 * `for (let k = 0; k < a.length; k = k + 1) a[k] = e` whose value reads no `a` (lower.ts' rowCopy: a
 * row of a matrix passed to a callee), and no other statement writes, pushes onto or rebinds the array
 * or passes it to a callee that writes it. Backward, a restored element would be read only by what
 * ran before its write: the loop's earlier steps (which read no `a`) and the `let`, whose array nothing
 * reads before (an array made again in a loop gets the one before back from `bindings`). So the
 * values the fill overwrote are never read: no save, no restore (GradBench gmm written the natural
 * way saved and restored every element of the rows q[c] and l[c] copied for each point and cluster).
 */
function filledOnce(fn: NumericFunction): Set<Var> {
  const filling = new Set<Stmt>(), candidates = new Set<Var>(), excluded = new Set<Var>();
  const lists: Stmt[][] = [fn.body];
  forEachExpr(fn.body, (e) => {
    if (e.k === 'call') for (const w of e.fn.writes ?? []) { const a = e.args[w.index]; if (a?.k === 'var') excluded.add(a.v); }
  }, (x) => {
    if (x.k === 'if') lists.push(x.then, ...(x.else ? [x.else] : []));
    else if (x.k === 'for') lists.push(x.init, x.update, x.body);
    else if (x.k === 'while' || x.k === 'do' || x.k === 'block' || x.k === 'forOf') lists.push(x.body);
    else if (x.k === 'switch') for (const c of x.clauses) lists.push(c.body);
    if ((x.k === 'set' && x.v.kind === 'array') || x.k === 'push') excluded.add(x.k === 'set' ? x.v : x.arr);
    else if (x.k === 'let' && x.v.kind === 'array' && (x.hoisted || x.table || x.init === undefined || (x.init.k !== 'newArray' && x.init.k !== 'arrayLit'))) excluded.add(x.v);
  });
  for (const list of lists) {
    list.forEach((made, j) => {
      const loop = list[j + 1];
      if (made.k !== 'let' || made.v.kind !== 'array' || made.v.isParam || loop?.k !== 'for') return;
      const a = made.v, [init] = loop.init, [step] = loop.update, [write] = loop.body;
      if (loop.init.length !== 1 || init.k !== 'let' || init.init?.k !== 'num' || Number(init.init.text) !== 0 || init.v.kind !== 'number') return;
      const k = init.v, t = loop.test, isK = (e: Expr): boolean => e.k === 'var' && e.v === k;
      if (t?.k !== 'cmp' || t.op !== '<' || !isK(t.a) || t.b.k !== 'len' || t.b.arr !== a) return;
      if (loop.update.length !== 1 || step.k !== 'set' || step.v !== k || step.value.k !== 'bin' || step.value.op !== '+' || !isK(step.value.a) || step.value.b.k !== 'num' || Number(step.value.b.text) !== 1) return;
      if (loop.body.length !== 1 || write.k !== 'setElem' || write.arr !== a || !isK(write.index) || reads(write.value, a)) return;
      filling.add(write);
      candidates.add(a);
    });
  }
  forEachExpr(fn.body, () => {}, (x) => { if (x.k === 'setElem' && !filling.has(x)) excluded.add(x.arr); });
  for (const a of excluded) candidates.delete(a);
  for (const a of fn.params) candidates.delete(a);
  for (const a of fn.captures) candidates.delete(a);
  return candidates;
}

/** The local arrays bound more than once: made by a statement inside a loop, or rebound by `y = z`. */
function reboundArrays(body: Stmt[]): Set<Var> {
  const out = new Set<Var>();
  forEachExpr(body, () => {}, (s) => {
    if (s.k === 'set' && s.v.kind === 'array') out.add(s.v);
    if (s.k === 'for' || s.k === 'while' || s.k === 'do') {
      forEachExpr(s.k === 'for' ? [...s.update, ...s.body] : s.body, () => {}, (t) => { if (t.k === 'let' && t.v.kind === 'array' && t.init !== undefined) out.add(t.v); });
    }
  });
  return out;
}

/** Whether `e` reads `v`. */
const reads = (e: Expr, v: Var): boolean => variablesRead([asStatement(e)]).reads.has(v);

/** `stmts` with the comment on the first (or, for one that cannot carry one, a block around them). */
function commented(stmts: Statement[], comment: string): Statement[] {
  if (stmts.length === 0) return stmts;
  return [{ ...S.block(stmts), comment }];
}

/** Whether `fn` writes its array arguments (called as a statement, its value unused). */
const isWriter = (fn: NumericFunction): boolean => (fn.writes ?? []).length > 0;

/** The arrays a call passes to the parameters its callee writes, by the parameter's index (always variables: lower.ts). */
function writtenArguments(call: Extract<Expr, { k: 'call' }>): Map<number, Var> {
  const out = new Map<number, Var>();
  for (const w of call.fn.writes ?? []) {
    const a = call.args[w.index];
    if (a?.k === 'var') out.set(w.index, a.v);
  }
  return out;
}

/**
 * Whether `fn` reads its array parameter `i` (its elements, its length, or passes it on), besides
 * writing its elements and returning it (gl-matrix's `return out`).
 */
function readsParameter(fn: NumericFunction, i: number): boolean {
  const p = fn.params[i];
  const returned = new Set<Expr>();
  forEachExpr(fn.body, () => {}, (s) => { if (s.k === 'return' && s.value.k === 'var' && s.value.v === p) returned.add(s.value); });
  let found = false;
  forEachExpr(fn.body, (e) => { if (((e.k === 'var' && e.v === p) && !returned.has(e)) || ((e.k === 'elem' || e.k === 'len' || e.k === 'mathOver') && e.arr === p)) found = true; });
  return found;
}
