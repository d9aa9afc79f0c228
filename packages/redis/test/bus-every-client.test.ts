import { type Cache, createCache, memoryStore } from '@layercache/core'
import { deleteKeysWithPrefixOn, redisClientFactories, uniquePrefix } from '@layercache/test-utils'
import { describe, expect, it } from 'vitest'
import { type RedisBus, redisBus, redisStore } from '../src/index.js'
import { timeUntil } from './support/redis-cache.js'

for (const factory of await redisClientFactories()) {
  describe(`the bus over ${factory.name}`, () => {
    it('drops the other server’s memory copy after a write and a tag invalidation', async () => {
      const { client, close } = await factory.create()
      const prefix = uniquePrefix(`bus-${factory.name}`)
      const nodes: { cache: Cache; bus: RedisBus }[] = [0, 1].map(() => {
        const bus = redisBus(client, { prefix: `${prefix}bus:` })
        const cache = createCache({
          namespace: 'app',
          layers: [memoryStore(), redisStore(client, { prefix })],
          bus,
        })
        return { cache, bus }
      })
      try {
        await Promise.all(nodes.map((node) => node.bus.ready()))
        const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]]
        await a.cache.setWithTags('k', 'v1', ['t'])
        expect(await b.cache.get('k')).toBe('v1')
        await a.cache.set('k', 'v2', { tags: ['t'] })
        expect(await timeUntil(() => b.cache.get('k'), 'v2', 3_000)).toBeLessThan(3_000)
        await a.cache.invalidateByTags(['t'])
        expect(await timeUntil(() => b.cache.get('k'), undefined, 3_000)).toBeLessThan(3_000)
      } finally {
        for (const node of nodes) {
          await node.cache.close()
          await node.bus.close()
        }
        await deleteKeysWithPrefixOn(factory.name, prefix)
        await close()
      }
    })
  })
}
