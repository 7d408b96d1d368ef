import { defineConfig } from 'tsup';

// One entry per bundler: @ddx/transform/esbuild, /vite, /rollup, /rolldown, /webpack.
const plugins = ['esbuild', 'vite', 'rollup', 'rolldown', 'webpack'].map((bundler) => `src/plugin/${bundler}.ts`);

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts', ...plugins],
  format: ['esm', 'cjs'],
  // tsup's d.ts build passes `baseUrl`, which TypeScript 6 reports as deprecated.
  dts: { entry: ['src/index.ts', ...plugins], compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['ts-morph', 'unplugin', '@ddx/dual'],
});
