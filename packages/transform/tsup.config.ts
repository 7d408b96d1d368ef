import { defineConfig } from 'tsup';

// One entry per bundler: @ddx/transform/esbuild, /vite, /rollup, /rolldown, /webpack.
const plugins = ['esbuild', 'vite', 'rollup', 'rolldown', 'webpack'].map((bundler) => `src/plugin/${bundler}.ts`);

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts', ...plugins],
  format: ['esm', 'cjs'],
  dts: { entry: ['src/index.ts', ...plugins] },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['ts-morph', 'unplugin', '@ddx/dual'],
});
