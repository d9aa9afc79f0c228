import expectedNodeSetup from './expected-node.js'
import { setupRedisForTests } from './redis-url.js'

/**
 * vitest `globalSetup` entry: `globalSetup: ['@layercache/test-utils/global-setup']`. Checks the
 * Node.js major (see {@link expectedNodeSetup}), then {@link setupRedisForTests}.
 */
export default function globalSetup(): Promise<() => Promise<void>> {
  expectedNodeSetup()
  return setupRedisForTests()
}
