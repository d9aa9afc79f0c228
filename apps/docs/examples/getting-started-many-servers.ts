import assert from 'node:assert/strict'
import { createCache, createMemoryStore } from '@layercache/core'
import { createRedisBus, createRedisStore } from '@layercache/redis'
import { Redis } from 'ioredis'

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

// What every server runs: memory + Redis + a bus. Two "servers" here, in one process.
function makeServerCache() {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 })
  redis.on('error', () => {})
  const cache = createCache({
    namespace: 'shop',
    layers: [createMemoryStore({ maxEntries: 10_000 }), createRedisStore({ client: redis })],
    bus: createRedisBus({ client: redis }), // a change on one server drops the others' memory copies
  })
  return { cache, redis }
}
const serverA = makeServerCache()
const serverB = makeServerCache()

await serverA.cache.set('price:42', 10)
assert.equal(await serverB.cache.get('price:42'), 10) // from Redis, now also in B's memory

await serverA.cache.set('price:42', 12) // B's memory copy is dropped through the bus
for (const started = Date.now(); (await serverB.cache.get('price:42')) !== 12; ) {
  assert.ok(Date.now() - started < 10_000, 'the bus reaches server B')
  await new Promise((resolve) => setTimeout(resolve, 10))
}
console.log('server B sees the new price')

await serverA.cache.clear()
for (const server of [serverA, serverB]) {
  await server.cache.close()
  server.redis.disconnect()
}
