/**
 * Where the plugin's compiler runs. Loading TypeScript takes longer than building a small app, so
 * the plugin starts the compiler in a worker thread at the start of a build that will need it
 * (factory.ts decides): the load then overlaps the bundler's own work on the other modules, and
 * the transforms run off the bundler's thread. Run from its TypeScript sources (the repository's
 * tests), where no built worker file matches, the compiler runs in the bundler's thread instead.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TransformOptions, TransformResult, Transformer } from '../transform.js';
import { requireCompilerWithCodeCache, type CompilerCodeCache } from './code-cache.js';

/** What the plugin asks of a compiler, wherever it runs. */
export interface Compiler {
  transform(code: string, id: string): Promise<TransformResult>;
  /** A file changed on disk: forget what the analysis read of it. */
  invalidate(file: string): void;
  /** A new build: a new analysis project (one per build). */
  newBuild(): void;
  /** Keeps V8's code for the compiler, as far as it has run (once per process). */
  saveCodeCache(): Promise<void>;
}

export interface WorkerSetup {
  options: TransformOptions;
  codeCacheDir: string | undefined;
}
export type Request =
  | { kind: 'transform'; seq: number; code: string; id: string }
  | { kind: 'invalidate'; file: string }
  | { kind: 'newBuild' }
  | { kind: 'saveCodeCache'; seq: number };
export type Response =
  | { seq: number; result: Omit<TransformResult, 'inputs'> & { inputs: [string, string | undefined][] } }
  | { seq: number; error: string }
  | { seq: number; saved: true };

/** The built worker file beside this code (dist/plugin/compiler-worker.js or .cjs), if there is one. */
function workerFile(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const extension = /\.(c?js)$/.exec(here)?.[1];
  if (extension === undefined) return undefined;
  // This code is bundled into a chunk in dist/ or into an entry in dist/plugin/.
  for (const dir of [join(dirname(here), 'plugin'), dirname(here)]) {
    const file = join(dir, `compiler-worker.${extension}`);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The compiler in a worker thread; it starts loading TypeScript at once. Undefined without a built worker. */
export function startWorkerCompiler(options: TransformOptions, codeCacheDir: string | undefined): Compiler | undefined {
  const file = workerFile();
  if (file === undefined) return undefined;
  const worker = new Worker(file, { workerData: { options, codeCacheDir } satisfies WorkerSetup });
  // Never what keeps the bundler's process alive; working, it is referenced (below).
  worker.unref();
  const pending = new Map<number, { resolve(value: Response): void; reject(error: Error): void }>();
  let seq = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (response: Response) => {
    const waiting = pending.get(response.seq);
    pending.delete(response.seq);
    if (pending.size === 0) worker.unref();
    waiting?.resolve(response);
  });
  worker.on('error', (error) => failAll(new Error(`ddx: the compiler's worker thread failed: ${error.message}`, { cause: error })));
  worker.on('exit', (code) => failAll(new Error(`ddx: the compiler's worker thread stopped (exit code ${code})`)));
  const ask = (request: Extract<Request, { seq: number }>): Promise<Response> => {
    if (failure) return Promise.reject(failure);
    worker.ref();
    return new Promise((resolve, reject) => {
      pending.set(request.seq, { resolve, reject });
      worker.postMessage(request);
    });
  };
  return {
    async transform(code, id) {
      const response = await ask({ kind: 'transform', seq: ++seq, code, id });
      if ('error' in response) throw new Error(`ddx: internal error while transforming ${id}: ${response.error}`);
      if (!('result' in response)) throw new Error('ddx: unexpected answer from the compiler worker');
      return { ...response.result, inputs: new Map(response.result.inputs) };
    },
    invalidate: (file) => worker.postMessage({ kind: 'invalidate', file } satisfies Request),
    newBuild: () => worker.postMessage({ kind: 'newBuild' } satisfies Request),
    async saveCodeCache() {
      await ask({ kind: 'saveCodeCache', seq: ++seq }).catch(() => undefined);
    },
  };
}

/** The compiler in this thread, loaded on first use (through V8's code cache when given a directory). */
export function inThreadCompiler(options: TransformOptions, codeCacheDir: string | undefined): Compiler {
  let loading: Promise<typeof import('../index.js')> | undefined;
  let codeCache: CompilerCodeCache | undefined;
  let transformer: Transformer | undefined;
  const load = () => {
    if (loading === undefined && codeCacheDir !== undefined) codeCache = requireCompilerWithCodeCache(codeCacheDir);
    return (loading ??= import('../index.js'));
  };
  return {
    async transform(code, id) {
      const { createTransformer } = await load();
      transformer ??= createTransformer(options);
      return transformer.transform(code, id);
    },
    invalidate: (file) => void transformer?.invalidate(file),
    newBuild() {
      transformer = undefined;
    },
    async saveCodeCache() {
      codeCache?.save();
    },
  };
}
