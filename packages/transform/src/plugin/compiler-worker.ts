/**
 * The compiler's worker thread (started by compiler-thread.ts, one per build): it loads
 * TypeScript, through V8's code cache when there is one, and runs the transforms, while the
 * bundler's thread goes on with the other modules. Every import is resolved by the bundler: the
 * worker asks the bundler's thread and awaits the answer, so that the analysis reads exactly the
 * modules the bundle runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportKind, ResolveAsync } from '../resolution.js';
import { commonJsCoreBeside, requireCompilerWithCodeCache } from './code-cache.js';
import type { FromWorker, ToWorker, WorkerSettings } from './compiler-thread.js';

const port = parentPort!;
const { options, codeCacheDir } = workerData as WorkerSettings;
const post = (message: FromWorker) => port.postMessage(message);

// Loading starts at once: the first transform is already on its way. With a cache directory the
// compiler's own code comes through V8's code cache too: its CommonJS build (dist/index.cjs), as
// the cache acts on required files only.
type Core = typeof import('../index.js');
const codeCache = codeCacheDir === undefined ? undefined : requireCompilerWithCodeCache(codeCacheDir, commonJsCoreBeside(import.meta.url));
const core: Promise<Core> = codeCache?.core ? Promise.resolve(codeCache.core as Core) : import('../index.js');
// So is the analysis project (a new one for each build of a watching bundler).
const newTransformer = () => {
  const made = core.then(({ createTransformer }) => createTransformer(options));
  made.catch(() => undefined); // a failure to load is reported to the transforms that await it
  return made;
};
let transformer = newTransformer();

/** Resolutions asked of the bundler's thread, by id. */
const resolutions = new Map<number, { resolve(file: string | undefined): void; reject(error: Error): void }>();
let nextResolution = 0;

/** The bundler's resolver of one transform, across the threads. */
const resolverOf = (transform: number): ResolveAsync => (specifier: string, importer: string, kind?: ImportKind) =>
  new Promise((resolve, reject) => {
    const id = nextResolution++;
    resolutions.set(id, { resolve, reject });
    post({ type: 'resolve', id, transform, specifier, importer, kind });
  });

async function transform(id: number, code: string, file: string): Promise<void> {
  try {
    post({ type: 'result', id, result: await (await transformer).transformAsync(code, file, resolverOf(id)) });
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : new Error(String(error));
    post({ type: 'failed', id, message, stack });
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'transform':
      void transform(message.id, message.code, message.file);
      break;
    case 'resolved': {
      const pending = resolutions.get(message.id);
      resolutions.delete(message.id);
      if (message.failure === undefined) pending?.resolve(message.file);
      else pending?.reject(new Error(message.failure));
      break;
    }
    case 'invalidate':
      void transformer.then((loaded) => loaded.invalidate(message.file), () => undefined);
      break;
    case 'restart':
      // The next build of a watching bundler: a new analysis project, the compiler kept loaded.
      transformer = newTransformer();
      break;
    case 'end':
      // After the build's analyses, so that the code kept holds the functions they ran.
      codeCache?.save();
      post({ type: 'ended' });
      break;
  }
});
