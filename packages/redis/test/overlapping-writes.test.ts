import { createCache, createMemoryStore } from '@layercache/core'
import { startRedisServer } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { createRedisStore } from '../src/index.js'

// Two changes to one key that overlap in one process reach Redis in an order nobody controls: after
// a restart or SCRIPT FLUSH, a delete (a script) fails with NOSCRIPT and is sent again after a plain
// SET sent later has landed. Whatever the order, the process must answer what Redis holds.

describe('overlapping changes to one key in one process', () => {
  it('after SCRIPT FLUSH, a delete and a set racing leave memory agreeing with Redis', async () => {
    const server = await startRedisServer()
    const redis = new Redis(server.url)
    try {
      const cache = createCache({
        namespace: 'race',
        layers: [createMemoryStore(), createRedisStore({ client: redis, timeout: '30s' })],
      })
      const direct = createCache({
        namespace: 'race',
        layers: [createRedisStore({ client: redis, timeout: '30s' })],
      })
      for (let round = 0; round < 20; round++) {
        const key = `k${round}`
        await cache.set(key, 'old')
        await redis.script('FLUSH')
        await Promise.all([
          round % 2 === 0 ? cache.delete(key) : cache.expire(key),
          cache.set(key, `new-${round}`),
        ])
        expect(await cache.get(key)).toBe(await direct.get(key))
      }
      for (let round = 0; round < 20; round++) {
        const key = `tagged${round}`
        await redis.script('FLUSH')
        await Promise.all([cache.set(key, 'first', { tags: ['t'] }), cache.set(key, 'second')])
        expect(await cache.get(key)).toBe(await direct.get(key))
      }
    } finally {
      redis.disconnect()
      await server.stop()
    }
  })
})
