import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createUnplugin, type UnpluginFactory } from 'unplugin';
import { Dependents } from '../dependents.js';
import { defaultCacheDir, ResultCache } from './cache.js';
import { inThreadCompiler, startWorkerCompiler, type Compiler } from './compiler.js';
import { checkOptions, defaultExclude, defaultInclude, runtimeModule, type DdxPluginOptions } from './options.js';
import { diagnosticsMessage } from './report.js';

export type { DdxPluginOptions } from './options.js';

/**
 * The one ddx plugin, adapted to every bundler by unplugin. It sees each TypeScript module before
 * types are stripped, rewrites the derivative call sites through one shared analysis project per
 * build, and reports diagnostics through the bundler's own error channel.
 */
export const unpluginFactory: UnpluginFactory<DdxPluginOptions | undefined, false> = (options, meta) => {
  const { include = defaultInclude, exclude = defaultExclude, mode, nanSafe, cache = true } = checkOptions(options);
  const results = cache === false ? undefined
    : new ResultCache(cache === true ? defaultCacheDir() : resolve(cache), JSON.stringify({ mode: mode ?? 'inline', nanSafe: nanSafe ?? false }));
  // Started at the start of a build that will need it, or on the first module that does.
  let compiler: Compiler | undefined;
  const codeCacheDir = results && join(results.dir, 'v8');
  const startCompiler = () => (compiler ??= startWorkerCompiler({ mode, nanSafe }, codeCacheDir) ?? inThreadCompiler({ mode, nanSafe }, codeCacheDir));
  // The modules with ddx calls that builds in this process saw, recorded for the next build's guess.
  const ddxModules = new Set<string>();
  // The callee modules each module's output read, whether transformed now or cached (the
  // transformer knows only the former).
  const dependents = new Dependents();
  // Modules whose output read a file that changed since: Vite must re-transform them on hot update.
  const staleDependents = new Set<string>();
  const forget = (file: string) => {
    compiler?.invalidate(file);
    for (const dependent of dependents.of(file)) staleDependents.add(dependent);
  };

  return {
    name: 'ddx',
    // The transform needs the `number` annotations, so it runs before any TypeScript stripping.
    enforce: 'pre',
    buildStart() {
      compiler?.newBuild();
      staleDependents.clear();
      // TypeScript loads in a worker while the bundler works on the other modules.
      if (compiler === undefined && willCompile(results)) startCompiler();
    },
    async buildEnd() {
      results?.recordModules([...ddxModules]);
      // After the build's analyses, so that the code kept holds the functions they ran.
      await compiler?.saveCodeCache();
    },
    watchChange(id) {
      forget(id);
    },
    transform: {
      filter: { id: { include, exclude }, code: runtimeModule },
      async handler(code, id) {
        ddxModules.add(id);
        let output = results?.get(code, id);
        if (!output) {
          const result = await startCompiler().transform(code, id);
          if (result.diagnostics.length > 0) {
            const { DdxError, formatDiagnostic } = await loadCore();
            // webpack turns a thrown error into a failed module; rollup, Vite and Rolldown throw from
            // this.error; esbuild collects it with its location and fails the build after this load.
            if (meta.framework === 'webpack') throw new DdxError(result.diagnostics);
            this.error(diagnosticsMessage(result.diagnostics, formatDiagnostic, meta.framework !== 'esbuild'));
            return { code };
          }
          results?.set(code, id, result);
          output = { code: result.changed ? result.code : null, map: result.map, dependencies: result.dependencies };
        }
        // Watch mode re-runs this module when a callee it was differentiated through changes.
        dependents.record(id, output.dependencies);
        for (const dependency of output.dependencies) this.addWatchFile(dependency);
        if (output.code === null) return null;
        // Absolute sources: webpack does not resolve a loader map's relative sources against the module.
        const map = output.map && { ...output.map, sources: output.map.sources.map((source) => resolve(dirname(id), source)) };
        return { code: output.code, map };
      },
    },
    // esbuild calls into JavaScript only for the paths that match this (Go-syntax) expression.
    esbuild: { onLoadFilter: include === defaultInclude ? defaultInclude : /.*/ },
    vite: {
      handleHotUpdate({ file, modules, server }) {
        forget(file);
        const stale = [...staleDependents].flatMap((dependent) => [...(server.moduleGraph.getModulesByFile(dependent) ?? [])]);
        staleDependents.clear();
        if (stale.length === 0) return;
        for (const module of stale) server.moduleGraph.invalidateModule(module);
        return [...modules, ...stale];
      },
    },
    webpack(compiler) {
      // No half-built output: a module that failed with diagnostics stops webpack from emitting.
      compiler.hooks.shouldEmit.tap('ddx', (compilation: { errors: unknown[] }) => !compilation.errors.some(isDiagnosticFailure));
    },
  };
};

/**
 * Whether a build will run the compiler, guessed at its start from the record of the modules with
 * ddx calls that the last build saw: yes when one of them no longer matches its stored result (an
 * edited module). Without stored results or a record, the compiler starts when the first module
 * with ddx calls arrives, so that a build without any never loads it.
 */
function willCompile(results: ResultCache | undefined): boolean {
  const modules = results?.recordedModules();
  if (results === undefined || modules === undefined) return false;
  return modules.some((module) => {
    let text: string;
    try {
      text = readFileSync(module, 'utf8');
    } catch {
      return false; // deleted: not in this build
    }
    return text.includes(runtimeModule) && results.get(text, module) === undefined;
  });
}

/**
 * The compiler core in this thread, for what the worker cannot send: the DdxError class and the
 * formatting of a failed module's diagnostics (only then is TypeScript loaded here).
 */
let core: typeof import('../index.js') | undefined;
const loadCore = async (): Promise<typeof import('../index.js')> => (core ??= await import('../index.js'));

/** webpack wraps a loader's thrown error in a ModuleBuildError whose `error` is the original. */
function isDiagnosticFailure(error: unknown): boolean {
  return core !== undefined && error instanceof Error && (error as Error & { error?: unknown }).error instanceof core.DdxError;
}

export const ddx = createUnplugin(unpluginFactory);
