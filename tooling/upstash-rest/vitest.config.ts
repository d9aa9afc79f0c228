import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // @layercache/test-utils depends on this package, so it cannot be a dependency here; its global
    // setup is used by path instead (a Redis from REDIS_URL, :6379, or a redis-server it starts).
    globalSetup: ['../test-utils/src/global-setup.ts'],
    // Deadlines for a hang, not for speed: on a busy 2-core machine (two full runs at once) a property
    // test or a cluster start-up takes many times as long as on a quiet one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
