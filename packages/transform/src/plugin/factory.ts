import { dirname, join, resolve } from 'node:path';
import type { UnpluginFactory } from 'unplugin';
import { Dependents } from '../dependents.js';
import type { Transformer } from '../index.js';
import { formatDiagnostic } from '../format.js';
import { candidateResolver, defaultReadFile } from '../resolution.js';
import { defaultCacheDir, ResultCache } from './cache.js';
import { requireCompilerWithCodeCache, type CompilerCodeCache } from './code-cache.js';
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
  // Created on the first module that needs it, anew for every build.
  let transformer: Transformer | undefined;
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
    transformer?.invalidate(file);
    for (const dependent of dependents.of(file)) staleDependents.add(dependent);
  };

  return {
    name: 'ddx',
    // The transform needs the `number` annotations, so it runs before any TypeScript stripping.
    enforce: 'pre',
    buildStart() {
      transformer = undefined;
      staleDependents.clear();
      warned.clear();
      reach.forget();
    },
    buildEnd() {
      // After the build's analyses, so that the code kept holds the functions they ran.
      compilerCodeCache?.save();
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
          const { createTransformer, DdxError } = await loadCore(results && join(results.dir, 'v8'));
          transformer ??= createTransformer({ mode, equalityWarnings });
          const result = await transformer.transformAsync(code, id, resolveImport);
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
 * The compiler core, loaded on first use: it loads TypeScript (ts-morph), which takes longer than
 * a small build, so a build in which no module mentions @ddx/dual never pays for it. With a cache
 * directory, TypeScript is compiled through V8's code cache kept there.
 */
let core: typeof import('../index.js') | undefined;
let loadingCore: Promise<typeof import('../index.js')> | undefined;
let compilerCodeCache: CompilerCodeCache | undefined;
function loadCore(codeCacheDir: string | undefined): Promise<typeof import('../index.js')> {
  if (loadingCore) return loadingCore;
  if (codeCacheDir !== undefined) compilerCodeCache = requireCompilerWithCodeCache(codeCacheDir);
  return (loadingCore = import('../index.js').then((loaded) => (core = loaded)));
}

/** webpack wraps a loader's thrown error in a ModuleBuildError whose `error` is the original. */
function isDiagnosticFailure(error: unknown): boolean {
  return core !== undefined && error instanceof Error && (error as Error & { error?: unknown }).error instanceof core.DdxError;
}
