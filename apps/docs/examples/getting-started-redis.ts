import assert from 'node:assert/strict'
import { createCache, createMemoryStore } from '@layercache/core'
import { createRedisStore } from '@layercache/redis'
import { Redis } from 'ioredis'

// The same cache with Redis under the memory layer: values survive restarts and are shared.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 })
redis.on('error', () => {}) // the cache warns once when Redis fails and once when it recovers

const cache = createCache({
  namespace: 'app',
  layers: [createMemoryStore({ maxEntries: 10_000 }), createRedisStore({ client: redis, timeout: '500ms' })],
  ttl: '5m',
})

await cache.set('settings', { theme: 'dark' }, '1h')
const settings = await cache.get<{ theme: string }>('settings')
assert.equal(settings?.theme, 'dark')
console.log(cache.stats().layers.map((layer) => layer.name)) // [ 'memory', 'redis' ]

await cache.clear()
await cache.close()
redis.disconnect()
