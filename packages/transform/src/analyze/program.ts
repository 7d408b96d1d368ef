/**
 * The analysis over one module and the project modules it reaches: finds the verb call sites,
 * resolves their function arguments by symbol, tells plain numeric functions from functions
 * written over duals, and lowers the numeric ones (and every callee) to `ir.ts` data.
 * Nothing is emitted here.
 */
import { ts } from 'ts-morph';
import { reject, Rejection, type Diagnostic } from '../diagnostics.js';
import type { NumericFunction } from './ir.js';
import { annotatedKind, lowerFunction, type FunctionLike, type LowerContext } from './lower.js';
import { isVerbName, verbs, type Verb, type VerbName } from './verbs.js';
import { forEachExpr } from './walk.js';
import { DUAL_MODULE } from '../parse.js';

/** A call of a verb whose function argument is a plain numeric function. */
export interface CallSite {
  readonly node: ts.CallExpression;
  readonly verb: VerbName;
  readonly fn: NumericFunction;
  /** The point arguments (x, or x and v), as source nodes. */
  readonly points: readonly ts.Expression[];
  /** `{ nanSafe: true }` given at the call site. */
  readonly nanSafe: boolean | undefined;
}

export interface ModuleAnalysis {
  readonly callSites: CallSite[];
  readonly diagnostics: Diagnostic[];
  /** Files other than the analysed one whose functions were used. */
  readonly dependencies: string[];
}

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

const unwrap = (e: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) ? unwrap(e.expression) : e;

export class Analyzer implements LowerContext {
  private readonly functions = new Map<ts.Node, NumericFunction>();

  /**
   * `mathFile` declares each unary Math function as a plain function, `dualFile` the exports of
   * @ddx/dual, where every import of it leads (see parse.ts).
   */
  constructor(readonly checker: ts.TypeChecker, private readonly mathFile?: ts.SourceFile, private readonly dualFile?: ts.SourceFile) {}

  /** The declaration a symbol finally stands for, following imports and re-exports. */
  private declarationOf(symbol: ts.Symbol): ts.Declaration | undefined {
    let s = symbol;
    if (s.flags & ts.SymbolFlags.Alias) s = this.checker.getAliasedSymbol(s);
    return s.valueDeclaration ?? s.declarations?.[0];
  }

  /** The declaration a symbol stands for in the project (not in @ddx/dual, the run-time engine, which is never analysed). */
  private target(symbol: ts.Symbol): ts.Declaration | undefined {
    const decl = this.declarationOf(symbol);
    return decl && decl.getSourceFile() !== this.dualFile ? decl : undefined;
  }

  /** Whether a symbol leads to @ddx/dual (one of its exports, or the module itself), through any imports and re-exports. */
  private isDual(symbol: ts.Symbol | undefined): boolean {
    return symbol !== undefined && this.dualFile !== undefined && this.declarationOf(symbol)?.getSourceFile() === this.dualFile;
  }

  /**
   * Where an import comes from: the module specifier and name of the last import or re-export
   * on its way (`import { f } from './barrel'` with `export { f } from './model'` in the barrel
   * comes from './model').
   */
  private importOf(symbol: ts.Symbol): { module: string; name: string } | undefined {
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
    const nameNode = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : undefined;
    const symbol = nameNode && this.checker.getSymbolAtLocation(nameNode);
    if (!symbol || !this.isDual(symbol)) return undefined;
    const name = ts.getNameOfDeclaration(this.declarationOf(symbol));
    return name && ts.isIdentifier(name) && isVerbName(name.text) ? name.text : undefined;
  }

  /** The function node an argument denotes statically, or undefined. */
  functionNodeOf(arg: ts.Expression): { node: FunctionLike; name: string } | undefined {
    const e = unwrap(arg);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      const { line } = e.getSourceFile().getLineAndCharacterOfPosition(e.getStart());
      return { node: e, name: e.name?.text ?? `fn${line + 1}` };
    }
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Math' &&
        this.checker.getSymbolAtLocation(e.expression) === undefined) {
      // derivative(Math.sqrt, x): the row's plain function.
      const decl = this.mathFile?.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === e.name.text);
      return decl ? { node: decl, name: e.name.text } : undefined;
    }
    const nameNode = ts.isPropertyAccessExpression(e) ? e.name : ts.isIdentifier(e) ? e : undefined;
    if (!nameNode) return undefined;
    const symbol = this.checker.getSymbolAtLocation(nameNode);
    if (!symbol) return undefined;
    const decl = this.target(symbol);
    return decl ? this.functionDeclaration(decl) : undefined;
  }

  private functionDeclaration(decl: ts.Declaration): { node: FunctionLike; name: string } | undefined {
    if (ts.isFunctionDeclaration(decl) && decl.body) return { node: decl, name: decl.name?.text ?? 'default' };
    if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer &&
        (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
      const init = unwrap(decl.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return { node: init, name: decl.name.text };
    }
    if (ts.isExportAssignment(decl)) {
      const init = unwrap(decl.expression);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return { node: init, name: 'default' };
    }
    return undefined;
  }

  /**
   * Whether a function is written over duals (typed Dual/HyperDual/Real, or uses @ddx/dual or
   * methods of its parameters): such functions are left for the run-time engine.
   */
  isDualWritten(node: FunctionLike): boolean {
    const dualNames = this.dualImportNames(node.getSourceFile());
    const mentionsDual = (t: ts.Node): boolean =>
      (ts.isIdentifier(t) && dualNames.has(t.text)) || ts.forEachChild(t, mentionsDual) === true;
    for (const p of node.parameters) {
      if (p.type && annotatedKind(p.type) === undefined && mentionsDual(p.type)) return true;
    }
    let dual = false;
    const params = new Set<ts.Node>(node.parameters);
    const visit = (n: ts.Node): void => {
      if (dual) return;
      // Only names bound by an import leading to @ddx/dual can refer to it (checked by symbol:
      // an export it declares, or an import from it, such as a type-only `Real`).
      if (ts.isIdentifier(n) && dualNames.has(n.text)) {
        const symbol = this.checker.getSymbolAtLocation(n);
        if (symbol && (this.isDual(symbol) || importStep(symbol)?.module === DUAL_MODULE)) dual = true;
      }
      if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.name.text !== 'length') {
        const decl = this.checker.getSymbolAtLocation(n.expression)?.valueDeclaration;
        if (decl && (params.has(decl) || (ts.isBindingElement(decl) && params.has(decl.parent.parent)))) dual = true;
      }
      n.forEachChild(visit);
    };
    if (node.body) visit(node.body);
    return dual;
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

  /** Lowers a function once (cached by declaration). */
  lower(node: FunctionLike, name: string, defaultParamKind?: (i: number, n: number) => 'number' | 'array', allowCaptures = false): NumericFunction {
    const cached = this.functions.get(node);
    if (cached) return cached;
    return lowerFunction(node, name, this, (fn) => this.functions.set(node, fn), defaultParamKind, allowCaptures);
  }

  calleeFor(id: ts.Node, symbol: ts.Symbol): NumericFunction {
    const from = this.importOf(symbol);
    const decl = this.target(symbol);
    if (!decl) {
      if (from && from.module.startsWith('.')) {
        reject(id, 'DDX1008', `cannot read module '${from.module}' to differentiate through '${id.getText()}'; check the path (the transform reads project modules relative to this file)`);
      }
      reject(id, 'DDX1006', `'${id.getText()}' comes from '${from?.module ?? 'outside this project'}', which the transform cannot read; only functions of this project can be differentiated through`);
    }
    const found = this.functionDeclaration(decl);
    if (!found) reject(id, 'DDX1006', `'${id.getText()}' is not a function declaration or a const arrow/function expression the transform can read`);
    if (this.isDualWritten(found.node)) {
      reject(id, 'DDX1006', `'${found.name}' is written over dual numbers (or @ddx/dual operations); a plain numeric function cannot call it — write both as plain numeric functions, or both with @ddx/dual operations`);
    }
    // JavaScript cannot annotate parameters: a callee's parameters are numbers there.
    const js = /\.(m|c)?jsx?$/.test(found.node.getSourceFile().fileName);
    return this.lower(found.node, found.name, js ? () => 'number' : undefined);
  }

  constantFor(symbol: ts.Symbol, _fileName: string): { name: string; text: string; fileName: string } | undefined {
    const decl = this.target(symbol);
    if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || !decl.initializer) return undefined;
    const list = decl.parent;
    if ((list.flags & ts.NodeFlags.Const) === 0 || !ts.isVariableStatement(list.parent) || !ts.isSourceFile(list.parent.parent)) return undefined;
    if (!isConstantExpression(decl.initializer)) return undefined;
    return { name: decl.name.text, text: decl.initializer.getText(), fileName: decl.getSourceFile().fileName };
  }

  /** Analyses every verb call of `sf`. Rejections become diagnostics; nothing is emitted. */
  analyzeModule(sf: ts.SourceFile): ModuleAnalysis {
    const callSites: CallSite[] = [];
    const diagnostics: Diagnostic[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        try {
          const site = this.callSite(n);
          if (site) callSites.push(site);
        } catch (e) {
          if (!(e instanceof Rejection)) throw e;
          diagnostics.push(e.diagnostic);
        }
      }
      n.forEachChild(visit);
    };
    visit(sf);
    return { callSites, diagnostics, dependencies: dependenciesOf(callSites.map((s) => s.fn), sf.fileName) };
  }

  private callSite(call: ts.CallExpression): CallSite | undefined {
    const verb = this.verbOf(call.expression);
    if (!verb || call.arguments.length === 0) return undefined;
    const found = this.functionNodeOf(call.arguments[0]);
    if (!found || this.isDualWritten(found.node)) return undefined; // the run-time engine's business
    const spec = verbs[verb];
    const defaultKind = (i: number, n: number): 'number' | 'array' => (spec.input === 'scalar' || n >= 2 ? 'number' : 'array');
    // An arrow written at the call site may read numbers of its enclosing function (captures):
    // the call site passes them on. A named function expression could call itself: no captures.
    const arg = unwrap(call.arguments[0]);
    const allowCaptures = arg === found.node && (ts.isArrowFunction(arg) || (ts.isFunctionExpression(arg) && !arg.name));
    const fn = this.lower(found.node, found.name, defaultKind, allowCaptures);
    checkShape(call, verb, spec, fn);
    let rest = call.arguments.slice(1);
    let nanSafe: boolean | undefined;
    const isOptions = (e: ts.Expression): boolean => ts.isObjectLiteralExpression(unwrap(e));
    if (rest.length > spec.points || (rest.length === 1 && spec.curried && isOptions(rest[0]))) {
      // verb(f, x, options), or verb(f, options) for the curried form.
      const at = rest.length > spec.points ? spec.points : 0;
      const options = rest[at];
      if (!isOptions(options)) {
        reject(options, 'DDX1009', `the options of ${verb} must be an object literal such as { nanSafe: true } so the transform can read them`);
      }
      nanSafe = readNanSafe(unwrap(options) as ts.ObjectLiteralExpression);
      if (rest.length > at + 1) reject(rest[at + 1], 'DDX1009', `too many arguments to ${verb}: it takes f, ${spec.points === 2 ? 'x, v' : 'x'} and options`);
      rest = rest.slice(0, at);
    }
    if (rest.length === 0 && !spec.curried) reject(call, 'DDX1009', `${verb}(f) needs the point: ${verb}(f, x${spec.points === 2 ? ', v' : ''})`);
    if (rest.length !== 0 && rest.length !== spec.points) {
      reject(call, 'DDX1009', `${verb} takes f, ${spec.points === 2 ? 'x and v' : 'x'} and optional options; got ${call.arguments.length} arguments`);
    }
    return { node: call, verb, fn, points: rest, nanSafe };
  }
}

function readNanSafe(o: ts.ObjectLiteralExpression): boolean | undefined {
  let nanSafe: boolean | undefined;
  for (const p of o.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) reject(p, 'DDX1009', 'options must be written as { nanSafe: true } or { nanSafe: false }');
    if (p.name.text === 'strategy') continue; // a run-time gradient strategy: the generated code has one
    if (p.name.text !== 'nanSafe') reject(p, 'DDX1009', `unknown option '${p.name.text}'; the transform reads { nanSafe: boolean }`);
    if (p.initializer.kind === ts.SyntaxKind.TrueKeyword) nanSafe = true;
    else if (p.initializer.kind === ts.SyntaxKind.FalseKeyword) nanSafe = false;
    else reject(p.initializer, 'DDX1009', 'nanSafe must be the literal true or false so the transform can read it');
  }
  return nanSafe;
}

function checkShape(call: ts.CallExpression, verbName: VerbName, verb: Verb, fn: NumericFunction): void {
  const kinds = fn.params.map((p) => p.kind);
  if (verb.input === 'scalar' && !(kinds.length === 1 && kinds[0] === 'number')) {
    reject(call.arguments[0], 'DDX1005', `${verbName} needs f(x: number); '${fn.name}' takes (${kinds.join(', ') || 'nothing'}). Use gradient/jacobian for functions of several inputs`);
  }
  if (verb.input === 'vector' && !((kinds.length === 1 && kinds[0] === 'array') || (kinds.length >= 2 && kinds.every((k) => k === 'number')))) {
    reject(call.arguments[0], 'DDX1005', `${verbName} needs f(x: number[]) or f(a: number, b: number, …); '${fn.name}' takes (${kinds.join(', ') || 'nothing'})`);
  }
  if (verb.output === 'number' && fn.returns !== 'number') {
    reject(call.arguments[0], 'DDX1010', `${verbName} needs f to return a number, but '${fn.name}' returns an array; use jacobian/jvp for array outputs`);
  }
  if (verb.output === 'array' && fn.returns !== 'array') {
    reject(call.arguments[0], 'DDX1010', `${verbName} needs f to return an array, but '${fn.name}' returns a number; use gradient for scalar outputs`);
  }
}

/** Literals, Math constants and arithmetic on them: safe to copy into generated code. */
function isConstantExpression(e: ts.Expression): boolean {
  if (ts.isNumericLiteral(e)) return true;
  if (ts.isParenthesizedExpression(e)) return isConstantExpression(e.expression);
  if (ts.isPrefixUnaryExpression(e)) return (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken) && isConstantExpression(e.operand);
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    const arith = [ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.AsteriskAsteriskToken, ts.SyntaxKind.PercentToken];
    return arith.includes(k) && isConstantExpression(e.left) && isConstantExpression(e.right);
  }
  if (ts.isPropertyAccessExpression(e)) return ts.isIdentifier(e.expression) && e.expression.text === 'Math';
  return false;
}

/** Calls `f` on every function `fn` calls. */
export function forEachCallee(fn: NumericFunction, f: (callee: NumericFunction) => void): void {
  forEachExpr(fn.body, (e) => {
    if (e.k === 'call') f(e.fn);
  });
}

/** The files other than `fileName` whose functions or constants `fns` (and their callees) read, sorted. */
export function dependenciesOf(fns: readonly NumericFunction[], fileName: string): string[] {
  const dependencies = new Set<string>();
  const seen = new Set<NumericFunction>();
  const collect = (fn: NumericFunction): void => {
    if (seen.has(fn)) return;
    seen.add(fn);
    if (fn.fileName !== fileName) dependencies.add(fn.fileName);
    for (const c of fn.constants.values()) if (c.fileName !== fileName) dependencies.add(c.fileName);
    forEachCallee(fn, collect);
  };
  fns.forEach(collect);
  return [...dependencies].sort();
}
