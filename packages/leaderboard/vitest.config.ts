import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['@layercache/test-utils/global-setup'],
    pool: 'forks',
    maxWorkers: 2,
    // The period-expiry test waits for two 2-second periods to pass on every backend.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
})
