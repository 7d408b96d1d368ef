import { defineConfig } from 'vitest/config';

// One vitest run over every workspace package. The `@ddx/source` export condition resolves
// workspace packages to their TypeScript sources, so tests never test a stale build.
// examples/tsup-library runs as its own project: its config adds the ddx build plugin, exactly
// as a user's project would.
export default defineConfig({
  resolve: { conditions: ['@ddx/source'] },
  ssr: { resolve: { conditions: ['@ddx/source'] } },
  test: {
    testTimeout: 30_000,
    // The JSON report gives CI its one-line summary (test-results/ is git-ignored).
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'ddx',
          include: [
            'packages/*/test/**/*.test.ts',
            'bench/test/**/*.test.ts',
            'examples/*/test/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', 'examples/tsup-library/**'],
        },
      },
      'examples/tsup-library/vitest.config.ts',
    ],
  },
});
