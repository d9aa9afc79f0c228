import { createCache, memoryStore } from '@layercache/core'
import { redisBus, redisStore } from '@layercache/redis'
import { Redis } from 'ioredis'

// What a deployment runs: memory + Redis + bus.
export function makeCache() {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 })
  redis.on('error', () => {})
  const prefix = process.env.LAYERCACHE_PREFIX ?? 'bench-next:'
  return createCache({
    namespace: 'next',
    layers: [memoryStore(), redisStore(redis, { prefix: `${prefix}s:`, timeout: '500ms' })],
    bus: redisBus(redis, { prefix: `${prefix}bus:` }),
  })
}
