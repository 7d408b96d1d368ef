/** Fresh identifiers that collide with nothing the user wrote nor with each other. */
export class Namer {
  private readonly taken: Set<string>;
  constructor(taken: Iterable<string>) {
    this.taken = new Set(taken);
  }
  /** `base` if free (here and in `also`), else `base2`, `base3`, … */
  fresh(base: string, also?: Namer): string {
    let name = base;
    for (let k = 2; this.taken.has(name) || also?.has(name); k++) name = `${base}${k}`;
    this.taken.add(name);
    return name;
  }
  /** `base1`, `base2`, … (always numbered: for temporaries). */
  numbered(base: string): string {
    let k = 1;
    while (this.taken.has(`${base}${k}`)) k++;
    const name = `${base}${k}`;
    this.taken.add(name);
    return name;
  }
  reserve(name: string): void {
    this.taken.add(name);
  }
  has(name: string): boolean {
    return this.taken.has(name);
  }
}
