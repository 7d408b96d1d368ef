/**
 * The plugin's cheap test, before the compiler is loaded, of whether a module may call a verb: it
 * mentions @ddx/dual, or one of its imports leads, through modules that re-export (`export *`,
 * `export { … }`), to one that mentions it. The test reads text only; the analysis decides by
 * symbol. Answers per file are kept for one build.
 */
import { isProjectModule, type ReadFile, type ResolveAsync } from '../resolution.js';
import { runtimeModule } from './options.js';

/** The specifiers of `… from '…'` clauses (imports and re-exports); comments may add a few, which only costs a look. */
const fromClauses = /\bfrom\s*(['"])([^'"\n]+)\1/g;
const specifiersOf = (code: string): string[] => [...new Set([...code.matchAll(fromClauses)].map((m) => m[2]))];
/** Only a module with an export list or `export *` can pass a name on from another module. */
const reExports = /\bexport\s*(?:type\s*)?[{*]/;

export class DualReach {
  /** File → whether it mentions @ddx/dual or re-exports from a module that leads to it. */
  private readonly leads = new Map<string, boolean>();
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
  }

  private async importsLeadToDual(code: string, importer: string, resolve: ResolveAsync, visiting: Set<string>): Promise<boolean> {
    for (const specifier of specifiersOf(code)) {
      const file = await resolve(specifier, importer);
      if (file !== undefined && isProjectModule(file) && await this.leadsToDual(file, resolve, visiting)) return true;
    }
    return false;
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
    const leads = text !== undefined && (text.includes(runtimeModule) || (reExports.test(text) && await this.importsLeadToDual(text, file, resolve, visiting)));
    // A "no" that met a cycle holds only for the file where the search started.
    if (leads || this.cycles === cycles) this.leads.set(file, leads);
    return leads;
  }
}
