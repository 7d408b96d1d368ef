/**
 * Inline mode: a numeric function becomes allocation-free tangent code. Every active value gets
 * tangent locals next to it — `dv` for first order, `v_e1, v_e2, v_e12` (hyper-dual parts) for
 * second order — and each primal statement is followed by its tangent statement with a
 * `// tangent of: …` comment. Formulas come from @ddx/dual's rule table through `codeAlgebra`,
 * and follow the run-time engine's operation order so both engines give the same numbers.
 *
 * This file holds the per-function state and helpers; the emitters for each expression and
 * statement kind live in ./expressions and ./statements and are registered below.
 */
import type { Algebra } from '@ddx/dual';
import type { ts } from 'ts-morph';
import * as C from '../../codegen/code.js';
import { codeAlgebraWith, type Code } from '../../codegen/code.js';
import * as S from '../../codegen/statements.js';
import type { Param, Statement } from '../../codegen/statements.js';
import { analyzeActivity, ParamState, type Activity } from '../../analyze/activity.js';
import type { Cond, Expr, NumericFunction, Stmt, Var } from '../../analyze/ir.js';
import { localsOf } from '../../analyze/walk.js';
import { generatedLocalsBound, type Order } from '../../analyze/inlineSize.js';
import { generatedGlobals, Namer } from '../names.js';
import type { OutPart } from '../module.js';
import { captureType, printCond, printPrimal, sourceSnippet, type PrimalNames } from '../primal.js';
import type { ZerosModule } from '../zeros.js';
import { binary } from './expressions/arithmetic.js';
import { call } from './expressions/call.js';
import { conditional } from './expressions/conditional.js';
import { customRule, math, mathOver, rulePartial, specialRule } from './expressions/math.js';
import { statementEmitters } from './statements/index.js';

export type { Order };

/** What a function emitter needs from the module being generated. */
export interface InlineModule extends PrimalNames, ZerosModule {
  /** The tangent function of `fn` for this order and parameter pattern (generated on first use). */
  version(fn: NumericFunction, order: Order, pattern: readonly ParamState[]): string;
  /** The module-level variable through which tangent functions return a part besides their value. */
  out(part: OutPart, write?: boolean): string;
  /** Module-level names (generated locals avoid them). */
  readonly names: Namer;
}

/** A value in the emitted code: its primal text and, when active, its tangent parts. */
export interface Operand {
  code: Code;
  /** [d] for first order, [e1, e2, e12] for second; undefined when inactive. A part may be exactly 0 at run time. */
  t?: Code[];
  /** The value of an inactive numeric literal or Math constant. */
  literal?: number;
}

/** The tangent of a node, given the code of its primal result. */
export interface Top {
  primal: Code;
  tangent: (y: Code) => Code[];
  /** The tangent formula reads the result (so an assignment cannot write the target first). */
  needsY: boolean;
}

export const ZERO = C.atom('0');

export const partNames = ['e1', 'e2', 'e12'] as const;

/** For tests: each function inline mode emits, with the locals it named and their bound. */
export const inlineSizes: { observe?: (emitted: { name: string; fn: NumericFunction; generated: number; bound: number }) => void } = {};

export function emitInlineFunction(mod: InlineModule, fn: NumericFunction, name: string, order: Order, pattern: readonly ParamState[]): Statement {
  return new InlineFunctionEmitter(mod, fn, order, pattern).emitFunction(name);
}

export class InlineFunctionEmitter {
  readonly act: Activity;

  readonly names: Namer;

  readonly tangentNames = new Map<Var, string[]>();

  /** The names the function's namer starts with (the user's and the globals'). */
  private readonly namedBefore: number;

  /** Where emitted statements go: the function's body, or the block being emitted. */
  body: Statement[] = [];

  /**
   * Values already computed in scope, by their code (`Math.cos(x)` → `cos1`): a rule's f' often
   * is the primal of a neighbour (sin' = cos), so each is computed once. Cleared where a variable
   * may change (assignments, loops) and restored when a block closes.
   */
  memo = new Map<string, Code>();

  assignments = 0;

  readonly algebra: Algebra<Code>;

  /** The function's source file (finding it from a node walks up the tree). */
  readonly sf: ts.SourceFile;

  constructor(
    readonly mod: InlineModule,
    readonly fn: NumericFunction,
    readonly order: Order,
    readonly pattern: readonly ParamState[],
  ) {
    this.sf = fn.node.getSourceFile();
    this.act = analyzeActivity(fn, pattern);
    // Generated locals never shadow the globals and module names the generated code reads.
    this.names = new Namer([...fn.usedNames, ...generatedGlobals], mod.names);
    this.namedBefore = this.names.size;
    const codeAlgebra = codeAlgebraWith(mod.global);
    const memoized = (name: 'sqrt' | 'cbrt' | 'exp' | 'sin' | 'cos' | 'sinh' | 'cosh') => (a: Code): Code => {
      const code = codeAlgebra[name](a);
      return this.memo.get(code.text) ?? code;
    };
    this.algebra = {
      ...codeAlgebra,
      // A value a row uses several times is computed once, into a named const.
      share: (a, base) => this.constant(base, a),
      sqrt: memoized('sqrt'), cbrt: memoized('cbrt'), exp: memoized('exp'), sin: memoized('sin'),
      cos: memoized('cos'), sinh: memoized('sinh'), cosh: memoized('cosh'),
    };
  }

  emitFunction(name: string): Statement {
    const params: Param[] = [];
    // A written array parameter (an out-parameter) is the caller's array (and its tangents).
    const written = new Set((this.fn.writes ?? []).map((w) => w.index));
    this.fn.params.forEach((p, i) => {
      const type = p.kind === 'array' ? (written.has(i) ? 'number[] | Float64Array' : 'ArrayLike<number>') : p.kind === 'boolean' ? 'boolean' : 'number';
      params.push({ name: p.name, type });
      if (this.pattern[i] === ParamState.Active) for (const t of this.tangentsOf(p)) params.push({ name: t, type });
    });
    // Values read from the call site's enclosing scope come last, without tangents.
    for (const c of this.fn.captures) params.push({ name: c.name, type: captureType(c) });
    // A parameter received without tangent that the body makes active starts from a zero tangent.
    this.fn.params.forEach((p, i) => {
      if (this.pattern[i] === ParamState.Inactive && this.act.of(p).active) {
        this.emit(S.declare('let', this.tangentsOf(p).map((t) => ({ name: t, init: ZERO }))));
      }
    });
    this.block(this.fn.body);
    // The checks pass rejected the function if its locals could overflow a call frame (DDX1019),
    // from a bound on the names generated here.
    const generated = this.names.size - this.namedBefore;
    const bound = generatedLocalsBound(this.fn, this.act, this.pattern, this.order);
    if (generated > bound) throw new Error(`internal: the ${this.order === 1 ? 'tangent' : 'hyper-dual'} code of '${this.fn.name}' names ${generated} locals, more than analyze/inlineSize.ts bounds (${bound})`);
    inlineSizes.observe?.({ name, fn: this.fn, generated, bound });
    const doc = this.plain
      ? `A copy of ${this.fn.name} from ${baseName(this.fn.fileName)} (generated by ddx).`
      : this.fn.returns === 'void' ? `${this.fn.name} with ${this.order === 1 ? 'tangents' : 'hyper-dual parts'} (generated by ddx): writes the values and tangents of its array arguments.`
      : `${this.fn.name} with ${this.order === 1 ? 'tangents' : 'hyper-dual parts'} (generated by ddx): returns the value, and the ${this.order === 1 ? `tangent in ${this.mod.out(this.fn.returns === 'array' ? 'dArray' : 'd')}` : `hyper-dual parts in ${(['e1', 'e2', 'e12'] as const).map((p) => this.mod.out(p)).join(', ')}`}.`;
    const returnType = this.fn.returns === 'array' ? undefined : this.fn.returns;
    return { k: 'function', doc, exported: false, name, params, returnType, body: this.body, node: this.fn.node };
  }

  private locals: Set<Var> | undefined;
  /** Whether `v` is a local of the function (not a parameter nor a capture). */
  isLocal(v: Var): boolean {
    return (this.locals ??= localsOf(this.fn)).has(v);
  }

  tangentsOf(v: Var): string[] {
    let t = this.tangentNames.get(v);
    if (!t) {
      t = this.order === 1 ? [this.names.fresh(`d${v.name}`)] : partNames.map((p) => this.names.fresh(`${v.name}_${p}`));
      this.tangentNames.set(v, t);
    }
    return t;
  }

  emit(s: Statement): void {
    this.body.push(s);
  }

  /** The statements `emit` emits, as a list of their own (the body of a block). */
  collect(emit: () => void): Statement[] {
    const outer = this.body;
    this.body = [];
    try {
      emit();
      return this.body;
    } finally {
      this.body = outer;
    }
  }

  primal(e: Expr): Code {
    return printPrimal(e, this.mod, this.fn);
  }

  /** A condition, on primal values; a zero-tangent guard on an active value also tests its tangent parts. */
  cond(c: Cond): Code {
    return printCond(c, this.mod, this.fn, undefined, (e) => {
      const o = this.operand(e);
      return [o.code, ...(o.t ?? [])];
    });
  }

  /** Inactive `const` locals initialised with a literal (their value is known to be finite or not). */
  readonly literals = new Map<Var, number>();

  /** Declares `const name = code` and returns the name (for partials used several times). */
  constant(base: string, code: Code): Code {
    // A name, a literal or an element read (a `leaf`) is used as it is (a partial of the product, say).
    if (code.prec === C.Prec.atom || C.literalValue(code) !== undefined || code.leaf !== undefined) return code;
    const known = this.memo.get(code.text);
    if (known) return known;
    const name = this.names.numbered(code.mathOf ?? base);
    this.emit(S.declare('const', [{ name, init: code }]));
    this.memo.set(code.text, C.name(name));
    return C.name(name);
  }

  /** Runs `emit` for a nested block: values computed inside are out of scope after it. */
  scoped(emit: () => void, loop = false): void {
    const saved = new Map(this.memo);
    const before = this.assignments;
    if (loop) this.memo.clear();
    emit();
    this.memo = loop || this.assignments !== before ? new Map() : saved;
  }

  assigned(): void {
    this.assignments++;
    this.memo.clear();
  }

  /** A new local may shadow a name that memoized code reads. */
  declared(name: string): void {
    const word = new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}([^\\w$]|$)`);
    for (const key of [...this.memo.keys()]) if (word.test(key)) this.memo.delete(key);
  }

  /** Emits what `e` needs and returns it as an operand (active composites become temporaries). */
  operand(e: Expr): Operand {
    if (!this.act.isActive(e)) return { code: this.primal(e), literal: e.k === 'var' ? this.literals.get(e.v) : literalOf(e) };
    switch (e.k) {
      case 'var': return { code: C.name(e.v.name), t: this.tangentsOf(e.v).map(C.name) };
      case 'elem': {
        const index = this.primal(e.index);
        return { code: C.element(e.arr.name, index), t: this.tangentsOf(e.arr).map((t) => C.element(t, index)) };
      }
      case 'neg': {
        const a = this.operand(e.a);
        return { code: C.neg(a.code), t: a.t!.map(C.neg) };
      }
      case 'cond': return conditional(this, e);
      default: return this.temporary(e);
    }
  }

  temporary(e: Expr): Operand {
    const top = this.top(e);
    const known = this.memo.get(top.primal.text);
    const name = known ? known.text : this.names.numbered(tempBase(e));
    if (!known) {
      this.emit(S.declare('const', [{ name, init: top.primal }]));
      if (e.k === 'math' || e.k === 'bin') this.memo.set(top.primal.text, C.name(name));
    }
    const t = this.declareTangent(name, top.tangent(C.name(name)), e.node, 'const');
    return { code: C.name(name), t: t.map(C.name) };
  }

  /** `source`: what the tangent is of, for the comment (a node, or a text). */
  declareTangent(name: string, parts: Code[], source: ts.Node | string, keyword: 'const' | 'let'): string[] {
    const names = this.order === 1 ? [this.names.fresh(`d${name}`)] : partNames.map((p) => this.names.fresh(`${name}_${p}`));
    this.emit(S.declare(keyword, names.map((n, i) => ({ name: n, init: parts[i] })), this.tangentOf(source)));
    return names;
  }

  /** The comment and source node of a tangent statement: `// tangent of: …`. */
  tangentOf(source: ts.Node | string): { comment: string; node?: ts.Node } {
    const comment = `tangent of: ${sourceSnippet(source, this.sf)}`;
    return typeof source === 'string' ? { comment } : { comment, node: source };
  }

  /** The primal and tangent of an active node whose operands have been emitted. */
  top(e: Expr): Top {
    if (!this.act.isActive(e)) return { primal: this.primal(e), tangent: () => this.zeros(), needsY: false };
    switch (e.k) {
      case 'bin': return binary(this, e);
      case 'math': return math(this, e);
      case 'mathOver': return mathOver(this, e);
      case 'call': return call(this, e);
      case 'custom': return customRule(this, e);
      case 'special': return specialRule(this, e);
      case 'partial': return rulePartial(this, e);
      default: {
        const o = this.operand(e);
        return { primal: o.code, tangent: () => o.t ?? this.zeros(), needsY: false };
      }
    }
  }

  zeros(): Code[] {
    return this.order === 1 ? [ZERO] : [ZERO, ZERO, ZERO];
  }

  block(stmts: Stmt[]): void {
    for (const s of stmts) this.statement(s);
  }

  /** The block of `stmts`, emitted in a scope of their own. */
  nested(stmts: Stmt[], loop = false): Statement {
    return S.block(this.collect(() => this.scoped(() => this.block(stmts), loop)));
  }

  statement(s: Stmt): void {
    (statementEmitters[s.k] as (cx: InlineFunctionEmitter, s: Stmt) => void)(this, s);
  }


  /** A copy without tangents (a callee from another module called on constants). */
  get plain(): boolean {
    return this.pattern.every((p) => p === ParamState.Inactive);
  }
}

const baseName = (file: string): string => file.split('/').pop() ?? file;

/**
 * The value of a numeral, Math or Number constant. Not always finite (`Number.POSITIVE_INFINITY`,
 * `Number.NaN`): a product with a zero tangent is 0 only by a finite one, which callers test.
 */
export function literalOf(e: Expr): number | undefined {
  if (e.k === 'neg') {
    const v = literalOf(e.a);
    return v === undefined ? undefined : -v;
  }
  if (e.k !== 'num') return undefined;
  if (e.value !== undefined) return e.value;
  const constant = /^(Math|Number)\.(\w+)$/.exec(e.text);
  if (!constant) return undefined;
  return ((constant[1] === 'Math' ? Math : Number) as unknown as Record<string, number>)[constant[2]];
}

/** A readable base name for a temporary: the Math function or callee, or the operation. */
export function tempBase(e: Expr): string {
  switch (e.k) {
    case 'math': case 'mathOver': return e.name;
    case 'call': return e.fn.name;
    case 'custom': return e.rule.name;
    case 'special': return e.fn.name;
    case 'bin': return { '+': 'sum', '-': 'diff', '*': 'prod', '/': 'quot', '%': 'rem', '**': 'pow' }[e.op];
    default: return 'v';
  }
}
