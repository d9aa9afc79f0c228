// The site's own cache, made the way @layercache/next's README says: memory alone when no REDIS_URL is
// set (a laptop, `next build`), memory + Redis + bus when it is (many servers).
import { createCache, createMemoryStore } from '@layercache/core'

/** One cache per server process; the handlers, the stats route and the demo load call it. */
export async function makeCache() {
  const redisUrl = process.env.REDIS_URL
  if (!redisUrl) {
    return createCache({
      namespace: 'docs',
      layers: [createMemoryStore({ maxEntries: 10_000 })],
      analytics: true,
    })
  }
  const [{ createRedisBus, createRedisStore }, { Redis }] = await Promise.all([
    import('@layercache/redis'),
    import('ioredis'),
  ])
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
  redis.on('error', () => {}) // the cache warns once when Redis fails and once when it recovers
  return createCache({
    namespace: 'docs',
    layers: [
      createMemoryStore({ maxEntries: 10_000 }),
      createRedisStore({ client: redis, timeout: '500ms' }),
    ],
    bus: createRedisBus({ client: redis }),
    analytics: true,
  })
}
