/**
 * vitest for test/integration/ only (`npm run test:integration`); the default suite (vitest.config.ts)
 * leaves that folder out. Same setup otherwise: the global build of dist/, the time-out, the pool.
 */
import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/integration/**/*.test.ts'], exclude: [...configDefaults.exclude] },
});
