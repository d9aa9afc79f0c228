// "Server B" of examples/with-redis.ts: a second process with its own memory layer, sharing Redis.
import { connectRedis } from './redis-connection.js'
import { shopCache } from './shop-cache.js'

const prefix = process.argv[2]!
const redis = await connectRedis()
const { cache, bus } = shopCache(redis, prefix)
await bus.ready()

process.on('message', async (request: { op: 'get'; key: string } | { op: 'stop' }) => {
  if (request.op === 'stop') {
    await cache.close()
    await bus.close()
    redis.disconnect()
    process.disconnect()
    return
  }
  const started = performance.now()
  const value = await cache.get(request.key)
  const layers = cache.stats().layers.map((layer) => `${layer.name}:${layer.hits}`)
  process.send?.({ value, took: performance.now() - started, layers })
})
process.send?.({ ready: true })
