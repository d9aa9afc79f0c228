import { type Cache, createCache, createMemoryStore } from '@layercache/core'
import {
  ALL_CLIENT_KINDS,
  deleteKeysWithPrefixOn,
  redisClientFactories,
  uniquePrefix,
} from '@layercache/test-utils'
import { describe, expect, it } from 'vitest'
import { inspectRedisBus } from '../src/bus/redis-bus.js'
import { createRedisBus, createRedisStore, type RedisBus } from '../src/index.js'
import { busRecorder } from './support/bus-recorder.js'
import { becomes } from './support/redis-cache.js'

for (const factory of await redisClientFactories({ kinds: ALL_CLIENT_KINDS })) {
  describe(`the bus over ${factory.name}`, () => {
    it('members hear each other on one bus and across buses, never themselves, over one connection per bus', async () => {
      const clients = [await factory.create(), await factory.create()]
      const options = { prefix: uniquePrefix(`bus-members-${factory.name}`) }
      const buses = clients.map(({ client }) => createRedisBus({ client, ...options }))
      const [busA, busB] = buses as [RedisBus, RedisBus]
      const heard = [busRecorder(), busRecorder(), busRecorder()] as const
      const members = [busA.join('app', heard[0].listener), busA.join('app', heard[1].listener)]
      members.push(busB.join('app', heard[2].listener))
      try {
        await Promise.all(buses.map((bus) => bus.ready()))
        for (const [index, member] of members.entries())
          await member.publish({ type: 'delete', keys: [`app:from-${index}`] })
        const others = (index: number) =>
          [0, 1, 2].filter((other) => other !== index).map((other) => `app:from-${other}`)
        for (const [index, recorder] of heard.entries()) {
          await recorder.until(`member ${index} hearing the others`, () =>
            others(index).every((key) => recorder.deletedKeys().includes(key)),
          )
        }
        // A member's own message would have come back with the others: give a straggler time to show.
        await new Promise((resolve) => setTimeout(resolve, 200))
        for (const [index, recorder] of heard.entries())
          expect(recorder.deletedKeys().sort(), `member ${index}`).toEqual(others(index))
        expect(inspectRedisBus(busA)).toMatchObject({ channels: 1, members: 2, connections: 1 })
      } finally {
        await Promise.all(buses.map((bus) => bus.close()))
        for (const created of clients) await created.close()
      }
    })

    it('drops the other server’s memory copy after a write and a tag invalidation', async () => {
      const { client, close } = await factory.create()
      const prefix = uniquePrefix(`bus-${factory.name}`)
      const nodes: { cache: Cache; bus: RedisBus }[] = [0, 1].map(() => {
        const bus = createRedisBus({ client, prefix: `${prefix}bus:` })
        const cache = createCache({
          namespace: 'app',
          layers: [createMemoryStore(), createRedisStore({ client, prefix, timeout: '30s' })],
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
        expect(await becomes(() => b.cache.get('k'), 'v2')).toBe(true)
        await a.cache.invalidateByTags(['t'])
        expect(await becomes(() => b.cache.get('k'), undefined)).toBe(true)
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
