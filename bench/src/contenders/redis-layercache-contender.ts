import { createCache } from '@layercache/core'
import { createRedisBus, createRedisStore } from '@layercache/redis'
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
  options: { url?: string; tagged?: boolean } = {},
): Promise<FilledRedisCache & { readonly client: Redis }> {
  const client = await connectIoredis({ autoPipelining: true, url: options.url })
  // Tagged entries are read with their tags' records, which a cache keeps in memory only while a
  // bus tells it of every stamp: the tagged contender has one, as a multi-server deployment would.
  const bus = options.tagged ? createRedisBus({ client, prefix }) : undefined
  const cache = createCache({ layers: [createRedisStore({ client, prefix })], bus })
  await bus?.ready()
  const tags = options.tagged ? ['users'] : undefined
  await cache.setBatch(
    [...workload.entries].map(([key, value]) => ({ key, value, ttl: workload.ttlSeconds, tags })),
  )
  return {
    name: options.tagged
      ? 'layercache tagged (createRedisStore + createRedisBus)'
      : 'layercache (createRedisStore only)',
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
      await bus?.close()
      await closeIoredis(client)
    },
  }
}
