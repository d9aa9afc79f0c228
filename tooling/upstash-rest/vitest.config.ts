import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // @layercache/test-utils depends on this package, so it cannot be a dependency here; its global
    // setup is used by path instead (a Redis from REDIS_URL, :6379, or a redis-server it starts).
    globalSetup: ['../test-utils/src/global-setup.ts'],
  },
})
