/**
 * Parsing: one ts-morph Project (in memory, no lib) holds the module being transformed and every
 * project module it imports, read through `readFile`. Symbols are resolved by its type checker,
 * so a local `Math` or a shadowed `derivative` is never mistaken for ours.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unaryNames } from '@ddx/dual';
import { Project, ts } from 'ts-morph';

export type ReadFile = (fileName: string) => string | undefined;

export const defaultReadFile: ReadFile = (fileName) => {
  try {
    return fs.readFileSync(fileName, 'utf8');
  } catch {
    return undefined;
  }
};

/** A module declaring each unary Math function as a plain function, so `derivative(Math.sqrt, x)` resolves. */
export const MATH_FILE = '/__ddx__/math.ts';

export function createProject(): Project {
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
  });
  const rows = unaryNames.map((n) => `export function ${n}(x: number): number {\n  return Math.${n}(x);\n}\n`);
  project.createSourceFile(MATH_FILE, rows.join(''));
  return project;
}

/** The files a relative import specifier may name, in the order a bundler tries them. */
export function candidatePaths(fromFile: string, specifier: string): string[] {
  const base = path.posix.resolve(path.posix.dirname(fromFile.replace(/\\/g, '/')), specifier);
  const stripped = base.replace(/\.(m|c)?js$/, '');
  const out = [stripped + '.ts', stripped + '.tsx', stripped + '.mts', stripped + '/index.ts'];
  if (/\.(m|c)?tsx?$/.test(base)) out.unshift(base);
  return out;
}

/** Relative module specifiers imported (or re-exported) by a source file. */
export function relativeImports(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const s of sf.statements) {
    if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) {
      if (s.moduleSpecifier.text.startsWith('.')) out.push(s.moduleSpecifier.text);
    }
  }
  return out;
}

/**
 * Adds `fileName` with `text` to the project and loads, transitively, the project modules it
 * imports (those `readFile` can read). Returns every file the analysis may depend on: each module
 * loaded, with the text the project holds for it, and each candidate path looked for and not
 * found (undefined), since creating such a file could change what an import resolves to.
 */
export function loadModule(project: Project, fileName: string, text: string, readFile: ReadFile): Map<string, string | undefined> {
  project.createSourceFile(fileName, text, { overwrite: true });
  const inputs = new Map<string, string | undefined>([[fileName, text]]);
  const queue = [fileName];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const sf = project.getSourceFile(file)?.compilerNode;
    if (!sf) continue;
    for (const spec of relativeImports(sf)) {
      for (const candidate of candidatePaths(file, spec)) {
        if (inputs.has(candidate)) {
          if (inputs.get(candidate) !== undefined) break;
          continue;
        }
        const loaded = project.getSourceFile(candidate);
        const content = loaded ? loaded.getFullText() : readFile(candidate);
        inputs.set(candidate, content);
        if (content === undefined) continue;
        if (!loaded) project.createSourceFile(candidate, content, { overwrite: true });
        queue.push(candidate);
        break;
      }
    }
  }
  // The module's own text is the caller's to key on: it may differ from the file on disk.
  inputs.delete(fileName);
  return inputs;
}
