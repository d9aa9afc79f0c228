import assert from 'node:assert/strict'
import { createCache, createMemoryStore } from '@layercache/core'

// An embedded memory store: nothing to install or run beside your app.
const cache = createCache({
  namespace: 'app',
  layers: [createMemoryStore({ maxEntries: 10_000 })],
  ttl: '5m',
})

let queries = 0
async function findUser(id: string) {
  queries++ // stands in for a database query
  return { id, name: 'Ada' }
}

// getOrSet: the first call loads and stores, the next ones are memory hits.
const user = await cache.getOrSet('user:1', () => findUser('1'))
const again = await cache.getOrSet('user:1', () => findUser('1'))

assert.equal(user.name, again.name)
assert.equal(queries, 1)
console.log(`hit rate ${cache.stats().hitRate}`) // 0.5: one miss, then one hit
await cache.close()
