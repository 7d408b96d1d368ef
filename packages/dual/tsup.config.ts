import { defineConfig } from 'tsup';

// ESM + CJS + .d.ts; no runtime dependencies to bundle.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // tsup's d.ts build passes `baseUrl`, which TypeScript 6 reports as deprecated.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  // No source maps in the package: the code is not minified, so stack traces read as they are.
  sourcemap: false,
  clean: true,
  target: 'es2022',
});
