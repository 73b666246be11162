/** The real-MTA tests (test/integration/*.int.ts): `npm run test:integration`, after .ci/postfix-setup.sh install. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/integration/**/*.int.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 300_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
