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
import { analyzeActivity, ParamState, type Activity } from '../../analyze/activity.js';
import { checkActiveConstructs } from '../../analyze/checks.js';
import type { Expr, NumericFunction, Stmt, Var } from '../../analyze/ir.js';
import { reject } from '../../diagnostics.js';
import { generatedGlobals, Namer } from '../names.js';
import type { OutPart } from '../module.js';
import { captureType, printPrimal, sourceSnippet, type PrimalNames } from '../primal.js';
import { binary } from './expressions/arithmetic.js';
import { call } from './expressions/call.js';
import { conditional } from './expressions/conditional.js';
import { math } from './expressions/math.js';
import { statementEmitters } from './statements/index.js';
import { analyzeFlags, dropDeadFlags, flagCode, flagOfAbstract, nonZero, type Abstract, type Flag, type FlagAnalysis } from './perturbed.js';
import { flagSources, type FlagModule } from './flags.js';

export type Order = 1 | 2;

/** What a function emitter needs from the module being generated. */
export interface InlineModule extends PrimalNames, FlagModule {
  /**
   * The tangent function of `fn` for this order and parameter pattern (generated on first use);
   * `writesFlag`: a version that also writes its result flag (for callers that read it).
   */
  version(fn: NumericFunction, order: Order, pattern: readonly ParamState[], writesFlag?: boolean): string;
  /** The module-level variable through which tangent functions return a part besides their value. */
  out(part: OutPart, write?: boolean): string;
  readonly nanSafe: boolean;
  /** Module-level names (generated locals avoid them). */
  readonly names: Namer;
  /** Runs `emit` so that module-level names it asks for avoid the function's local names. */
  withCaller<T>(locals: Namer, emit: () => T): T;
}

/** A value in the emitted code: its primal text and, when active, its tangent parts. */
export interface Operand {
  code: Code;
  /** [d] for first order, [e1, e2, e12] for second; undefined when inactive. */
  t?: Code[];
  /** The tangent may be a structural zero (see activity.ts). */
  mc: boolean;
  /** Whether the engine's value is perturbed (false for an inactive operand; see perturbed.ts). */
  p: Flag;
  /** The value of an inactive numeric literal or Math constant. */
  literal?: number;
}

/** The tangent of a node, given the code of its primal result. */
export interface Top {
  primal: Code;
  tangent: (y: Code) => Code[];
  /** The tangent formula reads the result (so an assignment cannot write the target first). */
  needsY: boolean;
  mc: boolean;
  /** Whether the result is perturbed, given the code of the result (read right after `tangent`). */
  p: (y: Code) => Flag;
}

export const ZERO = C.atom('0');

/** The most locals a generated function may declare (V8 overflows its stack near 120,000 in one frame). */
export const maxInlineLocals = 100_000;
export const partNames = ['e1', 'e2', 'e12'] as const;

export function emitInlineFunction(mod: InlineModule, fn: NumericFunction, name: string, order: Order, pattern: readonly ParamState[], writesFlag = false): string {
  const emitter = new InlineFunctionEmitter(mod, fn, order, pattern, writesFlag);
  return mod.withCaller(emitter.names, () => emitter.emit(name));
}

export class InlineFunctionEmitter {
  readonly act: Activity;

  readonly names: Namer;

  readonly tangentNames = new Map<Var, string[]>();

  lines: string[] = [];

  depth = 1;

  /**
   * Values already computed in scope, by their code (`Math.cos(x)` → `cos1`): a rule's f' often
   * is the primal of a neighbour (sin' = cos), so each is computed once. Cleared where a variable
   * may change (assignments, loops) and restored when a block closes.
   */
  memo = new Map<string, Code>();

  assignments = 0;

  /** The abstract perturbed flag of every variable (see perturbed.ts). */
  readonly flags: FlagAnalysis;

  private readonly flagLocals = new Map<Var, string>();

  /** Lines (by index) that only write a flag local: dropped when nothing reads it. */
  private readonly flagLines = new Map<number, string>();

  readonly algebra: Algebra<Code>;

  /** The function's source file (finding it from a node walks up the tree). */
  readonly sf: ts.SourceFile;

  constructor(
    readonly mod: InlineModule,
    readonly fn: NumericFunction,
    readonly order: Order,
    readonly pattern: readonly ParamState[],
    readonly writesResultFlag = false,
  ) {
    this.sf = fn.node.getSourceFile();
    this.act = analyzeActivity(fn, pattern);
    checkActiveConstructs(fn, this.act);
    // Generated locals never shadow the globals and module names the generated code reads.
    this.names = new Namer([...fn.usedNames, ...generatedGlobals], mod.names);
    this.flags = analyzeFlags(fn, flagSources(mod, fn, order, pattern, this.act, {
      tangents: (v) => this.tangentsOf(v), flagParam: (v) => this.flagLocal(v), index: (e) => this.primal(e).text,
    }));
    const codeAlgebra = codeAlgebraWith(mod.global);
    const memoized = (name: 'sqrt' | 'cbrt' | 'exp' | 'sin' | 'cos' | 'sinh' | 'cosh') => (a: Code): Code => {
      const code = codeAlgebra[name](a);
      return this.memo.get(code.text) ?? code;
    };
    this.algebra = {
      ...codeAlgebra,
      sqrt: memoized('sqrt'), cbrt: memoized('cbrt'), exp: memoized('exp'), sin: memoized('sin'),
      cos: memoized('cos'), sinh: memoized('sinh'), cosh: memoized('cosh'),
    };
  }

  emit(name: string): string {
    const params: string[] = [];
    this.fn.params.forEach((p, i) => {
      const type = p.kind === 'array' ? 'ArrayLike<number>' : 'number';
      params.push(`${p.name}: ${type}`);
      if (this.pattern[i] !== ParamState.Inactive) for (const t of this.tangentsOf(p)) params.push(`${t}: ${type}`);
      if (this.pattern[i] === ParamState.Flagged) params.push(`${this.flagLocal(p)}: ${p.kind === 'array' ? 'ArrayLike<boolean>' : 'boolean'}`);
    });
    // Values read from the call site's enclosing scope come last, without tangents (nor flags).
    for (const c of this.fn.captures) params.push(`${c.name}: ${captureType(c)}`);
    // A parameter received without tangent that the body makes active starts from a zero tangent.
    this.fn.params.forEach((p, i) => {
      if (this.pattern[i] === ParamState.Inactive && this.act.of(p).active) {
        this.line(`let ${this.tangentsOf(p).map((t) => `${t} = 0`).join(', ')};`);
      }
      // An assigned parameter whose flag changes starts from its flag on entry.
      if (this.flags.vars.get(p) === 'varies' && this.pattern[i] !== ParamState.Flagged) {
        const entry = this.pattern[i] === ParamState.MaybeConstant ? nonZero(this.tangentsOf(p)) : flagCode(this.pattern[i] === ParamState.Active);
        this.flagLine(p, `let ${this.flagLocal(p)} = ${entry.text};`);
      }
    });
    this.block(this.fn.body);
    this.finishFlags();
    // V8 keeps every local of a function in its call frame: past about 120,000 the first call
    // overflows the stack. The function's namer holds the user's names and the generated ones.
    const locals = this.names.size;
    if (locals > maxInlineLocals) {
      reject(this.fn.node, 'DDX1019', `'${this.fn.name}' is too large for inline mode: its ${this.order === 1 ? 'tangent' : 'hyper-dual'} code would declare about ${locals} locals, more than V8 can hold in one call frame (${maxInlineLocals}); use { mode: 'dual' } for this module, or split the function into smaller ones`);
    }
    const returnType = this.fn.returns === 'number' ? ': number' : '';
    const doc = this.plain
      ? `/** A copy of ${this.fn.name} from ${baseName(this.fn.fileName)} (generated by ddx). */`
      : `/** ${this.fn.name} with ${this.order === 1 ? 'tangents' : 'hyper-dual parts'} (generated by ddx): returns the value, and the ${this.order === 1 ? `tangent in ${this.mod.out(this.fn.returns === 'array' ? 'dArray' : 'd')}` : `hyper-dual parts in ${(['e1', 'e2', 'e12'] as const).map((p) => this.mod.out(p)).join(', ')}`}. */`;
    return `${doc}\nfunction ${name}(${params.join(', ')})${returnType} {\n${this.lines.join('\n')}\n}`;
  }

  tangentsOf(v: Var): string[] {
    let t = this.tangentNames.get(v);
    if (!t) {
      t = this.order === 1 ? [this.names.fresh(`d${v.name}`)] : partNames.map((p) => this.names.fresh(`${v.name}_${p}`));
      this.tangentNames.set(v, t);
    }
    return t;
  }

  line(text: string): void {
    this.lines.push('  '.repeat(this.depth) + text);
  }

  primal(e: Expr): Code {
    return printPrimal(e, this.mod, this.fn);
  }

  /** Inactive `const` locals initialised with a literal (their value is known to be finite or not). */
  readonly literals = new Map<Var, number>();

  /** Fixed flags computed once at the top (`const x_perturbed = x_e1 !== 0 || …`), by their code. */
  private readonly hoisted = new Map<string, string>();

  private readonly prologue: string[] = [];

  /** Calls whose callee version depends on whether their result flag is read (see `deferredCallee`). */
  private readonly deferred: { token: string; fn: NumericFunction; pattern: readonly ParamState[]; flags: string[] }[] = [];

  /**
   * A callee that writes its result flag only where the caller reads it: the call is written with
   * a placeholder, resolved once the function is generated and dead flags are dropped.
   */
  deferredCallee(fn: NumericFunction, pattern: readonly ParamState[]): { name: string; readFlag: (base: string) => Code } {
    const entry = { token: `\u0000callee${this.deferred.length}\u0000`, fn, pattern, flags: [] as string[] };
    this.deferred.push(entry);
    return {
      name: entry.token,
      readFlag: (base) => {
        const name = this.names.fresh(`${base}_perturbed`);
        this.flagLine(name, `const ${name} = ${this.mod.out('p')};`);
        this.constFlags.add(name);
        entry.flags.push(name);
        return C.atom(name);
      },
    };
  }

  /** Drops dead flag code, puts the fixed flags first and resolves the deferred callees. */
  private finishFlags(): void {
    const defines = new Map<number, string>();
    this.prologue.forEach((line, i) => defines.set(i, /const ([\w$]+)/.exec(line)![1]));
    this.flagLines.forEach((name, i) => defines.set(i + this.prologue.length, name));
    const { lines, live } = dropDeadFlags([...this.prologue, ...this.lines], defines);
    this.lines = lines;
    for (const d of this.deferred) {
      const name = this.mod.version(d.fn, this.order, d.pattern, d.flags.some((f) => live.has(f)));
      this.lines = this.lines.map((line) => line.split(d.token).join(name));
    }
  }

  /** A fixed flag: an `a || b` code is computed once, at the top of the function. */
  private fixed(base: string, flag: Flag): Flag {
    if (typeof flag === 'boolean' || flag.prec > C.Prec.or) return flag;
    let name = this.hoisted.get(flag.text);
    if (!name) {
      name = this.names.fresh(`${base}_perturbed`);
      this.hoisted.set(flag.text, name);
      this.prologue.push(`  const ${name} = ${flag.text};`);
      this.constFlags.add(name);
    }
    return C.atom(name);
  }

  /** The name of the boolean local (or parameter) holding `v`'s flag. */
  flagLocal(v: Var): string {
    let name = this.flagLocals.get(v);
    if (!name) this.flagLocals.set(v, (name = this.names.fresh(`${v.name}_perturbed`)));
    return name;
  }

  /** Flag locals declared `const` (a call's result flag, a kept flag, a fixed flag). */
  private readonly constFlags = new Set<string>();

  /** Makes the flag of the const `v` read `flag` when that is a const flag local; else false. */
  aliasFlag(v: Var, flag: Flag): boolean {
    if (typeof flag !== 'object' || !this.constFlags.has(flag.text)) return false;
    this.flagLocals.set(v, flag.text);
    return true;
  }

  /** A line that only writes the flag local `v` (or the named one): dropped when nothing reads it. */
  flagLine(v: Var | string, text: string): void {
    this.flagLines.set(this.lines.length, typeof v === 'string' ? v : this.flagLocal(v));
    this.line(text);
  }

  /** Whether `v`'s flag changes at run time (then `flagLocal(v)` holds it). */
  flagVaries(v: Var): boolean {
    const a = this.flags.vars.get(v);
    if (v.isParam && v.kind === 'array') return false;
    return this.act.of(v).active && this.act.of(v).maybeConstant && !this.paramFlag(v) && (a === 'varies' || a === undefined);
  }

  /** The flag of a parameter that is never assigned, else undefined. */
  private paramFlag(v: Var): Flag | undefined {
    if (!v.isParam || v.kind === 'array' || this.flags.vars.has(v)) return undefined;
    const state = this.pattern[this.fn.params.indexOf(v)];
    if (state === ParamState.MaybeConstant) return this.fixed(v.name, nonZero(this.tangentsOf(v)));
    return state === ParamState.Flagged ? C.atom(this.flagLocal(v)) : undefined;
  }

  /** Whether the variable `v` (a number) is perturbed where it is read. */
  varFlag(v: Var): Flag {
    const act = this.act.of(v);
    if (!act.active) return false;
    if (!act.maybeConstant) return true;
    const param = this.paramFlag(v);
    if (param !== undefined) return param;
    const a = this.flags.vars.get(v);
    return a === 'varies' || a === undefined ? C.atom(this.flagLocal(v)) : this.fixed(v.name, flagOfAbstract(a));
  }

  /** Whether element `index` of the array `arr` is perturbed. */
  elemFlag(arr: Var, index: string): Flag {
    const act = this.act.of(arr);
    if (!act.active) return false;
    if (!act.maybeConstant) return true;
    // An element at a literal index has a fixed flag; at a variable index it is tested where read.
    const fixed = (f: Flag): Flag => (/^\d+$/.test(index) ? this.fixed(`${arr.name}${index}`, f) : f);
    if (arr.isParam && this.pattern[this.fn.params.indexOf(arr)] === ParamState.Flagged) return { text: `${this.flagLocal(arr)}[${index}]`, prec: C.Prec.postfix };
    if (arr.isParam) return fixed(nonZero(this.tangentsOf(arr).map((t) => `${t}[${index}]`)));
    const a: Abstract = this.flags.vars.get(arr);
    return a === 'varies' || a === undefined ? { text: `${this.flagLocal(arr)}[${index}]`, prec: C.Prec.postfix } : this.fixed(arr.name, flagOfAbstract(a));
  }

  /** Writes `v`'s flag local after an assignment, when its flag changes at run time. */
  setFlag(v: Var, flag: Flag, keyword?: 'const' | 'let', index?: string): void {
    if (!this.flagVaries(v)) return;
    const name = this.flagLocal(v);
    if (index !== undefined) this.flagLine(v, `${name}[${index}] = ${flagCode(flag).text};`);
    else if (flagCode(flag).text !== name) this.flagLine(v, `${keyword ? `${keyword} ` : ''}${name} = ${flagCode(flag).text};`);
  }

  /** Declares `const name = code` and returns the name (for partials used several times). */
  constant(base: string, code: Code): Code {
    if (code.prec === C.Prec.atom) return code;
    const known = this.memo.get(code.text);
    if (known) return known;
    const call = /^Math\.(\w+)\([\w$.]*\)$/.exec(code.text);
    const name = this.names.numbered(call ? call[1] : base);
    this.line(`const ${name} = ${code.text};`);
    this.memo.set(code.text, C.atom(name));
    return C.atom(name);
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
    if (!this.act.isActive(e)) return { code: this.primal(e), mc: true, p: false, literal: e.k === 'var' ? this.literals.get(e.v) : literalOf(e) };
    switch (e.k) {
      case 'var': return { code: C.atom(e.v.name), t: this.tangentsOf(e.v).map(C.atom), mc: this.act.of(e.v).maybeConstant, p: this.varFlag(e.v) };
      case 'elem': {
        const index = this.primal(e.index).text;
        return {
          code: { text: `${e.arr.name}[${index}]`, prec: C.Prec.postfix },
          t: this.tangentsOf(e.arr).map((t) => ({ text: `${t}[${index}]`, prec: C.Prec.postfix })),
          mc: this.act.of(e.arr).maybeConstant,
          p: this.keepFlag(`${e.arr.name}_elem`, this.elemFlag(e.arr, index)),
        };
      }
      case 'neg': {
        const a = this.operand(e.a);
        return { code: C.neg(a.code), t: a.t!.map(C.neg), mc: a.mc, p: a.p };
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
      this.line(`const ${name} = ${top.primal.text};`);
      if (e.k === 'math' || e.k === 'bin') this.memo.set(top.primal.text, C.atom(name));
    }
    const t = this.declareTangent(name, top.tangent(C.atom(name)), e.node, 'const');
    return { code: C.atom(name), t: t.map(C.atom), mc: top.mc, p: this.keepFlag(name, top.p(C.atom(name))) };
  }

  /** A flag as read later: an `a || b` or a conditional goes into a const flag local. */
  keepFlag(base: string, flag: Flag): Flag {
    if (typeof flag === 'boolean' || flag.prec > C.Prec.or) return flag;
    // The same test in scope (no assignment since) is computed once, as memoized values are.
    const key = `flag:${flag.text}`;
    const known = this.memo.get(key);
    if (known) return known;
    const name = this.names.fresh(`${base}_perturbed`);
    this.flagLine(name, `const ${name} = ${flag.text};`);
    this.constFlags.add(name);
    this.memo.set(key, C.atom(name));
    return C.atom(name);
  }

  /** `source`: what the tangent is of, for the comment (a node, or a text). */
  declareTangent(name: string, parts: Code[], source: ts.Node | string, keyword: 'const' | 'let'): string[] {
    const names = this.order === 1 ? [this.names.fresh(`d${name}`)] : partNames.map((p) => this.names.fresh(`${name}_${p}`));
    const decls = names.map((n, i) => `${n} = ${parts[i].text}`).join(', ');
    this.line(`${keyword} ${decls}; // tangent of: ${sourceSnippet(source, this.sf)}`);
    return names;
  }

  /** The primal and tangent of an active node whose operands have been emitted. */
  top(e: Expr): Top {
    if (!this.act.isActive(e)) return { primal: this.primal(e), tangent: () => this.zeros(), needsY: false, mc: true, p: () => false };
    switch (e.k) {
      case 'bin': return binary(this, e);
      case 'math': return math(this, e);
      case 'call': return call(this, e);
      default: {
        const o = this.operand(e);
        return { primal: o.code, tangent: () => o.t ?? this.zeros(), needsY: false, mc: o.mc, p: () => o.p };
      }
    }
  }

  zeros(): Code[] {
    return this.order === 1 ? [ZERO] : [ZERO, ZERO, ZERO];
  }

  block(stmts: Stmt[]): void {
    for (const s of stmts) this.statement(s);
  }

  nested(stmts: Stmt[], loop = false): void {
    this.scoped(() => {
      this.depth++;
      this.block(stmts);
      this.depth--;
    }, loop);
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

/** The value of a numeric literal or Math constant (finite: a product with a zero tangent is 0). */
export function literalOf(e: Expr): number | undefined {
  if (e.k === 'neg') {
    const v = literalOf(e.a);
    return v === undefined ? undefined : -v;
  }
  if (e.k !== 'num') return undefined;
  if (/^[0-9.]/.test(e.text)) return Number(e.text.replace(/_/g, ''));
  const constant = /^Math\.(\w+)$/.exec(e.text);
  return constant ? (Math as unknown as Record<string, number>)[constant[1]] : undefined;
}

/** A readable base name for a temporary: the Math function or callee, or the operation. */
export function tempBase(e: Expr): string {
  switch (e.k) {
    case 'math': return e.name;
    case 'call': return e.fn.name;
    case 'bin': return { '+': 'sum', '-': 'diff', '*': 'prod', '/': 'quot', '%': 'rem', '**': 'pow' }[e.op];
    default: return 'v';
  }
}
