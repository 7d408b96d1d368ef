import { dirname, join, resolve } from 'node:path';
import type { UnpluginBuildContext, UnpluginFactory } from 'unplugin';
import { Dependents } from '../dependents.js';
import { DdxError, formatDiagnostic } from '../format.js';
import { candidateResolver, defaultReadFile } from '../resolution.js';
import { defaultCacheDir, ResultCache } from './cache.js';
import { startCompiler, startCompilerWorker } from './compiler-thread.js';
import { checkOptions, defaultExclude, defaultInclude, type DdxPluginOptions } from './options.js';
import { DualReach, mayCallVerbsText } from './reach.js';
import { diagnosticsMessage } from './report.js';
import { bundlerResolver } from './resolver.js';

export type { DdxPluginOptions } from './options.js';

/**
 * The one ddx plugin, adapted to esbuild and webpack by unplugin and to the Rollup family by
 * rollup-family.ts. It sees each TypeScript module before
 * types are stripped, rewrites the derivative call sites through one shared analysis project per
 * build, and reports diagnostics through the bundler's own error channel.
 */
export const unpluginFactory: UnpluginFactory<DdxPluginOptions | undefined, false> = (options, meta) => {
  const { include = defaultInclude, exclude = defaultExclude, mode, cache = true, equalityWarnings = true } = checkOptions(options);
  const results = cache === false ? undefined
    : new ResultCache(cache === true ? defaultCacheDir() : resolve(cache), JSON.stringify({ mode: mode ?? 'inline', equalityWarnings }));
  const compilerOptions = { mode, equalityWarnings };
  const codeCacheDir = results && join(results.dir, 'v8');
  // Started on the first module that needs it, anew for every build (a watching bundler keeps it
  // loaded, with a new analysis project, for its next build). When the stored results will miss
  // (or there are none), it starts loading now, in a worker thread, while the bundler starts up.
  let compiler = results === undefined || results.willMiss() ? startCompilerWorker(compilerOptions, codeCacheDir) : undefined;
  // The callee modules each module's output read, whether transformed now or cached (the
  // transformer knows only the former).
  const dependents = new Dependents();
  // Modules whose output read a file that changed since: Vite must re-transform them on hot update.
  const staleDependents = new Set<string>();
  // Which modules lead to @ddx/dual through re-exports, for the modules that do not mention it.
  const reach = new DualReach(defaultReadFile);
  // The warnings reported in this build (file:line:column:code): a callee's test reached from
  // several modules is reported once.
  const warned = new Set<string>();
  const forget = (file: string) => {
    reach.forget();
    compiler?.invalidate(file);
    for (const dependent of dependents.of(file)) staleDependents.add(dependent);
  };

  return {
    name: 'ddx',
    // The transform needs the `number` annotations, so it runs before any TypeScript stripping.
    enforce: 'pre',
    buildStart() {
      staleDependents.clear();
      warned.clear();
      reach.forget();
    },
    async buildEnd() {
      // The compiler keeps V8's code for TypeScript now, after the build's analyses, so that the
      // code kept holds the functions they ran; then it ends, or a watching bundler keeps it.
      const watching = isWatching(this);
      const ending = compiler;
      compiler = undefined;
      results?.markBuilt();
      // A watching bundler's next build reuses it, unless its worker failed.
      if (await ending?.end(watching)) compiler ??= ending;
    },
    watchChange(id) {
      forget(id);
    },
    transform: {
      // By code only as far as mayCallVerbs reads it: a module may import the verbs from a module
      // that re-exports them, so any module with an import clause comes in.
      filter: { id: { include, exclude }, code: mayCallVerbsText },
      async handler(code, id) {
        // Imports are followed where the bundler resolves them (the analysis reads the modules the bundle runs).
        const resolveImport = bundlerResolver(this, meta.framework) ?? fallbackResolve;
        if (!(await reach.mayCallVerbs(code, id, resolveImport))) return null;
        let output = await results?.get(code, id, resolveImport);
        if (!output) {
          compiler ??= startCompiler(compilerOptions, codeCacheDir);
          const result = await compiler.transform(code, id, resolveImport);
          if (result.diagnostics.length > 0) {
            // webpack turns a thrown error into a failed module; rollup, Vite and Rolldown throw from
            // this.error; esbuild collects it with its location and fails the build after this load.
            if (meta.framework === 'webpack') throw new DdxError(result.diagnostics);
            this.error(diagnosticsMessage(result.diagnostics, formatDiagnostic, meta.framework !== 'esbuild'));
            return { code };
          }
          results?.set(code, id, result);
          output = { code: result.changed ? result.code : null, map: result.map, dependencies: result.dependencies, warnings: result.warnings };
        }
        // Warnings go out beside the output (also when it comes from the cache), each once per build.
        for (const warning of output.warnings ?? []) {
          const key = `${warning.file}:${warning.line}:${warning.column}:${warning.code}`;
          if (warned.has(key)) continue;
          warned.add(key);
          // esbuild and webpack print only the text: it carries the frame.
          this.warn(diagnosticsMessage([warning], formatDiagnostic, meta.framework !== 'esbuild' && meta.framework !== 'webpack'));
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

/** Where imports lead when the bundler offers no resolver of its own: the core's default. */
const fallbackResolve = candidateResolver(defaultReadFile);

/**
 * Whether the bundler builds again on changes, so that the compiler stays loaded between its
 * builds: Rollup, Vite and Rolldown say so in their context, webpack on its compiler. (esbuild
 * does not tell: its rebuilds start the compiler again when they need it.)
 */
function isWatching(context: UnpluginBuildContext): boolean {
  if ((context as { meta?: { watchMode?: boolean } }).meta?.watchMode === true) return true;
  const native = context.getNativeBuildContext?.();
  return native?.framework === 'webpack' && (native.compiler as { watchMode?: boolean }).watchMode === true;
}

/** webpack wraps a loader's thrown error in a ModuleBuildError whose `error` is the original. */
function isDiagnosticFailure(error: unknown): boolean {
  return error instanceof Error && (error as Error & { error?: unknown }).error instanceof DdxError;
}
