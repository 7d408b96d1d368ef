/**
 * Parsing: one ts-morph Project (in memory, no lib) holds the module being transformed and every
 * project module it imports, read through `readFile`. Every import leads where the resolver says
 * (resolution.ts), and the type checker follows exactly those resolutions, so the analysis reads
 * the modules the bundle runs. Symbols are resolved by the checker, so a local `Math` or a
 * shadowed `derivative` is never mistaken for ours.
 */
import * as dual from '@ddx/dual';
import { Project, ts } from 'ts-morph';
import { isPackageModule, isReadableModule, type ImportKind, type ReadFile, type Resolution, type Resolve, type ResolveAsync } from './resolution.js';

/** A module declaring each unary Math function as a plain function, so `derivative(Math.sqrt, x)` resolves. */
export const MATH_FILE = '/__ddx__/math.ts';
/** What `@ddx/dual` resolves to: its exports, declared, so that re-exports of the verbs lead here. */
export const DUAL_FILE = '/__ddx__/dual.d.ts';
export const DUAL_MODULE = '@ddx/dual';

const extensions: Record<string, ts.Extension> = {
  '.ts': ts.Extension.Ts, '.tsx': ts.Extension.Tsx, '.mts': ts.Extension.Mts, '.cts': ts.Extension.Cts,
  '.js': ts.Extension.Js, '.jsx': ts.Extension.Jsx, '.mjs': ts.Extension.Mjs, '.cjs': ts.Extension.Cjs,
};

/** Where each import of each loaded module leads: what the type checker resolves imports to. */
export class ImportTable {
  private readonly byImporter = new Map<string, Map<string, string | undefined>>();

  /** Records a resolution; true when it replaces a different one. */
  set(importer: string, specifier: string, file: string | undefined): boolean {
    let table = this.byImporter.get(importer);
    if (!table) this.byImporter.set(importer, (table = new Map()));
    const changed = table.has(specifier) && table.get(specifier) !== file;
    table.set(specifier, file);
    return changed;
  }

  resolvedModule(importer: string, specifier: string): ts.ResolvedModuleFull | undefined {
    const file = this.byImporter.get(importer)?.get(specifier);
    if (file === undefined) return undefined;
    const extension = file.endsWith('.d.ts') ? ts.Extension.Dts : extensions[/\.[^./]*$/.exec(file)?.[0] ?? ''];
    return extension === undefined ? undefined : { resolvedFileName: file, extension, isExternalLibraryImport: false };
  }
}

export function createProject(imports: ImportTable): Project {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    compilerOptions: {
      noLib: true,
      types: [],
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      allowJs: true,
    },
    resolutionHost: () => ({
      resolveModuleNames: (names, containingFile) => names.map((name) => imports.resolvedModule(containingFile, name)),
    }),
  });
  const rows = dual.unaryNames.map((n) => `export function ${n}(x: number): number {\n  return Math.${n}(x);\n}\n`);
  project.createSourceFile(MATH_FILE, rows.join(''));
  // Each export as a value and a type of its name (Dual is both; a verb is a value).
  const exports = Object.keys(dual).map((n) => `export declare const ${n}: any;\nexport type ${n} = any;\n`);
  project.createSourceFile(DUAL_FILE, exports.join(''));
  return project;
}

/** Module specifiers imported or re-exported by a source file (and required by JavaScript), each once, with how they are named. */
export function moduleSpecifiers(sf: ts.SourceFile): Map<string, ImportKind> {
  const out = new Map<string, ImportKind>();
  for (const s of sf.statements) {
    const spec = ts.isImportDeclaration(s) || ts.isExportDeclaration(s) ? s.moduleSpecifier
      : ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference) ? s.moduleReference.expression : undefined;
    if (spec && ts.isStringLiteral(spec)) out.set(spec.text, 'import');
  }
  // CommonJS: `require('…')` in JavaScript, which the type checker binds like an import.
  if (/\.(m|c)?jsx?$/.test(sf.fileName)) {
    const visit = (n: ts.Node): void => {
      const [arg] = ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'require' ? n.arguments : [];
      if (arg && ts.isStringLiteral(arg) && !out.has(arg.text)) out.set(arg.text, 'require');
      n.forEachChild(visit);
    };
    visit(sf);
  }
  return out;
}

/** A module loaded with everything it reaches: the other files read (with their text) and every import's resolution. */
export interface LoadedModule {
  readonly inputs: Map<string, string | undefined>;
  readonly resolutions: Resolution[];
}

/** An import (or require) of a loaded module: the analysis asks for the ones it follows into modules not loaded yet. */
export interface ModuleRequest {
  readonly importer: string;
  readonly specifier: string;
}

interface Request {
  readonly importer: string;
  readonly specifiers: readonly string[];
  readonly kinds: readonly ImportKind[];
}

/**
 * Adds `fileName` with `text` to the project and loads, transitively, the project modules its
 * imports resolve to. The JavaScript of packages is loaded lazily: a package module only when
 * `reached` (the analysis, run again after each load) follows an import into it, and of its own
 * imports only those the analysis follows in turn — a module importing a big package pays for the
 * functions it differentiates through, not for the package. Written once over the resolver's
 * answers: it yields each module's specifiers and is given back where they lead, so that one loop
 * serves a synchronous resolver and a bundler's asynchronous one.
 */
function* loading(project: Project, imports: ImportTable, fileName: string, text: string, readFile: ReadFile,
  reached: () => readonly ModuleRequest[]): Generator<Request, LoadedModule, (string | undefined)[]> {
  project.createSourceFile(fileName, text, { overwrite: true });
  const inputs = new Map<string, string | undefined>([[fileName, text]]);
  const resolutions: Resolution[] = [];
  // Imports leading to package modules not loaded yet, and the imports of package modules not resolved yet.
  const deferred = new Map<string, Map<string, string | undefined>>();
  const defer = (importer: string, specifier: string, file: string | undefined) => {
    if (!deferred.has(importer)) deferred.set(importer, new Map());
    deferred.get(importer)!.set(specifier, file);
  };
  /** Loads a file (once): its text, or undefined when it cannot be read. */
  const load = (file: string): string | undefined => {
    if (!inputs.has(file)) {
      const loaded = project.getSourceFile(file);
      const content = loaded ? loaded.getFullText() : readFile(file);
      inputs.set(file, content);
      if (content !== undefined && !loaded) project.createSourceFile(file, content, { overwrite: true });
    }
    return inputs.get(file);
  };
  /** A package module's own imports are resolved only when the analysis follows them. */
  const opened = (file: string) => {
    for (const specifier of moduleSpecifiers(project.getSourceFileOrThrow(file).compilerNode).keys()) {
      if (specifier !== DUAL_MODULE && imports.resolvedModule(file, specifier) === undefined && !deferred.get(file)?.has(specifier)) defer(file, specifier, undefined);
    }
  };
  /** Files whose imports now lead elsewhere. */
  const changed = new Set<string>();
  const lead = (importer: string, specifier: string, kind: ImportKind, resolved: string | undefined, file: string | undefined) => {
    resolutions.push({ importer, specifier, resolved, ...(kind === 'require' ? { kind } : {}) });
    if (imports.set(importer, specifier, file && project.getSourceFile(file)?.getFilePath())) changed.add(importer);
  };
  // The type checker keeps the resolutions of a file it already holds: a file whose imports now
  // lead elsewhere is added anew, so that they are resolved again.
  const renew = () => {
    for (const file of changed) {
      const sf = project.getSourceFileOrThrow(file);
      const content = sf.getFullText();
      project.removeSourceFile(sf);
      project.createSourceFile(file, content);
    }
    changed.clear();
  };

  const queue = [fileName];
  while (queue.length > 0) {
    const importer = queue.shift()!;
    const sf = project.getSourceFile(importer)?.compilerNode;
    if (!sf) continue;
    // @ddx/dual always leads to its declarations: it is the run-time engine, never analysed.
    const specifiers = moduleSpecifiers(sf);
    const asked = [...specifiers.keys()].filter((s) => s !== DUAL_MODULE);
    const kinds = asked.map((s) => specifiers.get(s)!);
    const answers = asked.length === 0 ? [] : yield { importer: sf.fileName, specifiers: asked, kinds };
    if (specifiers.has(DUAL_MODULE) && imports.set(sf.fileName, DUAL_MODULE, DUAL_FILE)) changed.add(sf.fileName);
    asked.forEach((specifier, i) => {
      const resolved = answers[i];
      const file = resolved !== undefined && isReadableModule(resolved) ? resolved : undefined;
      if (file !== undefined && isPackageModule(file) && !project.getSourceFile(file)) {
        // Loaded when the analysis follows this import; until then it leads nowhere.
        defer(sf.fileName, specifier, file);
        resolutions.push({ importer: sf.fileName, specifier, resolved, ...(kinds[i] === 'require' ? { kind: 'require' as const } : {}) });
        if (imports.set(sf.fileName, specifier, undefined)) changed.add(sf.fileName);
        return;
      }
      const known = inputs.has(file ?? '');
      const content = file === undefined ? undefined : load(file);
      if (file !== undefined && content !== undefined && !known) {
        if (isPackageModule(file)) opened(file);
        else queue.push(file);
      }
      lead(sf.fileName, specifier, kinds[i], resolved, content === undefined ? undefined : file);
    });
    renew();
  }

  // The package modules the analysis follows imports into, until it follows none more.
  for (;;) {
    const wanted = new Map<string, Set<string>>();
    for (const { importer, specifier } of reached()) {
      if (!deferred.get(importer)?.has(specifier)) continue;
      if (!wanted.has(importer)) wanted.set(importer, new Set());
      wanted.get(importer)!.add(specifier);
    }
    if (wanted.size === 0) break;
    for (const [importer, specifiers] of wanted) {
      const pending = deferred.get(importer)!;
      const kindOf = moduleSpecifiers(project.getSourceFileOrThrow(importer).compilerNode);
      const unresolved = [...specifiers].filter((s) => pending.get(s) === undefined);
      const kinds = unresolved.map((s) => kindOf.get(s) ?? 'import');
      const answers = unresolved.length === 0 ? [] : yield { importer, specifiers: unresolved, kinds };
      const resolvedNow = new Map(unresolved.map((s, i) => [s, answers[i]]));
      for (const specifier of specifiers) {
        const fresh = resolvedNow.has(specifier);
        const resolved = fresh ? resolvedNow.get(specifier) : pending.get(specifier);
        pending.delete(specifier);
        const file = resolved !== undefined && isReadableModule(resolved) ? resolved : undefined;
        const content = file === undefined ? undefined : load(file);
        if (fresh) lead(importer, specifier, kindOf.get(specifier) ?? 'import', resolved, content === undefined ? undefined : file);
        else if (imports.set(importer, specifier, content === undefined ? undefined : file)) changed.add(importer);
        changed.add(importer);
        if (file !== undefined && content !== undefined) opened(file);
      }
    }
    renew();
  }
  // Package modules loaded for an earlier module lead where they did then, without asking: they
  // are inputs of this one too, where it reaches them.
  for (const importer of inputs.keys()) {
    if (!isPackageModule(importer) || inputs.get(importer) === undefined) continue;
    const kindOf = moduleSpecifiers(project.getSourceFileOrThrow(importer).compilerNode);
    for (const [specifier, kind] of kindOf) {
      const file = imports.resolvedModule(importer, specifier)?.resolvedFileName;
      if (file === undefined || file === DUAL_FILE || resolutions.some((r) => r.importer === importer && r.specifier === specifier)) continue;
      resolutions.push({ importer, specifier, resolved: file, ...(kind === 'require' ? { kind } : {}) });
      load(file);
    }
  }
  // The module's own text is the caller's to key on: it may differ from the file on disk.
  inputs.delete(fileName);
  return { inputs, resolutions };
}
export function loadModule(project: Project, imports: ImportTable, fileName: string, text: string, resolve: Resolve, readFile: ReadFile,
  reached: () => readonly ModuleRequest[]): LoadedModule {
  const steps = loading(project, imports, fileName, text, readFile, reached);
  let step = steps.next();
  while (!step.done) {
    const { importer, specifiers, kinds } = step.value;
    step = steps.next(specifiers.map((specifier, i) => resolve(specifier, importer, kinds[i])));
  }
  return step.value;
}

export async function loadModuleAsync(project: Project, imports: ImportTable, fileName: string, text: string, resolve: ResolveAsync, readFile: ReadFile,
  reached: () => readonly ModuleRequest[]): Promise<LoadedModule> {
  const steps = loading(project, imports, fileName, text, readFile, reached);
  let step = steps.next();
  while (!step.done) {
    const { importer, specifiers, kinds } = step.value;
    step = steps.next(await Promise.all(specifiers.map((specifier, i) => resolve(specifier, importer, kinds[i]))));
  }
  return step.value;
}
