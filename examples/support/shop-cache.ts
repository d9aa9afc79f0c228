import { type Cache, createCache, createMemoryStore } from '@layercache/core'
import { createRedisBus, createRedisStore, type RedisBus } from '@layercache/redis'
import type { Redis } from 'ioredis'

/** The cache every "server" of the example builds the same way: memory first, Redis behind, a bus. */
export function shopCache(redis: Redis, prefix: string): { cache: Cache; bus: RedisBus } {
  const bus = createRedisBus({ client: redis, prefix: `${prefix}bus:` })
  const cache = createCache({
    namespace: 'shop',
    layers: [createMemoryStore({ maxEntries: 10_000 }), createRedisStore({ client: redis, prefix })],
    bus,
    ttl: '10m',
    grace: '1h',
    analytics: { flushInterval: '1s' },
  })
  return { cache, bus }
}
