/**
 * The generated block of a module: tangent functions (forward/) or dual versions (dual/) of every
 * function reached from the call sites, their callees once per pattern of active arguments,
 * plain copies of callees from other modules, and the drivers the call sites are rewritten to.
 */
import { ParamState } from '../analyze/activity.js';
import type { CustomRule, NumericFunction, SpecialFunction } from '../analyze/ir.js';
import { declares } from '../analyze/checks.js';
import { matrixReturns, recordArrayReturns, recordReturns, splitReturns } from '../analyze/scalarise.js';
import type { VerbName } from '../analyze/verbs.js';
import type { Backend } from './backend.js';
import { dual } from './dual/backend.js';
import { emitDualFunction, type DualModule } from './dual/function.js';
import { forward } from './forward/backend.js';
import { reverse } from './reverse/backend.js';
import { auto } from './reverse/auto.js';
import { emitReverseAdjoint, emitUnguardedAdjoint } from './reverse/function.js';
import type { ResolvedSite } from '../analyze/program.js';
import { emitArgumentChecks, emitMatrixCheck, emitMatrixDirectionCheck, type ArgumentCheckNames } from './forward/drivers.js';
import { emitInlineFunction, type InlineModule, type Order } from './forward/context.js';
import * as C from '../codegen/code.js';
import type { Code } from '../codegen/code.js';
import { printDeclarations } from '../codegen/printer.js';
import * as S from '../codegen/statements.js';
import type { Statement } from '../codegen/statements.js';
import type { ts } from 'ts-morph';
import { Namer, type Globals } from './names.js';
import { printPrimal } from './primal.js';

export type EmitMode = 'inline' | 'dual';
/** The backend of each mode ('inline' is forward mode). */
const backends: Record<EmitMode, Backend> = { inline: forward, dual };
/** The mode when none is asked for. */
export const defaultMode: EmitMode = 'inline';

/** The parts a tangent function returns besides its value, each in a module-level `var` of its own. */
export type OutPart = 'd' | 'e1' | 'e2' | 'e12' | 'dArray' | 'e1Array' | 'e2Array' | 'e12Array';
const outParts: readonly OutPart[] = ['d', 'e1', 'e2', 'e12', 'dArray', 'e1Array', 'e2Array', 'e12Array'];
/** The parts through which a tangent function of each order returns the tangents of a number, or of an array. */
export const numberParts = { 1: ['d'], 2: ['e1', 'e2', 'e12'] } as const;
export const arrayParts = { 1: ['dArray'], 2: ['e1Array', 'e2Array', 'e12Array'] } as const;

export class ModuleEmitter implements InlineModule, DualModule {
  /**
   * Whether drivers check their arguments as the run-time engine's verbs do: at call sites the
   * plugin rewrites, where a plain function would otherwise have met the engine's checks. The
   * checks are generated (compiled code depends on nothing at run time); `ddx gen`'s exported
   * drivers keep their own length checks only.
   */
  checksArguments = true;

  /**
   * The specifier by which the output module imports another module of the project (a function
   * made by defineFunction there), or undefined where none is known (generateModule without the
   * path of the file it writes).
   */
  importSpecifier: (fileName: string) => string | undefined = () => undefined;

  /** Module-level names: fresh with respect to every identifier of the module and of the modules its code is copied from. */
  readonly names: Namer;
  /** The generated functions, each after those it calls. */
  private readonly declarations: Statement[] = [];
  private readonly versions = new Map<string, string>();
  private readonly drivers = new Map<string, string>();
  /** The verbs of the drivers generated. */
  private readonly driven = new Set<VerbName>();
  private readonly outNames = new Map<OutPart, string>();
  private opsName: string | undefined;
  private specialRulesName: string | undefined;
  private realName: string | undefined;

  /**
   * `outputFile` is the module the code goes into: functions declared there are called by name,
   * functions of other modules are copied. `takenNames` are the identifiers already used there and
   * in the modules functions are copied from; `global` says how the code reaches a global there.
   */
  constructor(mode: EmitMode, readonly outputFile: string, takenNames: Iterable<string>, readonly global: Globals) {
    this.names = new Namer(takenNames);
    this.backend = backends[mode];
  }

  /** What the mode emits its own way: drivers, rewritten call sites, run-time imports. */
  readonly backend: Backend;

  /** Parts some tangent function writes (only those are declared). */
  private readonly written = new Set<OutPart>();

  /** The module-level variable through which tangent functions return a part (`write`: for writing it). */
  out(part: OutPart, write = false): string {
    let name = this.outNames.get(part);
    if (!name) this.outNames.set(part, (name = this.names.fresh(`ddxOut_${part}`)));
    if (write) this.written.add(part);
    return name;
  }
  get ops(): string {
    return (this.opsName ??= this.names.fresh('ops'));
  }
  get specialRules(): string {
    return (this.specialRulesName ??= this.names.fresh('specialRules'));
  }
  get real(): string {
    return (this.realName ??= this.names.fresh('Real'));
  }

  /** A module-level name of the output, unused so far, from `base`. */
  freshName(base: string): string {
    return this.names.fresh(base);
  }

  /** Reserves a name for the output (generateModule's fixed driver names). */
  reserve(name: string): void {
    this.names.reserve(name);
  }

  private generate(key: string, base: string, emit: (name: string) => Statement): string {
    const known = this.versions.get(key);
    if (known) return known;
    const name = this.names.fresh(base);
    this.versions.set(key, name);
    this.declarations.push(emit(name));
    return name;
  }

  version(fn: NumericFunction, order: Order, pattern: readonly ParamState[]): string {
    const digits = pattern.join('');
    const base = `${fn.name}_${order === 1 ? 'tangent' : 'hyper'}${patternSuffix(pattern)}`;
    return this.generate(`t${fn.id}:${order}:${digits}`, base, (name) => emitInlineFunction(this, fn, name, order, pattern));
  }

  /** Reverse mode's adjoint of a callee for a pattern of active arguments (emit/reverse/function.ts); `seedOne`: the adjoint of its result is the constant 1 (hvp.ts). */
  adjointVersion(fn: NumericFunction, pattern: readonly ParamState[], seedOne = false): string {
    return this.generate(`a${fn.id}:${pattern.join('')}${seedOne ? ':1' : ''}`, `${fn.name}_adjoint${patternSuffix(pattern)}`, (name) => emitReverseAdjoint({ mod: this, fn, name, pattern, seedOne }));
  }

  private readonly unguardedReports = new Map<string, boolean>();
  /**
   * Reverse mode's adjoint of a callee with unguarded products (a partial times an adjoint as a
   * plain product: emit/reverse/function.ts), and whether it reports them: then it writes their sum
   * to `nanSum` just before it returns (NaN where one of them was). A call in progress (recursion) reports.
   */
  unguardedAdjointVersion(fn: NumericFunction, pattern: readonly ParamState[]): { name: string; reports: boolean } {
    const key = `a${fn.id}:${pattern.join('')}:unguarded`;
    const name = this.generate(key, `${fn.name}_adjoint${patternSuffix(pattern)}_unguarded`, (name) => {
      const { adjoint, reports } = emitUnguardedAdjoint({ mod: this, fn, name, pattern });
      this.unguardedReports.set(key, reports);
      return adjoint;
    });
    return { name, reports: this.unguardedReports.get(key) ?? true };
  }

  private nanSumName: string | undefined;
  /** The module-level variable through which an unguarded adjoint reports the sum of its products (written just before it returns). */
  get nanSum(): string {
    return (this.nanSumName ??= this.names.fresh('ddxProducts'));
  }

  private readonly adjointOuts: string[] = [];
  /**
   * The module-level variable through which an adjoint returns the adjoint of its `k`-th active
   * number argument (k ≥ 1; the first is its value), written just before it returns.
   */
  adjointOut(k: number): string {
    while (this.adjointOuts.length < k) this.adjointOuts.push(this.names.fresh(`ddxAdjoint_${this.adjointOuts.length + 1}`));
    return this.adjointOuts[k - 1];
  }

  /** The version of `fn` over dual numbers for a pattern of active parameters (all of them: a verb's function). */
  dualVersion(fn: NumericFunction, pattern: readonly ParamState[] = fn.params.map(() => ParamState.Active)): string {
    const base = `${fn.name}_dual${patternSuffix(pattern)}`;
    return this.generate(`d${fn.id}:${pattern.join('')}`, base, (name) => emitDualFunction(this, fn, name, pattern));
  }

  /**
   * A plain call: by name in its own module, else a copy without tangents. A function taking an
   * array is called through its copy too: generated code holds arrays as ArrayLike, which the
   * declared `number[]` of the original does not accept. So is a function returning a record: the
   * caller holds a record as the array of its fields (analyze/scalarise.ts), the original returns
   * an object; a function returning a record with array fields (splitReturns) or an array of records
   * (recordArrayReturns), which the caller holds packed; and a function returning a matrix, which the
   * caller holds in its layout (matrixReturns).
   */
  primalCallee(fn: NumericFunction): string {
    const laidOut = recordReturns.has(fn.node) || splitReturns.has(fn.node) || recordArrayReturns.has(fn.node) || matrixReturns.has(fn.node);
    if (fn.fileName === this.outputFile && fn.moduleLevel && fn.params.every((p) => p.kind !== 'array') && !laidOut) return fn.name;
    return this.generate(`p${fn.id}`, fn.name === 'default' ? 'defaultExport' : fn.name, (name) =>
      emitInlineFunction(this, fn, name, 1, fn.params.map(() => ParamState.Inactive)));
  }

  /** Imports of functions made by defineFunction in other modules, by module and name. */
  private readonly ruleImports = new Map<string, { local: string; exported: string; specifier: string }>();

  /**
   * A function made by defineFunction: by its name in its own module; from another module, through
   * an import (its f, df and d2f may be anything, even code the transform cannot read: never copied),
   * also from its own module when the caller (copied from elsewhere) declares a variable of its name.
   */
  rule(r: CustomRule, caller: NumericFunction): string {
    if (r.fileName === this.outputFile && !declares(caller, r.name)) return r.name;
    const key = `${r.fileName}\0${r.name}`;
    let known = this.ruleImports.get(key);
    if (!known) {
      const specifier = this.importSpecifier(r.fileName);
      if (specifier === undefined || r.exportedAs === undefined) throw new Error(`internal: '${r.name}' cannot be imported by the generated module (analyze/checks.ts rejects it)`);
      known = { local: this.names.fresh(r.name), exported: r.exportedAs, specifier };
      this.ruleImports.set(key, known);
    }
    return known.local;
  }

  /** Imports of the functions of packages that calls of special functions call for their values, by module and export. */
  private readonly specialImports = new Map<string, { local: string; exported: string; specifier: string }>();

  /**
   * A special function of a package: through an import of its own, by the specifier a module of
   * the project imports it by (analysis rejects a package's import of it, lower.ts).
   */
  special(f: SpecialFunction, _caller: NumericFunction): string {
    const key = `${f.module}\0${f.exportName}`;
    let known = this.specialImports.get(key);
    if (!known) {
      known = { local: this.names.fresh(f.exportName === 'default' ? f.name : f.exportName), exported: f.exportName, specifier: f.module };
      this.specialImports.set(key, known);
    }
    return known.local;
  }

  constant(name: string, fn: NumericFunction): Code {
    const c = fn.constants.get(name)!;
    if (c.fileName === this.outputFile) return C.name(name);
    // A constant of another module: its value, printed here (it reads only literals and Math).
    return C.atom(`(${printPrimal(c.value, this, fn).text})`);
  }

  /** The driver for `verb(f, …)` (generated on first use; dual mode's call sites need none). */
  driver(fn: NumericFunction, verb: VerbName, exported = false, fixedName?: string, mode?: 'reverse' | 'auto'): string {
    const key = `${fn.id}:${verb}${mode ? `:${mode}` : ''}`;
    const known = this.drivers.get(key);
    if (known) return known;
    const name = fixedName ?? this.names.fresh(`${fn.name}_${verb}${mode ? `_${mode}` : ''}`);
    this.drivers.set(key, name);
    this.declarations.push((mode === 'reverse' ? reverse : mode === 'auto' ? auto : this.backend).driver(this, fn, verb, name, exported));
    // Reverse-mode drivers read nothing of @ddx/dual.
    if (!mode) this.driven.add(verb);
    return name;
  }

  /** The backend a call site is rewritten by: the module's (forward mode), reverse mode's, or the one choosing between them. */
  backendFor(site: ResolvedSite): Backend {
    return site.compiledIn === 'reverse' ? reverse : site.compiledIn === 'auto' ? auto : this.backend;
  }

  /** Adds a module-level declaration a backend needs besides its functions (reverse mode's tapes). */
  declare(s: Statement): void {
    this.declarations.push(s);
  }

  /** The module-level variables of module tables' arrays, by the table's declaration and literal. */
  private readonly tables = new Map<ts.Node, Map<string, string>>();
  /**
   * The array the copy of a module-level table (a `let` marked `table`, named `base`) is bound to:
   * one per generated module, made by the first call and shared by every call after, as the table
   * is never written (moduleArrays.ts proves it). Made on first use (`T ?? (T = […])` of a hoisted
   * `var`): generated code may run before the generated block does (a top-level call above it, an
   * import cycle), and the literal may read a module constant declared below it.
   */
  table(literal: Code, declaration: ts.Node, base: string): Code {
    let byText = this.tables.get(declaration);
    if (!byText) this.tables.set(declaration, (byText = new Map()));
    let name = byText.get(literal.text);
    if (!name) {
      byText.set(literal.text, (name = this.names.fresh(`${base}_table`)));
      this.declarations.push(S.declare('var', [{ name, type: 'number[] | undefined' }], { doc: `The module table ${base}, made on first use and shared by the calls, which only read it (generated by ddx).` }));
    }
    return C.verbatim(`${name} ?? (${name} = ${literal.text})`, literal);
  }

  private readonly helpers = new Map<string, string>();
  /** The name of a module-level helper function a backend shares among its functions (declared on first use). */
  helper(base: string, make: (name: string) => Statement): string {
    let name = this.helpers.get(base);
    if (!name) {
      this.helpers.set(base, (name = this.names.fresh(base)));
      this.declarations.push(make(name));
    }
    return name;
  }

  /** The generated code, or '' when nothing was generated. */
  code(): string {
    if (this.declarations.length === 0) return '';
    const head: Statement[] = [];
    const used = outParts.filter((part) => this.written.has(part));
    if (used.length > 0) {
      const type = (part: OutPart): string => (part.endsWith('Array') ? 'ArrayLike<number>' : 'number');
      // `var`: hoisted, so generated code works from the module's first statement on (a top-level
      // call above an import, a call during an import cycle); every part is written before it is read.
      head.push(S.declare('var', used.map((part) => ({ name: this.outNames.get(part)!, type: type(part) })),
        { doc: 'Tangent parts returned by the generated tangent functions (written just before each return).' }));
    }
    if (this.adjointOuts.length > 0) {
      head.push(S.declare('var', this.adjointOuts.map((name) => ({ name, type: 'number' })),
        { doc: 'Adjoints of arguments returned by the generated adjoint functions besides their value (written just before each return).' }));
    }
    if (this.nanSumName) {
      head.push(S.declare('var', [{ name: this.nanSumName, type: 'number' }],
        { doc: 'The sum of the products of partials and adjoints an unguarded adjoint computed, NaN where one of them was (written just before it returns).' }));
    }
    return printDeclarations([...head, ...this.declarations]);
  }

  /** The import lines of what the generated code reads from @ddx/dual and of defineFunction rules of other modules (after `code()` was built), or ''. */
  runtimeImport(javaScript = false): string {
    const names: string[] = [];
    const as = (exported: string, local: string): string => (exported === local ? exported : `${exported} as ${local}`);
    if (this.opsName) names.push(as('ops', this.opsName));
    if (this.specialRulesName) names.push(as('specialRules', this.specialRulesName));
    if (this.realName && !javaScript) names.push(`type ${as('Real', this.realName)}`);
    names.push(...this.backend.runtimeVerbs([...this.driven].sort()));
    const lines = names.length === 0 ? [] : [`import { ${names.join(', ')} } from '@ddx/dual';`];
    // One line per module, in order of first use.
    const bySpecifier = new Map<string, string[]>();
    for (const { local, exported, specifier } of this.ruleImports.values()) {
      bySpecifier.set(specifier, [...(bySpecifier.get(specifier) ?? []), as(exported, local)]);
    }
    for (const [specifier, bound] of bySpecifier) lines.push(`import { ${bound.join(', ')} } from '${specifier.replace(/['\\]/g, '\\$&')}';`);
    for (const { local, exported, specifier } of this.specialImports.values()) {
      lines.push(`import ${exported === 'default' ? local : `{ ${as(exported, local)} }`} from '${specifier.replace(/['\\]/g, '\\$&')}';`);
    }
    return lines.join('\n');
  }

  private checkNames: ArgumentCheckNames | undefined;
  /** The names of the generated argument checks (emitted on first use). */
  checks(): ArgumentCheckNames {
    if (!this.checkNames) {
      this.checkNames = { point: this.names.fresh('ddxCheckPoint'), vector: this.names.fresh('ddxCheckVector'), vectorError: this.names.fresh('ddxVectorError'), describe: this.names.fresh('ddxDescribe') };
      this.declarations.push(...emitArgumentChecks(this.checkNames, this.global));
    }
    return this.checkNames;
  }

  private matrixCheckName: string | undefined;
  /** The name of the generated check of a matrix point, which returns its layout (emitted on first use). */
  matrixCheck(): string {
    if (!this.matrixCheckName) {
      this.matrixCheckName = this.names.fresh('ddxMatrixPoint');
      this.declarations.push(emitMatrixCheck(this.matrixCheckName, this.checks(), this.global));
    }
    return this.matrixCheckName;
  }

  private matrixDirectionName: string | undefined;
  /** The name of the generated check of jvp's and hvp's direction at a matrix point, which returns its layout (emitted on first use). */
  matrixDirectionCheck(): string {
    if (!this.matrixDirectionName) {
      const point = this.matrixCheck();
      this.matrixDirectionName = this.names.fresh('ddxMatrixDirection');
      this.declarations.push(emitMatrixDirectionCheck(this.matrixDirectionName, point, this.checks(), this.global));
    }
    return this.matrixDirectionName;
  }
}

/** A version's name says which parameters carry no tangent (`_10`: the second), unless all do. */
const patternSuffix = (pattern: readonly ParamState[]): string => (pattern.every((p) => p === ParamState.Active) ? '' : `_${pattern.join('')}`);
