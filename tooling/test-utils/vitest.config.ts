import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The same line other packages use; resolving it here proves the package export works.
    globalSetup: ['@layercache/test-utils/global-setup'],
    // Clusters start several redis-server processes; allow for a slow CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
