import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Redis (and, for the cluster and Upstash backends, a local cluster and REST server) for the run.
    globalSetup: ['@layercache/test-utils/global-setup'],
    // Forks: the multi-process tests fork children, and the torture test freezes its thread.
    pool: 'forks',
    maxWorkers: 2,
    // Deadlines for a hang, not for speed: on a busy 2-core machine (two full runs at once) a property
    // test or a cluster start-up takes many times as long as on a quiet one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
