import { createCache } from '@layercache/core'
import { redisStore } from '@layercache/redis'
import type { Redis } from 'ioredis'
import { closeIoredis, connectIoredis } from '../harness/bench-redis.js'
import type { Workload } from './filled-cache.js'
import { asIs, type FilledRedisCache } from './redis-filled-cache.js'

/**
 * layercache with Redis as its only layer, so every read goes to Redis, over an ioredis client with
 * auto-pipelining. The client is kept so the round-trip count can find its connection.
 */
export async function filledLayercacheRedis(
  workload: Workload,
  prefix: string,
): Promise<FilledRedisCache & { readonly client: Redis }> {
  const client = await connectIoredis({ autoPipelining: true })
  const cache = createCache({ layers: [redisStore(client, { prefix })] })
  await cache.setBatch(
    [...workload.entries].map(([key, value]) => ({ key, value, ttl: workload.ttlSeconds })),
  )
  return {
    name: 'layercache (redisStore only)',
    client,
    get: (key) => cache.get(key),
    getMany: (keys) => cache.getBatch(keys),
    decode: asIs,
    failedReads: () => {
      const { misses, errors } = cache.stats()
      return misses + errors
    },
    close: async () => {
      await cache.close()
      await closeIoredis(client)
    },
  }
}
