/**
 * vitest: the default suite (`npm test`). test/integration/ runs apart (`npm run test:integration`,
 * vitest.integration.config.ts). Options: vitest's configuration reference (pool, maxWorkers, sequence).
 */
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/integration/**', 'test/fixtures/**'],
    globalSetup: ['tools/build-if-stale.mjs'],
    testTimeout: 60_000,
    reporters: ['default'],
    // One child process per test file (vitest's default pool), two at a time: vitest's default is
    // cores - 1, which on this project's 2-core machines ran the files one after another.
    pool: 'forks',
    maxWorkers: 2,
    // The test files share their worker's module cache (vitest's isolate: false): re-importing the
    // simulator and its dependencies for each of ~100 files cost about 25 s of this machine's 180 s
    // budget. Tests that patch a global (process.stdout.write) restore it in a finally block.
    isolate: false,
  },
});
