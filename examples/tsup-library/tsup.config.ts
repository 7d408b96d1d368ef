import ddx from '@ddx/transform/esbuild';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  // tsup's d.ts build passes `baseUrl`, which TypeScript 6 reports as deprecated.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // The derivative calls in src/ are compiled to plain arithmetic during the build.
  esbuildPlugins: [ddx()],
});
