/**
 * The resolve pass: what a name or an expression stands for, through the checker — the
 * declaration an identifier, an import or a re-export leads to, @ddx/dual's verbs and names,
 * defineFunction rules, package special functions, the modules to load before the analysis runs
 * again; the function a name or an argument denotes; the module-level numbers, tables, objects
 * of data and instances a name reads (their values as IR constants); whether a function is written
 * over ddx values or is plain numeric code (which parameters of no type it reads as records). No
 * function is lowered here.
 * `Resolver` holds the checker and the answers' caches; program.ts's `Analyzer` extends it with
 * the module analysis (what to lower, and lowering it).
 * aliases.ts, members.ts and closures.ts answer the narrower questions it asks.
 */
import { ts } from 'ts-morph';
import type { CustomRule, Expr, ModuleConstant, SpecialFunction } from './ir.js';
import { isVerbName, type VerbName } from './verbs.js';
import { forEachDistinctIdentifier, forEachNode, isJavaScript } from './walk.js';
import { naryMath, specialOf } from './mathNames.js';
import { isFunctionExpression, isFunctionTyped, localFunctionOf, returnedFunctions } from './closures.js';
import { globalNameOf, isModuleConstant } from './aliases.js';
import { hasModifier, memberFunction } from './members.js';
import { annotatedKind, isMatrixAnnotation, lowerConstant, type FunctionLike } from './lower.js';
import { recordArrayShapeOf, recordShapeOf, tupleLength, type RecordShape } from './scalarise.js';
import { arithOps, compareOps, compoundOps } from './lower/operators.js';
import { Rejection } from '../diagnostics.js';
import { checkUseElsewhere, moduleArrayOf, moduleObjectFieldOf, type ModuleArray, type ModuleObjectField } from './moduleArrays.js';
import { DUAL_MODULE, type ModuleRequest } from '../parse.js';

/** The module and name one import or re-export declaration names, if the symbol is declared by one. */
function importStep(symbol: ts.Symbol): { module: string; name: string } | undefined {
  const decl = symbol.declarations?.[0];
  if (!decl) return undefined;
  const named = (spec: ts.Expression | undefined, name: string) => (spec && ts.isStringLiteral(spec) ? { module: spec.text, name } : undefined);
  if (ts.isImportSpecifier(decl)) return named(decl.parent.parent.parent.moduleSpecifier, (decl.propertyName ?? decl.name).text);
  if (ts.isExportSpecifier(decl)) return named(decl.parent.parent.moduleSpecifier, (decl.propertyName ?? decl.name).text);
  if (ts.isNamespaceImport(decl)) return named(decl.parent.parent.moduleSpecifier, '*');
  if (ts.isNamespaceExport(decl)) return named(decl.parent.moduleSpecifier, '*');
  if (ts.isImportClause(decl)) return named(decl.parent.moduleSpecifier, 'default');
  return undefined;
}

/**
 * An expression without its parentheses and `as`/`satisfies`. Stricter than closures.ts's
 * unwrapExpression, which lowering uses and which also strips `!` and `<T>`: resolution does not see
 * through those (`derivative(f!, x)` is DDX1018, `const f = g!` is not followed to g), so the two
 * merge only with a decision to accept those forms, not as a refactor.
 */
export const unwrap = (e: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) ? unwrap(e.expression) : e;

export class Resolver {
  /**
   * `mathFile` declares each unary Math function as a plain function, `dualFile` the exports of
   * @ddx/dual, where every import of it leads (see parse.ts).
   */
  constructor(readonly checker: ts.TypeChecker, protected readonly mathFile?: ts.SourceFile, protected readonly dualFile?: ts.SourceFile) {}

  /**
   * The imports the analysis followed into modules that are not loaded (package modules load
   * lazily, parse.ts): the loader loads them and the analysis runs again.
   */
  readonly unloaded: ModuleRequest[] = [];

  /**
   * The declaration a symbol finally stands for, following imports, re-exports and module-level
   * bindings of another name (\`export const f = g\`: g's); of an overloaded function, its implementation.
   */
  protected declarationOf(symbol: ts.Symbol, depth = 0): ts.Declaration | undefined {
    let s = symbol;
    if (s.flags & ts.SymbolFlags.Alias) s = this.checker.getAliasedSymbol(s);
    const implementation = s.declarations?.find((d) => ts.isFunctionDeclaration(d) && d.body !== undefined);
    const decl = implementation ?? s.valueDeclaration ?? s.declarations?.[0];
    const init = decl && depth < 16 && isModuleConstant(decl, this.checker) ? unwrap(decl.initializer) : undefined;
    const named = init && ts.isIdentifier(init) ? this.checker.getSymbolAtLocation(init) : undefined;
    return (named && this.declarationOf(named, depth + 1)) ?? decl;
  }

  /** The declaration a symbol stands for in the project (not in @ddx/dual, the run-time engine, which is never analysed). */
  protected target(symbol: ts.Symbol): ts.Declaration | undefined {
    const decl = this.declarationOf(symbol);
    return decl && decl.getSourceFile() !== this.dualFile ? decl : undefined;
  }

  /** Whether a symbol leads to @ddx/dual (one of its exports, or the module itself), through any imports and re-exports. */
  protected isDual(symbol: ts.Symbol | undefined): boolean {
    return symbol !== undefined && this.dualFile !== undefined && this.declarationOf(symbol)?.getSourceFile() === this.dualFile;
  }

  /**
   * Where an import comes from: the module specifier and name of the last import or re-export
   * on its way (`import { f } from './barrel'` with `export { f } from './model'` in the barrel
   * comes from './model').
   */
  protected importOf(symbol: ts.Symbol): { module: string; name: string } | undefined {
    let from = importStep(symbol);
    for (let s = symbol; s.flags & ts.SymbolFlags.Alias;) {
      const next = this.checker.getImmediateAliasedSymbol(s);
      if (!next || next === s) break;
      from = importStep(next) ?? from;
      s = next;
    }
    return from;
  }

  /**
   * The verb a call's callee names, when it leads to @ddx/dual's export of that verb: imported
   * from it directly or through re-exports (`export * from '@ddx/dual'`, `export { gradient as
   * grad } from '@ddx/dual'`), by name or as a member of a namespace import.
   */
  verbOf(callee: ts.Expression): VerbName | undefined {
    const name = this.dualExportOf(callee);
    return name !== undefined && isVerbName(name) ? name : undefined;
  }

  /**
   * Whether an identifier is bound by an import leading to @ddx/dual (checked by symbol: an
   * export it declares, or an import from it, such as a type-only `Real`).
   */
  protected isDdxName(id: ts.Identifier, sf = id.getSourceFile()): boolean {
    if (!this.dualImportNames(sf).has(id.text)) return false;
    const symbol = this.checker.getSymbolAtLocation(id);
    return symbol !== undefined && (this.isDual(symbol) || importStep(symbol)?.module === DUAL_MODULE);
  }

  /** Whether a type annotation names something of @ddx/dual (Real, Dual, DualFunction, …). */
  protected mentionsDdx(type: ts.Node): boolean {
    const dualNames = this.dualImportNames(type.getSourceFile());
    let found = false;
    forEachNode(type, (n) => {
      if (ts.isIdentifier(n) && dualNames.has(n.text)) found = true;
    });
    return found;
  }

  private readonly dualImports = new Map<ts.SourceFile, Set<string>>();

  /**
   * Local names bound by imports that lead to @ddx/dual in a file: imports from it (types too)
   * and imports of its re-exports.
   */
  private dualImportNames(sf: ts.SourceFile): Set<string> {
    let names = this.dualImports.get(sf);
    if (!names) {
      names = new Set();
      for (const s of sf.statements) {
        if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier)) continue;
        const direct = s.moduleSpecifier.text === DUAL_MODULE;
        const clause = s.importClause;
        const bindings = clause?.namedBindings;
        const bound = [clause?.name, bindings && ts.isNamespaceImport(bindings) ? bindings.name : undefined,
          ...(bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => e.name) : [])];
        for (const name of bound) {
          if (name && (direct || this.isDual(this.checker.getSymbolAtLocation(name)))) names.add(name.text);
        }
      }
      this.dualImports.set(sf, names);
    }
    return names;
  }

  /**
   * Notes the imports that the identifiers of `node` lead through to modules not loaded: the
   * first step of each chain of imports and re-exports that ends nowhere, or, when a loaded module
   * lacks the name, its `export *` (the name may come from one of them).
   */
  protected reach(node: ts.Node, visited = new Set<ts.Node>()): void {
    forEachDistinctIdentifier(node, (n) => {
      let s = this.checker.getSymbolAtLocation(n);
      // `distance.euclidean`, where the namespace `distance` has the name through an `export *`.
      if (!s && ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) {
        const owner = this.checker.getSymbolAtLocation(n.parent.expression);
        const module = owner && (owner.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(owner) : owner).valueDeclaration;
        if (module && ts.isSourceFile(module)) this.unloaded.push(...exportStars(module, this.checker));
      }
      while (s && s.flags & ts.SymbolFlags.Alias) {
        const next = this.checker.getImmediateAliasedSymbol(s);
        if (next && next !== s && next.declarations?.length) {
          s = next;
          continue;
        }
        const decl = s.declarations?.[0];
        let statement: ts.Node | undefined = decl;
        while (statement && !ts.isSourceFile(statement.parent)) statement = statement.parent;
        if (!statement || visited.has(statement)) break;
        visited.add(statement);
        const { requests, exported } = requestsOf(statement, this.checker);
        this.unloaded.push(...requests);
        // `module.exports = main`, where `main` is required in another statement: follow `main`.
        for (const e of exported) this.reach(e, visited);
        if (requests.length === 0 && exported.length === 0) this.reach(statement, visited);
        break;
      }
      // A module-level variable (a constant, an alias such as `var FLOAT64_NINF = Number.NEGATIVE_INFINITY`
      // with `var Number = require(…)`): what its initializer reads and requires.
      const decl = s && !(s.flags & ts.SymbolFlags.Alias) ? s.valueDeclaration : undefined;
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableStatement(decl.parent.parent) &&
          ts.isSourceFile(decl.parent.parent.parent) && !visited.has(decl)) {
        visited.add(decl);
        const { requests, exported } = requestsOf(decl.initializer, this.checker);
        this.unloaded.push(...requests);
        for (const e of exported) this.reach(e, visited);
        this.reach(decl.initializer, visited);
      }
    });
  }

  unreadImport(id: ts.Identifier): { code: 'DDX1008' | 'DDX1006'; message: string } | undefined {
    const symbol = this.checker.getSymbolAtLocation(id);
    const from = symbol && symbol.flags & ts.SymbolFlags.Alias ? this.importOf(symbol) : undefined;
    if (!from || this.target(symbol!)) return undefined;
    return from.module.startsWith('.')
      ? { code: 'DDX1008', message: `cannot read module '${from.module}', which '${id.text}' is imported from; check the path (the transform reads project modules relative to this file)` }
      : { code: 'DDX1006', message: `'${id.text}' is imported from '${from.module}', which the transform cannot read (its import leads to a declaration file or nowhere), so its value is not known at build time; pass it as a parameter, from an arrow written at the call site` };
  }

  /**
   * The rule a called name refers to when it leads (through imports, re-exports and aliases) to a
   * module-level `const name = defineFunction(…)` of @ddx/dual; undefined for anything else.
   */
  ruleFor(symbol: ts.Symbol): CustomRule | undefined {
    const decl = this.moduleConst(symbol);
    if (!decl) return undefined;
    const init = unwrap(decl.initializer);
    if (!ts.isCallExpression(init) || this.dualExportOf(init.expression) !== 'defineFunction') return undefined;
    const second = init.arguments[3];
    const sf = decl.getSourceFile();
    return {
      name: decl.name.text,
      fileName: sf.fileName,
      exportedAs: this.exportNameOf(sf, decl),
      hasSecond: second !== undefined && !(ts.isIdentifier(second) && second.text === 'undefined'),
      node: decl,
    };
  }

  /**
   * The special function with a built-in rule a called name refers to: imported (directly, or
   * through re-exports and aliases) from a package module that mathNames.ts's `specialOf` knows;
   * undefined for anything else. The package's body is then never read.
   */
  specialFor(symbol: ts.Symbol): SpecialFunction | undefined {
    let found: SpecialFunction | undefined;
    for (let s: ts.Symbol | undefined = symbol; s;) {
      const step = importStep(s);
      const name = step && specialOf(step.module, step.name);
      const decl = s.declarations?.[0];
      if (name && decl) found = { name, module: step.module, exportName: step.name, importer: decl.getSourceFile().fileName, node: decl };
      if (!(s.flags & ts.SymbolFlags.Alias)) break;
      const next: ts.Symbol | undefined = this.checker.getImmediateAliasedSymbol(s);
      s = next === s ? undefined : next;
    }
    return found;
  }

  /** The name of the @ddx/dual export a callee leads to (by symbol), or undefined. */
  protected dualExportOf(callee: ts.Expression): string | undefined {
    const nameNode = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : undefined;
    const symbol = nameNode && this.checker.getSymbolAtLocation(nameNode);
    if (!symbol || !this.isDual(symbol)) return undefined;
    const name = ts.getNameOfDeclaration(this.declarationOf(symbol));
    return name && ts.isIdentifier(name) ? name.text : undefined;
  }

  /** The name under which a module exports a declaration of its own (`export const`, `export { a as b }`), if it does. */
  protected exportNameOf(sf: ts.SourceFile, decl: ts.Declaration): string | undefined {
    const module = this.checker.getSymbolAtLocation(sf);
    if (!module) return undefined;
    for (const exported of this.checker.getExportsOfModule(module)) {
      if (this.declarationOf(exported) === decl) return exported.name;
    }
    return undefined;
  }

  /** The module-level `const name = …` a symbol leads to, or undefined. */
  private moduleConst(symbol: ts.Symbol): (ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Expression }) | undefined {
    const decl = this.target(symbol);
    if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || !decl.initializer) return undefined;
    const list = decl.parent;
    if ((list.flags & ts.NodeFlags.Const) === 0 || !ts.isVariableStatement(list.parent) || !ts.isSourceFile(list.parent.parent)) return undefined;
    return decl as ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Expression };
  }

  /**
   * The function node an argument denotes statically, or undefined. `toVerb`: the argument is a
   * verb's function, which the verb calls as bound to the object it is read from (`model.energy`).
   */
  functionNodeOf(arg: ts.Expression, toVerb = false): { node: FunctionLike; name: string } | undefined {
    const e = unwrap(arg);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      const { line } = e.getSourceFile().getLineAndCharacterOfPosition(e.getStart());
      return { node: e, name: e.name?.text ?? `fn${line + 1}` };
    }
    // derivative(Math.sqrt, x), or an alias of it (const sqrt = Math.sqrt): the row's plain function.
    const global = ts.isPropertyAccessExpression(e) || ts.isIdentifier(e) ? globalNameOf(e, this.checker) : undefined;
    if (global?.startsWith('Math.')) {
      const name = global.slice('Math.'.length);
      const decl = this.mathFile?.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name);
      return decl ? { node: decl, name } : undefined;
    }
    const nameNode = ts.isPropertyAccessExpression(e) ? e.name : ts.isIdentifier(e) ? e : undefined;
    if (!nameNode) return undefined;
    const symbol = this.checker.getSymbolAtLocation(nameNode);
    if (!symbol) return undefined;
    const decl = this.target(symbol);
    return decl ? this.functionDeclaration(decl, toVerb && ts.isPropertyAccessExpression(e) ? e.expression : undefined) : undefined;
  }

  /** `receiver`: the object a member is read from where it is called or given to a verb (members.ts). */
  protected functionDeclaration(decl: ts.Declaration, receiver?: ts.Expression): { node: FunctionLike; name: string } | undefined {
    if (ts.isFunctionDeclaration(decl) && decl.body) return { node: decl, name: decl.name?.text ?? 'default' };
    if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer &&
        ((decl.parent.flags & ts.NodeFlags.Const) !== 0 || isModuleConstant(decl, this.checker))) {
      const init = unwrap(decl.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return { node: init, name: decl.name.text };
    }
    if (ts.isExportAssignment(decl)) {
      const init = unwrap(decl.expression);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return { node: init, name: 'default' };
    }
    // CommonJS `module.exports = function gamma(z) { … }`, `exports.f = (x) => …`: the checker
    // declares the export by the function or by the assignment's target. Only a statement of its
    // module that no later assignment replaces.
    let outer = decl.parent;
    while (ts.isParenthesizedExpression(outer)) outer = outer.parent;
    const assignment = ts.isBinaryExpression(decl) ? decl : ts.isBinaryExpression(outer) ? outer : undefined;
    if (assignment && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken && [assignment, assignment.left, unwrap(assignment.right)].includes(decl as ts.Node as ts.Expression)) {
      const init = unwrap(assignment.right);
      if ((ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && isJavaScript(decl) && isSoleExport(assignment)) {
        return { node: init, name: init.name?.text ?? exportedName(assignment.left) };
      }
      return undefined;
    }
    // A named function expression calling itself by its name (`gamma(1 - z)` inside `function gamma(z) { … }`).
    if (ts.isFunctionExpression(decl) && decl.name) return { node: decl, name: decl.name.text };
    // `stats.sq`, `U.cube`: a member proved never replaced (members.ts), lowered as a function (its `this`, if it reads it, its object).
    const member = memberFunction(decl, this.checker, receiver);
    if (member && 'found' in member) return member.found as { node: FunctionLike; name: string };
    return undefined;
  }

  /** Why a member function (members.ts) a symbol leads to is not compiled (read from `receiver`), or undefined. */
  protected memberWhyNot(symbol: ts.Symbol | undefined, receiver?: ts.Expression): string | undefined {
    const decl = symbol && this.target(symbol);
    const member = decl && memberFunction(decl, this.checker, receiver);
    return member && 'why' in member ? member.why : undefined;
  }

  /**
   * JavaScript cannot annotate parameters: in a function of a JavaScript module, a parameter is an
   * array where the body indexes it or reads its length, else a number (lowering rejects any other
   * use of either); undefined for a TypeScript function.
   */
  javaScriptParamKind(node: FunctionLike): ((i: number) => 'number' | 'array') | undefined {
    return isJavaScript(node) ? (i) => (this.isReadAsArray(node.parameters[i]) ? 'array' : 'number') : undefined;
  }

  functionFor(symbol: ts.Symbol): { node: FunctionLike; name: string } | undefined {
    const decl = this.target(symbol);
    return decl && this.functionDeclaration(decl);
  }

  /** The function of the project a call calls by name or as a member (`f(x)`, `obj.f(x)`), or undefined. */
  protected calleeDeclaration(call: ts.CallExpression): { node: FunctionLike; name: string } | undefined {
    const callee = call.expression;
    const symbol = this.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
    const decl = symbol && this.target(symbol);
    return decl && this.functionDeclaration(decl, ts.isPropertyAccessExpression(callee) ? callee.expression : undefined);
  }

  /**
   * Whether a function's body reads an element or the length of the parameter `p`, or passes it
   * on to a function of JavaScript that does.
   */
  protected isReadAsArray(p: ts.ParameterDeclaration, visiting = new Set<ts.Node>()): boolean {
    const owner = p.parent;
    const body = ts.isFunctionDeclaration(owner) || ts.isFunctionExpression(owner) || ts.isArrowFunction(owner) ? owner.body : undefined;
    if (!body || !ts.isIdentifier(p.name) || visiting.has(p)) return false;
    visiting.add(p);
    const name = p.name.text;
    let array = false;
    forEachNode(body, (n) => {
      if (array || !ts.isIdentifier(n) || n.text !== name || this.checker.getSymbolAtLocation(n)?.valueDeclaration !== p) return;
      const parent = n.parent;
      if (ts.isElementAccessExpression(parent) || (ts.isPropertyAccessExpression(parent) && parent.name.text === 'length')) {
        array = parent.expression === n;
      } else if (ts.isForOfStatement(parent)) {
        // `for (const v of values)`: iterated, as an array is.
        array = parent.expression === n;
      } else if (ts.isCallExpression(parent) && parent.expression !== n) {
        const q = this.calleeDeclaration(parent)?.node.parameters[parent.arguments.indexOf(n)];
        array = q !== undefined && (q.type ? annotatedKind(q.type, this.checker) === 'array' : this.isReadAsArray(q, visiting));
      }
    });
    return array;
  }

  /**
   * A module-level number: a `const`, or in JavaScript (a package's published code, often
   * compiled to `var`) a `let`/`var` declared once and never written in its module (no other
   * module can write it), whose initializer reads literals, Math and Number constants (also
   * through aliases of the globals, `var Number = require('@stdlib/number-ctor')`), bitwise
   * operators, and constants declared before it or required from another module (their values
   * are taken in).
   */
  constantFor(symbol: ts.Symbol, visiting = new Set<ts.Declaration>()): ModuleConstant | undefined {
    const decl = this.target(symbol);
    if (!decl || !isModuleConstant(decl, this.checker) || visiting.has(decl)) return undefined;
    visiting.add(decl);
    const earlier = (id: ts.Identifier): Expr | undefined => {
      const s = this.checker.getSymbolAtLocation(id);
      const d = s && this.target(s);
      if (!d || (d.getSourceFile() === decl.getSourceFile() && d.end > decl.getStart())) return undefined;
      return this.constantFor(s, visiting)?.value;
    };
    const value = lowerConstant(decl.initializer, this.checker, earlier);
    visiting.delete(decl);
    return value && { name: decl.name.text, fileName: decl.getSourceFile().fileName, value };
  }

  private readonly moduleArrays = new Map<ts.Declaration, ModuleArray>();

  /** The module-level constant array (a coefficient table) a symbol leads to, or undefined; a module-level array that is not constant data is rejected at `use`. */
  moduleArrayFor(symbol: ts.Symbol, use: ts.Node): ModuleArray | undefined {
    const decl = this.target(symbol);
    if (!decl) return undefined;
    const known = this.moduleArrays.get(decl);
    if (known) {
      checkUseElsewhere(known, use, this.checker);
      return known;
    }
    const found = moduleArrayOf(decl, use, this.checker, this.tableElement);
    if (found) {
      this.moduleArrays.set(decl, found);
      checkUseElsewhere(found, use, this.checker);
    }
    return found;
  }

  /**
   * An element of a module-level table (or a field of an object of data): it may read the module's
   * numeric constants declared before the table, and those it imports (their modules run first), as
   * a module-level constant may (constantFor); their values are taken in.
   */
  private readonly tableElement = (e: ts.Expression, table: ts.Node): Expr | undefined => lowerConstant(e, this.checker, (id) => {
    const s = this.checker.getSymbolAtLocation(id);
    const d = s && this.target(s);
    return d && (d.getSourceFile() !== table.getSourceFile() || d.end <= table.getStart()) ? this.constantFor(s)?.value : undefined;
  });

  private readonly moduleObjectFields = new Map<ts.Declaration, Map<string, ModuleObjectField>>();

  /** A field of a module-level object of data (`data.x` of `const data = { x: [1, 2, 3] }`) a symbol and a name lead to, or undefined; an object that is not constant data is rejected at `use`. */
  moduleObjectFieldFor(symbol: ts.Symbol, field: string, use: ts.Node): ModuleObjectField | undefined {
    const decl = this.target(symbol);
    if (!decl) return undefined;
    let fields = this.moduleObjectFields.get(decl);
    const known = fields?.get(field);
    if (known) return known;
    const found = moduleObjectFieldOf(decl, field, use, this.checker, this.tableElement);
    if (found) {
      if (!fields) this.moduleObjectFields.set(decl, (fields = new Map()));
      fields.set(field, found);
    }
    return found;
  }

  private readonly moduleInstances = new Map<ts.Node, (ModuleArray & { shape: RecordShape }) | null>();

  /**
   * `const model = new Spring(2, 1)` at module level, of a class whose fields are all readonly
   * parameter properties of its constructor (an empty body, no base class, numbers only), given
   * constants (literals, Math, module constants declared before): its numbers cannot change while
   * the program runs, so a function reading it (`model.energy(x)`) holds them as constant data.
   */
  moduleInstanceFor(symbol: ts.Symbol): (ModuleArray & { shape: RecordShape }) | undefined {
    const decl = this.target(symbol);
    if (!decl) return undefined;
    const known = this.moduleInstances.get(decl);
    if (known !== undefined) return known ?? undefined;
    const found = this.findModuleInstance(decl);
    this.moduleInstances.set(decl, found ?? null);
    return found;
  }

  private findModuleInstance(decl: ts.Node): (ModuleArray & { shape: RecordShape }) | undefined {
    if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || !decl.initializer) return undefined;
    const list = decl.parent;
    if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0 || !ts.isSourceFile(list.parent.parent)) return undefined;
    const init = unwrap(decl.initializer);
    if (!ts.isNewExpression(init) || !init.arguments) return undefined;
    let classSymbol = this.checker.getSymbolAtLocation(init.expression);
    if (classSymbol && classSymbol.flags & ts.SymbolFlags.Alias) classSymbol = this.checker.getAliasedSymbol(classSymbol);
    const cls = classSymbol?.declarations?.find(ts.isClassDeclaration);
    if (!cls || cls.heritageClauses?.length) return undefined;
    const ctors = cls.members.filter(ts.isConstructorDeclaration);
    const ctor = ctors[0];
    if (ctors.length !== 1 || !ctor.body || ctor.body.statements.length > 0) return undefined;
    if (cls.members.some((m) => !ts.isConstructorDeclaration(m) && !ts.isMethodDeclaration(m))) return undefined;
    const readonlyField = (p: ts.ParameterDeclaration): boolean => ts.isParameterPropertyDeclaration(p, ctor) && ts.isIdentifier(p.name) && !p.initializer && !p.questionToken &&
      hasModifier(p, ts.SyntaxKind.ReadonlyKeyword);
    if (!ctor.parameters.every(readonlyField) || init.arguments.length !== ctor.parameters.length) return undefined;
    const shape = recordShapeOf(this.checker.getTypeAtLocation(decl.name), this.checker, decl);
    if (!shape || shape.fields.some((f) => f.shape)) return undefined;
    const earlier = (id: ts.Identifier): Expr | undefined => {
      const s = this.checker.getSymbolAtLocation(id);
      const d = s && this.target(s);
      return d && d.getSourceFile() === decl.getSourceFile() && d.end <= decl.getStart() ? this.constantFor(s)?.value : undefined;
    };
    const byField = new Map(ctor.parameters.map((p, k) => [(p.name as ts.Identifier).text, init.arguments![k]]));
    const elems: Expr[] = [];
    for (const f of shape.fields) {
      const arg = byField.get(f.name);
      const value = arg && !ts.isSpreadElement(arg) ? lowerConstant(arg, this.checker, earlier) : undefined;
      if (!value) return undefined;
      elems.push(value);
    }
    return { name: decl.name.text, fileName: decl.getSourceFile().fileName, elems, node: decl, shape };
  }

  /** The function-typed parameter an argument names, and the function it is a parameter of. */
  protected functionParameter(arg: ts.Expression): { param: ts.ParameterDeclaration; owner: FunctionLike } | undefined {
    const e = unwrap(arg);
    const decl = ts.isIdentifier(e) ? this.checker.getSymbolAtLocation(e)?.valueDeclaration : undefined;
    if (!decl || !ts.isParameter(decl) || !isFunctionTyped(this.checker, decl)) return undefined;
    const owner = decl.parent;
    return ts.isFunctionDeclaration(owner) || ts.isArrowFunction(owner) || ts.isFunctionExpression(owner) ? { param: decl, owner } : undefined;
  }

  /** The name a function is declared by (`function h`, `const h = …`), if any. */
  protected nameOf(node: FunctionLike): string | undefined {
    if (ts.isFunctionDeclaration(node)) return node.name?.text;
    const holder = node.parent;
    return ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
  }

  /** The function of the project a call calls by name (a function declaration, or a const arrow), if any. */
  protected calledFunction(call: ts.CallExpression): { node: FunctionLike; name: string } | undefined {
    const callee = unwrap(call.expression);
    if (!ts.isIdentifier(callee)) return undefined;
    const symbol = this.checker.getSymbolAtLocation(callee);
    const decl = symbol && this.target(symbol);
    return decl && (localFunctionOf(decl) ?? this.functionDeclaration(decl));
  }

  /** Whether `n` names @ddx/dual's operations or types (a nested verb call does not: lowering diagnoses it). */
  protected usesDdxName(n: ts.Node, sf: ts.SourceFile): boolean {
    return ts.isIdentifier(n) && this.isDdxName(n, sf) && !(ts.isCallExpression(n.parent) && n.parent.expression === n && this.verbOf(n) !== undefined);
  }

  /** Whether a function calls a verb (it uses derivatives itself; `ddx gen` does not differentiate it by default). */
  callsVerb(node: FunctionLike): boolean {
    let calls = false;
    if (node.body) forEachNode(node.body, (n) => {
      if (ts.isCallExpression(n) && this.verbOf(n.expression)) calls = true;
    });
    return calls;
  }

  /**
   * A module-level function made by a factory (\`const lerp = interpolate(0, 10)\`, d3-ease's
   * \`var polyIn = (function custom(e) { … return polyIn; })(exponent)\`): the factory and the
   * arguments it is applied to; undefined for anything else.
   */
  instanceFor(symbol: ts.Symbol): { factory: { node: FunctionLike; name: string }; args: readonly ts.Expression[]; name: string } | undefined {
    const decl = this.target(symbol);
    if (!decl || !isModuleConstant(decl, this.checker)) return undefined;
    const init = unwrap(decl.initializer);
    const factory = ts.isCallExpression(init) ? this.factoryAt(init.expression) : undefined;
    return factory && { factory, args: (init as ts.CallExpression).arguments, name: decl.name.text };
  }

  /** The factory a callee names (a function whose every return is a function), unless it works over ddx values. */
  protected factoryAt(callee: ts.Expression): { node: FunctionLike; name: string } | undefined {
    const inner = unwrap(callee);
    const symbol = ts.isIdentifier(inner) ? this.checker.getSymbolAtLocation(inner) : undefined;
    const found = isFunctionExpression(inner) ? { node: inner, name: inner.name?.text ?? 'factory' } : symbol && this.functionFor(symbol);
    const returned = found && returnedFunctions(found.node, this.checker);
    const overDuals = returned?.some((r) => { const f = unwrap(r); return isFunctionExpression(f) && this.isDualWritten(f); });
    return returned && !overDuals && !this.isDualWritten(found.node) ? found : undefined;
  }

  /**
   * Whether a function is written over duals (typed Dual/HyperDual/Real, or uses @ddx/dual or
   * methods of its parameters): such functions are left for the run-time engine.
   */
  isDualWritten(node: FunctionLike): boolean {
    return this.dualWrittenWhy(node) !== undefined;
  }

  /**
   * Why a function counts as written over ddx values, said as a diagnostic's reason: it names
   * @ddx/dual's types or operations, or it reads a property of a parameter of no type (JavaScript,
   * `(rgb) => … rgb.r …`), which may be a Dual's method as well as a record's field.
   */
  dualWrittenWhy(node: FunctionLike): string | undefined {
    for (const p of node.parameters) {
      if (p.type && annotatedKind(p.type, this.checker) === undefined && this.mentionsDdx(p.type)) return 'is written over dual numbers (its parameters have @ddx/dual\'s types)';
    }
    let why: string | undefined;
    const params = this.untypedParams(node);
    const sf = node.getSourceFile();
    if (node.body) forEachNode(node.body, (n) => {
      if (why) return;
      if (this.usesDdxName(n, sf)) why = `is written over dual numbers (it uses @ddx/dual's '${(n as ts.Identifier).text}')`;
      if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.name.text !== 'length') {
        const decl = this.checker.getSymbolAtLocation(n.expression)?.valueDeclaration;
        if (decl && (params.has(decl) || (ts.isBindingElement(decl) && params.has(decl.parent.parent)))) {
          why = `reads '${n.getText(sf)}' of '${n.expression.text}', a parameter with no type: the transform cannot tell a record of numbers from a ddx value there (give '${n.expression.text}' a record type, ${recordTypeAdvice(node, n.expression.text, n.name.text)})`;
        }
      }
    });
    return why;
  }

  /**
   * The parameters of a function whose type does not say what they hold (none, or `any`), unless every
   * parameter is plain. Parameters typed as numbers are plain: a method call on one (x.valueOf()) is
   * not a Dual's. So are records and tuples of numbers (scalarise.ts): `p.x` reads a field; and
   * matrices of numbers. JavaScript: a parameter JSDoc gives a record or tuple type
   * (`@param {{ x: number, y: number }} p`) reads fields.
   */
  private untypedParams(node: FunctionLike): Set<ts.Node> {
    const jsDocShaped = new Set<ts.Node>(isJavaScript(node) ? node.parameters.filter((p) => !p.type && ts.getJSDocType(p) !== undefined && this.isShaped(p)) : []);
    const plainParams = node.parameters.length > 0 && node.parameters.every((p) => annotatedKind(p.type, this.checker) !== undefined || isMatrixAnnotation(p.type, this.checker) || (p.type !== undefined && this.isShaped(p)) || jsDocShaped.has(p));
    return new Set<ts.Node>(plainParams ? [] : node.parameters.filter((p) => !jsDocShaped.has(p)));
  }

  /**
   * The parameters of no type a function reads as records of numbers, and the first such read of
   * each (for messages): a field (`p.x`, or `r` unpacked by `({ r, g })`) met by JavaScript's number
   * operators (`p.x * p.y`, `-r`, `r < g`, `Math.sqrt(p.x)`). Such a function is plain numeric code,
   * compiled for the record its verb's point gives. Undefined where no field meets one, or where
   * the function is written over ddx values after all: it calls a method of such a parameter or of
   * a field (`p.x.mul(p.y)`), or names @ddx/dual's operations or types: the run-time engine's.
   */
  protected recordReadsOfUntyped(node: FunctionLike, visiting = new Set<ts.Node>()): Map<ts.ParameterDeclaration, string> | undefined {
    // Not a parameter typed over ddx values (`p: { x: Real }`), nor a matrix's: none typed but `any`.
    const params = new Set([...this.untypedParams(node)].filter((p) => { const type = (p as ts.ParameterDeclaration).type; return !type || type.kind === ts.SyntaxKind.AnyKeyword; }));
    if (params.size === 0 || !node.body || visiting.has(node)) return undefined;
    visiting.add(node);
    const sf = node.getSourceFile();
    const reads = new Map<ts.ParameterDeclaration, string>();
    let overDdx = false;
    /** The names those parameters bind (the checker is asked only about these). */
    const names = new Set<string>();
    for (const p of params) forEachNode(p, (n) => { if (ts.isIdentifier(n)) names.add(n.text); });
    /** The parameter of no type `e` is a field of, or undefined. */
    const fieldOf = (e: ts.Node): ts.ParameterDeclaration | undefined => {
      const named = ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.name.text !== 'length' ? e.expression : ts.isIdentifier(e) ? e : undefined;
      const decl = named && names.has(named.text) ? this.checker.getSymbolAtLocation(named)?.valueDeclaration : undefined;
      if (!decl) return undefined;
      if (named !== e) return params.has(decl) ? (decl as ts.ParameterDeclaration) : undefined;
      return ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent) && params.has(decl.parent.parent) ? (decl.parent.parent as ts.ParameterDeclaration) : undefined;
    };
    forEachNode(node.body, (n) => {
      if (this.usesDdxName(n, sf)) overDdx = true;
      // `p.mul(q)`, `p.x.mul(p.y)`: a method of a parameter or of its field.
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && (fieldOf(n.expression) || fieldOf(unwrap(n.expression.expression)))) overDdx = true;
      const passed = ts.isIdentifier(n) ? this.passedAsRecord(n, params, visiting) : undefined;
      if (passed && !reads.has(passed.param)) reads.set(passed.param, passed.read);
      const param = ts.isPropertyAccessExpression(n) || ts.isIdentifier(n) ? fieldOf(n) : undefined;
      if (!param || reads.has(param) || (ts.isIdentifier(n) && ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n)) return;
      let use: ts.Node = n;
      while (ts.isParenthesizedExpression(use.parent)) use = use.parent;
      if (isNumberOperand(use) || (ts.isCallExpression(use.parent) && use.parent.arguments.includes(use as ts.Expression) && globalNameOf(use.parent.expression, this.checker)?.startsWith('Math.')) || this.passedAsNumber(use)) {
        reads.set(param, n.getText(sf));
      }
    });
    visiting.delete(node);
    return overDdx || reads.size === 0 ? undefined : reads;
  }

  /**
   * Whether `e` is an argument of a call of a plain numeric function of the project whose parameter
   * there is a number (culori's `fn(r)`): annotated so, or in JavaScript, neither read as an array
   * nor of a function written over ddx values.
   */
  private passedAsNumber(e: ts.Node): boolean {
    const call = e.parent;
    if (!ts.isCallExpression(call) || call.expression === e) return false;
    const found = this.calleeDeclaration(call);
    const q = found?.node.parameters[call.arguments.indexOf(e as ts.Expression)];
    if (!q || q.dotDotDotToken) return false;
    if (q.type) return annotatedKind(q.type, this.checker) === 'number';
    return isJavaScript(found.node) && !this.isReadAsArray(q) && this.dualWrittenWhy(found.node) === undefined;
  }

  /**
   * `rgb => g(rgb)`: a parameter of no type (one of `params`) passed on whole to a callee that reads
   * its parameter there as a record (culori's conversions pass their `rgb` on); the parameter and
   * the field read, named as the caller's (`rgb.r`). Undefined for any other identifier.
   */
  private passedAsRecord(n: ts.Identifier, params: ReadonlySet<ts.Node>, visiting: Set<ts.Node>): { param: ts.ParameterDeclaration; read: string } | undefined {
    const call = n.parent;
    if (!ts.isCallExpression(call) || call.expression === n) return undefined;
    const decl = this.checker.getSymbolAtLocation(n)?.valueDeclaration;
    if (!decl || !params.has(decl)) return undefined;
    const found = this.calleeDeclaration(call);
    const q = found?.node.parameters[call.arguments.indexOf(n)];
    const read = q && this.recordReadsOfUntyped(found.node, visiting)?.get(q);
    return read === undefined ? undefined : { param: decl as ts.ParameterDeclaration, read: `${n.text}.${read.replace(/^.*\./, '')}` };
  }

  /** Whether a parameter's type is a tuple of numbers or a record of numbers (one scalarise.ts lays out). */
  private isShaped(p: ts.ParameterDeclaration): boolean {
    try {
      if (recordArrayShapeOf(p.type, this.checker) !== undefined) return true;
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      return true; // an array of records that cannot be laid out: lowering says why (DDX1022)
    }
    const type = this.checker.getTypeAtLocation(p.name);
    if (tupleLength(type, this.checker) !== undefined) return true;
    try {
      return recordShapeOf(type, this.checker, p) !== undefined;
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      // A type of data fields that cannot be laid out: lowering says why (DDX1022). A type of
      // methods only may be a wrapper of ddx values, left to the run-time engine.
      return this.checker.getIndexInfosOfType(type).length > 0 || this.checker.getPropertiesOfType(type).some((f) => (f.flags & ts.SymbolFlags.Method) === 0);
    }
  }

  /**
   * Whether a verb's function argument that the transform cannot see is known, from its types or
   * its origin, to be written over ddx values (then the run-time engine evaluates it): a value
   * typed with @ddx/dual's types, a function of @ddx/dual (`ops.sin`), or one made by it
   * (`defineFunction(…)`).
   */
  protected isOverDdxValues(arg: ts.Expression): boolean {
    const e = unwrap(arg);
    const root = (x: ts.Expression): ts.Expression => (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x) ? root(x.expression) : x);
    const base = root(e);
    if (ts.isIdentifier(base) && this.isDdxName(base)) return true;
    // Math's functions of several arguments (or aliases of them): the engine differentiates its own versions of them.
    const global = ts.isPropertyAccessExpression(e) || ts.isIdentifier(e) ? globalNameOf(e, this.checker) : undefined;
    if (global?.startsWith('Math.') && naryMath.has(global.slice('Math.'.length))) return true;
    if (ts.isCallExpression(e) && ts.isIdentifier(root(e.expression)) && this.isDdxName(root(e.expression) as ts.Identifier)) return true;
    if (ts.isAsExpression(arg) || ts.isSatisfiesExpression(arg)) return this.mentionsDdx(arg.type);
    const symbol = this.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(e) ? e.name : e);
    for (const decl of symbol?.declarations ?? []) {
      const type = (decl as ts.Node as { type?: ts.TypeNode }).type;
      if (type && this.mentionsDdx(type)) return true;
      if (ts.isVariableDeclaration(decl) && decl.initializer && this.isOverDdxValues(decl.initializer)) return true;
    }
    // A type whose call signatures take or return ddx values: (x: Real) => Real.
    for (const signature of this.checker.getTypeAtLocation(e).getCallSignatures()) {
      const decl = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
      if (decl && [...decl.parameters.map((p) => p.type), decl.type].some((t) => t !== undefined && this.mentionsDdx(t))) return true;
    }
    return false;
  }
}

/**
 * JavaScript's operators of numbers (`+` too: a record's field is no string here), which a ddx value
 * does not take: lowering's arithmetic and compound assignments, and the orderings (not equality).
 */
const numberOperators = new Set<ts.SyntaxKind>([
  ...[arithOps, compoundOps].flatMap((table) => Object.keys(table).map(Number)),
  ...Object.entries(compareOps).filter(([, op]) => op === '<' || op === '<=' || op === '>' || op === '>=').map(([kind]) => Number(kind)),
]);

/** Whether an expression is an operand of an operator of numbers (`e * 2`, `-e`, `e < k`, `s += e`). */
function isNumberOperand(e: ts.Node): boolean {
  const parent = e.parent;
  if (ts.isBinaryExpression(parent)) return numberOperators.has(parent.operatorToken.kind) && (parent.right === e || parent.operatorToken.kind < ts.SyntaxKind.FirstAssignment || parent.operatorToken.kind > ts.SyntaxKind.LastAssignment);
  return ts.isPrefixUnaryExpression(parent) && (parent.operator === ts.SyntaxKind.MinusToken || parent.operator === ts.SyntaxKind.PlusToken);
}

/** How to give parameter `param` (of `node`) a record type with field `field`: JSDoc in a JavaScript module. */
export function recordTypeAdvice(node: ts.Node, param: string, field: string): string {
  return isJavaScript(node) ? `in JSDoc: /** @param {{ ${field}: number, … }} ${param} */` : `e.g. { ${field}: number; … }`;
}

/**
 * The imports a statement names (by import, export … from or require), as requests of the module
 * it is in: each module it names that is not loaded, else that module's `export *` (which may hold
 * the name looked for).
 */
function requestsOf(statement: ts.Node, checker: ts.TypeChecker): { requests: ModuleRequest[]; exported: ts.Node[] } {
  const importer = statement.getSourceFile().fileName;
  const requests: ModuleRequest[] = [];
  const exported: ts.Node[] = [];
  forEachNode(statement, (n) => {
    const specifier = ts.isStringLiteral(n) && (ts.isImportDeclaration(n.parent) || ts.isExportDeclaration(n.parent) || ts.isExternalModuleReference(n.parent) ||
      (ts.isCallExpression(n.parent) && ts.isIdentifier(n.parent.expression) && n.parent.expression.text === 'require')) ? n : undefined;
    if (!specifier) return;
    const module = checker.getSymbolAtLocation(specifier);
    const target = module?.valueDeclaration;
    if (!target || !ts.isSourceFile(target)) requests.push({ importer, specifier: specifier.text });
    else {
      requests.push(...exportStars(target, checker));
      // CommonJS: `module.exports = …` may name what another statement requires.
      exported.push(...(module?.exports?.get(ts.InternalSymbolName.ExportEquals)?.declarations ?? []));
    }
  });
  return { requests, exported };
}

/** The modules a module re-exports whole (`export * from '…'`), and those they re-export whole, as requests. */
function exportStars(sf: ts.SourceFile, checker: ts.TypeChecker, visited = new Set<ts.SourceFile>()): ModuleRequest[] {
  if (visited.has(sf)) return [];
  visited.add(sf);
  return sf.statements.flatMap((s) => {
    if (!ts.isExportDeclaration(s) || s.exportClause || !s.moduleSpecifier || !ts.isStringLiteral(s.moduleSpecifier)) return [];
    const target = checker.getSymbolAtLocation(s.moduleSpecifier)?.valueDeclaration;
    return target && ts.isSourceFile(target) ? exportStars(target, checker, visited) : [{ importer: sf.fileName, specifier: s.moduleSpecifier.text }];
  });
}

/**
 * Whether a CommonJS export assignment is a statement of its module (it runs once, when the
 * module loads) and the only assignment to what it assigns (no later one replaces the function).
 */
function isSoleExport(assignment: ts.BinaryExpression): boolean {
  if (!ts.isExpressionStatement(assignment.parent) || !ts.isSourceFile(assignment.parent.parent)) return false;
  const target = assignment.left.getText();
  let count = 0;
  forEachNode(assignment.getSourceFile(), (n) => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && n.left.getText() === target) count++;
  });
  return count === 1;
}

/** The name a CommonJS assignment exports under: `f` of `exports.f = …`, `default` of `module.exports = …`. */
const exportedName = (target: ts.Expression): string =>
  ts.isPropertyAccessExpression(target) && target.name.text !== 'exports' ? target.name.text : 'default';
