import { BentoCache, bentostore } from 'bentocache'
import { redisDriver } from 'bentocache/drivers/redis'
import { connectIoredis } from '../harness/bench-redis.js'
import type { Workload } from './filled-cache.js'
import { asIs, type FilledRedisCache } from './redis-filled-cache.js'

/**
 * BentoCache with only its Redis layer (`useL2Layer`, no L1), so every read goes to Redis. It gets
 * an ioredis client built exactly like layercache's, auto-pipelining included, so the comparison is
 * of the libraries and not of their connection settings.
 */
export async function filledBentoCacheRedis(
  workload: Workload,
  prefix: string,
  options: { url?: string } = {},
): Promise<FilledRedisCache> {
  const client = await connectIoredis({ autoPipelining: true, url: options.url })
  const bento = new BentoCache({
    default: 'redis',
    stores: { redis: bentostore().useL2Layer(redisDriver({ connection: client, prefix: `${prefix}bento` })) },
  })
  const ttl = workload.ttlSeconds * 1_000
  for (const [key, value] of workload.entries) await bento.set({ key, value, ttl })
  return {
    name: 'bentocache 1.6 (redisDriver L2 only)',
    get: (key) => bento.get({ key }),
    getMany: () => Promise.reject(new Error('BentoCache has no batch read')),
    decode: asIs,
    // Closes the client too: BentoCache disconnects the connection it was given.
    close: () => bento.disconnectAll(),
  }
}
