/**
 * Module resolution, as a parameter of the transform: the bundler's own resolver in the plugin,
 * the project's tsconfig in the CLI, or today's guess from a relative path. The analysis follows
 * an import exactly where the resolver says it leads, so that the derivative is taken of the very
 * module the bundle runs. This file does not load TypeScript (the plugin imports it eagerly).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * How a module names another: by `import` (or `export … from`), or by `require(…)` in CommonJS,
 * which a package's `exports` map may lead elsewhere (its `require` condition).
 */
export type ImportKind = 'import' | 'require';

/**
 * Where `specifier`, imported by the module `importer` (an absolute path), leads: an absolute
 * path, or undefined. `kind` is 'import' when omitted.
 */
export type Resolve = (specifier: string, importer: string, kind?: ImportKind) => string | undefined;
/** The same, possibly asynchronous (a bundler's resolver). */
export type ResolveAsync = (specifier: string, importer: string, kind?: ImportKind) => string | undefined | Promise<string | undefined>;

/** What one import of a loaded module resolved to (undefined: nowhere, or outside the project). */
export interface Resolution {
  readonly importer: string;
  readonly specifier: string;
  readonly resolved: string | undefined;
  /** Present for a `require(…)`. */
  readonly kind?: 'require';
}

export type ReadFile = (fileName: string) => string | undefined;

export const defaultReadFile: ReadFile = (fileName) => {
  try {
    return fs.readFileSync(fileName, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * Whether a resolved path is a module of the project the analysis may read: a TypeScript or
 * JavaScript file (not a declaration file), outside node_modules, without a query (a bundler's
 * virtual or derived module).
 */
export function isProjectModule(file: string): boolean {
  return path.isAbsolute(file) && /\.(?:[cm]?[jt]sx?)$/.test(file) && !/\.d\.[cm]?tsx?$/.test(file) &&
    !/[\\/]node_modules[\\/]/.test(file) && !/[?#\0]/.test(file);
}

/**
 * Whether a resolved path is a module the analysis may read to differentiate through its
 * functions: a project module, or the JavaScript of a package in node_modules (its published
 * code, which the bundle runs; never its declaration files).
 */
export function isReadableModule(file: string): boolean {
  return isProjectModule(file) || isPackageModule(file);
}

/** Whether a resolved path is the JavaScript of a package in node_modules (loaded only when a function reaches it). */
export function isPackageModule(file: string): boolean {
  return path.isAbsolute(file) && /[\\/]node_modules[\\/]/.test(file) && /\.[cm]?js$/.test(file) && !/[?#\0]/.test(file);
}

/** The files a relative import specifier may name, in the order the default resolver tries them. */
export function candidatePaths(fromFile: string, specifier: string): string[] {
  const base = path.posix.resolve(path.posix.dirname(fromFile.replace(/\\/g, '/')), specifier);
  const stripped = base.replace(/\.(m|c)?js$/, '');
  const out = [stripped + '.ts', stripped + '.tsx', stripped + '.mts', stripped + '/index.ts'];
  if (/\.(m|c)?tsx?$/.test(base)) out.unshift(base);
  return out;
}

/**
 * The resolver used when the caller gives none: a relative specifier names the first of its
 * candidate paths that `readFile` can read; any other specifier resolves nowhere.
 */
export const candidateResolver = (readFile: ReadFile): Resolve => (specifier, importer) =>
  specifier.startsWith('.') ? candidatePaths(importer, specifier).find((file) => readFile(file) !== undefined) : undefined;
