import { type Cache, createCache, createMemoryStore, LayercacheError, type Store } from '@layercache/core'
import type { cacheLayerConformanceSuite } from '@layercache/core/testing'
import { type Equal, expectType } from './expect-type.js'

interface User {
  id: number
  name: string
}

export async function coreTypes(): Promise<void> {
  const cache: Cache = createCache({
    namespace: 'app',
    layers: [createMemoryStore({ maxEntries: 10 })],
    ttl: '5m',
  })

  const user = await cache.get<User>('user:1')
  expectType<Equal<typeof user, User | undefined>>()

  // The loader's type flows through getOrSet.
  const loaded = await cache.getOrSet('user:2', async () => ({ id: 2, name: 'Ada' }), { ttl: 60 })
  expectType<Equal<typeof loaded, { id: number; name: string }>>()

  // @ts-expect-error a TTL is a number of seconds or a duration string, not a Date: proves the checks run
  await cache.set('user:1', user, new Date())

  const store: Store = createMemoryStore()
  expectType<Equal<typeof store.shared, boolean>>()

  const error = new LayercacheError('E_INVALID_KEY', 'bad key')
  expectType<Equal<typeof error.code, LayercacheError['code']>>()

  // The conformance suite is a function of a name and a store factory.
  expectType<Equal<Parameters<typeof cacheLayerConformanceSuite>[0], string>>()
}
