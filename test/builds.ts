/**
 * One real build per bundler (production mode, webpack's excepted: see there), each with its ddx
 * plugin entry, of a TypeScript entry module into one ES module (`entry.js` + `entry.js.map` in
 * `outDir`). `@ddx/dual` stays an external import. A failed build rejects with the bundler's own
 * error text. `aliases` (specifier → absolute path) are given to each bundler in its own alias
 * option (Rollup, which has none, gets a resolveId plugin, as @rollup/plugin-alias does).
 */
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import ddxEsbuild from '@ddx/transform/esbuild';
import ddxRolldown from '@ddx/transform/rolldown';
import ddxRollup from '@ddx/transform/rollup';
import ddxVite from '@ddx/transform/vite';
import ddxWebpack from '@ddx/transform/webpack';
import * as esbuild from 'esbuild';
import { rolldown } from 'rolldown';
import { rollup, type Plugin as RollupPlugin, type RollupLog } from 'rollup';
import { build as tsup } from 'tsup';
import { build as vite } from 'vite';
import webpack from 'webpack';

/**
 * A warning as the bundler hands it over: its text, and the frame when the bundler keeps it
 * apart from the text (Rollup, Vite, Rolldown).
 */
export interface BuildWarning {
  readonly message: string;
  readonly frame?: string;
}

/** `onWarning` receives the build's warnings; without it they are dropped, as they are printed nowhere. */
export type Build = (entry: string, outDir: string, aliases?: Record<string, string>, onWarning?: (warning: BuildWarning) => void) => Promise<void>;

const rollupWarning = (log: RollupLog): BuildWarning => ({ message: log.message, frame: log.frame });

const external = ['@ddx/dual'];
const require = createRequire(import.meta.url);

const withEsbuild: Build = async (entry, outDir, aliases = {}, onWarning) => {
  const result = await esbuild.build({
    entryPoints: [entry], outfile: `${outDir}/entry.js`, bundle: true, format: 'esm', platform: 'node',
    sourcemap: true, external, logLevel: 'silent', plugins: [ddxEsbuild()], alias: aliases,
  });
  for (const warning of result.warnings) onWarning?.({ message: warning.text });
};

/** tsup returns nothing: its esbuild run hands the warnings to a plugin at the end. */
const esbuildWarnings = (onWarning: (warning: BuildWarning) => void): esbuild.Plugin => ({
  name: 'warnings',
  setup(build) {
    build.onEnd((result) => result.warnings.forEach((warning) => onWarning({ message: warning.text })));
  },
});

const withTsup: Build = async (entry, outDir, aliases = {}, onWarning) => {
  await tsup({
    entry: { entry }, outDir, format: ['esm'], platform: 'node', sourcemap: true, external,
    config: false, silent: true, esbuildPlugins: [ddxEsbuild(), ...(onWarning ? [esbuildWarnings(onWarning)] : [])],
    // tsup sets esbuild's logLevel to 'error', which prints a failure that the caller handles.
    esbuildOptions(options) {
      options.alias = aliases;
      options.logLevel = 'silent';
    },
  });
};

const withVite: Build = async (entry, outDir, aliases = {}, onWarning) => {
  await vite({
    configFile: false, logLevel: 'silent', plugins: [ddxVite()], resolve: { alias: aliases },
    build: {
      outDir, emptyOutDir: true, sourcemap: true, minify: false,
      lib: { entry, formats: ['es'], fileName: 'entry' },
      rolldownOptions: { external, output: { entryFileNames: 'entry.js' }, onwarn: (log) => onWarning?.(rollupWarning(log as RollupLog)) },
    },
  });
};

/** Rollup reads JavaScript only: after the ddx plugin (enforce: 'pre'), esbuild strips the types. */
export function stripTypes(): RollupPlugin {
  return {
    name: 'strip-types',
    async resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const resolve = (specifier: string) => this.resolve(specifier, importer, { skipSelf: true });
      // TypeScript's ESM convention: `./model.js` in a source file means `./model.ts`.
      if (extname(source) === '.js') return (await resolve(source.replace(/\.js$/, '.ts'))) ?? null;
      if (extname(source) !== '') return null;
      // Without an extension: Rollup's own order (as is, .mjs, .js), then .ts and .tsx, as
      // @rollup/plugin-node-resolve with those extensions added.
      for (const extension of ['', '.ts', '.tsx']) {
        const resolved = await resolve(source + extension);
        if (resolved) return resolved;
      }
      return null;
    },
    async transform(code, id) {
      if (extname(id) !== '.ts' && extname(id) !== '.tsx') return null;
      const { code: js, map } = await esbuild.transform(code, { loader: extname(id) === '.tsx' ? 'tsx' : 'ts', sourcemap: true, sourcefile: id });
      return { code: js, map };
    },
  };
}

/** Exact specifiers to absolute paths, in Rollup, which has no alias option. */
function aliasPlugin(aliases: Record<string, string>): RollupPlugin {
  return { name: 'aliases', resolveId: (source) => aliases[source] ?? null };
}

const withRollup: Build = async (entry, outDir, aliases = {}, onWarning) => {
  const bundle = await rollup({ input: entry, external, plugins: [ddxRollup(), aliasPlugin(aliases), stripTypes()], onwarn: (log) => onWarning?.(rollupWarning(log)) });
  await bundle.write({ file: `${outDir}/entry.js`, format: 'es', sourcemap: true });
  await bundle.close();
};

const withRolldown: Build = async (entry, outDir, aliases = {}, onWarning) => {
  const bundle = await rolldown({
    input: entry, external, plugins: [ddxRolldown()], logLevel: onWarning ? 'warn' : 'silent',
    onwarn: (log) => onWarning?.(rollupWarning(log as RollupLog)),
    resolve: { extensionAlias: { '.js': ['.ts', '.js'] }, alias: aliases },
  });
  await bundle.write({ file: `${outDir}/entry.js`, format: 'es', sourcemap: true });
  await bundle.close();
};

/** webpack: the ddx loader runs first (enforce: 'pre'), then ts-loader strips the types. */
const withWebpack: Build = (entry, outDir, aliases = {}, onWarning) =>
  new Promise((resolve, reject) => {
    const compiler = webpack({
      // development: webpack would emit despite errors, unless the plugin stops it (no half-built output).
      mode: 'development', target: 'node20', entry, devtool: 'source-map',
      output: { path: outDir, filename: 'entry.js', library: { type: 'module' }, chunkFormat: 'module' },
      experiments: { outputModule: true },
      externalsType: 'module', externals: Object.fromEntries(external.map((name) => [name, name])),
      // `$`: exact matches only, as the other bundlers' aliases here.
      resolve: {
        extensions: ['.tsx', '.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] },
        alias: Object.fromEntries(Object.entries(aliases).map(([from, to]) => [`${from}$`, to])),
      },
      module: {
        rules: [{
          test: /\.tsx?$/,
          loader: require.resolve('ts-loader'),
          options: { transpileOnly: true, compilerOptions: { module: 'esnext', sourceMap: true } },
        }],
      },
      optimization: { minimize: false },
      infrastructureLogging: { level: 'none' },
      plugins: [ddxWebpack()],
    });
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error) reject(error);
        else if (stats?.hasErrors()) reject(new Error(stats.toString({ all: false, errors: true })));
        else {
          for (const warning of stats?.compilation.warnings ?? []) onWarning?.({ message: warning.message });
          resolve();
        }
      });
    });
  });

export const builds: Record<string, Build> = {
  esbuild: withEsbuild,
  tsup: withTsup,
  vite: withVite,
  rollup: withRollup,
  rolldown: withRolldown,
  webpack: withWebpack,
};
