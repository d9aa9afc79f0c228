import {
  type Cache,
  type CacheLayer,
  createCache,
  createMemoryStore,
  type ErrorCode,
  LayercacheError,
  type ScriptRunner,
  type Store,
} from '@layercache/core'
import type { formatScriptNumber } from '@layercache/core/store'
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
  expectType<Equal<typeof error.code, 'E_INVALID_KEY'>>()
  // Without a type argument a LayercacheError carries core's codes; packages narrow it to their own.
  expectType<Equal<LayercacheError['code'], ErrorCode>>()
  expectType<Equal<LayercacheError<'E_LOCK_LOST'>['code'], 'E_LOCK_LOST'>>()

  // Storage is two contracts; the memory store is both, and a cache takes any cache layer.
  const layer: CacheLayer = createMemoryStore()
  const runner: ScriptRunner = createMemoryStore()
  expectType<Equal<typeof layer.layerContract, 1>>()
  expectType<Equal<typeof runner.scriptContract, 1>>()
  expectType<Equal<ReturnType<typeof formatScriptNumber>, string>>()

  // The conformance suite is a function of a name and a store factory.
  expectType<Equal<Parameters<typeof cacheLayerConformanceSuite>[0], string>>()
}
