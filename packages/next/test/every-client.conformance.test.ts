// The handlers' contract on every Redis client the redis package supports: ioredis and node-redis
// (current and previous majors, standalone and on the local 3-master cluster) and @upstash/redis over
// HTTP. Each runs two "servers": memory layers apart, that Redis layer and bus shared.
import { ALL_CLIENT_KINDS, redisClientFactories } from '@layercache/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createIncrementalCacheHandler,
  createUseCacheHandler,
  type IncrementalCacheHandler,
  type UseCacheHandler,
} from '../src/index.js'
import { forgetProcessCaches } from '../src/process-cache.js'
import { type ClientDeployment, clientDeployment } from './support/client-deployment.js'
import { eventually } from './support/instances.js'
import { valuesOfEveryKind } from './support/values.js'

const PAGE_CONTROL = { revalidate: 60, expire: 3600 }
const pageContext = { cacheControl: PAGE_CONTROL, isRoutePPREnabled: false, isFallback: false }

function bytes(text: string): ReadableStream<Uint8Array> {
  return new Response(text).body!
}

for (const factory of await redisClientFactories({ kinds: ALL_CLIENT_KINDS })) {
  describe(`the handlers over ${factory.name}`, () => {
    let deployment: ClientDeployment
    let isrA: IncrementalCacheHandler
    let isrB: IncrementalCacheHandler
    let useCacheA: UseCacheHandler
    let useCacheB: UseCacheHandler

    beforeAll(async () => {
      forgetProcessCaches()
      deployment = await clientDeployment(factory, 'next-clients')
      const { serverA, serverB } = deployment
      isrA = new (createIncrementalCacheHandler({ cache: serverA, name: `${factory.name}-a` }))({})
      isrB = new (createIncrementalCacheHandler({ cache: serverB, name: `${factory.name}-b` }))({})
      useCacheA = createUseCacheHandler({ cache: serverA, name: `${factory.name}-a` })
      useCacheB = createUseCacheHandler({ cache: serverB, name: `${factory.name}-b` })
    })
    afterAll(() => deployment?.close())

    it('every incremental value kind written on A comes back exactly on B (from Redis)', async () => {
      for (const [name, value] of Object.entries(valuesOfEveryKind())) {
        const kind = value?.kind ?? 'PAGES'
        const fetchValue = kind === 'FETCH'
        await isrA.set(
          `/${name}`,
          value,
          fetchValue ? { fetchCache: true, tags: ['fetch-tag'] } : pageContext,
        )
        const got = await isrB.get(`/${name}`, { kind: fetchValue ? 'FETCH' : 'APP_PAGE' })
        expect(got?.value, name).toEqual(value)
        if (!fetchValue) expect(got?.cacheControl, name).toEqual(PAGE_CONTROL)
      }
      const page = (await isrB.get('/appPage', { kind: 'APP_PAGE' }))?.value as { segmentData?: unknown }
      expect(page.segmentData).toBeInstanceOf(Map)
    })

    it('revalidateTag on A: B misses (now) or serves stale (with a profile)', async () => {
      const page = valuesOfEveryKind().appPage!
      const read = { kind: 'APP_PAGE', isFallback: false }
      await isrA.set('/p', page, pageContext)
      expect(await isrB.get('/p', read)).not.toBeNull() // B holds it in memory too
      await isrA.revalidateTag('_N_T_/page') // the page's implicit tag (revalidatePath)
      await eventually(async () => expect(await isrB.get('/p', read)).toBeNull())
      await isrA.set('/p', page, pageContext)
      expect(Date.now() - (await isrB.get('/p', read))!.lastModified).toBeLessThan(60_000)
      await isrA.revalidateTag(['products'], { expire: 300 })
      await eventually(async () => {
        const stale = await isrB.get('/p', read)
        expect(stale?.value).toEqual(page)
        expect(Date.now() - stale!.lastModified).toBeGreaterThan(PAGE_CONTROL.revalidate * 1000)
      })
    })

    it("'use cache' entries are shared, and updateTags on B reaches A (now and with a stale window)", async () => {
      const entry = (text: string) =>
        Promise.resolve({
          value: bytes(text),
          tags: ['products'],
          stale: 30,
          timestamp: Date.now(),
          expire: 3600,
          revalidate: 900,
        })
      await useCacheA.set('k', entry('v1'))
      const shared = await useCacheB.get('k', [])
      expect(await new Response(shared!.value).text()).toBe('v1')
      expect(await useCacheA.get('k', [])).toBeDefined()
      await useCacheB.updateTags(['products'], { expire: 300 })
      await eventually(async () => expect((await useCacheA.get('k', []))?.revalidate).toBe(-1))
      await useCacheB.updateTags(['products'])
      await eventually(async () => expect(await useCacheA.get('k', [])).toBeUndefined())
      await useCacheA.set('k', entry('v2'))
      await eventually(async () =>
        expect(await new Response((await useCacheB.get('k', []))!.value).text()).toBe('v2'),
      )
    })
  })
}
