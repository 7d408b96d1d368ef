import ddx from '@ddx/transform/vite';
import { defineConfig } from 'vitest/config';

// The library's own tests run its TypeScript sources through the same transform as its build.
export default defineConfig({
  plugins: [ddx()],
  test: { include: ['test/**/*.test.ts'] },
});
