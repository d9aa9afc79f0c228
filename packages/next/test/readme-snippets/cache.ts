// lib/cache.ts
import { createCache, createMemoryStore } from '@layercache/core'
import { createRedisBus, createRedisStore } from '@layercache/redis'
import { Redis } from 'ioredis'

/** One cache per server process; the handlers call it on first use, never during `next build`. */
export function makeCache() {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 })
  redis.on('error', () => {}) // the cache warns once when Redis fails and once when it recovers
  return createCache({
    namespace: 'next',
    layers: [
      createMemoryStore({ maxEntries: 10_000 }),
      createRedisStore({ client: redis, timeout: '500ms' }),
    ],
    bus: createRedisBus({ client: redis }),
  })
}
