/**
 * V8's compiled code for the compiler, kept on disk between builds. Loading TypeScript (13 MB of
 * JavaScript inside ts-morph) is most of what the plugin costs a build whose result cache misses:
 * V8 parses and compiles it anew in every process. With V8's code cache, made after the first
 * analysis so that it holds the functions the analysis ran, a later process loads the compiler
 * and runs its first analysis in about half the time (packages/transform/PLUGINS.md).
 *
 * Only the files of the ts-morph and @ts-morph/common packages (and, in the worker, the compiler's
 * own CommonJS build) are compiled through the cache, and only while the plugin itself requires
 * them. A cache file is named by the source file's path, size and modification time and by the V8
 * version; V8 checks it again (source length, flags) and rejects a stale one, in which case the
 * file is compiled as usual and its cache rewritten. Reading or writing the cache never fails a build.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** Node's CommonJS module internals that a compile hook uses (present from Node 12 on, untyped). */
interface CommonJsModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}
interface ModuleStatics {
  prototype: CommonJsModule;
  wrap(content: string): string;
}
const CjsModule = Module as unknown as ModuleStatics;

interface Compiled {
  readonly file: string;
  readonly script: Script;
  readonly cacheFile: string;
}

export interface CompilerCodeCache {
  /** The compiler's files that V8 compiled afresh (no cache, or a stale one); the others came from the cache. */
  readonly compiled: readonly string[];
  /** The exports of the `core` file asked for, required through the cache; undefined if it failed to load. */
  readonly core: unknown;
  /** Writes V8's code for those files, as far as it has run, once per process. */
  save(): void;
}

/**
 * Requires ts-morph (and with it TypeScript) through V8's code cache kept in `dir`, and then
 * `core` if given: a CommonJS build of the compiler (the files of its folder are compiled through
 * the cache too). Returns undefined if ts-morph was loaded already in this process, as there is
 * then nothing to cache.
 */
export function requireCompilerWithCodeCache(dir: string, core?: string): CompilerCodeCache | undefined {
  const require = createRequire(import.meta.url);
  let packages: string[];
  try {
    const tsMorph = require.resolve('ts-morph');
    if (require.cache[tsMorph]) return undefined;
    packages = [packageDir(tsMorph, 'ts-morph'), packageDir(createRequire(tsMorph).resolve('@ts-morph/common'), join('@ts-morph', 'common'))];
    if (core !== undefined) packages.push(dirname(core) + sep);
  } catch {
    return undefined; // an unusual layout: the core's own import loads ts-morph, or reports it missing
  }
  const toSave: Compiled[] = [];
  const original = CjsModule.prototype._compile;
  CjsModule.prototype._compile = function compileThroughCodeCache(this: CommonJsModule, content: string, filename: string) {
    if (!packages.some((p) => filename.startsWith(p))) return original.call(this, content, filename);
    return runWithCodeCache(this, content, filename, dir, toSave);
  };
  const forget = (dirs: readonly string[]) => {
    for (const file of Object.keys(require.cache)) if (dirs.some((p) => file.startsWith(p))) delete require.cache[file];
  };
  let loadedCore: unknown;
  try {
    require('ts-morph');
    try {
      if (core !== undefined) loadedCore = require(core);
    } catch {
      forget(packages.slice(2)); // the caller loads its core as usual
    }
  } catch {
    // Whatever failed here, the core's own import loads ts-morph as Node does, from scratch.
    forget(packages);
    return undefined;
  } finally {
    CjsModule.prototype._compile = original;
  }
  let saved = false;
  return {
    compiled: toSave.map(({ file }) => file),
    core: loadedCore,
    save() {
      if (saved) return;
      saved = true;
      for (const { script, cacheFile } of toSave) writeCodeCache(script, cacheFile);
    },
  };
}

/**
 * The compiler's CommonJS build (dist/index.cjs) for the built file at `url`, which is in dist/
 * or dist/plugin/ (in the CommonJS build, import.meta.url names a chunk in dist/); undefined when
 * running from the TypeScript sources.
 */
export function commonJsCoreBeside(url: string): string | undefined {
  const here = dirname(fileURLToPath(url));
  return [join(here, 'index.cjs'), join(here, '..', 'index.cjs')].find((file) => existsSync(file));
}

/** `.../node_modules/<name>/` of a file of package `name` (pnpm, npm and yarn layouts alike). */
function packageDir(file: string, name: string): string {
  const marker = `${sep}node_modules${sep}${name}${sep}`;
  const at = file.lastIndexOf(marker);
  return at < 0 ? dirname(file) + sep : file.slice(0, at + marker.length);
}

/** What Node's own loader does for a CommonJS file, with V8's cached code read and kept. */
function runWithCodeCache(module: CommonJsModule, content: string, filename: string, dir: string, toSave: Compiled[]): unknown {
  const cacheFile = codeCacheFile(dir, filename);
  let cachedData: Buffer | undefined;
  try {
    cachedData = cacheFile === undefined ? undefined : readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(CjsModule.wrap(content), { filename, cachedData });
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected)) toSave.push({ file: filename, script, cacheFile });
  const body = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
  return body.call(module.exports, module.exports, requireFor(module, filename), module, filename, dirname(filename));
}

/** The `require` a CommonJS module sees, as Node builds it. */
function requireFor(module: CommonJsModule, filename: string): NodeJS.Require {
  const { resolve, cache, extensions, main } = createRequire(filename);
  return Object.assign((id: string) => module.require(id), { resolve, cache, extensions, main });
}

/** The cache file of a source file as it is now on disk, for this V8; undefined if it can't be read. */
function codeCacheFile(dir: string, filename: string): string | undefined {
  try {
    const { size, mtimeMs } = statSync(filename);
    const key = createHash('sha256').update(`${filename}\0${size}\0${mtimeMs}\0${process.versions.v8}\0${process.arch}`).digest('hex').slice(0, 16);
    return join(dir, `${basename(filename)}-${key}.v8`);
  } catch {
    return undefined;
  }
}

function writeCodeCache(script: Script, cacheFile: string): void {
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    // Caches of earlier versions of the same file are dropped; a rename never leaves half a file.
    const stem = basename(cacheFile).replace(/-[0-9a-f]{16}\.v8$/, '-');
    for (const name of readdirSync(dirname(cacheFile))) {
      if (name.startsWith(stem) && name.endsWith('.v8')) rmSync(join(dirname(cacheFile), name), { force: true });
    }
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  } catch {
    // A read-only or full disk: the next build compiles the compiler again.
  }
}
