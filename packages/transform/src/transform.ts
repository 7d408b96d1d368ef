/**
 * The pure core: source text (+ a resolver and readFile for imported project modules) in, code
 * and diagnostics out. parse → analyze (plain data) → emit; nothing partial is ever returned.
 */
import * as path from 'node:path';
import MagicString from 'magic-string';
import { ts, type Project } from 'ts-morph';
import { Analyzer, dependenciesOf, type CallSite, type ModuleAnalysis, type ResolvedSite, type SiteMode, type SpecialisedCall } from './analyze/program.js';
import { identifiersOf } from './analyze/walk.js';
import { Namer } from './emit/names.js';
import { entryOf, restParameterOf } from './analyze/lower.js';
import type { NumericFunction } from './analyze/ir.js';
import { verbs, type VerbName } from './analyze/verbs.js';
import { Dependents } from './dependents.js';
import { diagnosticAt, Rejection, type Diagnostic } from './diagnostics.js';
import { equalityWarnings } from './analyze/equality.js';
import { checkVersions, type OutputModule } from './analyze/checks.js';
import { checkReverse, checkReverseFunction, checkReverseRows, forwardModeHint } from './analyze/reverseChecks.js';
import { defaultModeOf, pointBelowCrossover, reverseFromParams } from './emit/reverse/auto.js';
import { defaultMode, ModuleEmitter, type EmitMode } from './emit/module.js';
import { matrixSiteText, recordFunction, recordPointText, recordResultText } from './emit/records.js';
import { arrayFields, describedParam, flattenedMatrixText, matrices, optionalFieldOf, recordAloneArrow, recordArrayShapes, recordsOf, recordShapes, returnedText } from './analyze/scalarise.js';
import { generatedGlobals, globalsAvoiding, plainGlobals } from './emit/names.js';
import { shapeOf } from './emit/forward/drivers.js';
import { createProject, DUAL_FILE, ImportTable, loadModule, loadModuleAsync, MATH_FILE, type LoadedModule } from './parse.js';
import { checkResolver, checkSource, checkTransformOptions } from './arguments.js';
import { candidateResolver, defaultReadFile, type ImportKind, type ReadFile, type Resolution, type Resolve, type ResolveAsync } from './resolution.js';

export type { EmitMode, ImportKind, Resolution, Resolve, ResolveAsync };

export interface TransformOptions {
  /** Default 'inline'. */
  mode?: EmitMode;
  /** Reads another module of the project (absolute path → text, or undefined if missing). Default: fs. */
  readFile?: (fileName: string) => string | undefined;
  /**
   * Where an import leads: (specifier, importing file) → absolute path, or undefined. Default: a
   * relative specifier names the first of `./x.ts`, `./x.tsx`, `./x.mts`, `./x/index.ts` that
   * `readFile` reads (`./x.js` names `./x.ts`); any other specifier leads nowhere.
   */
  resolve?: Resolve;
  /** Default true. */
  sourceMap?: boolean;
  /**
   * Default true: warn (DDX2001) at every equality test of a value that depends on the input,
   * where the derivative follows the special case. false: no such warnings at all.
   */
  equalityWarnings?: boolean;
}

/**
 * How generateModule (ddx gen) computes the `*_gradient` and `*_valueAndGradient` of a function of
 * an array: 'reverse', one forward and one backward sweep whatever the length of the array (DDX1062
 * where reverse mode does not compile the function); 'forward', one sweep per entry; 'auto' (the
 * default), as a call site's `{ mode: 'auto' }`: where reverse mode compiles the function, a switch
 * by the point's length at run time (forward mode below the measured crossover, reverse mode from
 * it), and reverse mode for a function of 2 number parameters or more. A function of one number
 * parameter, dual mode (`mode: 'dual'`) and a function reverse mode rejects keep forward mode.
 */
export type GradientMode = 'auto' | 'forward' | 'reverse';

/** generateModule's options. */
export interface GenerateOptions extends TransformOptions {
  /** Only these exported functions (each must exist); default every exported numeric function. */
  functions?: string[];
  /** Where the output is written, so that it can import functions made by defineFunction in other modules. */
  outFile?: string;
  /** Default 'auto'. */
  gradientMode?: GradientMode;
}

export interface SourceMapV3 {
  version: 3;
  sources: string[];
  names: string[];
  mappings: string;
  sourcesContent?: string[];
  file?: string;
}

export interface TransformResult {
  /** The rewritten module (unchanged source when nothing to do). */
  code: string;
  map: SourceMapV3 | null;
  changed: boolean;
  /** Non-empty means failure: `code` must not be used. */
  diagnostics: Diagnostic[];
  /**
   * Warnings (severity 'warning', DDX2xxx) about code that compiled: report them beside the
   * output, which stays valid. Only a module without errors gets them.
   */
  warnings: Diagnostic[];
  /** Absolute paths of other modules read (callees), for watch-mode invalidation. */
  dependencies: string[];
  /**
   * Every other file the result may depend on (the modules its imports led to, transitively),
   * with the text analysed, or undefined for a file that could not be read.
   */
  inputs: ReadonlyMap<string, string | undefined>;
  /**
   * Where each import of those modules led. A result stays valid while the module's own text,
   * the inputs and these resolutions are unchanged.
   */
  resolutions: readonly Resolution[];
}

/** An exported function that generateModule left out, and why (it names the construct and what to do). */
export interface SkippedFunction {
  name: string;
  reason: string;
}

/** generateModule's result: a TransformResult, and the exported functions it left out. */
export interface GeneratedModule extends TransformResult {
  skipped: SkippedFunction[];
}

/** One reusable analysis project (one ts-morph Project) for many files, e.g. one per bundler build. */
export interface Transformer {
  transform(code: string, fileName: string): TransformResult;
  /**
   * The same, with imports resolved by `resolve` (e.g. a bundler's own resolver), which may be
   * asynchronous; omitted, by the transformer's own (`options.resolve`, or its default).
   */
  transformAsync(code: string, fileName: string, resolve?: ResolveAsync): Promise<TransformResult>;
  /** Forget a file (it changed on disk); returns the files whose output depended on it. */
  invalidate(fileName: string): string[];
}

const nothingLoaded: LoadedModule = { inputs: new Map(), resolutions: [] };

const unchanged = (code: string, diagnostics: Diagnostic[] = [], dependencies: string[] = [], { inputs, resolutions } = nothingLoaded): TransformResult =>
  ({ code, map: null, changed: false, diagnostics, warnings: [], dependencies, inputs, resolutions });

/** Whether a module may call a verb: only through an import, of @ddx/dual or of a module re-exporting it. */
const mayCallVerbs = (code: string): boolean => code.includes('@ddx/dual') || /\bimport\b/.test(code);

/**
 * One diagnostic per code and place: a verb nested in a differentiated function is a call site of
 * its own too, so its rejection (DDX1010: f returns an array) is found by the outer function's
 * lowering and by its own site's checks; the first found is reported.
 */
function oncePerPlace(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const place = `${d.code} ${d.file}:${d.line}:${d.column}`;
    if (seen.has(place)) return false;
    seen.add(place);
    return true;
  });
}

/** Syntax errors of the parsed module, as DDX1001 diagnostics. */
function syntaxDiagnostics(sf: ts.SourceFile): Diagnostic[] {
  const parseDiagnostics = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return parseDiagnostics.map((d) => diagnosticAt(sf, d.start, 'DDX1001',
    `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').replace(/\.$/, '')}; fix the syntax before the transform can read this module`));
}

/** Names bound at the top level of a module (imports and declarations), where generated code sits. */
function moduleBindings(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const bind = (name: ts.BindingName | ts.Identifier | undefined): void => {
    if (name === undefined) return;
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const clause = s.importClause;
      bind(clause?.name);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) bind(bindings.name);
      if (bindings && ts.isNamedImports(bindings)) bindings.elements.forEach((e) => bind(e.name));
    } else if (ts.isVariableStatement(s)) {
      s.declarationList.declarations.forEach((d) => bind(d.name));
    } else if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s) || ts.isImportEqualsDeclaration(s)) {
      bind(s.name);
    } else if (ts.isModuleDeclaration(s) && ts.isIdentifier(s.name)) {
      bind(s.name);
    }
  }
  return names;
}

const isJavaScript = (fileName: string): boolean => /\.(m|c)?jsx?$/.test(fileName);

/** TypeScript → JavaScript for a generated block (it has no imports or exports). */
function stripTypes(code: string): string {
  return ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false } })
    .outputText.replace(/\n?export \{\};\s*$/, '').trimEnd();
}

/**
 * How `fileName` can import `target`, in the style its project already writes imports the bundler
 * resolves: an import of `target` it makes itself, as written; else another module's, a relative
 * specifier rebased to `fileName`'s folder (`./act.js` in lib/model.ts is `./lib/act.js` here),
 * a package or alias specifier as it is; else a relative path.
 */
function importSpecifier(resolutions: readonly Resolution[], target: string, fileName: string): string {
  const found = resolutions.filter((r) => r.resolved === target);
  const own = found.find((r) => r.importer === fileName);
  if (own) return own.specifier;
  const other = found[0];
  if (other !== undefined && !other.specifier.startsWith('.')) return other.specifier;
  const slashes = (p: string): string => p.replace(/\\/g, '/');
  // Not imported anywhere (the source module of `ddx gen`): its path, with the extension of the
  // JavaScript it compiles to, as TypeScript writes imports (model.ts → ./model.js).
  const absolute = other === undefined ? slashes(target).replace(/\.([cm]?)tsx?$/, '.$1js')
    : path.posix.resolve(path.posix.dirname(slashes(other.importer)), other.specifier);
  const relative = path.posix.relative(path.posix.dirname(slashes(fileName)), absolute);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/**
 * The checks pass (analyze/checks.ts) over the call sites to be emitted: its diagnostics, one per
 * version of a function, and each verb's site with the mode it is compiled in (resolveMode).
 */
function checkSites(sites: readonly (CallSite | SpecialisedCall)[], out: OutputModule): { diagnostics: Diagnostic[]; resolved: (ResolvedSite | SpecialisedCall)[] } {
  const checked = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const resolved = sites.map((site) => {
    try {
      // A specialised call runs a plain version (no tangents) of its function.
      const next = 'verb' in site ? { ...site, compiledIn: resolveMode(site, out) } : site;
      // Inline mode's tangent code, of the verb's order, unless only reverse mode's code is generated.
      const orders = 'verb' in next && next.compiledIn !== 'reverse' ? [verbs[next.verb].order] : [];
      checkVersions(site.fn, out, checked, !('verb' in site), orders);
      return next;
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      diagnostics.push(e.diagnostic);
      return site as ResolvedSite;
    }
  });
  return { diagnostics, resolved };
}

/**
 * The mode a site is compiled in: the mode written at the call, else the verb's default
 * (emit/reverse/auto.ts: 'auto' for gradient and valueAndGradient). 'reverse' compiles only what
 * reverse mode compiles (analyze/reverseChecks.ts; else its DDX1062). 'auto' is forward mode,
 * silently, where reverse mode would not compile f, in dual mode, and where the point is an array
 * literal shorter than the crossover (its length is known here: only the forward driver is emitted).
 */
function resolveMode(site: CallSite, out: OutputModule): SiteMode {
  const asked = site.mode ?? defaultModeOf(site.verb);
  if (asked === 'reverse') checkReverse(site);
  if (asked !== 'auto') return asked;
  if (out.mode !== 'inline' || pointBelowCrossover(site)) return 'forward';
  try {
    checkReverse(site);
    return 'auto';
  } catch (e) {
    if (!(e instanceof Rejection)) throw e;
    return 'forward';
  }
}

/** Where generated code goes: after the last import, so it is initialised before any top-level call. */
function insertionPoint(sf: ts.SourceFile): number {
  let pos = 0;
  for (const s of sf.statements) if (ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s)) pos = s.end;
  return pos;
}

class Core implements Transformer {
  private readonly imports = new ImportTable();
  private readonly project: Project = createProject(this.imports);
  private readonly readFile: ReadFile;
  private readonly resolve: Resolve;
  private readonly dependents = new Dependents();

  constructor(private readonly options: TransformOptions) {
    this.readFile = options.readFile ?? defaultReadFile;
    this.resolve = options.resolve ?? candidateResolver(this.readFile);
  }

  /** The module's analysis, once it and every module it reaches are loaded. */
  private analyzed(fileName: string): { sf: ts.SourceFile; analyzer: Analyzer } {
    const sf = this.project.getSourceFileOrThrow(fileName).compilerNode;
    const checker = this.project.getTypeChecker().compilerObject;
    const file = (name: string) => this.project.getSourceFile(name)?.compilerNode;
    return { sf, analyzer: new Analyzer(checker, file(MATH_FILE), file(DUAL_FILE)) };
  }

  /** Every identifier of these files: module-level generated names avoid them all. */
  private identifiersIn(files: readonly string[]): Set<string> {
    const names = new Set<string>();
    for (const file of files) {
      const sf = this.project.getSourceFile(file)?.compilerNode;
      if (sf) identifiersOf(sf, names);
    }
    return names;
  }

  transform(code: string, fileName: string): TransformResult {
    // Cheap exit: a module without imports has nothing to rewrite.
    if (!mayCallVerbs(code)) return unchanged(code);
    const analysed = this.analysing(fileName);
    return this.rewriteLoaded(code, fileName, loadModule(this.project, this.imports, fileName, code, this.resolve, this.readFile, analysed.reached), analysed.last());
  }

  async transformAsync(code: string, fileName: string, resolve: ResolveAsync = this.resolve): Promise<TransformResult> {
    if (!mayCallVerbs(code)) return unchanged(code);
    const analysed = this.analysing(fileName);
    return this.rewriteLoaded(code, fileName, await loadModuleAsync(this.project, this.imports, fileName, code, resolve, this.readFile, analysed.reached), analysed.last());
  }

  /**
   * The module's analysis, run by the loader after each load of the package modules it follows
   * imports into (`reached`), and the last run's result, over every module it needs.
   */
  private analysing(fileName: string) {
    let last: { sf: ts.SourceFile; analysis: ModuleAnalysis } | undefined;
    const reached = () => {
      const { sf, analyzer } = this.analyzed(fileName);
      last = { sf, analysis: analyzer.analyzeModule(sf) };
      return analyzer.unloaded;
    };
    return { reached, last: () => last! };
  }

  private rewriteLoaded(code: string, fileName: string, loaded: LoadedModule, { sf, analysis }: { sf: ts.SourceFile; analysis: ModuleAnalysis }): TransformResult {
    const syntax = syntaxDiagnostics(sf);
    if (syntax.length > 0) return unchanged(code, syntax, [], loaded);
    this.dependents.record(fileName, analysis.dependencies);
    const mode = this.options.mode ?? defaultMode;
    // A site inside the function another site compiles (a nested verb) disappears with it; a
    // site inside another's point is rewritten first, and the outer site takes its new text.
    // So does a site inside a function a specialised call compiles (newton((x) => …, x0)).
    const within = (n: ts.Node, outer: ts.Node) => n.getStart() >= outer.getStart() && n.end <= outer.end;
    const all: (CallSite | SpecialisedCall)[] = [...analysis.callSites, ...analysis.specialisedCalls];
    const compiled = (site: CallSite | SpecialisedCall): readonly ts.Node[] => ('verb' in site ? site.node.arguments.slice(0, 1) : site.functions);
    const evaluated = (site: CallSite | SpecialisedCall): readonly ts.Node[] => ('verb' in site ? site.points : site.args);
    const outermost = all.filter((site) => !all.some((o) => o !== site && compiled(o).some((f) => within(site.node, f))));
    // The checks of the versions the mode generates, with the analysis's: all of a module's diagnostics together.
    const checks = checkSites(outermost, { mode, outputFile: fileName, imports: true });
    const diagnostics = oncePerPlace([...analysis.diagnostics, ...checks.diagnostics]);
    const sites = checks.resolved;
    if (diagnostics.length > 0) return unchanged(code, diagnostics, analysis.dependencies, loaded);
    if (sites.length === 0) return unchanged(code, [], analysis.dependencies, loaded);

    const bindings = moduleBindings(sf);
    const hidden = generatedGlobals.filter((g) => bindings.has(g));
    if (hidden.length > 0 && bindings.has('globalThis')) {
      const diagnostic = diagnosticAt(sf, 0, 'DDX1007', `this module binds ${hidden.map((g) => `'${g}'`).join(', ')} and 'globalThis' at its top level, so the generated code cannot reach the global ${hidden[0]}; rename one of these bindings`);
      return unchanged(code, [diagnostic], analysis.dependencies, loaded);
    }
    const emitter = new ModuleEmitter(mode, fileName, [...this.identifiersIn([fileName, ...analysis.dependencies]), ...analysis.localNames], globalsAvoiding(bindings));
    emitter.importSpecifier = (target) => importSpecifier(loaded.resolutions, target, fileName);
    const s = new MagicString(code);
    try {
      const done = new Set<ResolvedSite | SpecialisedCall>();
      const rewrite = (site: ResolvedSite | SpecialisedCall): void => {
        if (done.has(site)) return;
        done.add(site);
        for (const inner of sites) if (inner !== site && evaluated(site).some((p) => within(inner.node, p))) rewrite(inner);
        if ('verb' in site) this.rewrite(site, emitter, s, isJavaScript(fileName));
        else this.rewriteSpecialised(site, emitter, s);
      };
      sites.forEach(rewrite);
    } catch (e) {
      if (e instanceof Rejection) return unchanged(code, [e.diagnostic], analysis.dependencies, loaded);
      throw e;
    }
    const javaScript = isJavaScript(fileName);
    // A JavaScript module gets the generated block with its types stripped.
    const block = javaScript ? stripTypes(emitter.code()) : emitter.code();
    const header = emitter.runtimeImport(javaScript);
    const at = insertionPoint(sf);
    const generated = `\n\n// ---- generated by ddx (${mode} mode): derivative code for the calls below ----\n${block}\n// ---- end of generated code ----\n`;
    if (at === 0) s.prepend(`${header ? header + '\n' : ''}${generated.trimStart()}\n`);
    else {
      if (header) s.prepend(header + '\n');
      s.appendLeft(at, generated);
    }
    const map = this.options.sourceMap === false ? null
      : (JSON.parse(s.generateMap({ hires: true, source: fileName, includeContent: true }).toString()) as SourceMapV3);
    const warnings = this.warningsFor(analysis.callSites.map((site) => site.fn), analysis.specialisedCalls.map((site) => site.fn));
    return { code: s.toString(), map, changed: true, diagnostics: [], warnings, dependencies: analysis.dependencies, ...loaded };
  }

  /** The warnings about the functions the verbs differentiate (and what they call), as the options ask. */
  private warningsFor(fns: readonly NumericFunction[], plain: readonly NumericFunction[] = []): Diagnostic[] {
    return this.options.equalityWarnings === false ? [] : equalityWarnings(fns, plain);
  }

  /** `newton(g, x0)` → `newton_g(x0, …captured)`: the version for `g`, passed the values it reads here by name. */
  private rewriteSpecialised(site: SpecialisedCall, emitter: ModuleEmitter, s: MagicString): void {
    const args = [...site.args.map((n) => s.slice(n.getStart(), n.end)), ...(site.fn.captured ?? []).map((d) => ((d as ts.NamedDeclaration).name as ts.Identifier).text)]
      // A matrix is passed laid out (analyze/scalarise.ts).
      .map((text, k) => (matrices.has(site.fn.params[k]) ? flattenedMatrixText(text) : text));
    s.overwrite(site.node.getStart(), site.node.end, `${emitter.primalCallee(site.fn)}(${args.join(', ')})`);
  }

  private rewrite(site: ResolvedSite, emitter: ModuleEmitter, s: MagicString, javaScript: boolean): void {
    const textOf = (n: ts.Node): string => s.slice(n.getStart(), n.end);
    if (!site.record && !site.matrix) {
      const { start, end, text } = emitter.backendFor(site).rewriteCall(emitter, site, textOf, javaScript);
      s.overwrite(start, end, text);
      return;
    }
    // A matrix site (emit/records.ts): its point checked and laid out once, into `layout` (a
    // direction into `direction`), its gradient built back into rows.
    const namer = new Namer(identifiersOf(site.node));
    const names = site.matrix ? { layout: namer.fresh('ddxL'), direction: namer.fresh('ddxV') } : undefined;
    const along = site.verb === 'jvp' || site.verb === 'hvp';
    // A record site (emit/records.ts): its points flattened, its result built back into records.
    const pointText = (n: ts.Node): string => {
      const k = site.points.indexOf(n as ts.Expression);
      if (k < 0) return textOf(n);
      if (names) return k === 0 ? names.layout : along ? names.direction : textOf(n);
      return recordPointText(site, k, textOf(n), javaScript);
    };
    const replaced = emitter.backendFor(site).rewriteCall(emitter, site, pointText, javaScript);
    const call = site.node;
    const pieces = [replaced, ...site.points.filter((p) => p.getStart() >= replaced.end || p.end <= replaced.start)
      .map((p) => ({ start: p.getStart(), end: p.end, text: pointText(p) }))].sort((a, b) => a.start - b.start);
    let text = '';
    let at = call.getStart();
    for (const piece of pieces) {
      text += s.slice(at, piece.start) + piece.text;
      at = piece.end;
    }
    text += at < call.end ? s.slice(at, call.end) : '';
    if (!names) {
      s.overwrite(call.getStart(), call.end, recordResultText(site, text, javaScript));
      return;
    }
    const checks = { point: emitter.matrixCheck(), direction: () => emitter.matrixDirectionCheck() };
    const [x, v] = site.points.map(textOf);
    if (x !== undefined) {
      s.overwrite(call.getStart(), call.end, matrixSiteText(site, text, names, x, v, checks, javaScript));
      return;
    }
    // gradient(f) without its point: a function of the matrix, calling the rewritten gradient(f) on its layout when called.
    const m = namer.fresh('ddxM');
    const body = matrixSiteText(site, `(${text})(${names.layout})`, names, m, undefined, checks, javaScript);
    s.overwrite(call.getStart(), call.end, `((${javaScript ? m : `${m}: ArrayLike<ArrayLike<number>>`}) => ${body})`);
  }

  invalidate(fileName: string): string[] {
    const sf = this.project.getSourceFile(fileName);
    if (sf) this.project.removeSourceFile(sf);
    return this.dependents.of(fileName);
  }

  generateModule(code: string, fileName: string, functions: string[] | undefined, outFile: string | undefined, gradientMode: GradientMode): GeneratedModule {
    // The package modules that lowering the exported functions follows imports into are loaded first.
    const loaded = loadModule(this.project, this.imports, fileName, code, this.resolve, this.readFile, () => {
      const { sf, analyzer } = this.analyzed(fileName);
      for (const f of exportedFunctions(sf, analyzer)) {
        if (analyzer.isDualWritten(f.node)) continue;
        try {
          analyzer.lower(f.node, f.name);
        } catch (e) {
          if (!(e instanceof Rejection)) throw e;
        }
      }
      return analyzer.unloaded;
    });
    const { sf, analyzer } = this.analyzed(fileName);
    const syntax = syntaxDiagnostics(sf);
    if (syntax.length > 0) return { code: '', map: null, changed: false, diagnostics: syntax, warnings: [], dependencies: [], ...loaded, skipped: [] };
    const checker = this.project.getTypeChecker().compilerObject;
    const mode = this.options.mode ?? defaultMode;
    // The generated file holds copies of functions of the modules read: its names avoid theirs.
    const read = [fileName, ...[...loaded.inputs].filter(([, text]) => text !== undefined).map(([file]) => file)];
    const diagnostics: Diagnostic[] = [];
    const skipped: SkippedFunction[] = [];
    const found = exportedFunctions(sf, analyzer);
    const wanted = functions ?? found.map((f) => f.name);
    // Every function is lowered before anything is named, so that module-level names avoid all of
    // their locals (a copy named mid2 is reached from functions lowered later; one of them may hold
    // mid's result in a temporary mid2). Rejections are reported by the loop below.
    // (Lowering is not repeatable after a rejection, so the loop reuses each outcome.)
    const looksDual = (f: (typeof found)[number]) => analyzer.isDualWritten(f.node) || analyzer.callsVerb(f.node);
    const loweredOnce = new Map<(typeof found)[number], NumericFunction | Rejection>();
    for (const f of found.filter((g) => wanted.includes(g.name) && !(looksDual(g) && usesDualImports(g.node, sf)))) {
      try {
        loweredOnce.set(f, analyzer.lower(f.node, f.name));
      } catch (e) {
        if (!(e instanceof Rejection)) throw e;
        loweredOnce.set(f, e);
      }
    }
    const emitter = new ModuleEmitter(mode, '\0generated', [...this.identifiersIn(read), ...analyzer.localNames()], plainGlobals);
    emitter.checksArguments = false;
    if (outFile !== undefined) emitter.importSpecifier = (target) => importSpecifier(loaded.resolutions, target, outFile);
    for (const name of functions ?? []) {
      if (!found.some((f) => f.name === name)) {
        diagnostics.push(diagnosticAt(sf, 0, 'DDX1015', `'${name}' is not an exported function of ${fileName}; export it, or list only exported functions`));
      }
    }
    const names: string[] = [];
    const lowered: NumericFunction[] = [];
    for (const f of found.filter((g) => wanted.includes(g.name))) {
      // A function that looks written over dual numbers, or that calls a verb itself, is left out of
      // a whole-module run, and named with the reason: its use of @ddx/dual, or else what lowering
      // it rejects (a record parameter's `p.x` looks like a Dual method call; a nested verb). Asked
      // for by name, the same reason is an error.
      const dual = looksDual(f);
      const leaveOut = (diagnostic: Diagnostic) => (functions || !dual ? diagnostics.push(diagnostic) : skipped.push({ name: f.name, reason: diagnostic.message }));
      // A function that has no derivative of its own is left out of a whole-module run, named with
      // the reason; asked for by name, the reason is an error.
      const notDifferentiated = (diagnostic: Diagnostic) => (functions ? diagnostics.push(diagnostic) : skipped.push({ name: f.name, reason: diagnostic.message }));
      try {
        if (dual && usesDualImports(f.node, sf)) {
          leaveOut(diagnosticAt(sf, f.node.getStart(), 'DDX1015', `'${f.name}' is written over dual numbers (it uses @ddx/dual's types or operations); ddx gen generates code for plain numeric functions only, and the run-time verbs differentiate it as it is`));
          continue;
        }
        // A helper no number flows through (a formatter to a string, a logger, a function of a
        // string): judged by its signature, before lowering rejects what its body does with them.
        const nonNumeric = nonNumericSignature(f.node, checker);
        if (nonNumeric) {
          notDifferentiated(diagnosticAt(sf, nonNumeric.at.getStart(), nonNumeric.code, `'${f.name}' is not differentiated: ${nonNumeric.why}`));
          continue;
        }
        const declared = loweredOnce.get(f)!;
        if (declared instanceof Rejection) throw declared;
        // A boolean function (a helper of the others) has no derivative; a boolean parameter is
        // not an input the verbs vary.
        const flag = declared.params.find((p) => p.kind === 'boolean');
        if (declared.returns === 'boolean' || flag) {
          const why = flag ? `its parameter '${flag.sourceName}' is a boolean, which the verbs do not vary` : 'it returns a boolean, which has no derivative';
          notDifferentiated(diagnosticAt(sf, f.node.getStart(), declared.returns === 'boolean' ? 'DDX1010' : 'DDX1005', `'${f.name}' is not differentiated: ${why}`));
          continue;
        }
        // A helper that writes its results into an array parameter (an out-parameter) has no
        // standalone derivative: the verbs' input is not written. Its callers are differentiated.
        const write = declared.writes?.[0];
        if (write) {
          notDifferentiated(diagnosticAt(write.at.getSourceFile(), write.at.getStart(), 'DDX1011', `'${f.name}' is not differentiated: it writes its array parameter '${declared.params[write.index].sourceName}' (an out-parameter), and a verb's input is not written; differentiate a function that calls it with a local array`));
          continue;
        }
        // The verbs refuse a function with a rest parameter (program.ts, checkShape): so does ddx gen.
        const rest = restParameterOf(declared);
        if (rest) {
          notDifferentiated(diagnosticAt(sf, rest.getStart(), 'DDX1005', `'${f.name}' is not differentiated: its rest parameter '${rest.name.getText(sf)}' takes numbers one by one, where ddx gen's functions take the point as one array; declare it '${rest.name.getText(sf)}: number[]' without '...', or differentiate an arrow at the call site that spreads the point`));
          continue;
        }
        // Differentiated over its parameters without defaults, as the verbs do.
        const fn = entryOf(declared);
        // A function of records (a record point, a record or an array of records as its value) is
        // written as a plugin's call site compiles it: a driver over the numbers, and the exported
        // function in f's shapes around it (emit/records.ts).
        const record = recordsOf(fn);
        const held = fn.params.find((p) => recordShapes.has(p) || recordArrayShapes.has(p));
        const optional = [record?.input, record?.output].map((shape) => shape && optionalFieldOf(shape)).find((name) => name !== undefined);
        if (optional) {
          notDifferentiated(diagnosticAt(sf, f.node.getStart(), 'DDX1022', `'${f.name}' is not differentiated: its point or value is a record whose field '${optional}' is optional (absent on some paths), and ddx gen's functions take and give every field; differentiate an arrow that returns the numbers it needs at a call site the bundler plugin rewrites`));
          continue;
        }
        if (held && !record?.input) {
          const arrow = recordAloneArrow('gradient', f.name, declared.params, held);
          notDifferentiated(diagnosticAt(sf, f.node.getStart(), 'DDX1005', arrayFields.has(held)
            ? `'${f.name}' is not differentiated: its parameter '${held.sourceName}' is a record with array fields (${recordShapes.get(held)!.typeName}), and ddx gen varies every number of the input; differentiate an arrow over the numbers that vary at a call site the bundler plugin rewrites`
            : `'${f.name}' is not differentiated: it takes (${fn.params.map(describedParam).join(', ')}), and ddx gen differentiates with respect to every parameter, where a record goes alone; differentiate an arrow of the record at a call site the bundler plugin rewrites, ${arrow}`));
          continue;
        }
        lowered.push(fn);
        const shape = shapeOf(fn);
        if (fn.params.some((p) => p.kind === 'array') && shape.k === 'params') {
          const kinds = fn.params.map((p) => (p.kind === 'array' ? 'number[]' : 'number')).join(', ');
          diagnostics.push(diagnosticAt(sf, f.node.getStart(), 'DDX1005', `'${f.name}' takes (${kinds}); ddx gen needs one array, or only number parameters. ` +
            `To keep some parameters as data, differentiate an arrow at the call site with the bundler plugin instead, e.g. gradient((x) => ${f.name}(x, data), x0)`));
          continue;
        }
        if (fn.params.length === 0) continue;
        const verbList: VerbName[] = shape.k === 'scalar'
          ? (fn.returns === 'number' ? ['derivative', 'secondDerivative', 'valueAndDerivative', 'valueAndDerivatives'] : [])
          : fn.returns === 'number' ? ['gradient', 'valueAndGradient', 'hessian', 'valueGradientHessian', 'jvp', 'hvp']
          : ['jacobian', 'valueAndJacobian', 'jvp'];
        if (verbList.length === 0) {
          if (record) notDifferentiated(diagnosticAt(sf, f.node.getStart(), 'DDX1010', `'${f.name}' is not differentiated: it takes one number and returns ${returnedText(fn)}; take an array (number[]) to get its Jacobian, or differentiate its numbers at a call site the bundler plugin rewrites`));
          else diagnostics.push(diagnosticAt(sf, f.node.getStart(), 'DDX1010', `'${f.name}' takes one number and returns an array; take an array (number[]) to get its Jacobian`));
          continue;
        }
        // Every verb has its forward driver (jvp, always): first-order tangent code, and hyper-duals for a number.
        checkVersions(fn, { mode, outputFile: '\0generated', imports: outFile !== undefined }, undefined, false, fn.returns === 'number' ? [1, 2] : [1]);
        // A Jacobian by rows only where asked for: under 'auto' the number of values is not known here.
        // A gradient under 'auto' is chosen as at a call site with { mode: 'auto' } (emit/reverse/auto.ts).
        const reverse = shape.k !== 'scalar' && (fn.returns === 'number'
          ? inReverse(fn, gradientMode, mode === 'inline' && (shape.k === 'array' || shape.count >= reverseFromParams), checkReverseFunction)
          : inReverse(fn, gradientMode, false, checkReverseRows));
        const switching = reverse && gradientMode === 'auto' && shape.k === 'array';
        const reversed: readonly VerbName[] = ['gradient', 'valueAndGradient', 'jacobian', 'valueAndJacobian'];
        for (const verb of verbList) {
          const name = `${fn.name}_${verb}`;
          emitter.reserve(name);
          // Of a function of records, the driver over numbers is the exported function's.
          const driver = record ? emitter.freshName(`${name}_numbers`) : name;
          const inReverseMode = reverse && reversed.includes(verb);
          // The two drivers the switch calls, named for their mode.
          if (switching && inReverseMode) emitter.driver(fn, verb, false, emitter.freshName(`${driver}_forward`));
          emitter.driver(fn, verb, !record, driver, inReverseMode ? (switching ? 'auto' : 'reverse') : undefined);
          if (record) {
            const point = record.input ? fn.params[0].sourceName : 'x';
            const params = verb === 'jvp' || verb === 'hvp' ? [point, point === 'v' ? 'dv' : 'v'] : [point];
            emitter.declare(recordFunction({ verb, record }, name, driver, params, `${verb} of ${fn.name} in its records' shapes (generated by ddx): ${driver} over their numbers, the result built back.`));
          }
          names.push(name);
        }
      } catch (e) {
        if (!(e instanceof Rejection)) throw e;
        leaveOut(e.diagnostic);
      }
    }
    if (diagnostics.length === 0 && names.length === 0) {
      const left = skipped.length === 0 ? '' : ` (left out: ${skipped.map((f) => f.name).join(', ')})`;
      diagnostics.push(diagnosticAt(sf, 0, 'DDX1015', `${fileName} exports no plain numeric function to generate derivatives for${left}`));
    }
    const dependencies = dependenciesOf(lowered, fileName);
    if (diagnostics.length > 0) return { code: '', map: null, changed: false, diagnostics, warnings: [], dependencies, ...loaded, skipped };
    const block = emitter.code();
    const importLine = emitter.runtimeImport();
    const base = fileName.split('/').pop();
    const out = [
      `// generated by ddx — do not edit. Source: ${base} (mode: ${mode}). Regenerate with \`ddx gen\`.`,
      ...(importLine ? [importLine] : []),
      '',
      block,
      '',
    ].join('\n');
    return { code: out, map: null, changed: true, diagnostics: [], warnings: this.warningsFor(lowered), dependencies, ...loaded, skipped };
  }
}

/**
 * Whether ddx gen's gradient (or Jacobian) drivers of `fn` are reverse mode's: asked for ('reverse':
 * where reverse mode rejects the function, its DDX1062 is thrown, saying how to ask for forward mode
 * instead), or under 'auto' where `preferred` (a function of an array, inline mode) and reverse mode
 * compiles it (`check`).
 */
function inReverse(fn: NumericFunction, gradientMode: GradientMode, preferred: boolean, check: (fn: NumericFunction) => void): boolean {
  if (gradientMode === 'forward' || (gradientMode === 'auto' && !preferred)) return false;
  try {
    check(fn);
    return true;
  } catch (e) {
    if (!(e instanceof Rejection)) throw e;
    if (gradientMode === 'auto') return false;
    const d = e.diagnostic;
    throw new Rejection({ ...d, message: d.message.replace(forwardModeHint, "(ddx gen --gradient-mode forward, or generateModule's gradientMode: 'forward')") });
  }
}

/** Types no number is in: strings, bigints, symbols, and nothing (void, undefined, null). */
const nonNumericTypes = ts.TypeFlags.StringLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.ESSymbolLike | ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Null;

/**
 * Why no number flows through `f` by its signature, a parameter or the result of a type no number is
 * in (every member of a union so): ddx gen has nothing to differentiate there. Undefined otherwise
 * (lowering judges the rest).
 */
function nonNumericSignature(f: ts.SignatureDeclaration, checker: ts.TypeChecker): { why: string; code: 'DDX1005' | 'DDX1010'; at: ts.Node } | undefined {
  const holdsNoNumber = (t: ts.Type): boolean => (t.isUnion() ? t.types : [t]).every((m) => (m.flags & nonNumericTypes) !== 0);
  for (const p of f.parameters) {
    const t = checker.getTypeAtLocation(p);
    if (holdsNoNumber(t)) return { why: `its parameter '${p.name.getText()}' is of type ${checker.typeToString(t)}, which the verbs do not vary`, code: 'DDX1005', at: p };
  }
  const signature = checker.getSignatureFromDeclaration(f);
  const result = signature && checker.getReturnTypeOfSignature(signature);
  if (result && holdsNoNumber(result)) return { why: `it returns ${checker.typeToString(result)}, which has no derivative`, code: 'DDX1010', at: f };
  return undefined;
}

/**
 * Exported function declarations and const arrow/function expressions, exported where they are
 * declared or by an export list (`export { f, g as h }`: named by the exported name).
 */
function exportedFunctions(sf: ts.SourceFile, analyzer: Analyzer) {
  const out: { name: string; node: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression }[] = [];
  const isExported = (n: ts.Node): boolean =>
    (ts.getCombinedModifierFlags(n as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
  const declared = new Map<string, ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression>();
  const exportedNames = new Map<string, string[]>();
  const exportAs = (local: string, name: string) => exportedNames.set(local, [...(exportedNames.get(local) ?? []), name]);
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name && s.body) {
      declared.set(s.name.text, s);
      if (isExported(s)) exportAs(s.name.text, s.name.text);
    }
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const f = ts.isIdentifier(d.name) ? analyzer.functionNodeOf(d.name) : undefined;
        if (!f || !ts.isIdentifier(d.name)) continue;
        declared.set(d.name.text, f.node);
        if (isExported(s)) exportAs(d.name.text, d.name.text);
      }
    }
    if (ts.isExportDeclaration(s) && !s.moduleSpecifier && !s.isTypeOnly && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const e of s.exportClause.elements) if (!e.isTypeOnly) exportAs((e.propertyName ?? e.name).text, e.name.text);
    }
  }
  for (const [local, names] of exportedNames) {
    const node = declared.get(local);
    if (node) for (const name of names) out.push({ name, node });
  }
  return out;
}

/** Whether a function names anything imported from @ddx/dual (its types, verbs or `ops`). */
function usesDualImports(node: ts.Node, sf: ts.SourceFile): boolean {
  const imported = new Set<string>();
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || s.moduleSpecifier.text !== '@ddx/dual' || !s.importClause) continue;
    const { name, namedBindings } = s.importClause;
    if (name) imported.add(name.text);
    if (namedBindings && ts.isNamespaceImport(namedBindings)) imported.add(namedBindings.name.text);
    if (namedBindings && ts.isNamedImports(namedBindings)) for (const e of namedBindings.elements) imported.add(e.name.text);
  }
  const visit = (n: ts.Node): boolean => (ts.isIdentifier(n) && imported.has(n.text)) || ts.forEachChild(n, visit) === true;
  return imported.size > 0 && visit(node);
}

export function createTransformer(options: TransformOptions = {}): Transformer {
  checkTransformOptions('createTransformer', options);
  const core = new Core(options);
  return {
    transform: (code, fileName) => {
      checkSource('transform', code, fileName);
      return core.transform(code, fileName);
    },
    transformAsync: async (code, fileName, resolve) => {
      checkSource('transformAsync', code, fileName);
      checkResolver('transformAsync', resolve);
      return core.transformAsync(code, fileName, resolve);
    },
    invalidate: (fileName) => {
      if (typeof fileName !== 'string') throw new TypeError(`invalidate: \`fileName\` must be a path (a string), got ${typeof fileName}`);
      return core.invalidate(fileName);
    },
  };
}

/** Rewrites the verb call sites of one module. Pure: source text in, code out. */
export function transform(code: string, fileName: string, options: TransformOptions = {}): TransformResult {
  checkSource('transform', code, fileName);
  checkTransformOptions('transform', options);
  return new Core(options).transform(code, fileName);
}

/** A standalone generated module for the numeric functions exported by `fileName` (ddx gen). */
export function generateModule(code: string, fileName: string, options: GenerateOptions = {}): GeneratedModule {
  checkSource('generateModule', code, fileName);
  checkTransformOptions('generateModule', options, true);
  return new Core(options).generateModule(code, fileName, options.functions, options.outFile, options.gradientMode ?? 'auto');
}

