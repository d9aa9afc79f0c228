// Added by `npx shadcn@latest add <site>/r/cache-manager.json` (layercache's registry).
// Memory alone on a laptop; memory + Redis + bus when Redis is configured, in that order:
//   UPSTASH_REDIS_REST_URL + UPSTASH_REDIS_REST_TOKEN -> @upstash/redis (HTTP, works anywhere)
//   REDIS_URL                                         -> ioredis (a TCP connection per server)
import { type Cache, createCache, createMemoryStore, type Store } from '@layercache/core'
import { createRateLimitCheck } from '@layercache/ratelimit'
import { createRedisBus, createRedisStore } from '@layercache/redis'
import { Redis as UpstashRedis } from '@upstash/redis'
import { Redis as IORedis } from 'ioredis'

function connect(): { cache: Cache; store: Store | undefined } {
  const memory = createMemoryStore({ maxEntries: 10_000 })
  const upstashUrl = process.env.UPSTASH_REDIS_REST_URL
  const upstashToken = process.env.UPSTASH_REDIS_REST_TOKEN
  if (upstashUrl && upstashToken) {
    const redis = new UpstashRedis({ url: upstashUrl, token: upstashToken })
    const store = createRedisStore({ client: redis, timeout: '1s' })
    return {
      cache: createCache({
        layers: [memory, store],
        bus: createRedisBus({ client: redis }),
        analytics: true,
      }),
      store,
    }
  }
  if (process.env.REDIS_URL) {
    const redis = new IORedis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 })
    redis.on('error', () => {}) // the cache warns once when Redis fails and once when it recovers
    const store = createRedisStore({ client: redis, timeout: '500ms' })
    return {
      cache: createCache({
        layers: [memory, store],
        bus: createRedisBus({ client: redis }),
        analytics: true,
      }),
      store,
    }
  }
  return { cache: createCache({ layers: [memory] }), store: undefined }
}

// One cache per process, also across Next's hot reloads in development.
const globalForCache = globalThis as unknown as { layercacheManager?: ReturnType<typeof connect> }
const connection = (globalForCache.layercacheManager ??= connect())

/** The cache: `get`, `set`, `getOrSet`, `setWithTags`, `invalidateByTags`, `getBatch`, `stats()`... */
export const cacheManager: Cache = connection.cache

/**
 * `true` when `identifier` may make one more request under "at most `limit` per `window` seconds":
 * `if (!(await checkRateLimit(userId, 100, 60))) throw new Error('Rate limit exceeded')`.
 * Shared by every server when Redis is configured; per process otherwise.
 */
export const checkRateLimit = createRateLimitCheck(connection.store ? { store: connection.store } : {})
