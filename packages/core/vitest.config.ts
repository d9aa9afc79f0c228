import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'threads',
    maxWorkers: 2,
    // Property tests run thousands of cases; on a busy 2-core machine they need more than 5 s.
    testTimeout: 30_000,
  },
})
