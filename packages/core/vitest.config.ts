import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Core needs no Redis: only the check that the tests run on the Node major CI asked for.
    globalSetup: ['@layercache/test-utils/expected-node'],
    pool: 'threads',
    maxWorkers: 2,
    // Property tests run thousands of cases; on a busy 2-core machine they need more than 5 s.
    testTimeout: 30_000,
  },
})
