import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The same line other packages use; resolving it here proves the package export works.
    globalSetup: ['@layercache/test-utils/global-setup'],
    // Deadlines for a hang, not for speed: on a busy 2-core machine (two full runs at once) a property
    // test or a cluster start-up takes many times as long as on a quiet one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
