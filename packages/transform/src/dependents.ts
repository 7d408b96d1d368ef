/** Which modules' outputs read which files: the modules to transform again when a file changes. */
export class Dependents {
  /** file → the modules whose output read it. */
  private readonly byFile = new Map<string, Set<string>>();

  /** Records that `module`'s output read `files`, in place of what it read before. */
  record(module: string, files: Iterable<string>): void {
    for (const modules of this.byFile.values()) modules.delete(module);
    for (const file of files) {
      let modules = this.byFile.get(file);
      if (!modules) this.byFile.set(file, (modules = new Set()));
      modules.add(module);
    }
  }

  /** The modules whose output read `file`, sorted. */
  of(file: string): string[] {
    return [...(this.byFile.get(file) ?? [])].sort();
  }
}
