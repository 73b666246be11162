/**
 * vitest: the default suite (`npm test`). test/integration/ runs apart (`npm run test:integration`,
 * vitest.integration.config.ts). Options: vitest's configuration reference (pool, maxWorkers, sequence).
 */
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/integration/**', 'test/fixtures/**'],
    globalSetup: ['test/support/build.ts'],
    testTimeout: 60_000,
    reporters: ['default'],
    // One child process per test file (vitest's default pool), two at a time: vitest's default is
    // cores - 1, which on this project's 2-core machines ran the files one after another.
    pool: 'forks',
    maxWorkers: 2,
  },
});
