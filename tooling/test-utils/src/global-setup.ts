import { setupRedisForTests } from './redis-url.js'

/**
 * vitest `globalSetup` entry: `globalSetup: ['@layercache/test-utils/global-setup']`.
 * See {@link setupRedisForTests}.
 */
export default setupRedisForTests
