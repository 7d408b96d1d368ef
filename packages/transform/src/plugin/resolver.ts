/**
 * The bundler's own module resolution, as the transform's resolver: the analysis then reads the
 * very modules the bundle runs (helper.tsx or helper.ts, a stale helper.js, an alias), whatever
 * the bundler's extension order, aliases and resolution plugins.
 */
import { dirname } from 'node:path';
import type { UnpluginBuildContext, UnpluginContextMeta } from 'unplugin';
import type { ImportKind, ResolveAsync } from '../resolution.js';

/**
 * Rollup, Vite and Rolldown: the plugin context's `this.resolve`, which runs every resolveId hook.
 * A require is told as @rollup/plugin-commonjs tells @rollup/plugin-node-resolve (which Vite's
 * resolver reads too), and as Rolldown's `importKind`.
 */
interface RollupLikeContext {
  resolve?(source: string, importer: string, options: { skipSelf: boolean; custom?: Record<string, unknown>; importKind?: 'require-call' }): Promise<{ id: string; external?: boolean | string } | null>;
}
const rollupRequire = { custom: { 'node-resolve': { isRequire: true } }, importKind: 'require-call' as const };
/** esbuild's `build.resolve`, which runs the onResolve callbacks and esbuild's resolver. */
interface EsbuildBuild {
  resolve?(path: string, options: { importer: string; resolveDir: string; kind: 'import-statement' | 'require-call' }): Promise<{ path: string; external: boolean; namespace: string; errors: unknown[] }>;
}
/** webpack's loader context: `getResolve` gives the resolver of the module's own resolve options. */
interface WebpackLoaderContext {
  getResolve?(options: { dependencyType: string }): (context: string, request: string) => Promise<string | false>;
}

/**
 * The resolver the bundler offers in this transform hook, or undefined when it offers none. A
 * `require(…)` is resolved as one (a package's `exports` map may name another file for it).
 */
export function bundlerResolver(context: UnpluginBuildContext, framework: UnpluginContextMeta['framework']): ResolveAsync | undefined {
  if (framework === 'rollup' || framework === 'vite' || framework === 'rolldown') {
    const rollup = context as RollupLikeContext;
    if (typeof rollup.resolve !== 'function') return undefined;
    return async (specifier, importer, kind) => {
      const resolved = await rollup.resolve!(specifier, importer, { skipSelf: true, ...(kind === 'require' ? rollupRequire : {}) });
      return resolved && !resolved.external ? resolved.id : undefined;
    };
  }
  const native = context.getNativeBuildContext?.();
  if (native?.framework === 'esbuild') {
    const build = native.build as EsbuildBuild;
    if (typeof build.resolve !== 'function') return undefined;
    return async (specifier, importer, kind) => {
      const resolved = await build.resolve!(specifier, { importer, resolveDir: dirname(importer), kind: kind === 'require' ? 'require-call' : 'import-statement' });
      return resolved.errors.length === 0 && !resolved.external && resolved.namespace === 'file' ? resolved.path : undefined;
    };
  }
  if (native?.framework === 'webpack') {
    const loader = native.loaderContext as WebpackLoaderContext | undefined;
    if (typeof loader?.getResolve !== 'function') return undefined;
    const resolvers: Record<ImportKind, (context: string, request: string) => Promise<string | false>> = {
      import: loader.getResolve({ dependencyType: 'esm' }),
      require: loader.getResolve({ dependencyType: 'commonjs' }),
    };
    return async (specifier, importer, kind = 'import') => {
      try {
        return (await resolvers[kind](dirname(importer), specifier)) || undefined;
      } catch {
        return undefined; // webpack cannot resolve it: neither can the analysis
      }
    };
  }
  return undefined;
}
