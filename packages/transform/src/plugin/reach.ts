/**
 * The plugin's cheap test, before the compiler is loaded, of whether a module may call a verb: it
 * mentions @ddx/dual, or one of its imports leads, through modules that re-export (`export *`,
 * `export { … }`), to one that may pass on a name of @ddx/dual (mayPassOnDual). The test reads
 * text only, and may say yes too often (the analysis decides by symbol), never no wrongly.
 * Answers are kept for one build.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { isProjectModule, type ReadFile, type ResolveAsync } from '../resolution.js';
import { runtimeModule } from './options.js';

/** The specifiers of `… from '…'` clauses (imports and re-exports); comments may add a few, which only costs a look. */
const fromClauses = /\bfrom\s*(['"])([^'"\n]+)\1/g;
const specifiersOf = (code: string): string[] => [...new Set([...code.matchAll(fromClauses)].map((m) => m[2]))];
/**
 * The modules that may call a verb, as a test of their text that a bundler can run natively
 * before calling the plugin at all: those that mention @ddx/dual or have a `from` clause (a
 * superset of what mayCallVerbs reads). Most modules of an app without imports never reach it.
 */
export const mayCallVerbsText = new RegExp(`${runtimeModule.replace('/', '\\/')}|from\\s*['"]`);
/** Export lists and `export *`, `export default`, `export =` and `export import`: they may pass on any name. */
const exportsNames = /\bexport\s*(?:type\s*)?[{*]|\bexport\s*(?:default\b|=|import\b)/;
/**
 * Only a module with one of those, or with an exported variable (`export const grad = g`, which
 * the analysis follows to g's declaration), can pass a name on from another module.
 */
const passesOn = new RegExp(`${exportsNames.source}|\\bexport\\s+(?:declare\\s+)?(?:const|let|var)\\b`);
const scriptExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

interface Listing {
  readonly names: ReadonlySet<string>;
  readonly scriptsByStem: ReadonlyMap<string, readonly string[]>;
}

export class DualReach {
  /** File → whether it mentions @ddx/dual or re-exports from a module that leads to it. */
  private readonly leads = new Map<string, boolean>();
  /** Directory → the names in it (a relative import is looked up there, not asked of the bundler). */
  private readonly listings = new Map<string, Listing>();
  /** Directory and non-relative specifier → where the bundler resolves it. */
  private readonly resolved = new Map<string, Promise<string | undefined>>();
  /** Import cycles met so far. */
  private cycles = 0;

  constructor(private readonly readFile: ReadFile) {}

  /** Whether the module `id`, of text `code`, may call a verb. */
  async mayCallVerbs(code: string, id: string, resolve: ResolveAsync): Promise<boolean> {
    return code.includes(runtimeModule) || this.importsLeadToDual(code, id, resolve, new Set([id]));
  }

  /** Forget every answer (a file changed). */
  forget(): void {
    this.leads.clear();
    this.listings.clear();
    this.resolved.clear();
  }

  private async importsLeadToDual(code: string, importer: string, resolve: ResolveAsync, visiting: Set<string>): Promise<boolean> {
    for (const specifier of specifiersOf(code)) {
      // @ddx/dual itself is the run-time engine (mayPassOnDual reads how a module uses it), not a
      // module of the project, also where the workspace links it in from outside node_modules.
      if (specifier === runtimeModule) continue;
      for (const file of await this.filesOf(specifier, importer, resolve)) {
        if (await this.leadsToDual(file, resolve, visiting)) return true;
      }
    }
    return false;
  }

  /**
   * The project files an import may lead to. A relative one: every existing script it could
   * name, without asking the bundler (esbuild's resolve is a round trip to its process, and
   * this runs for every module of a build). Any other (an alias, a package): the bundler's answer.
   */
  private async filesOf(specifier: string, importer: string, resolve: ResolveAsync): Promise<string[]> {
    if (specifier.startsWith('.')) return this.scriptsNamed(path.resolve(path.dirname(importer), specifier)).filter(isProjectModule);
    const key = `${path.dirname(importer)}\0${specifier}`;
    let answer = this.resolved.get(key);
    if (!answer) this.resolved.set(key, (answer = Promise.resolve(resolve(specifier, importer))));
    const file = await answer;
    return file !== undefined && isProjectModule(file) ? [file] : [];
  }

  /**
   * Every existing script a relative import of `base` could name, whatever the bundler's
   * extension order: as written, with any script extension, `./x.js` as `./x.ts` (TypeScript's
   * convention), or an index module of that directory.
   */
  private scriptsNamed(base: string): string[] {
    const dir = path.dirname(base);
    const name = path.basename(base);
    const stem = name.replace(/\.[cm]?jsx?$/, '');
    const { names, scriptsByStem } = this.listing(dir);
    const found = new Set<string>(names.has(name) ? [name] : []);
    for (const script of [...(scriptsByStem.get(name) ?? []), ...(scriptsByStem.get(stem) ?? [])]) found.add(script);
    const files = [...found].map((n) => path.join(dir, n));
    if (names.has(name)) {
      const inside = this.listing(base).names;
      files.push(...scriptExtensions.filter((e) => inside.has(`index${e}`)).map((e) => path.join(base, `index${e}`)));
    }
    return files;
  }

  /** The names in a directory, and its scripts by name without their script extension (each directory listed once per build). */
  private listing(dir: string): Listing {
    let listing = this.listings.get(dir);
    if (!listing) {
      let names: Set<string>;
      try {
        names = new Set(readdirSync(dir));
      } catch {
        names = new Set(); // not a directory
      }
      const scriptsByStem = new Map<string, string[]>();
      for (const name of names) {
        const extension = scriptExtensions.find((e) => name.endsWith(e) && name.length > e.length);
        if (extension === undefined) continue;
        const stem = name.slice(0, -extension.length);
        scriptsByStem.set(stem, [...(scriptsByStem.get(stem) ?? []), name]);
      }
      this.listings.set(dir, (listing = { names, scriptsByStem }));
    }
    return listing;
  }

  private async leadsToDual(file: string, resolve: ResolveAsync, visiting: Set<string>): Promise<boolean> {
    const known = this.leads.get(file);
    if (known !== undefined) return known;
    if (visiting.has(file)) {
      this.cycles += 1;
      return false; // an import cycle: answered where it started
    }
    visiting.add(file);
    const cycles = this.cycles;
    const text = this.readFile(file);
    const leads = text !== undefined && (mayPassOnDual(text) || (passesOn.test(text) && await this.importsLeadToDual(text, file, resolve, visiting)));
    // A "no" that met a cycle holds only for the file where the search started.
    if (leads || this.cycles === cycles) this.leads.set(file, leads);
    return leads;
  }
}

/** `import … from '@ddx/dual'` statements (a clause of names, a namespace, a default, or type-only). */
const dualImports = new RegExp(String.raw`\bimport\s+(?:type\s+)?([\w$\s,{}*]*?)\s*from\s*(['"])${runtimeModule}\2\s*;?`, 'g');

/** The local names a clause of an `import … from` statement binds, and which of them is a namespace. */
function namesBound(clause: string): { names: string[]; namespaces: string[] } {
  const namespaces = [...clause.matchAll(/\*\s*as\s+([\w$]+)/g)].map((m) => m[1]);
  const withoutNamespace = clause.replace(/\*\s*as\s+[\w$]+/g, '');
  const inBraces = /\{([^}]*)\}/.exec(withoutNamespace)?.[1] ?? '';
  const named = inBraces.split(',').map((item) => item.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim()).filter(Boolean);
  const defaultName = /^\s*([\w$]+)/.exec(withoutNamespace.replace(/\{[^}]*\}/, ''))?.[1];
  return { names: [...named, ...(defaultName ? [defaultName] : [])], namespaces };
}

const escapeName = (name: string) => name.replace(/\$/g, '\\$');

/**
 * Whether a module that another one imports may pass a name of @ddx/dual on to it, so that a call
 * there may be a verb call. The analysis follows imports, re-exports and module-level bindings of
 * another name (`export const grad = gradient`), so a module can pass one on only through an
 * export list or `export *` (the caller follows those), `export default`, `export =`, or a
 * binding that reads a name imported from @ddx/dual other than by calling it. A module that only
 * calls the verbs (`export const slope = derivative(f)`) passes none on: a module importing it
 * need not be analysed, nor the whole app it imports. Anything not understood here (a require, a
 * dynamic import, a mention in a comment after code) counts as passing one on.
 */
export function mayPassOnDual(text: string): boolean {
  if (!text.includes(runtimeModule)) return false;
  if (exportsNames.test(text)) return true;
  const names: string[] = [];
  const namespaces: string[] = [];
  const rest = text.replace(dualImports, (_, clause: string) => {
    const bound = namesBound(clause);
    names.push(...bound.names);
    namespaces.push(...bound.namespaces);
    return '';
  });
  if (rest.includes(runtimeModule)) return true;
  // Comments that start a line (`// the gradient of …`, doc comments) use no name; a comment after
  // code stays, and counts as a use if it names one.
  const code = rest.replace(/^[ \t]*\/\*[\s\S]*?\*\//gm, '').replace(/^[ \t]*\/\/.*$/gm, '');
  // Each use of an imported name must be a call (of the name, or of a member of the namespace).
  const uses = (name: string, call: string) =>
    [...code.matchAll(new RegExp(`(?<![\\w$.])${escapeName(name)}(?![\\w$])(${call})?`, 'g'))].some((m) => m[1] === undefined);
  return names.some((name) => uses(name, String.raw`\s*\(`)) || namespaces.some((name) => uses(name, String.raw`\s*\.\s*[\w$]+\s*\(`));
}
