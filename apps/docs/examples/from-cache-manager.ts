import assert from 'node:assert/strict'
import { cacheManager, createCache, createMemoryStore } from '@layercache/core'

// cache-manager / cacheable: createCache({ stores: [...] }) becomes createCache({ layers: [...] }).
const cache = createCache({
  namespace: 'app',
  layers: [createMemoryStore({ maxEntries: 10_000 })],
  ttl: '5m',
})

// cache.wrap(key, fn, ttl) becomes getOrSet(key, fn, ttl): one load per key per process.
let loads = 0
const load = async () => {
  loads++
  return { id: 1 }
}
await Promise.all([cache.getOrSet('user:1', load, 60), cache.getOrSet('user:1', load, 60)])
assert.equal(loads, 1)

// mget / mset / mdel become getBatch / setBatch / deleteBatch, with aligned results.
await cache.setBatch([
  { key: 'a', value: 1, ttl: 300 },
  { key: 'b', value: 2, ttl: 600 },
])
assert.deepEqual(await cache.getBatch(['a', 'b', 'c']), [1, 2, undefined])

// A ready instance for code written as cacheManager.get / set / delete / clear.
await cacheManager.set('settings', { theme: 'dark' }, 3600)
assert.deepEqual(await cacheManager.get('settings'), { theme: 'dark' })
await cacheManager.clear()
await cache.close()
