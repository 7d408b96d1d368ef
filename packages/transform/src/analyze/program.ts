/**
 * The analysis over one module and the project modules it reaches: finds the verb call sites,
 * resolves their function arguments by symbol, tells plain numeric functions from functions
 * written over duals, and lowers the numeric ones (and every callee) to `ir.ts` data.
 * Nothing is emitted here.
 *
 * The passes, in order (one file each):
 * 1. resolve (resolve.ts; aliases.ts, members.ts, closures.ts; for now also this file's Analyzer): identifiers, calls and imports through the checker;
 * 2. lower (lower.ts): TypeScript into the IR (ir.ts, plain data);
 * 3. normalise (normalise.ts): IR → IR rewrites over a whole lowered function (desugaring, one
 *    exit per function returning a number or a boolean);
 * 4. scalarise (scalarise.ts): records, tuples and class instances laid out as arrays of numbers;
 * 5. activity (activity.ts) and checks (checks.ts): which values carry tangents, and every
 *    rejection that depends on it, over the versions the emit mode will generate — all of a
 *    module's diagnostics together (transform.ts runs the checks on every call site);
 * then emit (../emit), which only emits. test/interpreter.test.ts interprets the IR after
 * lowering and after normalise and compares both with the plain JavaScript.
 */
import { ts } from 'ts-morph';
import { reject, Rejection, unlessRejected, type Diagnostic } from '../diagnostics.js';
import type { ArrayInit, CustomRule, Expr, ModuleConstant, NumericFunction, Var } from './ir.js';
import { eachVersionOnce, ParamState } from './activity.js';
import { appliedFactory, isMatrixAnnotation, lowerCallSpecialisation, type DefaultParamKind, entryOf, specialEntry, isAssigned, restParameterOf, lowerConstantArgument, lowerFunction, madeEntry, registerRule, resultParamsOf, type FunctionLike, type LowerContext } from './lower.js';
import { isVerbName, verbs, type Verb, type VerbName } from './verbs.js';
import { forEachExpr, forEachNode, isJavaScript } from './walk.js';
import { isFunctionExpression, localFunctionOf, ownerOf } from './closures.js';
import { isModuleConstant } from './aliases.js';
import { arrayFields, describedParam, matrices, matrixOutputAdvice, matrixReturns, numberOutputAdvice, optionalFieldOf, recordAloneArrow, recordArrayShapes, recordsOf, recordShapeOf, recordShapes, sameLayout, type RecordShape, type RecordsOf } from './scalarise.js';
import { isStatic, memberValueWhy } from './members.js';
import { recordTypeAdvice, Resolver, unwrap } from './resolve.js';

/** A call of a verb whose function argument is a plain numeric function. */
export interface CallSite {
  readonly node: ts.CallExpression;
  readonly verb: VerbName;
  readonly fn: NumericFunction;
  /** The point arguments (x, or x and v), as source nodes. */
  readonly points: readonly ts.Expression[];
  /** For a function a factory makes here, the factory's arguments: passed as `fn`'s captures, evaluated once. */
  readonly constants?: readonly ts.Expression[];
  /**
   * The record shapes (scalarise.ts) of `fn`'s one parameter and of its value, where they are
   * records (`inputIsArray`, `outputIsArray`: the parameter, the value, is an array of records of that shape): the call site
   * flattens the points and builds records back (emit/records.ts).
   */
  readonly record?: RecordsOf;
  /**
   * gradient, valueAndGradient, jvp, hvp, vjp or valueAndVjp of a function of one matrix
   * (`number[][]`), or gradient(f) of one: the call site checks the point (and jvp's and hvp's
   * direction) and lays it out (scalarise.ts), the generated code differentiates with respect to
   * the layout, and the gradient's (H·v's, wᵀJ's) elements are built back into rows (emit/records.ts).
   */
  readonly matrix?: true;
  /**
   * The mode written at the call (`{ mode: 'forward' | 'reverse' | 'auto' }`; vjp's is 'reverse'),
   * undefined where none is. What the call is compiled in is transform.ts's to resolve (a
   * ResolvedSite's `compiledIn`).
   */
  readonly mode?: SiteMode;
}

/**
 * The modes of a call: forward mode (the module's backend), reverse mode (emit/reverse), or
 * 'auto', the mode chosen by the measured crossover (emit/reverse/auto.ts).
 */
export type SiteMode = 'forward' | 'reverse' | 'auto';

/** A call site with the mode it is compiled in, as transform.ts's checks pass resolves it. */
export interface ResolvedSite extends CallSite {
  readonly compiledIn: SiteMode;
}

/**
 * A plain call of a function that differentiates a function it is given (`newton(g, x0)` with
 * `derivative(f, x)` inside), where no verb differentiates the call: rewritten to call `fn`, the
 * version for the functions passed (lower.ts), with `args` (the other arguments) and then the
 * values `fn` captures there, by name.
 */
export interface SpecialisedCall {
  readonly node: ts.CallExpression;
  readonly fn: NumericFunction;
  readonly args: readonly ts.Expression[];
  /** The function arguments, compiled into `fn` (they disappear from the rewritten call). */
  readonly functions: readonly ts.Expression[];
}

export interface ModuleAnalysis {
  readonly callSites: CallSite[];
  readonly specialisedCalls: SpecialisedCall[];
  readonly diagnostics: Diagnostic[];
  /** Files other than the analysed one whose functions were used. */
  readonly dependencies: string[];
  /**
   * The names of every lowered function's locals and parameters, temporaries included (a call's
   * record held as `fzMid2`). A module-level generated function is reached from many functions, so
   * its name must avoid all of them, not only those of the function that first needed it.
   */
  readonly localNames: ReadonlySet<string>;
}

export class Analyzer extends Resolver implements LowerContext {
  private readonly functions = new Map<ts.Node, NumericFunction>();
  /** usedNames of every function lowered (each set is filled while its function is lowered). */
  private readonly usedNameSets: ReadonlySet<string>[] = [];
  lowered(fn: NumericFunction): void {
    this.usedNameSets.push(fn.usedNames);
  }
  /** The names of every lowered function's locals and parameters, temporaries included (see ModuleAnalysis.localNames). */
  localNames(): Set<string> {
    return new Set(this.usedNameSets.flatMap((names) => [...names]));
  }

  /** `mathFile` and `dualFile`: see Resolver. */
  constructor(checker: ts.TypeChecker, mathFile?: ts.SourceFile, dualFile?: ts.SourceFile, readonly normalises = true) {
    super(checker, mathFile, dualFile);
  }


  /** Why the transform cannot see the function `arg` denotes, and what to do. */
  private notStatic(arg: ts.Expression, verb: VerbName): string {
    const e = unwrap(arg);
    const text = e.getText();
    const fix = `, or write it over ddx values (parameters typed Real, @ddx/dual operations) so the run-time engine evaluates it`;
    const rest = `; without a diagnostic, the plain function would reach the run-time engine and fail, or return its guard value, at run time`;
    if (ts.isIdentifier(e)) {
      const symbol = this.checker.getSymbolAtLocation(e);
      const decl = symbol && this.target(symbol);
      const from = symbol && this.importOf(symbol);
      if (from && !from.module.startsWith('.')) {
        return `${verb} cannot compile '${text}': it comes from '${from.module}', which the transform does not read (only modules of this project); give it its derivatives with defineFunction('${text}', ${text}, d${text}, d2${text}) and differentiate that${fix}${rest}`;
      }
      if (decl && ts.isParameter(decl)) {
        const owner = decl.parent;
        const named = ts.isFunctionLike(owner) ? this.nameOf(owner as FunctionLike) : undefined;
        const where = named ? ` of '${named}'` : '';
        const why = ts.isFunctionDeclaration(owner) || ts.isArrowFunction(owner) || ts.isFunctionExpression(owner) ? this.whyNotSpecialised(owner) : undefined;
        const perCall = why === undefined ? '' : ` A function that differentiates a function it is given is compiled for each call in its module that passes a known function, but ${why}.`;
        return `${verb} cannot compile '${text}': it is a parameter${where}, so the function it holds is only known at run time.${perCall} Pass the function itself to ${verb} where it is known (a function declared in this project, or an arrow)${fix}${rest}`;
      }
      return `${verb} cannot compile '${text}': it is not a function declaration or a const arrow or function expression the transform can read. Declare the function (function f(x: number) { … }, or const f = (x: number) => …)${fix}${rest}`;
    }
    const memberWhy = ts.isPropertyAccessExpression(e) ? this.memberWhyNot(this.checker.getSymbolAtLocation(e.name), e.expression) : undefined;
    if (memberWhy) return `${verb} cannot compile '${text}': ${memberWhy}${fix}${rest}`;
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      return `${verb} cannot compile '${text}': of members, only methods and function-valued properties of a module-level const object literal and static methods of a class are compiled (and instance methods of a class of numbers taken from an instance). Declare the function at module level, or differentiate an arrow that calls a module-level function${fix}${rest}`;
    }
    if (ts.isCallExpression(e)) {
      return `${verb} cannot compile '${text}': the function is made at run time by a call. Differentiate a function declared in this project${fix}${rest}`;
    }
    return `${verb} cannot compile this argument: it is not a function the transform can see. Pass a function declared in this project, or an arrow written here${fix}${rest}`;
  }

  private readonly methods = new Map<ts.Node, NumericFunction>();
  private readonly methodsTaken = new Map<string, NumericFunction>();

  /**
   * `derivative(model.energy, r)`: an instance method of a class of numbers taken from a variable
   * holding an instance. Differentiated over its own parameters; the instance's numbers are
   * constants of the derivative, passed by the call site (`[model.k, model.x0]`) as a capture.
   */
  private methodTaken(arg: ts.Expression): NumericFunction | undefined {
    const e = unwrap(arg);
    if (!ts.isPropertyAccessExpression(e) || !ts.isIdentifier(e.expression)) return undefined;
    const decl = this.checker.getSymbolAtLocation(e.name)?.valueDeclaration;
    if (!decl || !ts.isMethodDeclaration(decl) || !decl.body || !ts.isClassLike(decl.parent)) return undefined;
    if (isStatic(decl) || this.isDualWritten(decl as unknown as FunctionLike)) return undefined;
    const classSymbol = decl.parent.name && this.checker.getSymbolAtLocation(decl.parent.name);
    const self = classSymbol && recordShapeOf(this.checker.getDeclaredTypeOfSymbol(classSymbol), this.checker, e);
    if (!self) return undefined;
    const receiver = recordShapeOf(this.checker.getTypeAtLocation(e.expression), this.checker, e.expression);
    if (!receiver || !sameLayout(receiver, self)) {
      reject(e.expression, 'DDX1022', `'${e.expression.text}' is not an instance of '${self.typeName}' with its fields; take the method from an instance of '${self.typeName}'`);
    }
    const key = `${decl.getSourceFile().fileName}:${decl.pos}:${e.expression.text}`;
    const known = this.methodsTaken.get(key);
    if (known) return known;
    this.reach(decl);
    const name = `${decl.parent.name?.text ?? 'class'}_${decl.name.getText()}`;
    return entryOf(lowerFunction(decl as unknown as FunctionLike, name, this, (fn) => this.methodsTaken.set(key, fn), () => 'number', false, { self, selfName: e.expression.text }));
  }

  methodFor(node: ts.MethodDeclaration, self: RecordShape): NumericFunction {
    const cached = this.methods.get(node);
    if (cached) return cached;
    this.reach(node);
    const name = `${(node.parent as ts.ClassLikeDeclaration).name?.text ?? 'class'}_${node.name.getText()}`;
    return lowerFunction(node as unknown as FunctionLike, name, this, (fn) => this.methods.set(node, fn), undefined, false, { self });
  }

  /** Lowers a function once (cached by declaration). */
  lower(node: FunctionLike, name: string, defaultParamKind?: (i: number, n: number) => DefaultParamKind | undefined, allowCaptures = false): NumericFunction {
    const cached = this.functions.get(node);
    if (cached) return cached;
    this.reach(node);
    return lowerFunction(node, name, this, (fn) => this.functions.set(node, fn), defaultParamKind, allowCaptures);
  }

  /**
   * Versions of a function of parameters of no type for the records its verbs' points or its callers'
   * arguments give them, by function, record layout of each such parameter and arguments given.
   */
  private readonly recordVersions = new Map<ts.Node, { shapes: ReadonlyMap<number, RecordShape>; omitted?: number; fn: NumericFunction }[]>();

  /**
   * The version of a function whose parameters of no type are records of `shapes` (by parameter
   * index: pointRecordOf, or a caller's arguments), lowered once per layout (`omitted`: for a call
   * passing only that many arguments, omitted.ts).
   */
  private recordVersion(node: FunctionLike, name: string, shapes: ReadonlyMap<number, RecordShape>, defaultParamKind: (i: number, n: number) => DefaultParamKind | undefined, allowCaptures: boolean, omitted?: number): NumericFunction {
    let versions = this.recordVersions.get(node);
    if (!versions) this.recordVersions.set(node, (versions = []));
    const same = (a: RecordShape, b: RecordShape | undefined) => b !== undefined && sameLayout(a, b) && sameLayout(b, a);
    const known = versions.find((v) => v.omitted === omitted && v.shapes.size === shapes.size && [...shapes].every(([i, shape]) => same(shape, v.shapes.get(i))));
    if (known) return known.fn;
    this.reach(node);
    const kind = (i: number, n: number): DefaultParamKind | undefined => { const record = shapes.get(i); return record ? { record } : defaultParamKind(i, n); };
    return lowerFunction(node, name, this, (fn) => versions.push({ shapes, omitted, fn }), kind, allowCaptures, omitted === undefined ? {} : { omitted });
  }

  /** Versions for omitted arguments, by function and argument count. */
  private readonly omittedVersions = new Map<ts.Node, Map<number, NumericFunction>>();

  /** The version of a function for calls that pass only `given` of its arguments (omitted.ts), lowered once. */
  private omittedVersion(node: FunctionLike, name: string, defaultParamKind: ((i: number, n: number) => DefaultParamKind | undefined) | undefined, given: number): NumericFunction {
    let versions = this.omittedVersions.get(node);
    if (!versions) this.omittedVersions.set(node, (versions = new Map()));
    const known = versions.get(given);
    if (known) return known;
    this.reach(node);
    return lowerFunction(node, name, this, (v) => versions.set(given, v), defaultParamKind, false, { omitted: given });
  }

  nestedFunction(arg: ts.Expression, verb: VerbName): NumericFunction {
    const found = this.functionNodeOf(arg, true);
    // A method taken from an instance (`derivative(model.run, t)`): its instance is its capture.
    const method = found ? undefined : this.methodTaken(arg);
    if (method) return method;
    if (!found) reject(arg, 'DDX1018', this.notStatic(arg, verb));
    const dualWhy = this.dualWrittenWhy(found.node);
    if (dualWhy) reject(arg, 'DDX1006', `'${found.name}' ${dualWhy}; a nested ${verb} in a plain numeric function needs a plain numeric function`);
    const e = unwrap(arg);
    // So may a local function named here (`const k = (t: number) => t * x; … derivative(k, 2)`), as at
    // a verb's own call site (entryAt): lowerNestedVerb passes what it reads as it is at the call,
    // whichever of the two call sites lowers it first.
    const local = e !== found.node && localFunctionOf(found.node.parent && ts.isVariableDeclaration(found.node.parent) ? found.node.parent : found.node);
    const allowCaptures = (e === found.node && (ts.isArrowFunction(e) || (ts.isFunctionExpression(e) && !e.name))) || local !== undefined;
    return entryOf(this.lower(found.node, found.name, () => 'number', allowCaptures));
  }

  calleeFor(id: ts.Node, symbol: ts.Symbol, given?: number, argumentRecord?: (i: number) => RecordShape | undefined): NumericFunction {
    const from = this.importOf(symbol);
    if (this.isDual(symbol)) {
      const name = id.getText();
      const exported = ts.getNameOfDeclaration(this.declarationOf(symbol));
      if (exported && ts.isIdentifier(exported) && isVerbName(exported.text)) {
        reject(id, 'DDX1006', `a nested ${name} inside a differentiated function is not compiled yet; compute it outside the function, or write both functions over ddx values (Real, @ddx/dual operations) so the run-time engine nests them`);
      }
      reject(id, 'DDX1006', `'${name}' is an operation of @ddx/dual: a plain numeric function cannot call it; use operators and Math, or write the whole function over ddx values (Real, @ddx/dual operations) for the run-time engine`);
    }
    const decl = this.target(symbol);
    if (!decl) {
      if (from && from.module.startsWith('.')) {
        reject(id, 'DDX1008', `cannot read module '${from.module}' to differentiate through '${id.getText()}'; check the path (the transform reads project modules relative to this file)`);
      }
      reject(id, 'DDX1006', `'${id.getText()}' comes from '${from?.module ?? 'outside this project'}', which the transform cannot read; only functions of this project and of packages' JavaScript can be differentiated through; or ${registerRule}`);
    }
    // `model.energy(r)`, `this.energy(r)`: a member called on the object it is read from.
    const access = ts.isPropertyAccessExpression(id.parent) && id.parent.name === id ? id.parent : undefined;
    const receiver = access && ts.isCallExpression(access.parent) && access.parent.expression === access ? access.expression : undefined;
    const found = this.functionDeclaration(decl, receiver);
    if (!found && ts.isVariableDeclaration(decl) && decl.initializer && ts.isCallExpression(unwrap(decl.initializer)) &&
        this.dualExportOf((unwrap(decl.initializer) as ts.CallExpression).expression) === 'defineFunction') {
      reject(id, 'DDX1006', `'${id.getText()}' is made by defineFunction, but the transform uses such a rule only when it is a module-level const (const ${id.getText()} = defineFunction(…) at the top level of a module); declare it so`);
    }
    const memberWhy = found ? undefined : this.memberWhyNot(symbol, receiver);
    if (memberWhy) reject(access ?? id, 'DDX1006', `cannot compile the call of '${(access ?? id).getText()}': ${memberWhy}`);
    // `new C(…).m(x)`: a method of an instance made in place, which the transform reads from a local.
    const member = ts.isPropertyAccessExpression(id.parent) && id.parent.name === id ? id.parent : undefined;
    if (!found && member && ts.isMethodDeclaration(decl) && ts.isNewExpression(unwrap(member.expression))) {
      reject(member, 'DDX1006', `'${member.getText()}(…)' calls method '${id.getText()}' of an instance made in place; hold the instance in a local first (const o = ${member.expression.getText()}; o.${id.getText()}(…))`);
    }
    if (!found) reject(id, 'DDX1006', `'${id.getText()}' is not a function declaration or a const arrow/function expression the transform can read; declare it so, or ${registerRule}`);
    // A callee reading fields of parameters of no type as numbers (culori's `rgb => … rgb.r …`,
    // `({ r, g, b }) => …`): compiled for the records its caller's arguments are, a version per layout.
    const records = argumentRecord && this.recordReadsOfUntyped(found.node);
    const dualWhy = records ? undefined : this.dualWrittenWhy(found.node);
    if (dualWhy) reject(id, 'DDX1006', `'${found.name}' ${dualWhy}; a plain numeric function cannot call it — write both as plain numeric functions, or both with @ddx/dual operations`);
    // JavaScript cannot annotate parameters: a callee's parameter is an array where the body
    // indexes it or reads its length, else a number (lowering rejects any other use of either).
    const kinds = this.javaScriptParamKind(found.node);
    // A call that omits arguments without defaults calls a version for its arguments (omitted.ts).
    // (In TypeScript only optional parameters may be omitted: the checker rejects other calls.)
    // (A function with a rest parameter takes any number of arguments: its one version.)
    const rest = found.node.parameters.at(-1)?.dotDotDotToken ? [] : found.node.parameters.slice(given ?? found.node.parameters.length);
    const omitted = rest.some((p) => !p.initializer) && (isJavaScript(found.node) || rest.every((p) => p.questionToken || p.initializer)) ? given : undefined;
    if (records) return this.recordVersion(found.node, found.name, this.argumentRecords(id, found, records, argumentRecord!), (i) => kinds?.(i), false, omitted);
    if (omitted !== undefined) return this.omittedVersion(found.node, found.name, kinds, omitted);
    return this.lower(found.node, found.name, kinds);
  }

  /**
   * The records a call's arguments give the parameters of no type a callee reads as records (by
   * parameter index); where an argument is no record known at build time, refused naming the parameter.
   */
  private argumentRecords(id: ts.Node, found: { node: FunctionLike; name: string }, reads: Map<ts.ParameterDeclaration, string>, argumentRecord: (i: number) => RecordShape | undefined): Map<number, RecordShape> {
    const shapes = new Map<number, RecordShape>();
    for (const [param, read] of reads) {
      const i = found.node.parameters.indexOf(param);
      const shape = argumentRecord(i);
      if (!shape || shape.fields.length === 0) {
        const name = ts.isIdentifier(param.name) ? param.name.text : `param${i}`;
        reject(id, 'DDX1006', `'${found.name}' reads '${read}' of '${param.name.getText()}', a parameter with no type, and argument ${i + 1} of this call is not a record of numbers known at build time, which would give its shape: pass a record (an object literal of numbers, or a record variable), or give '${name}' a record type, ${recordTypeAdvice(found.node, name, read.replace(/^.*\./, ''))}`);
      }
      shapes.set(i, shape);
    }
    return shapes;
  }

  private readonly differentiating = new Map<ts.Node, Set<ts.ParameterDeclaration>>();
  /**
   * The function parameters of `node` it differentiates: passes to a verb (`derivative(f, x)`),
   * or to a parameter of a function that does (`newton(f, x0)` inside `solveAll(f)`).
   */
  differentiatedParameters(node: FunctionLike): ReadonlySet<ts.ParameterDeclaration> {
    const known = this.differentiating.get(node);
    if (known) return known;
    const found = new Set<ts.ParameterDeclaration>();
    this.differentiating.set(node, found); // recursion: what is found so far
    if (node.body) forEachNode(node.body, (n) => {
      if (!ts.isCallExpression(n)) return;
      const verb = this.verbOf(n.expression);
      n.arguments.forEach((a, i) => {
        if (!(verb ? i === 0 : this.calleeDifferentiates(n, i))) return;
        const p = this.functionParameter(a);
        if (p?.owner === node) found.add(p.param);
        // An arrow written here that calls the parameter (newton((x) => -f(x), x0)) differentiates it too.
        for (const q of this.outerParametersRead(a)) if (q.owner === node) found.add(q.param);
      });
    });
    return found;
  }

  /**
   * The function-typed parameters of enclosing functions that a function written inline (an arrow
   * or function expression, as an argument) or a local function reads: \`f\` of \`(x) => -f(x)\`
   * inside \`solve(f, x0)\`. None for a function written over ddx values (the run-time engine's).
   */
  private outerParametersRead(arg: ts.Expression): { param: ts.ParameterDeclaration; owner: FunctionLike }[] {
    const a = unwrap(arg);
    const e = isFunctionExpression(a) ? a : ts.isIdentifier(a) ? localFunctionOf(this.checker.getSymbolAtLocation(a)?.valueDeclaration)?.node : undefined;
    // One written over ddx values is the run-time engine's business.
    if (!e || this.isDualWritten(e)) return [];
    const read: { param: ts.ParameterDeclaration; owner: FunctionLike }[] = [];
    forEachNode(e, (n) => {
      const p = ts.isIdentifier(n) ? this.functionParameter(n) : undefined;
      if (p && p.owner !== e && p.owner.pos <= e.pos && e.end <= p.owner.end && !read.some((r) => r.param === p.param)) read.push(p);
    });
    return read;
  }

  /**
   * Whether a function written inline reads a parameter that its enclosing function differentiates
   * and is compiled per call for: each version of that function compiles it, with the parameter
   * bound (so the call or verb it is passed to is not a site of its own). One whose enclosing
   * function cannot be compiled per call is DDX1018, saying why (`at`: the verb or solver).
   */
  private readsSpecialisedParameter(arg: ts.Expression, at: string): boolean {
    const read = this.outerParametersRead(arg);
    for (const p of read) {
      if (this.differentiatedParameters(p.owner).has(p.param) && this.whyNotSpecialised(p.owner) === undefined) continue;
      reject(arg, 'DDX1018', `${at} is compiled for the function ${isFunctionExpression(unwrap(arg)) ? 'written here' : `'${arg.getText()}'`}, which calls '${p.param.name.getText()}', ${this.describeUnknown(p.param.name as ts.Identifier)}; pass the function itself where it is known (a function declared in this project, or an arrow)`);
    }
    return read.length > 0;
  }

  /** Whether the function a call calls differentiates the function passed as its argument `i`. */
  private calleeDifferentiates(call: ts.CallExpression, i: number): boolean {
    const callee = this.calledFunction(call);
    const p = callee?.node.parameters[i];
    return p !== undefined && this.differentiatedParameters(callee!.node).has(p);
  }

  /**
   * Why the calls of `node` cannot be all its uses in its module (every one then compiled for the
   * functions it passes, or diagnosed): exported, used as a value, or not named; undefined when
   * they can.
   */
  private whyNotSpecialised(node: FunctionLike): string | undefined {
    // Walks the module: once per function.
    if (!this.notSpecialised.has(node)) this.notSpecialised.set(node, this.whyNotSpecialisedNow(node));
    return this.notSpecialised.get(node);
  }
  private readonly notSpecialised = new Map<ts.Node, string | undefined>();

  private whyNotSpecialisedNow(node: FunctionLike): string | undefined {
    const name = this.nameOf(node);
    const decl = ts.isFunctionDeclaration(node) ? node : node.parent;
    if (!name || !(ts.isFunctionDeclaration(decl) || (ts.isVariableDeclaration(decl) && (decl.parent.flags & ts.NodeFlags.Const) !== 0))) {
      return 'this function is not declared by a name (function h(…) or const h = …) that its calls could be followed by';
    }
    const sf = node.getSourceFile();
    if (this.exportNameOf(sf, decl)) return `'${name}' is exported, and a call from another module would reach the verb with a function the transform has not seen`;
    const symbol = this.checker.getSymbolAtLocation((decl as ts.FunctionDeclaration | ts.VariableDeclaration).name!);
    let asValue: ts.Node | undefined;
    forEachNode(sf, (n) => {
      if (asValue || !ts.isIdentifier(n) || n === (decl as ts.NamedDeclaration).name || n.text !== name || this.checker.getSymbolAtLocation(n) !== symbol) return;
      if (!(ts.isCallExpression(n.parent) && n.parent.expression === n)) asValue = n;
    });
    if (asValue) {
      const { line } = sf.getLineAndCharacterOfPosition(asValue.getStart());
      return `'${name}' is used as a value on line ${line + 1}, not only called, so it may be called with a function the transform has not seen`;
    }
    return undefined;
  }

  /**
   * A plain call of a function that differentiates a function it is given, with that function
   * known here (an arrow written here, a function declared in this project or imported, a local
   * function): the version of the callee for it. A call passing a parameter of a function itself
   * compiled per call is that function's business; any other function argument is DDX1018.
   */
  private specialisedCall(call: ts.CallExpression): SpecialisedCall | undefined {
    const callee = this.calledFunction(call);
    if (!callee) return undefined;
    const differentiated = this.differentiatedParameters(callee.node);
    if (differentiated.size === 0) return undefined;
    const given = new Map<ts.Declaration, { node: FunctionLike; name: string; lowered?: () => NumericFunction }>();
    const args: ts.Expression[] = [];
    const functions: ts.Expression[] = [];
    /** Whether the call is left as written: it passes on a parameter (compiled where its function is), or a function over ddx values. */
    let forwarded = false;
    callee.node.parameters.forEach((p, i) => {
      const a = call.arguments[i];
      const takesFunction = p.type !== undefined && ts.isFunctionTypeNode(p.type);
      if (!takesFunction) { if (a) args.push(a); return; }
      if (!a) reject(call, 'DDX1030', `'${callee.name}' needs its function argument '${p.name.getText()}'`);
      functions.push(a);
      const passed = this.functionParameter(a);
      if (passed && this.differentiatedParameters(passed.owner).has(passed.param) && this.whyNotSpecialised(passed.owner) === undefined) { forwarded = true; return; }
      if (this.readsSpecialisedParameter(a, `'${callee.name}'`)) { forwarded = true; return; }
      const found = this.functionNodeOf(a) ?? localFunctionOf(this.checker.getSymbolAtLocation(unwrap(a))?.valueDeclaration);
      // A function over ddx values: the run-time engine differentiates it in the solver as written.
      // (Not a plain function of a parameter of no type read as a record: the engine takes no record.)
      if ((found && this.isDualWritten(found.node) && !this.recordReadsOfUntyped(found.node)) || (!found && this.isOverDdxValues(a))) { forwarded = true; return; }
      if (!found || found.node.parameters.some((q) => q.type !== undefined && ts.isFunctionTypeNode(q.type))) {
        if (!differentiated.has(p)) reject(a, 'DDX1030', `argument ${i + 1} of '${callee.name}' must be a function known at compile time (a function declared in this project, a local function, or an arrow written here), as '${callee.name}' is compiled for the functions it is given; ${memberValueWhy(unwrap(a), this.checker) ?? `'${a.getText()}' is chosen at run time`}`);
        const verbAt = this.verbNodeFor(callee.node, p);
        reject(a, 'DDX1018', `'${callee.name}' differentiates its parameter '${p.name.getText()}'${verbAt}, so each call is compiled for the function it passes, which must be known here: a function declared in this project (or imported from one), a local function, or an arrow written here; '${a.getText()}' is ${this.describeUnknown(a)}`);
      }
      const e = unwrap(a);
      const written = e === found.node;
      const id = !written && ts.isIdentifier(e) ? e : undefined;
      const symbol = id && this.checker.getSymbolAtLocation(id);
      const local = symbol && localFunctionOf(symbol.valueDeclaration);
      given.set(p, written || local ? { node: found.node, name: found.name } : { ...found, lowered: () => this.calleeFor(id!, symbol!) });
    });
    if (forwarded) return undefined;
    args.push(...call.arguments.slice(callee.node.parameters.length));
    this.reach(callee.node);
    const fn = lowerCallSpecialisation(callee, given, call, this);
    this.checkPlainInputs(call, callee.name, args, fn.captured ?? []);
    for (const decl of fn.captured ?? []) {
      const name = ((decl as ts.NamedDeclaration).name as ts.Identifier).text;
      if (this.checker.resolveName(name, call, ts.SymbolFlags.Value, false) !== this.checker.getSymbolAtLocation((decl as ts.NamedDeclaration).name!)) {
        reject(call, 'DDX1030', `the function passed to '${callee.name}' reads '${name}' of its enclosing scope, but here '${name}' names another variable; rename one of them`);
      }
    }
    return { node: call, fn, args, functions };
  }

  /**
   * A solver's version for a known function is plain numeric code: inside a function written over
   * ddx values (differentiated by the run-time engine), a call of it that passes that function's
   * values (`newton(g, a)` in `(a: Real) => …`, or a `g` that reads `a`) would hand the plain code
   * a Dual, which throws at run time. DDX1018 at build time instead, saying what to do.
   */
  private checkPlainInputs(call: ts.CallExpression, solver: string, args: readonly ts.Expression[], captured: readonly ts.Declaration[]): void {
    // The function the call is in, when it is written over ddx values; its values, and those of
    // the functions over ddx values around it, may be Duals.
    let owner: ts.Node | undefined = call.parent;
    while (owner && !ts.isFunctionLike(owner)) owner = owner.parent;
    if (!owner || !this.isDualWritten(owner as FunctionLike)) return;
    const dualScopes: ts.Node[] = [];
    for (let n: ts.Node | undefined = owner; n; n = n.parent) if (ts.isFunctionLike(n) && this.isDualWritten(n as FunctionLike)) dualScopes.push(n);
    const inOwner = (decl: ts.Node | undefined): boolean => decl !== undefined && dualScopes.some((d) => decl.pos >= d.pos && decl.end <= d.end);
    const ownerName = this.nameOf(owner as FunctionLike) ?? 'the function around it';
    const fail = (at: ts.Node, what: string): never => reject(at, 'DDX1018', `'${solver}' is compiled for the function this call passes as plain numeric code, but the call is inside '${ownerName}', which is written over ddx values, and ${what}, a value of '${ownerName}' that may be a Dual (plain code cannot take one: it would throw at run time); write '${solver}' over ddx values too (its function typed (x: Real) => Real, @ddx/dual operations) so the run-time engine nests it, or pass it plain numbers only`);
    for (const a of args) {
      forEachNode(a, (n) => {
        if (ts.isIdentifier(n) && inOwner(this.checker.getSymbolAtLocation(n)?.valueDeclaration)) fail(a, `passes it '${a.getText()}'`);
      });
    }
    const read = captured.find(inOwner);
    if (read) fail(call, `the function it passes reads '${((read as ts.NamedDeclaration).name as ts.Identifier).text}'`);
  }

  /** Where `node` passes its parameter `p` to a verb, for a message (` (derivative on line 4)`), or ''. */
  private verbNodeFor(node: FunctionLike, p: ts.ParameterDeclaration): string {
    let at = '';
    if (node.body) forEachNode(node.body, (n) => {
      if (at || !ts.isCallExpression(n) || n.arguments.length === 0 || this.functionParameter(n.arguments[0])?.param !== p) return;
      const verb = this.verbOf(n.expression);
      if (verb) at = ` (${verb} on line ${n.getSourceFile().getLineAndCharacterOfPosition(n.getStart()).line + 1})`;
    });
    return at;
  }

  /** What an argument the transform cannot see is, for a message. */
  private describeUnknown(a: ts.Expression): string {
    const e = unwrap(a);
    const passed = this.functionParameter(a);
    if (passed) {
      const why = this.whyNotSpecialised(passed.owner);
      const owner = this.nameOf(passed.owner);
      return `a parameter${owner ? ` of '${owner}'` : ''}, only known at run time${why ? ` (${owner ?? 'that function'} would be compiled per call too, but ${why})` : ''}`;
    }
    const memberWhy = memberValueWhy(e, this.checker);
    if (memberWhy) return `a member: ${memberWhy}`;
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return 'a member of an object, which is not compiled yet';
    if (ts.isCallExpression(e)) return 'made at run time by a call';
    return 'not a function the transform can read (a let, a function of a package it does not read, or one written over ddx values)';
  }

  /** Analyses every verb call of `sf`. Rejections become diagnostics; nothing is emitted. */
  analyzeModule(sf: ts.SourceFile): ModuleAnalysis {
    const callSites: CallSite[] = [];
    const specialisedCalls: SpecialisedCall[] = [];
    /** The diagnostics, by the call each is about (in the order of the source). */
    const rejected = new Map<ts.CallExpression, Diagnostic>();
    const attempt = (n: ts.CallExpression, analyse: () => void): void => {
      try {
        analyse();
      } catch (e) {
        if (!(e instanceof Rejection)) throw e;
        rejected.set(n, e.diagnostic);
      }
    };
    const calls: ts.CallExpression[] = [];
    forEachNode(sf, (n) => {
      if (ts.isCallExpression(n)) calls.push(n);
    });
    // A verb's call before the verbs' calls inside the functions it reaches (the function it is given,
    // and the functions of this module those name, transitively), else in the order of the source: an
    // arrow a verb's call passes types what it captures from the lowering of the function it is in
    // (lower.ts, loweredKindOf), which the verb's call that reaches that function makes first, wherever
    // either is written.
    const fedBy = new Map<ts.Node, ts.CallExpression[]>();
    for (const n of calls) {
      if (!this.verbOf(n.expression) || n.arguments.length === 0) continue;
      for (const f of this.functionsReached(n.arguments[0], sf)) {
        const ms = fedBy.get(f);
        if (ms) ms.push(n);
        else fedBy.set(f, [n]);
      }
    }
    const feeders = new Map<ts.CallExpression, ts.CallExpression[]>();
    for (const [f, ms] of fedBy) {
      forEachNode(f, (n) => {
        if (!ts.isCallExpression(n)) return;
        const known = feeders.get(n);
        if (known) known.push(...ms);
        else feeders.set(n, [...ms]);
      });
    }
    const ordered: ts.CallExpression[] = [];
    const seen = new Set<ts.CallExpression>();
    const visit = (n: ts.CallExpression): void => {
      if (seen.has(n)) return;
      seen.add(n);
      for (const m of feeders.get(n) ?? []) visit(m);
      ordered.push(n);
    };
    calls.forEach(visit);
    const sites = new Map<ts.CallExpression, CallSite>();
    const plain = new Set<ts.CallExpression>();
    for (const n of ordered) {
      attempt(n, () => {
        const site = this.callSite(n);
        if (site) sites.set(n, site);
        else plain.add(n);
      });
    }
    callSites.push(...calls.flatMap((n) => sites.get(n) ?? []));
    // The plain calls of solvers after the verbs' functions are lowered: a solver's version types what
    // its function captures from the lowering of the function the call is in (lower.ts, loweredKindOf).
    for (const n of calls.filter((c) => plain.has(c))) {
      attempt(n, () => {
        const specialised = this.specialisedCall(n);
        if (specialised) specialisedCalls.push(specialised);
      });
    }
    const diagnostics: Diagnostic[] = calls.flatMap((n) => rejected.get(n) ?? []);
    const reached = [...callSites, ...specialisedCalls].map((s) => s.fn);
    const analyzer = this;
    return {
      callSites, specialisedCalls, diagnostics, dependencies: dependenciesOf(reached, sf.fileName),
      // Read when emission starts: the checks after this analysis may lower more functions.
      get localNames() { return analyzer.localNames(); },
    };
  }

  /** What functionsReached found, by the arrow or function it started from. */
  private readonly functionsReachedFrom = new WeakMap<ts.Node, Set<ts.Node>>();
  /** The names the functions of a module are declared by (functionsReached). */
  private readonly functionNames = new WeakMap<ts.SourceFile, Set<string>>();

  /**
   * The functions of module `sf` a verb's function argument reaches: the arrow written there or the
   * function it names, and every function of `sf` those name, transitively (an over-approximation
   * of what lowering it lowers, which only orders the calls analyzeModule analyses).
   */
  private functionsReached(arg: ts.Expression, sf: ts.SourceFile): Set<ts.Node> {
    // Only names a function of `sf` is declared by go to the checker (a 10,000-term sum's \`x\` would be slow to resolve).
    let names = this.functionNames.get(sf);
    if (!names) {
      names = new Set<string>();
      forEachNode(sf, (n) => {
        const init = ts.isVariableDeclaration(n) && n.initializer ? unwrap(n.initializer) : undefined;
        const name = ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || (ts.isVariableDeclaration(n) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) ? n.name : undefined;
        if (name && ts.isIdentifier(name)) names!.add(name.text);
      });
      this.functionNames.set(sf, names);
    }
    const known = names;
    const named = (e: ts.Node): ts.Node | undefined => {
      const decl = ts.isIdentifier(e) && known.has(e.text) ? this.checker.getSymbolAtLocation(e)?.valueDeclaration : undefined;
      if (!decl || decl.getSourceFile() !== sf) return undefined;
      if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) return decl;
      const init = ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
      return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
    };
    const first = unwrap(arg);
    const start = ts.isArrowFunction(first) || ts.isFunctionExpression(first) ? first : named(first);
    const found = start && this.functionsReachedFrom.get(start);
    if (found) return found;
    const reached = new Set<ts.Node>();
    if (start) this.functionsReachedFrom.set(start, reached);
    const work = start ? [start] : [];
    while (work.length > 0) {
      const f = work.pop()!;
      if (reached.has(f)) continue;
      reached.add(f);
      forEachNode(f, (n) => {
        const g = named(n);
        if (g && !reached.has(g)) work.push(g);
      });
    }
    return reached;
  }

  /** A special function of a package passed to a verb by name (`derivative(erf, x)`), as the function of its arguments. */
  private specialPassed(arg: ts.Expression): NumericFunction | undefined {
    const e = unwrap(arg);
    const symbol = ts.isIdentifier(e) ? this.checker.getSymbolAtLocation(e) : undefined;
    const special = symbol && this.specialFor(symbol);
    if (!special) return undefined;
    if (/[\\/]node_modules[\\/]/.test(special.importer)) return undefined; // lowering a call of it says why not
    return specialEntry(special, e);
  }

  private callSite(call: ts.CallExpression): CallSite | undefined {
    const verb = this.verbOf(call.expression);
    if (!verb || call.arguments.length === 0) return undefined;
    const special = this.specialPassed(call.arguments[0]);
    if (!special) this.reach(call.arguments[0]);
    const found = special ? undefined : this.functionNodeOf(call.arguments[0], true);
    // A function of a parameter of no type whose fields meet number operators is plain numeric code,
    // compiled for its point's record; any other reading a field of one is the run-time engine's.
    const untypedRecords = found && this.recordReadsOfUntyped(found.node);
    if (found && !untypedRecords && this.isDualWritten(found.node)) return this.leftToEngine(call, verb, found.node === unwrap(call.arguments[0]) ? 'the function' : `'${found.name}'`, found.node.parameters[0]); // the run-time engine's business
    if (found && this.readsSpecialisedParameter(call.arguments[0], verb)) return undefined; // compiled in each version of the function around it
    const method = found || special ? undefined : this.methodTaken(call.arguments[0]);
    const made = found || method || special ? undefined : this.madeFunction(call.arguments[0], call);
    if (!found && !made && !method && !special) {
      // Nothing falls through to the run-time engine silently: a function it cannot see is
      // diagnosed unless it is known to be written over ddx values.
      if (this.isOverDdxValues(call.arguments[0])) return this.leftToEngine(call, verb, `'${call.arguments[0].getText()}'`);
      // A parameter of a function compiled per call (newton(f, x0) calling derivative(f, x)):
      // each call of it compiles this verb for the function it passes (specialisedCall).
      const param = this.functionParameter(call.arguments[0]);
      if (param && this.whyNotSpecialised(param.owner) === undefined) return undefined;
      reject(call.arguments[0], 'DDX1018', this.notStatic(call.arguments[0], verb));
    }
    const spec = verbs[verb];
    // An unannotated parameter is a number, or the array of a vector point; the matrix of a matrix point (`gradient((W) => loss(W, b, x), W0)`).
    const matrixPoint = matrixPointVerbs.has(verb) && call.arguments.length >= 2 && this.isMatrixValued(call.arguments[1]);
    const defaultKind = (i: number, n: number): DefaultParamKind => (spec.input === 'scalar' || n >= 2 ? 'number' : matrixPoint ? 'matrix' : 'array');
    const pointRecord = untypedRecords && this.pointRecordOf(call, verb, found!, untypedRecords);
    const fn = special ?? method ?? made?.fn ?? this.entryAt(call, found!, defaultKind, pointRecord);
    const split = fn.params.find((p) => arrayFields.has(p));
    if (split) {
      const fields = [...arrayFields.get(split)!.keys()];
      reject(call.arguments[0], 'DDX1022', `${verb} varies every number of its input, and '${split.sourceName}' is a record with array fields (${recordShapes.get(split)!.typeName}); differentiate an arrow over the numbers that vary, with the rest as data: ${verb}((${fields[0]}: number[]) => ${ts.isIdentifier(call.arguments[0]) ? call.arguments[0].text : 'f'}({ ${fields[0]}, … }), x0)`);
    }
    checkShape(call, verb, spec, fn);
    checkRules(call, verb, spec, fn, this.normalises);
    let rest = call.arguments.slice(1);
    let mode: SiteMode | undefined;
    const isOptions = (e: ts.Expression): boolean => ts.isObjectLiteralExpression(unwrap(e));
    // A function of a record takes its point as an object literal too (never options).
    const record = recordsOf(fn);
    const input = record?.input;
    // The drivers take and give doubles, where an absent field (undefined) would read NaN.
    for (const [shape, what] of [[input, 'point'], [record?.output, 'value']] as const) {
      const optional = shape && optionalFieldOf(shape);
      const instead = what === 'value' ? `differentiate an arrow that returns the numbers it needs, (…) => { const r = f(…); return [r.${optional} ?? 0, …]; }` : `differentiate an arrow of a record type without it that calls f`;
      if (optional) reject(call.arguments[0], 'DDX1022', `${verb}'s ${what} is a record (${shape.typeName}) whose field '${optional}' is optional (absent on some paths); a verb's point and value have every field: ${instead}, or make '${optional}' required`);
    }
    // verb(f, { mode: … }) of a function of a record: the options where every key is an option and
    // no field of the record, as the run-time engine reads it (which takes an object of option names as options).
    const optionsNotPoint = (e: ts.Expression): boolean => {
      const o = unwrap(e);
      if (!ts.isObjectLiteralExpression(o)) return false;
      if (!input) return true;
      const keys = o.properties.map((p) => (p.name && ts.isIdentifier(p.name) ? p.name.text : undefined));
      return keys.length > 0 && keys.every((k) => k !== undefined && optionNamesOf(verb).includes(k) && !input.fields.some((f) => f.name === k));
    };
    if (rest.length > spec.points || (rest.length === 1 && spec.curried && optionsNotPoint(rest[0]))) {
      // verb(f, x, options), or verb(f, options) for the curried form.
      const at = rest.length > spec.points ? spec.points : 0;
      const options = rest[at];
      if (!isOptions(options)) {
        reject(options, 'DDX1009', `the options of ${verb} must be an object literal such as { strategy: 'sweeps' } so the transform can read them`);
      }
      mode = checkOptionsLiteral(unwrap(options) as ts.ObjectLiteralExpression, verb);
      if (rest.length > at + 1) reject(rest[at + 1], 'DDX1009', `too many arguments to ${verb}: it takes f, ${spec.points === 2 ? 'x, v' : 'x'} and options`);
      rest = rest.slice(0, at);
    }
    if (rest.length === 0 && !spec.curried) reject(call, 'DDX1009', `${verb}(f) needs the point: ${verb}(f, x${spec.points === 2 ? ', v' : ''})`);
    if (rest.length !== 0 && rest.length !== spec.points) {
      reject(call, 'DDX1009', `${verb} takes f, ${spec.points === 2 ? 'x and v' : 'x'} and optional options; got ${call.arguments.length} arguments`);
    }
    const matrix = isMatrixPoint(verb, fn);
    // vjp is compiled in reverse mode only.
    if (verb === 'vjp' || verb === 'valueAndVjp') mode = 'reverse';
    return { node: call, verb, fn, points: rest, constants: made?.constants, ...(record ? { record } : {}), ...(matrix ? { matrix: true as const } : {}), ...(mode ? { mode } : {}) };
  }


  /**
   * A function a factory makes (closures.ts): \`verb(make(a, b), x)\`, whose arguments the call site
   * passes, or a const made by one: at module level from numeric constants, or a local
   * \`const f = make(a)\` whose arguments are literals or never-reassigned names meaning the same here.
   */
  private madeFunction(arg: ts.Expression, call: ts.CallExpression): { fn: NumericFunction; constants?: readonly ts.Expression[] } | undefined {
    // A factory of functions over ddx values is the run-time engine's business.
    if (this.isOverDdxValues(arg)) return undefined;
    const e = unwrap(arg);
    const applied = (made: ts.CallExpression): NumericFunction | undefined => {
      const factory = this.factoryAt(made.expression);
      if (!factory) return undefined;
      const fn = appliedFactory(factory.node, factory.name, this);
      const count = fn.params.length - resultParamsOf.get(fn)!;
      if (made.arguments.length !== count) reject(made, 'DDX1006', `the factory '${factory.name}' takes ${count} argument(s), got ${made.arguments.length}`);
      return fn;
    };
    if (ts.isCallExpression(e)) {
      const fn = applied(e);
      return fn && { fn: madeEntry(fn, fn.name), constants: e.arguments };
    }
    const symbol = ts.isIdentifier(e) ? this.checker.getSymbolAtLocation(e) : undefined;
    const decl = symbol && this.target(symbol);
    if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || !decl.initializer || ((decl.parent.flags & ts.NodeFlags.Const) === 0 && !isModuleConstant(decl, this.checker))) return undefined;
    const init = unwrap(decl.initializer);
    const fn = ts.isCallExpression(init) ? applied(init) : undefined;
    if (!fn) return undefined;
    const args = (init as ts.CallExpression).arguments;
    const owner = ownerOf(decl);
    if (!owner) {
      const constants = new Map<string, ModuleConstant>();
      const fixed = args.map((a) => lowerConstantArgument(a, this, (c) => constants.set(c.name, c)) ?? reject(a, 'DDX1030', `'${decl.name.getText()}' is made by a factory whose arguments must be numeric constants (literals, Math constants, module-level constants and arithmetic) for the transform to compile it; '${a.getText()}' is not`));
      return { fn: madeEntry(fn, decl.name.text, fixed, constants) };
    }
    // Evaluated again at the call site, each argument must give the same value there: it may read
    // literals, globals (Math) and names never reassigned that mean the same there, and call only Math.
    for (const a of args) {
      let same = true;
      forEachNode(a, (n) => {
        if (ts.isCallExpression(n) && !(ts.isPropertyAccessExpression(n.expression) && n.expression.expression.getText() === 'Math')) same = false;
        if (!ts.isIdentifier(n) || (ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) return;
        const s = this.checker.getSymbolAtLocation(n);
        if (s && (isAssigned(owner, s, this.checker) || this.checker.resolveName(n.text, call, ts.SymbolFlags.Value, false) !== s)) same = false;
      });
      if (!same) reject(a, 'DDX1030', `'${decl.name.text}' is made from '${a.getText()}', which may give another value where '${call.expression.getText()}' is called (it is evaluated there again); pass the factory call itself, ${call.expression.getText()}(${init.getText()}, …), or make the arguments read only names that are never reassigned`);
    }
    return { fn: madeEntry(fn, decl.name.text), constants: args };
  }

  /**
   * Whether a verb's point is written as a matrix of numbers: a literal of rows (`[[1, 2], [3, 4]]`),
   * or a name declared `number[][]` (or a const of such a literal).
   */
  private isMatrixValued(arg: ts.Expression, seen = new Set<ts.Node>()): boolean {
    const e = unwrap(arg);
    if (ts.isArrayLiteralExpression(e)) return e.elements.length > 0 && e.elements.every((row) => ts.isArrayLiteralExpression(unwrap(row as ts.Expression)));
    const symbol = ts.isIdentifier(e) ? this.checker.getSymbolAtLocation(e) : undefined;
    const decl = symbol?.valueDeclaration;
    if (!decl || seen.has(decl) || !(ts.isParameter(decl) || ts.isVariableDeclaration(decl))) return false;
    seen.add(decl);
    if (decl.type) return isMatrixAnnotation(decl.type, this.checker);
    return ts.isVariableDeclaration(decl) && (decl.parent.flags & ts.NodeFlags.Const) !== 0 && decl.initializer !== undefined && this.isMatrixValued(decl.initializer, seen);
  }

  /**
   * A verb call whose function is written over ddx values, left to the run-time engine as written.
   * The engine takes numbers and arrays of numbers as points, no record: a point that is a record
   * of numbers known at build time (`gradient((p) => p.x.mul(p.y), { x: 2, y: 3 })`) would throw
   * when the program runs, so it is refused here, at its location, saying what to write instead.
   */
  private leftToEngine(call: ts.CallExpression, verb: VerbName, named: string, param?: ts.ParameterDeclaration): undefined {
    // The curried form applied where it is made, `gradient(f)({ x: 2, y: 3 })`, is given its point there.
    const applied = verbs[verb].curried && ts.isCallExpression(call.parent) && call.parent.expression === call ? call.parent.arguments.slice(0, 1) : [];
    for (const point of [...call.arguments.slice(1, 1 + verbs[verb].points), ...applied]) {
      // An array of records (`[{ x: 2 }, { x: 3 }]`) is no point of the engine either (the analysis
      // has no lib, so an array literal is read by its first element).
      const literal = unwrap(point);
      const element = ts.isArrayLiteralExpression(literal) && literal.elements.length > 0 && !ts.isSpreadElement(literal.elements[0]) ? literal.elements[0] : undefined;
      const shape = unlessRejected(() => recordShapeOf(this.checker.getTypeAtLocation(element ?? point), this.checker, element ?? point));
      if (!shape || shape.fields.length === 0) continue;
      const fields = shape.fields.map((f) => f.name);
      const p = param && ts.isIdentifier(param.name) ? param.name.text : undefined;
      const point_ = point.getText().replace(/\s+/g, ' ');
      const at = element ? '[0].' : '.';
      reject(point, 'DDX1009', `${named} is written over ddx values (it calls their methods, or names @ddx/dual), so it is left to the run-time engine, which takes no record point: '${point_.length > 40 ? `${point_.slice(0, 37)}…` : point_}' is ${element ? 'an array of records' : 'a record'} (${fields.join(', ')}), which ${verb} would refuse when the program runs. Write ${named} with number operators (${p ? `${p}${at}${fields[0]} * ${p}${at}${fields.at(-1)!}, Math.sin(${p}${at}${fields[0]}); not ${p}${at}${fields[0]}.mul(…)` : 'not .mul(…)'}) and the transform compiles it for this ${element ? 'array of records' : 'record'}; or keep it for the engine with an array point${p && !element ? `, reading ${p}[0], ${p}[1], …` : ' of numbers'}`);
    }
    return undefined;
  }

  /**
   * The record a verb's point gives the one parameter of no type a function reads as a record
   * (recordReadsOfUntyped): the type of the point, an object literal or a name of a record type.
   * Where the point says no record (none given, an array, a value of no type), the parameter's
   * shape cannot be known at build time: refused, naming it.
   */
  private pointRecordOf(call: ts.CallExpression, verb: VerbName, found: { node: FunctionLike; name: string }, reads: Map<ts.ParameterDeclaration, string>): RecordShape {
    /** What a message says of a parameter of no type and its read, and how to give it a record type. */
    const said = (param: ts.ParameterDeclaration, read: string) => {
      const name = ts.isIdentifier(param.name) ? param.name.text : `param${found.node.parameters.indexOf(param)}`;
      return { which: `'${found.name}' reads '${read}' of '${param.name.getText()}', a parameter with no type`, advice: `give '${name}' a record type, ${recordTypeAdvice(found.node, name, read.replace(/^.*\./, ''))}` };
    };
    for (const [other, read] of reads) {
      if (other !== found.node.parameters[0]) reject(call.arguments[0], 'DDX1006', `${said(other, read).which} that the point of ${verb} does not give: ${said(other, read).advice}`);
    }
    const { which, advice } = said(...[...reads][0]);
    const point = call.arguments[1];
    const shape = point && unlessRejected(() => recordShapeOf(this.checker.getTypeAtLocation(point), this.checker, point));
    if (!shape || shape.fields.length === 0) {
      reject(point ?? call, 'DDX1006', `${which}, and ${point ? `the point of ${verb}, '${point.getText()}', is not a record of numbers known at build time` : `${verb} is given no point`}, which would give its shape: ${advice}`);
    }
    return shape;
  }

  private entryAt(call: ts.CallExpression, found: { node: FunctionLike; name: string }, defaultKind: (i: number, n: number) => DefaultParamKind, pointRecord?: RecordShape): NumericFunction {
    // An arrow written at the call site may read numbers of its enclosing function (captures):
    // the call site passes them on. A named function expression could call itself: no captures.
    const arg = unwrap(call.arguments[0]);
    // So may a local function named here (`const g = (x: number) => k * x; derivative(g, 1)`).
    const local = arg !== found.node && localFunctionOf(found.node.parent && ts.isVariableDeclaration(found.node.parent) ? found.node.parent : found.node);
    const allowCaptures = (arg === found.node && (ts.isArrowFunction(arg) || (ts.isFunctionExpression(arg) && !arg.name))) || local !== undefined;
    const fn = entryOf(pointRecord ? this.recordVersion(found.node, found.name, new Map([[0, pointRecord]]), defaultKind, allowCaptures) : this.lower(found.node, found.name, defaultKind, allowCaptures));
    if (local) checkCapturesVisible(this.checker, fn, found.node, call);
    return fn;
  }
}

/** The values a local function captures are passed by name from the call site: each name must mean there what it means in the function. */
function checkCapturesVisible(checker: ts.TypeChecker, fn: NumericFunction, at: ts.Node, call: ts.CallExpression): void {
  for (const c of fn.captures) {
    if (checker.resolveName(c.sourceName, call, ts.SymbolFlags.Value, false) !== checker.resolveName(c.sourceName, at, ts.SymbolFlags.Value, false)) {
      reject(call.arguments[0], 'DDX1030', `'${fn.name}' reads '${c.sourceName}' of its enclosing scope, but here '${c.sourceName}' names another variable; rename one of them`);
    }
  }
}


/** The options a verb takes at a call site (checkOptionsLiteral reads them). */
function optionNamesOf(verb: VerbName): readonly string[] {
  if (verb === 'gradient' || verb === 'valueAndGradient') return ['strategy', 'mode'];
  return verb === 'jacobian' || verb === 'valueAndJacobian' || reverseSecondOrder(verb) ? ['mode'] : [];
}

/** The second-order verbs reverse mode compiles (emit/reverse/hvp.ts): they take `{ mode }` too. */
const reverseSecondOrder = (verb: VerbName): boolean => verb === 'hvp' || verb === 'hessian' || verb === 'valueGradientHessian';

/**
 * The options at a call site: gradient's run-time `strategy`, which the generated code has no use
 * for, and the `mode` (a string literal), which it returns.
 */
function checkOptionsLiteral(o: ts.ObjectLiteralExpression, verb: VerbName): SiteMode | undefined {
  let mode: SiteMode | undefined;
  const gradient = verb === 'gradient' || verb === 'valueAndGradient';
  const jacobian = verb === 'jacobian' || verb === 'valueAndJacobian';
  for (const p of o.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) reject(p, 'DDX1009', `options must be written as an object literal of named options, such as { strategy: 'sweeps' }`);
    if (p.name.text === 'nanSafe') reject(p, 'DDX1009', `the nanSafe option is gone: an exactly zero tangent now always contributes nothing (what nanSafe: true did); remove it`);
    if (p.name.text === 'strategy' && gradient) continue;
    if (p.name.text === 'mode' && (gradient || jacobian || reverseSecondOrder(verb))) {
      const value = unwrap(p.initializer);
      // 'auto' (gradient and valueAndGradient): the mode chosen by the measured crossover.
      const modes = gradient || jacobian ? ['forward', 'reverse', 'auto'] : ['forward', 'reverse'];
      if (!ts.isStringLiteralLike(value) || !modes.includes(value.text)) {
        reject(p, 'DDX1009', `the mode of ${verb} must be written as ${gradient || jacobian ? "'forward', 'reverse' or 'auto'" : "'forward' or 'reverse'"} (a string literal) so the transform can read it`);
      }
      mode = value.text as SiteMode;
      continue;
    }
    reject(p, 'DDX1009', `unknown option '${p.name.text}' of ${verb}; ${gradient ? 'its options are strategy and mode' : jacobian || reverseSecondOrder(verb) ? 'its option is mode' : 'it takes none'}`);
  }
  return mode;
}

/** The verbs that differentiate with respect to a matrix, the one parameter of `fn`: their gradient is a matrix of its shape. */
const isMatrixPoint = (verb: VerbName, fn: NumericFunction): boolean =>
  matrixPointVerbs.has(verb) && fn.params.length === 1 && matrices.has(fn.params[0]);
/** The verbs whose point may be a matrix: those whose result (or direction) has the point's shape. */
const matrixPointVerbs: ReadonlySet<VerbName> = new Set(['gradient', 'valueAndGradient', 'jvp', 'hvp', 'vjp', 'valueAndVjp']);

/**
 * Why a verb does not differentiate `fn`, a function of matrix `matrix` (DDX1023): it calls f with
 * its point alone, so a function of a matrix and other parameters takes an arrow of the matrix
 * alone; hessian and jacobian at a matrix would give a matrix per entry of the point.
 */
function matrixInputAdvice(call: ts.CallExpression, verbName: VerbName, fn: NumericFunction, matrix: Var): string {
  const arg = unwrap(call.arguments[0]);
  const named = ts.isIdentifier(arg) ? `'${arg.text}'` : 'the function';
  const m = matrix.sourceName;
  const names = fn.params.map((p) => p.sourceName);
  if (names.length > 1) {
    const body = ts.isIdentifier(arg) ? `${arg.text}(${names.join(', ')})` : '…';
    const verb = matrixPointVerbs.has(verbName) ? verbName : 'gradient';
    return `${verbName} calls f with its point alone, but ${named} takes ${names.length} parameters (${names.join(', ')}), the matrix '${m}' (number[][]) among them; differentiate an arrow of the matrix alone, with the others in scope: ${verb}((${m}: number[][]) => ${body}, ${m}0)${verb === verbName ? '' : `, or flatten '${m}' into a number[] point`}`;
  }
  return `${verbName} of a function of a matrix is not compiled: parameter '${m}' of ${named} is a matrix (number[][]), and ${verbName}'s result would hold a matrix per entry of the point; use gradient, jvp, hvp or vjp, which take a matrix point, or flatten '${m}' into a number[] point (x[i * cols + j])`;
}

function checkShape(call: ts.CallExpression, verbName: VerbName, verb: Verb, fn: NumericFunction): void {
  const kinds = fn.params.map((p) => p.kind);
  // A record or an array of records is laid out as an array: say what the source wrote.
  const described = fn.params.map(describedParam);
  const rest = restParameterOf(fn);
  if (rest) {
    // The run-time engine passes the point to f as one argument, which a rest parameter would wrap in another array.
    const name = ts.isIdentifier(rest.name) ? rest.name.text : 'xs';
    const fixed = fn.params.slice(0, -1).map((p) => p.sourceName);
    reject(call.arguments[0], 'DDX1005', `'${fn.name}' has a rest parameter '...${name}', and ${verbName} would pass it the point as one argument (an array inside '${name}'); differentiate an arrow that passes the point: ${verb.input === 'scalar' ? `${verbName}((x: number) => ${fn.name}(x), …)` : `${verbName}((v: number[]) => ${fn.name}(${fixed.map((_, i) => `v[${i}], `).join('')}...v${fixed.length ? `.slice(${fixed.length})` : ''}), …)`}`);
  }
  const flag = fn.params.find((p) => p.kind === 'boolean');
  if (flag) {
    const arrow = `(${fn.params.filter((p) => p !== flag).map((p) => p.sourceName).join(', ')}) => ${fn.name}(${fn.params.map((p) => (p === flag ? 'true' : p.sourceName)).join(', ')})`;
    reject(call.arguments[0], 'DDX1005', `${verbName} differentiates with respect to numbers, but parameter '${flag.sourceName}' of '${fn.name}' is a boolean; fix it in an arrow written at the call site, e.g. ${arrow}`);
  }
  const matrix = fn.params.find((p) => matrices.has(p));
  if (matrix && !isMatrixPoint(verbName, fn)) reject(call.arguments[0], 'DDX1023', matrixInputAdvice(call, verbName, fn, matrix));
  const write = fn.writes?.[0];
  if (write) {
    const out = fn.params[write.index].sourceName;
    reject(write.at, 'DDX1011', `'${out}' is a parameter of '${fn.name}', which ${verbName} differentiates: writing its elements would change the caller's array (a verb's input is not an out-parameter); copy it into a local array first, or differentiate an arrow that passes '${fn.name}' a local array it may write`);
  }
  if (fn.returns === 'boolean') reject(call.arguments[0], 'DDX1010', `${verbName} needs f to return a number, but '${fn.name}' returns a boolean, which has no derivative`);
  if (matrixReturns.has(fn.node)) reject(call.arguments[0], 'DDX1023', matrixOutputAdvice(verbName, fn.name));
  if (verb.input === 'scalar' && !(kinds.length === 1 && kinds[0] === 'number')) {
    reject(call.arguments[0], 'DDX1005', `${verbName} needs f(x: number); '${fn.name}' takes (${described.join(', ') || 'nothing'}). Use gradient/jacobian for functions of several inputs${described.some((d) => d.startsWith('a record')) ? ' (gradient of a function of a record gives a record of the same shape)' : ''}`);
  }
  if (verb.input === 'vector' && !((kinds.length === 1 && kinds[0] === 'array') || (kinds.length >= 2 && kinds.every((k) => k === 'number')))) {
    // A record among several parameters: the verb varies one point, so the others go into an arrow's scope.
    const record = fn.params.find((p) => recordShapes.has(p) || recordArrayShapes.has(p));
    const arrow = record && fn.params.length > 1
      ? `; differentiate an arrow of the record alone, with the others in scope: ${recordAloneArrow(verbName, fn.name, fn.params, record)}`
      : '';
    reject(call.arguments[0], 'DDX1005', `${verbName} needs f(x: number[]) or f(a: number, b: number, …); '${fn.name}' takes (${described.join(', ') || 'nothing'})${arrow}`);
  }
  if (verb.output === 'number' && fn.returns !== 'number') {
    reject(call.arguments[0], 'DDX1010', numberOutputAdvice(verbName, fn));
  }
  if (verb.output === 'array' && fn.returns !== 'array') {
    reject(call.arguments[0], 'DDX1010', `${verbName} needs f to return an array, but '${fn.name}' returns a number; use gradient for scalar outputs`);
  }
}

/**
 * The defineFunction rules a call site reaches: a second-order verb needs each one's second
 * derivative, and the generated code, put in the call site's module, must be able to import a rule
 * declared in another module. A nested derivative of a rule (or of a special function) that the
 * verb differentiates again (tangent.ts' `partial` nodes) needs one derivative more: the second
 * (d2f) under a first-order verb, a third (which no rule has) under a second-order one.
 */
function checkRules(call: ts.CallExpression, verbName: VerbName, verb: Verb, fn: NumericFunction, normalised: boolean): void {
  const here = call.getSourceFile().fileName;
  // Activity reads normalised IR (for…of, switch and omitted defaults desugared); the interpreter
  // test lowers without normalise, and there every rule reached counts as differentiated.
  const rows = normalised ? differentiatedRows(fn) : undefined;
  const differentiated = (node: ts.Node): boolean => rows === undefined || rows.has(node);
  for (const { rule, node } of rulesReachedFrom(fn)) {
    if (verb.order === 2 && !rule.hasSecond && differentiated(node)) {
      reject(node, 'DDX1020', `${verbName} needs the second derivative of '${rule.name}', which was made by defineFunction without one; pass the second derivative as its fourth argument: defineFunction(name, f, df, d2f)`);
    }
    if (rule.fileName !== here && rule.exportedAs === undefined) {
      reject(node, 'DDX1020', `'${rule.name}' (made by defineFunction in ${baseName(rule.fileName)}) is not exported, but the derivative code generated in ${baseName(here)} must import it to call its derivatives; export it from ${baseName(rule.fileName)}`);
    }
  }
  for (const { row, node } of reachedFrom(fn, (e) => (e.k === 'partial' && differentiated(e.node) ? e : undefined))) {
    if (row.k !== 'custom' && row.k !== 'special') continue;
    const name = row.k === 'custom' ? `'${row.rule.name}' (made by defineFunction)` : `'${row.fn.name}' of '${row.fn.module}'`;
    if (verb.order === 2) {
      reject(node, 'DDX1020', `${verbName} differentiates twice a nested derivative of ${name}, which needs its third derivative: rules give two; use a first-order verb over the nested derivative, or compute it outside the function`);
    }
    if (row.k === 'custom' && !row.rule.hasSecond) {
      reject(node, 'DDX1020', `${verbName} differentiates a nested derivative of '${row.rule.name}', which needs its second derivative, but it was made by defineFunction without one; pass the second derivative as its fourth argument: defineFunction(name, f, df, d2f)`);
    }
  }
}

const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

/**
 * The nodes of the defineFunction rule calls and nested derivatives of rules (`partial`) that a
 * verb of `fn` differentiates: those reached with an active argument (activity.ts), from `fn` with
 * every parameter active, through the calls that pass an active argument, as the emitters
 * generate their versions (checks.ts). One read only on values that do not vary with the point
 * (`softplus(2)`, `derivative(s1, c)` of a captured c) is a constant of the derivative: no
 * derivative of the rule is needed there.
 */
function differentiatedRows(fn: NumericFunction): Set<ts.Node> {
  const nodes = new Set<ts.Node>();
  const version = eachVersionOnce((f, act, version) => {
    // An active operand, part by part (tests and indices are read on primal values).
    const operand = (e: Expr): void => {
      if (!act.isActive(e)) return;
      switch (e.k) {
        case 'custom': case 'partial': nodes.add(e.node); return e.args.forEach(operand);
        case 'call': version(e.fn, act.patternOf(e.args)); return e.args.forEach(operand);
        case 'math': case 'special': return e.args.forEach(operand);
        case 'cond': operand(e.a); return operand(e.b);
        case 'bin': operand(e.a); return operand(e.b);
        case 'neg': return operand(e.a);
        default: return undefined;
      }
    };
    const init = (i: ArrayInit | Expr): void => {
      if (i.k === 'arrayLit') i.elems.forEach(operand);
      else if (i.k === 'newArray') operand(i.fill);
      else if (i.k === 'arrayCall') operand(i.call);
      else operand(i);
    };
    // A default parameter value, where a call omits its argument: read as an operand too.
    for (const d of f.defaults ?? []) if (d) operand(d);
    forEachExpr(f.body, () => {}, (st) => {
      switch (st.k) {
        case 'let': if (st.init) init(st.init); break;
        case 'set': case 'setElem': case 'push': operand(st.value); break;
        case 'return': init(st.value); break;
        case 'effect': operand(st.call); break;
        default: break;
      }
    });
  });
  version(fn, fn.params.map(() => ParamState.Active));
  return nodes;
}

/** Every call of a defineFunction rule in `fn` and the functions it calls, with the call's node. */
export function rulesReachedFrom(fn: NumericFunction): { rule: CustomRule; node: ts.Node }[] {
  return reachedFrom(fn, (e) => (e.k === 'custom' ? { rule: e.rule, node: e.node } : undefined));
}

/** What `pick` finds in the expressions of `fn` and the functions it calls (parameters' defaults too). */
function reachedFrom<T>(fn: NumericFunction, pick: (e: Expr) => T | undefined): T[] {
  const out: T[] = [];
  const seen = new Set<NumericFunction>();
  const found = (e: Expr): void => {
    const x = pick(e);
    if (x !== undefined) out.push(x);
  };
  const visit = (f: NumericFunction): void => {
    if (seen.has(f)) return;
    seen.add(f);
    forEachExpr(f.body, found);
    for (const d of f.defaults ?? []) if (d) forEachExpr([{ k: 'return', value: d, node: d.node }], found);
    forEachCallee(f, visit);
  };
  visit(fn);
  return out;
}

/** Calls `f` on every function `fn` calls. */
export function forEachCallee(fn: NumericFunction, f: (callee: NumericFunction) => void): void {
  forEachExpr(fn.body, (e) => {
    if (e.k === 'call') f(e.fn);
  }, undefined, (c) => {
    if (c.k === 'predicate') f(c.fn);
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
  for (const fn of fns) for (const { rule } of rulesReachedFrom(fn)) if (rule.fileName !== fileName) dependencies.add(rule.fileName);
  return [...dependencies].sort();
}

