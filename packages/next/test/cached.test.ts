import { AsyncLocalStorage } from 'node:async_hooks'
import { beforeEach, describe, expect, it } from 'vitest'
import { cached, createIncrementalCacheHandler } from '../src/index.js'
import { forgetProcessCaches } from '../src/process-cache.js'
import { type Deployment, eventually, memoryCache, redisDeployment } from './support/instances.js'

// Next's server provides this global before it loads its request stores (`cached` loads `next/cache`).
;(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage

beforeEach(() => forgetProcessCaches())

describe('cached', () => {
  it('loads once per key, with key and tags from the arguments', async () => {
    const calls: string[] = []
    const getProduct = cached(
      async (id: string) => {
        calls.push(id)
        return { id, name: `product ${id}` }
      },
      {
        key: (id) => `product:${id}`,
        tags: (id) => ['products', `product:${id}`],
        ttl: '5m',
        cache: memoryCache(),
      },
    )
    expect(await Promise.all([getProduct('1'), getProduct('1'), getProduct('2')])).toEqual([
      { id: '1', name: 'product 1' },
      { id: '1', name: 'product 1' },
      { id: '2', name: 'product 2' },
    ])
    expect(await getProduct('1')).toEqual({ id: '1', name: 'product 1' })
    expect(calls.sort()).toEqual(['1', '2'])
  })

  it("uses the handlers' cache, so Next's revalidateTag on any server reaches it", async () => {
    const deployment: Deployment = await redisDeployment('next-cached')
    try {
      const serverA = (await deployment.instance()).cache
      const serverB = (await deployment.instance()).cache
      const handlerB = new (createIncrementalCacheHandler({ cache: serverB, name: 'b' }))({})
      // Server A's handler made its cache first; `cached` finds it by name.
      await new (createIncrementalCacheHandler({ cache: serverA, name: 'a' }))({}).get('/', { kind: 'PAGES' })
      let version = 0
      const getPrices = cached(async () => ++version, { key: 'prices', tags: ['prices'], name: 'a' })
      expect(await getPrices()).toBe(1)
      expect(await getPrices()).toBe(1)
      await handlerB.revalidateTag('prices')
      await eventually(async () => expect(await getPrices()).toBe(2))
    } finally {
      await deployment.close()
    }
  })

  it("carries the rendering page's implicit tags, so revalidatePath (an _N_T_ tag) reloads it", async () => {
    // Next's own per-request store, as a page render sets it up.
    const { workUnitAsyncStorage } = (await import(
      'next/dist/server/app-render/work-unit-async-storage.external.js'
    )) as unknown as { workUnitAsyncStorage: { run<T>(store: unknown, fn: () => T): T } }
    const cache = memoryCache()
    const handler = new (createIncrementalCacheHandler({ cache }))({})
    let version = 0
    const getPrices = cached(async () => ++version, { key: 'prices', tags: ['prices'], cache })
    const duringRender = () =>
      workUnitAsyncStorage.run({ implicitTags: { tags: ['_N_T_/layout', '_N_T_/shop', 'other'] } }, getPrices)
    expect(await duringRender()).toBe(1)
    expect(await cache.getEntry('prices')).toMatchObject({ tags: ['prices', '_N_T_/layout', '_N_T_/shop'] })
    await handler.revalidateTag('_N_T_/shop') // revalidatePath('/shop')
    expect(await getPrices()).toBe(2) // outside a render: no page tags, nothing else changes
    const untagged = cached(async () => ++version, { key: 'untagged', cache, pageTags: false })
    await workUnitAsyncStorage.run({ implicitTags: { tags: ['_N_T_/shop'] } }, untagged)
    await handler.revalidateTag('_N_T_/shop')
    expect(await untagged()).toBe(3)
  })

  it('without a cache, and none made by a handler, it says so', async () => {
    const orphan = cached(async () => 1, { key: 'k', name: 'nobody' })
    await expect(orphan()).rejects.toThrow(/no cache named 'nobody'/)
  })
})
