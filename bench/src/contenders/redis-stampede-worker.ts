// One process of the cross-process stampede benchmark: on "go", asks for a cold key whose loader is
// slow and counts its own runs in Redis, then reports how long its answer took.
import { createCache, createMemoryStore } from '@layercache/core'
import { createRedisStore } from '@layercache/redis'
import { Redis } from 'ioredis'

const [url, prefix, key, distributed] = process.argv.slice(2) as [string, string, string, string]
const redis = new Redis(url, { lazyConnect: true })
await redis.connect()
const cache = createCache({
  namespace: 'stampede',
  layers: [createMemoryStore(), createRedisStore({ client: redis, prefix })],
})

process.on('message', async () => {
  const started = performance.now()
  await cache.getOrSet(
    key,
    async () => {
      await redis.incr(`${prefix}loader-runs`)
      await new Promise((resolve) => setTimeout(resolve, 200))
      return { rows: 1_000 }
    },
    { distributedLoad: distributed === 'yes' },
  )
  process.send?.(performance.now() - started)
  await cache.close()
  redis.disconnect()
  process.disconnect()
})
process.send?.('ready')
