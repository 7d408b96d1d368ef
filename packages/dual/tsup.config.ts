import { defineConfig } from 'tsup';

// ESM + CJS + .d.ts; no runtime dependencies to bundle.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
