import KeyvRedis from '@keyv/redis'
import { Cacheable } from 'cacheable'
import { Keyv } from 'keyv'
import { redisUrl } from '../harness/bench-redis.js'
import type { Workload } from './filled-cache.js'
import { asIs, type FilledRedisCache } from './redis-filled-cache.js'

/**
 * cacheable with `@keyv/redis` as its primary (and only) store, as its README shows, so every read
 * goes to Redis. `@keyv/redis` brings its own node-redis client; its `getMany` is one `MGET`.
 */
export async function filledCacheableRedis(workload: Workload, prefix: string): Promise<FilledRedisCache> {
  const store = new KeyvRedis(redisUrl(), { throwOnErrors: true })
  const cache = new Cacheable({ primary: new Keyv({ store, namespace: `${prefix}cacheable` }) })
  const ttl = workload.ttlSeconds * 1_000
  await cache.setMany([...workload.entries].map(([key, value]) => ({ key, value, ttl })))
  return {
    name: 'cacheable 2 (@keyv/redis primary)',
    get: (key) => cache.get(key),
    getMany: (keys) => cache.getMany([...keys]),
    decode: asIs,
    close: () => cache.disconnect(),
  }
}
