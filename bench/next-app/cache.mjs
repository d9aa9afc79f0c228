import { createCache, createMemoryStore } from '@layercache/core'
import { createRedisBus, createRedisStore } from '@layercache/redis'
import { Redis } from 'ioredis'

// What a deployment runs: memory + Redis + bus.
export function makeCache() {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 })
  redis.on('error', () => {})
  const prefix = process.env.LAYERCACHE_PREFIX ?? 'bench-next:'
  return createCache({
    namespace: 'next',
    layers: [
      createMemoryStore(),
      createRedisStore({ client: redis, prefix: `${prefix}s:`, timeout: '500ms' }),
    ],
    bus: createRedisBus({ client: redis, prefix: `${prefix}bus:` }),
  })
}
