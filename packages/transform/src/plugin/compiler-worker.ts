/**
 * The compiler in a worker thread (see compiler.ts): loads TypeScript, through V8's code cache
 * when given a directory, as soon as it starts, so that the load overlaps the bundler's own work;
 * then transforms the modules the plugin sends, one analysis project per build.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { requireCompilerWithCodeCache } from './code-cache.js';
import type { TransformOptions, Transformer } from '../transform.js';
import type { Request, Response, WorkerSetup } from './compiler.js';

const { options, codeCacheDir } = workerData as WorkerSetup;
const codeCache = codeCacheDir === undefined ? undefined : requireCompilerWithCodeCache(codeCacheDir);
let transformer: Transformer | undefined;
// Loading starts now; requests wait for it, in the order they came.
const core = import('../index.js');

parentPort!.on('message', (request: Request) => void core.then((loaded) => answer(request, loaded.createTransformer)));

function answer(request: Request, createTransformer: (options: TransformOptions) => Transformer): void {
  switch (request.kind) {
    case 'transform': {
      let response: Response;
      try {
        transformer ??= createTransformer(options);
        const result = transformer.transform(request.code, request.id);
        response = { seq: request.seq, result: { ...result, inputs: [...result.inputs] } };
      } catch (error) {
        response = { seq: request.seq, error: error instanceof Error ? error.stack ?? error.message : String(error) };
      }
      parentPort!.postMessage(response);
      return;
    }
    case 'invalidate':
      transformer?.invalidate(request.file);
      return;
    case 'newBuild':
      transformer = undefined;
      return;
    case 'saveCodeCache':
      codeCache?.save();
      parentPort!.postMessage({ seq: request.seq, saved: true } satisfies Response);
      return;
  }
}
