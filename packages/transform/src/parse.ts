/**
 * Parsing: one ts-morph Project (in memory, no lib) holds the module being transformed and every
 * project module it imports, read through `readFile`. Every import leads where the resolver says
 * (resolution.ts), and the type checker follows exactly those resolutions, so the analysis reads
 * the modules the bundle runs. Symbols are resolved by the checker, so a local `Math` or a
 * shadowed `derivative` is never mistaken for ours.
 */
import * as dual from '@ddx/dual';
import { Project, ts } from 'ts-morph';
import { isReadableModule, type ReadFile, type Resolution, type Resolve, type ResolveAsync } from './resolution.js';

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

/** Module specifiers imported or re-exported by a source file (and required by JavaScript), each once. */
export function moduleSpecifiers(sf: ts.SourceFile): string[] {
  const out = new Set<string>();
  for (const s of sf.statements) {
    const spec = ts.isImportDeclaration(s) || ts.isExportDeclaration(s) ? s.moduleSpecifier
      : ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference) ? s.moduleReference.expression : undefined;
    if (spec && ts.isStringLiteral(spec)) out.add(spec.text);
  }
  // CommonJS: `require('…')` in JavaScript, which the type checker binds like an import.
  if (/\.(m|c)?jsx?$/.test(sf.fileName)) {
    const visit = (n: ts.Node): void => {
      const [arg] = ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'require' ? n.arguments : [];
      if (arg && ts.isStringLiteral(arg)) out.add(arg.text);
      n.forEachChild(visit);
    };
    visit(sf);
  }
  return [...out];
}

/** A module loaded with everything it reaches: the other files read (with their text) and every import's resolution. */
export interface LoadedModule {
  readonly inputs: Map<string, string | undefined>;
  readonly resolutions: Resolution[];
}

interface Request {
  readonly importer: string;
  readonly specifiers: readonly string[];
}

/**
 * Adds `fileName` with `text` to the project and loads, transitively, the project modules its
 * imports resolve to. Written once over the resolver's answers: it yields each module's
 * specifiers and is given back where they lead, so that one loop serves a synchronous resolver
 * and a bundler's asynchronous one.
 */
function* loading(project: Project, imports: ImportTable, fileName: string, text: string, readFile: ReadFile): Generator<Request, LoadedModule, (string | undefined)[]> {
  project.createSourceFile(fileName, text, { overwrite: true });
  const inputs = new Map<string, string | undefined>([[fileName, text]]);
  const resolutions: Resolution[] = [];
  const queue = [fileName];
  while (queue.length > 0) {
    const importer = queue.shift()!;
    const sf = project.getSourceFile(importer)?.compilerNode;
    if (!sf) continue;
    // @ddx/dual always leads to its declarations: it is the run-time engine, never analysed.
    const specifiers = moduleSpecifiers(sf);
    const asked = specifiers.filter((s) => s !== DUAL_MODULE);
    const answers = asked.length === 0 ? [] : yield { importer: sf.fileName, specifiers: asked };
    let changed = specifiers.includes(DUAL_MODULE) && imports.set(sf.fileName, DUAL_MODULE, DUAL_FILE);
    asked.forEach((specifier, i) => {
      const resolved = answers[i];
      resolutions.push({ importer: sf.fileName, specifier, resolved });
      let file = resolved !== undefined && isReadableModule(resolved) ? resolved : undefined;
      if (file !== undefined && !inputs.has(file)) {
        const loaded = project.getSourceFile(file);
        const content = loaded ? loaded.getFullText() : readFile(file);
        inputs.set(file, content);
        if (content !== undefined) {
          if (!loaded) project.createSourceFile(file, content, { overwrite: true });
          queue.push(file);
        }
      }
      if (file !== undefined && inputs.get(file) === undefined) file = undefined;
      if (imports.set(sf.fileName, specifier, file && project.getSourceFile(file)?.getFilePath())) changed = true;
    });
    // The type checker keeps the resolutions of a file it already holds: a file whose imports
    // now lead elsewhere is added anew, so that they are resolved again.
    if (changed) {
      project.removeSourceFile(project.getSourceFileOrThrow(sf.fileName));
      project.createSourceFile(sf.fileName, sf.text);
    }
  }
  // The module's own text is the caller's to key on: it may differ from the file on disk.
  inputs.delete(fileName);
  return { inputs, resolutions };
}

export function loadModule(project: Project, imports: ImportTable, fileName: string, text: string, resolve: Resolve, readFile: ReadFile): LoadedModule {
  const steps = loading(project, imports, fileName, text, readFile);
  let step = steps.next();
  while (!step.done) {
    const { importer, specifiers } = step.value;
    step = steps.next(specifiers.map((specifier) => resolve(specifier, importer)));
  }
  return step.value;
}

export async function loadModuleAsync(project: Project, imports: ImportTable, fileName: string, text: string, resolve: ResolveAsync, readFile: ReadFile): Promise<LoadedModule> {
  const steps = loading(project, imports, fileName, text, readFile);
  let step = steps.next();
  while (!step.done) {
    const { importer, specifiers } = step.value;
    step = steps.next(await Promise.all(specifiers.map((specifier) => resolve(specifier, importer))));
  }
  return step.value;
}
