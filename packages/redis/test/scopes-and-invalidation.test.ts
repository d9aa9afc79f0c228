import {
  createCache,
  createMemoryStore,
  errors,
  LayercacheError,
  parseTtl,
  type Store,
} from '@layercache/core'
import { counterScript } from '@layercache/core/testing'
import {
  deleteKeysWithPrefix,
  getRedisUrl,
  redisClientFactories,
  startRedisServer,
  uniquePrefix,
} from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStore } from '../src/index.js'

const prefix = uniquePrefix('scopes')
let client: Redis
beforeAll(async () => {
  client = new Redis(await getRedisUrl())
})
afterAll(async () => {
  await deleteKeysWithPrefix(await getRedisUrl(), prefix)
  client.disconnect()
})

/** What a rate limiter with prefix `app` keeps on the store: a counter under its own hash tag. */
const limiterKey = 'app:{user-1}:counter'

for (const factory of await redisClientFactories({
  kinds: ['ioredis', 'ioredis-cluster', 'node-redis-cluster'],
})) {
  describe(`clear() and deleteByPrefix reach exactly what they name (${factory.name})`, () => {
    it('another namespace whose keys contain "}:e:app:" and a package sharing the prefix are untouched', async () => {
      const { client: kindClient, close } = await factory.create()
      const runPrefix = uniquePrefix(`clear-${factory.name}`)
      const neighbourPrefix = uniquePrefix(`clear-${factory.name}`)
      try {
        const store = createRedisStore({ client: kindClient as never, prefix: runPrefix, timeout: '30s' })
        const app = createCache({ namespace: 'app', layers: [store] })
        const other = createCache({ namespace: 'other', layers: [store] })
        const nested = app.namespace('users')
        await app.set('k', 1)
        await nested.set('k', 2)
        await other.set('x}:e:app:y', 'not app')
        await other.set('app:z', 'not app either')
        expect(await store.run(counterScript, [limiterKey], [5, 60_000])).toEqual([5, expect.any(Number)])
        await app.clear()
        expect(await app.get('k')).toBeUndefined()
        expect(await nested.get('k')).toBeUndefined()
        expect(await other.get('x}:e:app:y')).toBe('not app')
        expect(await other.get('app:z')).toBe('not app either')
        // The spent limit is still spent: a cache never deletes a package's keys.
        expect(((await store.run(counterScript, [limiterKey], [1, 0])) as number[])[0]).toBe(6)
        await other.set('p:1', 1)
        await other.set('q:1', 1)
        expect(await other.deleteByPrefix('p:')).toBe(1)
        expect(await other.get('q:1')).toBe(1)
        // purge is the explicit teardown of everything under the store's prefix, and only that.
        const neighbour = createRedisStore({
          client: kindClient as never,
          prefix: neighbourPrefix,
          timeout: '30s',
        })
        await createCache({ namespace: 'app', layers: [neighbour] }).set('k', 'next door')
        expect(await store.purge()).toBeGreaterThan(0)
        expect(await other.get('q:1')).toBeUndefined()
        expect(((await store.run(counterScript, [limiterKey], [1, 0])) as number[])[0]).toBe(1)
        expect(await createCache({ namespace: 'app', layers: [neighbour] }).get('k')).toBe('next door')
      } finally {
        await deleteKeysWithPrefix(
          factory.name === 'ioredis'
            ? await getRedisUrl()
            : { nodes: (kindClient as { nodes?: unknown }).nodes ? [] : [] },
          runPrefix,
        ).catch(() => 0)
        await close()
      }
    })
  })
}

describe('clear() on the memory store', () => {
  it('never deletes script data (a rate limit, a lock) kept on the same store', async () => {
    const store = createMemoryStore()
    const app = createCache({ namespace: 'app', layers: [store] })
    await app.set('k', 1)
    expect(store.run(counterScript, [limiterKey], [5, 60_000])[0]).toBe(5)
    await app.clear()
    expect(await app.get('k')).toBeUndefined()
    expect(store.run(counterScript, [limiterKey], [1, 0])[0]).toBe(6)
  })
})

describe('expire is atomic', () => {
  it('a set landing while an expire runs is never overwritten by the expired copy', async () => {
    const store = createRedisStore({ client, prefix, timeout: '30s' })
    const cache = createCache({ namespace: 'expire', layers: [createMemoryStore(), store], grace: '1h' })
    for (let round = 0; round < 20; round++) {
      await cache.set('k', `old-${round}`)
      await Promise.all([cache.expire('k'), cache.set('k', `new-${round}`)])
      const fresh = createCache({
        namespace: 'expire',
        layers: [createRedisStore({ client, prefix, timeout: '30s' })],
        grace: '1h',
      })
      // Either order is fine: the new value, fresh or expired — never the old one back.
      const served = await fresh.getOrSet('k', () => Promise.reject(new Error('source down')))
      expect(served).toBe(`new-${round}`)
    }
  })
})

describe('tag invalidation with the longest TTL the API accepts', () => {
  it('every tag is stamped, on every layer, after an entry with a huge TTL was written', async () => {
    const store = createRedisStore({ client, prefix, timeout: '30s' })
    const writer = createCache({
      namespace: 'huge',
      layers: [createMemoryStore(), createRedisStore({ client, prefix, timeout: '30s' })],
    })
    // Without a bus, another cache sees the invalidation only through Redis: it reads Redis alone.
    const reader = createCache({
      namespace: 'huge',
      layers: [createRedisStore({ client, prefix, timeout: '30s' })],
    })
    const longest = Math.floor(Number.MAX_SAFE_INTEGER / 1000 / 3)
    await writer.set('forever-ish', 1, { ttl: longest, tags: ['t1'] })
    await writer.set('second', 2, { ttl: 60, tags: ['t2'] })
    expect(await reader.get('second')).toBe(2)
    await writer.invalidateByTags(['t1', 't2'])
    expect(await writer.get('second')).toBeUndefined()
    expect(await reader.get('second')).toBeUndefined()
    expect(await reader.get('forever-ish')).toBeUndefined()
    const stamps = await store.getTagStamps(['huge:#t1', 'huge:#t2'])
    expect(stamps.every((stamp) => (stamp?.invalidatedAt ?? 0) > 0)).toBe(true)
  })

  it('a TTL Redis cannot hold exactly is refused with a typed error', async () => {
    const cache = createCache({
      namespace: 'huge',
      layers: [createRedisStore({ client, prefix, timeout: '30s' })],
    })
    await expect(cache.set('k', 1, 1e14)).rejects.toMatchObject({ code: errors.INVALID_TTL })
    expect(() => parseTtl(1e14)).toThrow(LayercacheError)
  })
})

describe('a write a shared layer refuses', () => {
  it('leaves no copy in memory, and rejects with onLayerError: throw', async () => {
    // A Redis out of memory refuses writes: a real refusal, on a server of the test's own.
    const server = await startRedisServer({ extraArgs: ['--maxmemory-policy', 'noeviction'] })
    const full = new Redis(server.url)
    try {
      const memory = createMemoryStore()
      const layers: Store[] = [memory, createRedisStore({ client: full, timeout: '30s' })]
      const cache = createCache({ namespace: 'refused', layers, onLayerError: 'throw' })
      await cache.set('k', 'before')
      await full.config('SET', 'maxmemory', '1')
      await expect(cache.set('k', 'after')).rejects.toMatchObject({ code: errors.STORE_FAILURE })
      expect(memory.get('refused::k')).toBeUndefined()
      expect(await cache.get('k')).toBe('before')
      const quiet = createCache({
        namespace: 'refused',
        layers: [createMemoryStore(), createRedisStore({ client: full, timeout: '30s' })],
      })
      const reported: unknown[] = []
      quiet.on('error', (event) => reported.push(event.error))
      await quiet.set('k', 'after')
      expect(reported).toHaveLength(1)
      expect(await quiet.get('k')).toBe('before')
    } finally {
      full.disconnect()
      await server.stop()
    }
  })
})
