// The unit tests alone, for Stryker (npm run mutate): the E2E project needs a build and a browser.
// MUTATE_TESTS (comma-separated globs) narrows them while working on one module's tests.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vite.config';

export default mergeConfig(
  { ...base, test: { ...base.test, projects: undefined } },
  defineConfig({ test: { root: '.', include: process.env.MUTATE_TESTS?.split(',') ?? ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000 } }),
);
