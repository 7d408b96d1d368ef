/**
 * The plugin's persistent result cache. Loading TypeScript takes longer than building a small
 * app, so a build in which no module's inputs changed must not load the compiler at all: each
 * module's output is kept on disk and reused while the module's text, every file its analysis
 * read, where each import of those modules resolves (asked of the bundler again), the options
 * and the compiler itself are unchanged.
 *
 * One entry per module and options, under `<dir>/<compiler fingerprint>/`; an entry is rewritten
 * when its module changes, and entries of other compiler versions are removed on the first write.
 * Any failure to read or write the cache only costs a fresh transform: it never fails a build.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolveAsync } from '../resolution.js';
import type { Diagnostic } from '../diagnostics.js';
import type { SourceMapV3, TransformResult } from '../transform.js';

/** What a cached transform gives back: the output (null: unchanged), the callee modules it read, and its warnings (reported again on every build). */
export interface CachedOutput {
  readonly code: string | null;
  readonly map: SourceMapV3 | null;
  readonly dependencies: readonly string[];
  readonly warnings: readonly Diagnostic[];
}

interface Entry {
  readonly module: string;
  readonly text: string;
  /** [file, hash of its text, or null when it was absent]. */
  readonly inputs: readonly (readonly [string, string | null])[];
  /** [importing file, specifier, the file it resolved to, or null, and 'require' for a require]. */
  readonly resolutions: readonly (readonly [string, string, string | null, 'require'?])[];
  readonly output: CachedOutput;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether the module's text and every file its analysis read are as the entry recorded them. */
function unchangedOnDisk(entry: Entry, text: string): boolean {
  try {
    return entry.text === sha256(text) && entry.inputs.every(([file, hash]) => {
      const current = readText(file);
      return (current === undefined ? null : sha256(current)) === hash;
    });
  } catch {
    return false; // an entry from elsewhere
  }
}

export class ResultCache {
  /** This compiler version's folder: its entries, and V8's code for the compiler under `v8/`. */
  readonly dir: string;
  private cleaned = false;
  /**
   * The entries willMiss found current, by path, each kept until its module's first get: reading
   * and parsing an entry (most of it the output and its map) costs as much as the rest of a hit.
   */
  private readonly current = new Map<string, Entry>();

  /** `settings`: everything besides the inputs that shapes the output (the emit options). */
  constructor(root: string, private readonly settings: string) {
    this.dir = join(root, compilerFingerprint(root));
  }

  private entryPath(module: string): string {
    return join(this.dir, `${sha256(`${this.settings}\0${module}`)}.json`);
  }

  /** The stored output, if the module's text, its inputs and the resolutions (by `resolve`) are what they were. */
  async get(text: string, module: string, resolve: ResolveAsync): Promise<CachedOutput | undefined> {
    const path = this.entryPath(module);
    // An entry read before is as good as one read now: it is checked against the files all the same.
    const entry = this.current.get(path) ?? this.read(path);
    this.current.delete(path);
    if (entry === undefined || entry.module !== module || !unchangedOnDisk(entry, text)) return undefined;
    try {
      const now = await Promise.all(entry.resolutions.map(([importer, specifier, , kind]) => resolve(specifier, importer, kind)));
      return entry.resolutions.every(([, , resolved], i) => (now[i] ?? null) === resolved) ? entry.output : undefined;
    } catch {
      return undefined; // the transform asks again, and reports what goes wrong
    }
  }

  private read(path: string): Entry | undefined {
    const raw = readText(path);
    try {
      const entry = raw === undefined ? undefined : (JSON.parse(raw) as Entry);
      return entry && Array.isArray(entry.inputs) && Array.isArray(entry.resolutions) ? entry : undefined;
    } catch {
      return undefined; // an entry cut short or from elsewhere: transform afresh
    }
  }

  /**
   * Whether a build will miss, as far as can be told before it: no build with this compiler has
   * used this cache (a clean checkout, an upgrade), or a stored result is stale (its module or a
   * file its analysis read changed since; where imports resolve is not asked: only the bundler
   * can tell, during the build).
   */
  willMiss(): boolean {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith('.json'));
    } catch {
      return true;
    }
    return names.some((name) => {
      const path = join(this.dir, name);
      const entry = this.read(path);
      // Another settings' entry, or a module deleted since, is not this build's.
      const text = entry && this.entryPath(entry.module) === path ? readText(entry.module) : undefined;
      if (text === undefined) return false;
      if (!unchangedOnDisk(entry!, text)) return true;
      this.current.set(path, entry!);
      return false;
    });
  }

  /** After a build: its folder exists, so that willMiss tells a later build from the first, also when nothing was stored. */
  markBuilt(): void {
    try {
      this.removeOtherVersions();
      mkdirSync(this.dir, { recursive: true });
    } catch {
      // A read-only disk: later builds start loading the compiler early, to no other harm.
    }
  }

  /** Keeps a successful result; results with diagnostics are never cached. */
  set(text: string, module: string, result: TransformResult): void {
    if (result.diagnostics.length > 0) return;
    const entry: Entry = {
      module,
      text: sha256(text),
      inputs: [...result.inputs].map(([file, content]) => [file, content === undefined ? null : sha256(content)] as const),
      resolutions: result.resolutions.map(({ importer, specifier, resolved, kind }) => (kind ? [importer, specifier, resolved ?? null, kind] as const : [importer, specifier, resolved ?? null] as const)),
      output: { code: result.changed ? result.code : null, map: result.changed ? result.map : null, dependencies: result.dependencies, warnings: result.warnings },
    };
    try {
      this.removeOtherVersions();
      mkdirSync(this.dir, { recursive: true });
      // Written aside and renamed, so a concurrent build never reads half an entry.
      const path = this.entryPath(module);
      const partial = `${path}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(entry));
      renameSync(partial, path);
    } catch {
      // A read-only or full disk: the build goes on uncached.
    }
  }

  private removeOtherVersions(): void {
    if (this.cleaned) return;
    this.cleaned = true;
    const root = dirname(this.dir);
    if (!existsSync(root)) return;
    for (const name of readdirSync(root)) {
      if (join(root, name) !== this.dir && !name.startsWith(fingerprintFile)) rmSync(join(root, name), { recursive: true, force: true });
    }
  }
}

/** The default cache directory: node_modules/.cache/ddx of the project being built. */
export const defaultCacheDir = (): string => resolve('node_modules/.cache/ddx');

/** Where V8's code for the compiler is kept under a cache directory: beside this compiler version's results. */
export const codeCacheDir = (root: string): string => join(root, compilerFingerprint(root), 'v8');

let fingerprint: string | undefined;

/**
 * The file, in the cache directory beside the versions' folders, that keeps the last fingerprint
 * with the state of the files it hashed: reading and hashing the compiler's 850 kB on every build
 * cost more than taking their state.
 */
const fingerprintFile = 'compiler-fingerprint';
/**
 * A file changed less than this long (ms) before its state was taken is hashed again by the next
 * build: a second change within the file system's time resolution could leave its state as it was.
 */
const settleTime = 2000;

/**
 * A hash of the code that produces the output: this package's and @ddx/dual's (whose rule table
 * the emitted formulas come from), so that an upgrade or a local rebuild never reuses old output.
 * The folder hashed is the one this code runs from (dist, or src when run from source), and in
 * it only the files of the format this code runs as (the .js of ESM, the .cjs of CommonJS, the
 * .ts of source): the other format is built from the same sources, and hashing it would double
 * this cost of every build. The hash is kept under `cacheRoot` (fingerprintOf).
 */
function compilerFingerprint(cacheRoot: string): string {
  return (fingerprint ??= fingerprintOf(compilerFiles(), join(cacheRoot, fingerprintFile)));
}

/**
 * The first 16 hex digits of a hash of `files` (each under its `name`), kept in the file `kept`
 * with the files' state and taken from there while every file keeps its path, size, modification
 * and change times and inode (a write sets the change time, which no tool sets back). A state
 * taken less than `settle` ms after a file changed is not kept.
 */
export function fingerprintOf(files: readonly { name: string; file: string }[], kept: string, settle = settleTime): string {
  const now = Date.now();
  let settled = true;
  const state = createHash('sha256');
  for (const { file } of files) {
    const { size, mtimeMs, ctimeMs, ino } = statSync(file);
    if (now - Math.max(mtimeMs, ctimeMs) < settle) settled = false;
    state.update(`${file}\0${size}\0${mtimeMs}\0${ctimeMs}\0${ino}\0`);
  }
  const filesState = state.digest('hex');
  try {
    const last = JSON.parse(readFileSync(kept, 'utf8')) as { filesState?: unknown; fingerprint?: unknown };
    if (last.filesState === filesState && typeof last.fingerprint === 'string') return last.fingerprint;
  } catch {
    // None kept yet, or a damaged one: hash the code.
  }
  const hash = createHash('sha256');
  for (const { name, file } of files) hash.update(`${name}\0`).update(readFileSync(file));
  const fingerprint = hash.digest('hex').slice(0, 16);
  if (settled) {
    try {
      mkdirSync(dirname(kept), { recursive: true });
      const partial = `${kept}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify({ filesState, fingerprint }));
      renameSync(partial, kept);
    } catch {
      // A read-only disk: the next build hashes the code again.
    }
  }
  return fingerprint;
}

/** The compiler's code files that the fingerprint hashes, in a fixed order, each with its path in its folder. */
function compilerFiles(): { name: string; file: string }[] {
  const self = fileURLToPath(import.meta.url);
  const here = dirname(self);
  const format = extname(self);
  const root = packageRoot(here);
  const folder = relative(root, here).split(sep)[0] || '.';
  const roots = [root];
  try {
    roots.push(dirname(createRequire(import.meta.url).resolve('@ddx/dual/package.json')));
  } catch {
    // Not resolvable from here: this package's own code still keys the cache.
  }
  return roots.map((r) => join(r, folder)).filter((d) => existsSync(d)).flatMap((dir) =>
    filesUnder(dir).filter((name) => extname(name) === format && !/\.d\.[cm]?ts$/.test(name)).sort()
      .map((name) => ({ name, file: join(dir, name) })));
}

/**
 * The files under `dir` but for node_modules, by their path from it (with `/`). Node's own
 * recursive readdirSync took 1.5 to 3 ms of CPU here for the 50 files of the built compiler,
 * this walk about 0.5 ms: a cost of every build.
 */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    if (!item.isDirectory()) return [`${prefix}${item.name}`];
    return item.name === 'node_modules' ? [] : filesUnder(join(dir, item.name), `${prefix}${item.name}/`);
  });
}

/** The nearest directory at or above `dir` that has a package.json. */
function packageRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return dir;
  }
}
