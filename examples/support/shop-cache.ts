import { type Cache, createCache, memoryStore } from '@layercache/core'
import { type RedisBus, redisBus, redisStore } from '@layercache/redis'
import type { Redis } from 'ioredis'

/** The cache every "server" of the example builds the same way: memory first, Redis behind, a bus. */
export function shopCache(redis: Redis, prefix: string): { cache: Cache; bus: RedisBus } {
  const bus = redisBus(redis, { prefix: `${prefix}bus:` })
  const cache = createCache({
    namespace: 'shop',
    layers: [memoryStore({ maxEntries: 10_000 }), redisStore(redis, { prefix })],
    bus,
    ttl: '10m',
    grace: '1h',
    analytics: { flushInterval: '1s' },
  })
  return { cache, bus }
}
