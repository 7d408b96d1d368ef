/**
 * Where the plugin's compiler runs. Loading TypeScript (13 MB of JavaScript inside ts-morph) is
 * most of what the plugin adds to a build whose stored results miss, and the bundler's thread
 * would wait for it. So the compiler runs in a worker thread (compiler-worker.ts), on another
 * core, while the bundler goes on transforming the other modules; the transform hook awaits the
 * worker's answer for the modules that need the compiler. Where worker threads are unavailable
 * (or the plugin runs from its TypeScript sources, or DDX_NO_WORKER is set), the compiler is
 * loaded on the bundler's thread, as the CLI does.
 */
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportKind, ResolveAsync } from '../resolution.js';
import type { TransformOptions, TransformResult } from '../transform.js';
import { requireCompilerWithCodeCache, type CompilerCodeCache } from './code-cache.js';

/** The compiler as the plugin uses it during one build. */
export interface PluginCompiler {
  transform(code: string, file: string, resolve: ResolveAsync): Promise<TransformResult>;
  /** Forget a file that changed on disk. */
  invalidate(file: string): void;
  /**
   * After the build: keeps V8's code for the compiler, then ends, or, for a bundler that builds
   * again on changes (`watching`), stays ready with a new analysis project for the next build.
   * Resolves to whether it stayed.
   */
  end(watching: boolean): Promise<boolean>;
}

/** The transform's options that reach the worker (they must survive structured cloning). */
export type CompilerOptions = Pick<TransformOptions, 'mode' | 'equalityWarnings'>;

/** The worker's data at its start. */
export interface WorkerSettings {
  readonly options: CompilerOptions;
  readonly codeCacheDir: string | undefined;
}

/** Messages from the bundler's thread to the worker. */
export type ToWorker =
  | { type: 'transform'; id: number; code: string; file: string }
  | { type: 'resolved'; id: number; file: string | undefined; failure?: string }
  | { type: 'invalidate'; file: string }
  | { type: 'restart' }
  | { type: 'end' };

/** Messages from the worker: a transform's result or failure, a resolution it asks for, the end. */
export type FromWorker =
  | { type: 'result'; id: number; result: TransformResult }
  | { type: 'failed'; id: number; message: string; stack: string | undefined }
  | { type: 'resolve'; id: number; transform: number; specifier: string; importer: string; kind: ImportKind | undefined }
  | { type: 'ended' };

/** The compiler for one build: in a worker thread where possible, else on this thread. */
export function startCompiler(options: CompilerOptions, codeCacheDir: string | undefined): PluginCompiler {
  return startCompilerWorker(options, codeCacheDir) ?? inThreadCompiler(options, codeCacheDir);
}

/** The compiler in a worker thread, which starts loading it at once; undefined where there can be none. */
export function startCompilerWorker(options: CompilerOptions, codeCacheDir: string | undefined): PluginCompiler | undefined {
  const file = workerFile();
  if (file === undefined) return undefined;
  try {
    return new WorkerCompiler(new Worker(file, { workerData: { options, codeCacheDir } satisfies WorkerSettings }));
  } catch {
    return undefined; // no worker threads here (a restricted runtime)
  }
}

/**
 * The worker's script, built beside the plugin's entries (dist/plugin/compiler-worker.js, or
 * .cjs in the CommonJS build); this code itself may be bundled into dist/ or dist/plugin/.
 * Undefined when running from the TypeScript sources, which Node cannot start a worker from.
 */
function workerFile(): string | undefined {
  if (process.env.DDX_NO_WORKER) return undefined;
  const self = fileURLToPath(import.meta.url);
  const format = extname(self);
  if (format !== '.js' && format !== '.cjs') return undefined;
  return [dirname(self), join(dirname(self), 'plugin')].map((dir) => join(dir, `compiler-worker${format}`)).find((candidate) => existsSync(candidate));
}

interface Pending {
  resolve(result: TransformResult): void;
  reject(error: Error): void;
  /** The bundler's resolver for this transform's imports. */
  resolveImport: ResolveAsync;
}

class WorkerCompiler implements PluginCompiler {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private ending: ((value: void) => void) | undefined;
  /** Why the worker stopped, once it has. */
  private failure: Error | undefined;

  constructor(private readonly worker: Worker) {
    // Between transforms the worker keeps no process alive (a dev server's, a test runner's).
    worker.unref();
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.stop(new Error(`ddx: the compiler's worker thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.stop(new Error(`ddx: the compiler's worker thread stopped (exit code ${code})`)));
  }

  transform(code: string, file: string, resolveImport: ResolveAsync): Promise<TransformResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, resolveImport });
      this.post({ type: 'transform', id, code, file });
    });
  }

  invalidate(file: string): void {
    if (!this.failure) this.post({ type: 'invalidate', file });
  }

  async end(watching: boolean): Promise<boolean> {
    if (this.failure) return false;
    // Ref'd until the worker has saved V8's code: the process must not exit before.
    this.worker.ref();
    await new Promise<void>((resolve) => {
      this.ending = resolve;
      this.post({ type: 'end' });
    });
    if (this.failure) return false;
    if (watching) {
      this.post({ type: 'restart' });
      this.worker.unref();
      return true;
    }
    this.failure = new Error('ddx: the compiler was used after its build ended');
    await this.worker.terminate();
    return false;
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'resolve':
        void this.resolveFor(message);
        break;
      case 'result':
      case 'failed': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (this.pending.size === 0 && !this.ending) this.worker.unref();
        if (message.type === 'result') pending?.resolve(message.result);
        else pending?.reject(Object.assign(new Error(message.message), { stack: message.stack }));
        break;
      }
      case 'ended':
        this.ending?.();
        this.ending = undefined;
        break;
    }
  }

  /** Answers the worker's question with the bundler's resolver of the transform that asks. */
  private async resolveFor({ id, transform, specifier, importer, kind }: Extract<FromWorker, { type: 'resolve' }>): Promise<void> {
    const resolveImport = this.pending.get(transform)?.resolveImport;
    let answer: ToWorker;
    try {
      if (!resolveImport) throw new Error(`no transform ${transform} is waiting`);
      answer = { type: 'resolved', id, file: await resolveImport(specifier, importer, kind) };
    } catch (error) {
      answer = { type: 'resolved', id, file: undefined, failure: error instanceof Error ? error.message : String(error) };
    }
    if (!this.failure) this.post(answer);
  }

  /** The worker is gone: what waits for it fails with the reason. */
  private stop(reason: Error): void {
    this.failure ??= reason;
    for (const { reject } of this.pending.values()) reject(this.failure);
    this.pending.clear();
    this.ending?.();
    this.ending = undefined;
  }
}

/**
 * The compiler on this thread. The core is loaded once per process, on first use; with a cache
 * directory, TypeScript is compiled through V8's code cache kept there.
 */
let loadingCore: Promise<typeof import('../index.js')> | undefined;
let compilerCodeCache: CompilerCodeCache | undefined;
function inThreadCompiler(options: CompilerOptions, codeCacheDir: string | undefined): PluginCompiler {
  if (!loadingCore) {
    if (codeCacheDir !== undefined) compilerCodeCache = requireCompilerWithCodeCache(codeCacheDir);
    loadingCore = import('../index.js');
  }
  const core = loadingCore;
  let transformer = core.then(({ createTransformer }) => createTransformer(options));
  return {
    async transform(code, file, resolve) {
      return (await transformer).transformAsync(code, file, resolve);
    },
    invalidate(file) {
      void transformer.then((loaded) => loaded.invalidate(file), () => undefined);
    },
    async end(watching) {
      compilerCodeCache?.save();
      if (watching) transformer = core.then(({ createTransformer }) => createTransformer(options));
      return watching;
    },
  };
}
