import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Redis (and, for the cluster and Upstash backends, a local cluster and REST server) for the run.
    globalSetup: ['@layercache/test-utils/global-setup'],
    // Forks: the multi-process tests fork children, and the torture test freezes its thread.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
})
