/**
 * Words that cannot name a variable in an ES module (strict mode): a generated name built from a
 * user's (`d` + `o`, a temporary named after a parameter of a sloppy-mode package, `interface`) is
 * never one of them.
 */
const reservedWords = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static',
  'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval',
]);
export const isReservedWord = (name: string): boolean => reservedWords.has(name);

/** Fresh identifiers that collide with nothing the user wrote nor with each other. */
export class Namer {
  private readonly taken: Set<string>;
  /** `parent`: a namer whose names are visible here too (the module's, for a function's locals). */
  constructor(taken: Iterable<string>, private readonly parent?: Namer) {
    this.taken = new Set(taken);
    parent?.children.push(this);
  }
  /**
   * The namers whose names see this one's (a function's locals, for the module's namer): a name
   * given here later must not be one of theirs, or their local would hide it where they call it
   * (a tangent function's temporary h0_02 hid the module-level copy h0_02 of a local helper it
   * called, named after it: "h0_02 is not a function", fuzz seed 52817 run 274).
   */
  private readonly children: Namer[] = [];
  /**
   * Makes the names `local` holds, and gives later, visible to this namer as a child's: a driver
   * names its locals against only the module-level names it calls (its own namer), and the module
   * names nothing later, such as a module-level variable the driver reads (`ddxOut_d`, the
   * argument checks), after one of them.
   */
  adopt(local: Namer): Namer {
    this.children.push(local);
    return local;
  }
  /** Where the search for a free numbered name of each base resumes (names are never freed). */
  private readonly next = new Map<string, number>();

  /** `base` if free, else `base2`, `base3`, … */
  fresh(base: string): string {
    if (!this.has(base) && !this.takenBelow(base)) {
      this.taken.add(base);
      return base;
    }
    return this.numberedFrom(base, 2);
  }
  /** `base1`, `base2`, … (always numbered: for temporaries). */
  numbered(base: string): string {
    return this.numberedFrom(base, 1);
  }
  private numberedFrom(base: string, first: number): string {
    let k = Math.max(first, this.next.get(base) ?? first);
    while (this.has(`${base}${k}`) || this.takenBelow(`${base}${k}`)) k++;
    const name = `${base}${k}`;
    this.taken.add(name);
    // A later search starts at k + 1 unless it may want a smaller number (fresh starts at 2).
    if (first === 1 || k >= 2) this.next.set(base, k + 1);
    return name;
  }
  reserve(name: string): void {
    this.taken.add(name);
  }
  /** How many names this namer holds (not counting its parent's). */
  get size(): number {
    return this.taken.size;
  }
  has(name: string): boolean {
    return this.taken.has(name) || isReservedWord(name) || (this.parent?.has(name) ?? false);
  }
  /** Whether a namer that sees this one's names (a child, at any depth) holds `name`. */
  private takenBelow(name: string): boolean {
    return this.children.some((c) => c.taken.has(name) || c.takenBelow(name));
  }
}

/** The globals generated code reads. */
export const generatedGlobals = [
  'Math', 'Object', 'Array', 'Float64Array', 'Number', 'NaN', 'Infinity', 'undefined', 'RangeError', 'TypeError',
  'String', 'JSON', 'ArrayBuffer', 'DataView', 'isNaN', 'isFinite',
] as const;
export type GlobalName = (typeof generatedGlobals)[number];

/**
 * How generated code reaches a global from the module it is put in: by its name, or through
 * `globalThis` when the module binds that name itself (`const Math = …`, `import { Array } …`).
 * Generated functions sit at module level, so only module-level bindings can hide a global there;
 * their own parameters and locals are named to avoid the globals.
 */
export type Globals = (name: GlobalName) => string;

export const globalsAvoiding = (moduleBindings: ReadonlySet<string>): Globals =>
  (name) => (moduleBindings.has(name) ? `globalThis.${name}` : name);

export const plainGlobals: Globals = (name) => name;
