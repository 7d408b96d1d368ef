import { defineConfig, type Options } from 'tsup';

// One entry per bundler: @ddx/transform/esbuild, /vite, /rollup, /rolldown, /webpack.
const plugins = ['esbuild', 'vite', 'rollup', 'rolldown', 'webpack'].map((bundler) => `src/plugin/${bundler}.ts`);
// The compiler's worker thread, started by the plugins (src/plugin/compiler-thread.ts finds it beside them).
const worker = 'src/plugin/compiler-worker.ts';

/**
 * In the ESM build, ts-morph (CommonJS) is loaded with require rather than imported: Node scans a
 * CommonJS module imported from ESM for its export names, and for ts-morph that scan reaches the
 * bundled TypeScript (9 MB) and costs about as long as loading it.
 */
const requireTsMorph: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'require-ts-morph',
  setup(build) {
    build.onResolve({ filter: /^ts-morph$/ }, () =>
      build.initialOptions.format === 'esm' ? { path: 'ts-morph', namespace: 'require-ts-morph' } : { path: 'ts-morph', external: true });
    build.onLoad({ filter: /.*/, namespace: 'require-ts-morph' }, () => ({
      contents: "import { createRequire } from 'node:module';\nconst tsMorph = createRequire(import.meta.url)('ts-morph');\nexport const { Project, ts } = tsMorph;\n",
      loader: 'js',
    }));
  },
};

const shared: Options = {
  // Every entry shares one copy of the compiler core (a chunk loaded on first use), in both formats.
  splitting: true,
  // No source maps in the package: the code is not minified, so a stack trace is readable as it
  // is, and maps worth having would carry the sources (2.8 MB, most of the unpacked package).
  sourcemap: false,
  // import.meta.url in the CommonJS build too (the plugin's cache finds the package by it).
  shims: true,
  target: 'node20',
  external: ['unplugin', '@ddx/dual'],
  noExternal: ['ts-morph'],
  esbuildPlugins: [requireTsMorph],
};

export default defineConfig([
  {
    ...shared,
    entry: ['src/index.ts', 'src/cli.ts', ...plugins, worker],
    format: 'esm',
    // tsup's d.ts build passes `baseUrl`, which TypeScript 6 reports as deprecated.
    dts: { entry: ['src/index.ts', ...plugins], compilerOptions: { ignoreDeprecations: '6.0' } },
    clean: true,
  },
  {
    // The CLI is ESM only (bin/ddx.mjs); CommonJS serves require() of the API and the plugins.
    ...shared,
    entry: ['src/index.ts', ...plugins, worker],
    format: 'cjs',
    dts: { entry: ['src/index.ts', ...plugins], compilerOptions: { ignoreDeprecations: '6.0' } },
  },
]);
