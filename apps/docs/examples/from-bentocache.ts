import assert from 'node:assert/strict'
import { createCache, createMemoryStore } from '@layercache/core'

// BentoCache: bentostore().useL1Layer(memoryDriver()).useL2Layer(redisDriver()).useBus(redisBusDriver())
// becomes layers: [createMemoryStore(), createRedisStore({ client: redis })] and bus: createRedisBus({ client: redis }) (from @layercache/redis).
const cache = createCache({
  namespace: 'app',
  layers: [createMemoryStore({ maxEntries: 10_000 })],
  ttl: '5m',
  grace: '6h', // BentoCache's grace period: serve a stale value when the factory fails
})

// getOrSet({ key, factory, ttl, tags }) becomes getOrSet(key, loader, { ttl, tags }).
const product = await cache.getOrSet('product:1', async () => ({ id: 1, price: 10 }), {
  ttl: '10m',
  tags: ['products'],
})
assert.equal(product.price, 10)

// deleteByTag({ tags }) becomes invalidateByTags(tags); namespaces are cache.namespace(name).
await cache.invalidateByTags(['products'])
assert.equal(await cache.has('product:1'), false)
const users = cache.namespace('users')
await users.set('1', { name: 'Ada' })
assert.deepEqual(await users.get('1'), { name: 'Ada' })
await cache.close()
