import { defineConfig } from 'vitest/config';

// One vitest run over every workspace package. The `@ddx/source` export condition
// resolves workspace packages to their TypeScript sources, so tests never test a stale build.
export default defineConfig({
  resolve: { conditions: ['@ddx/source'] },
  ssr: { resolve: { conditions: ['@ddx/source'] } },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'bench/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
  },
});
