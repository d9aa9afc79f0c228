import { createCache, createMemoryStore } from '@layercache/core'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { createRedisBus, createRedisStore } from '../src/index.js'
import { eventually } from './support/cache-server.js'

const prefix = uniquePrefix('shared-bus')
afterAll(async () => deleteKeysWithPrefix(await getRedisUrl(), prefix))

describe('one createRedisBus shared by several caches in one process', () => {
  it('the caches hear each other, as caches in other processes do', async () => {
    const client = new Redis(await getRedisUrl())
    const bus = createRedisBus({ client, prefix: `${prefix}bus:` })
    const make = () =>
      createCache({
        namespace: 'shared',
        layers: [createMemoryStore(), createRedisStore({ client, prefix, timeout: '30s' })],
        bus,
      })
    const [a, b] = [make(), make()]
    try {
      await bus.ready()
      await a.set('k', 'v1')
      expect(
        await eventually(async () => {
          await b.get('k')
          return b.stats().layers[0]!.hits > 0
        }),
      ).toBe(true)
      await a.set('k', 'v2')
      expect(await eventually(async () => (await b.get('k')) === 'v2')).toBe(true)
      await b.delete('k')
      expect(await eventually(async () => (await a.get('k')) === undefined)).toBe(true)
    } finally {
      await a.close()
      await b.close()
      await bus.close()
      client.disconnect()
    }
  })
})
