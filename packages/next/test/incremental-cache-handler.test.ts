import type { Cache } from '@layercache/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createIncrementalCacheHandler, type IncrementalCacheHandler } from '../src/index.js'
import { forgetProcessCaches } from '../src/process-cache.js'
import { type Deployment, eventually, memoryCache, redisDeployment } from './support/instances.js'
import { valuesOfEveryKind } from './support/values.js'

const PAGE_CONTROL = { revalidate: 60, expire: 3600 }

function handlerOn(cache: Cache, name: string): IncrementalCacheHandler {
  const Handler = createIncrementalCacheHandler({ cache: () => cache, name })
  return new Handler({})
}

function contextOf(kind: string) {
  return kind === 'FETCH'
    ? { fetchCache: true, tags: ['fetch-tag'] }
    : { cacheControl: PAGE_CONTROL, isRoutePPREnabled: false, isFallback: false }
}

beforeEach(() => forgetProcessCaches())

describe.each([
  ['memory', async () => ({ cache: memoryCache(), close: async () => {} })],
  [
    'memory + Redis',
    async () => {
      const deployment = await redisDeployment('next-kinds')
      const { cache } = await deployment.instance()
      return { cache, close: () => deployment.close() }
    },
  ],
] as const)('every value kind round-trips exactly (%s)', (_name, make) => {
  it.each(Object.entries(valuesOfEveryKind()))('%s', async (name, value) => {
    const { cache, close } = await make()
    try {
      const writer = handlerOn(cache, 'kinds')
      const kind = value?.kind ?? 'PAGES'
      await writer.set(`/${name}`, value, contextOf(kind))
      // A fresh instance of the class (Next makes one per request) answers from the same cache.
      const reader = handlerOn(cache, 'kinds')
      const got = await reader.get(`/${name}`, { kind: kind === 'FETCH' ? 'FETCH' : 'APP_PAGE' })
      expect(got).not.toBeNull()
      expect(got!.value).toEqual(value)
      if (value?.kind === 'APP_PAGE') {
        const page = got!.value as typeof value
        expect(Buffer.isBuffer(page.rscData)).toBe(true)
        expect(page.segmentData).toBeInstanceOf(Map)
        expect(page.segmentData!.get('/_index')).toEqual(Buffer.from([9, 8, 7]))
        expect(Buffer.isBuffer(page.segmentData!.get('/_tree'))).toBe(true)
      }
      if (value?.kind === 'APP_ROUTE') expect(Buffer.isBuffer((got!.value as typeof value).body)).toBe(true)
      if (value?.kind === 'IMAGE') expect(Buffer.isBuffer((got!.value as typeof value).buffer)).toBe(true)
      if (kind !== 'FETCH') expect(got!.cacheControl).toEqual(PAGE_CONTROL)
      expect(got!.lastModified).toBeGreaterThan(Date.now() - 60_000)
      expect(got!.lastModified).toBeLessThanOrEqual(Date.now())
    } finally {
      await close()
    }
  })
})

describe('tags and revalidation across two servers (memory layers apart, Redis and bus shared)', () => {
  let deployment: Deployment
  let serverA: IncrementalCacheHandler
  let serverB: IncrementalCacheHandler

  beforeEach(async () => {
    deployment = await redisDeployment('next-isr')
    serverA = handlerOn((await deployment.instance()).cache, 'a')
    serverB = handlerOn((await deployment.instance()).cache, 'b')
  })
  afterEach(() => deployment.close())

  const page = () => valuesOfEveryKind().appPage!
  const pageContext = { cacheControl: PAGE_CONTROL, isFallback: false }
  const read = { kind: 'APP_PAGE', isFallback: false }

  it("revalidateTag(tag) / updateTag on one server: the page's implicit and explicit tags make it gone on the other", async () => {
    for (const tag of ['_N_T_/page', 'products']) {
      await serverA.set('/p', page(), pageContext)
      expect(await serverB.get('/p', read)).not.toBeNull() // B now holds it in memory too
      await serverA.revalidateTag(tag)
      await eventually(async () => expect(await serverB.get('/p', read)).toBeNull())
      expect(await serverA.get('/p', read)).toBeNull()
    }
  })

  it("revalidateTag(tag, 'max') on one server: the other serves the page stale (past its revalidate time), then it is gone after expire", async () => {
    await serverA.set('/p', page(), pageContext)
    const fresh = await serverB.get('/p', read)
    expect(Date.now() - fresh!.lastModified).toBeLessThan(PAGE_CONTROL.revalidate * 1000)
    await serverA.revalidateTag(['products'], { expire: 2 })
    await eventually(async () => {
      const stale = await serverB.get('/p', read)
      expect(stale!.value).toEqual(page())
      expect(Date.now() - stale!.lastModified).toBeGreaterThan(PAGE_CONTROL.revalidate * 1000)
      expect(Date.now() - stale!.lastModified).toBeLessThan(PAGE_CONTROL.expire * 1000)
    })
    // Next renders anew and stores it: fresh again everywhere.
    await serverB.set('/p', page(), pageContext)
    // (A's memory copy is dropped when B's write is heard on the bus.)
    await eventually(async () => {
      const renewed = await serverA.get('/p', read)
      expect(Date.now() - renewed!.lastModified).toBeLessThan(PAGE_CONTROL.revalidate * 1000)
    })
    // An entry nobody renewed is gone once the stale window closes.
    await serverA.set('/q', page(), pageContext)
    await serverB.revalidateTag('products', { expire: 1 })
    await eventually(async () =>
      expect((await serverA.get('/q', read))?.lastModified).toBeLessThan(Date.now() - 60_000),
    )
    await eventually(async () => expect(await serverA.get('/q', read)).toBeNull(), 5_000)
  })

  it('a fetch is judged by its soft tags too (revalidatePath reaches fetches of that page)', async () => {
    const fetchValue = valuesOfEveryKind().fetch!
    await serverA.set('fetch-key', fetchValue, { fetchCache: true, tags: ['fetch-tag'] })
    const fetchRead = { kind: 'FETCH', tags: ['fetch-tag'], softTags: ['_N_T_/layout', '_N_T_/blog'] }
    expect((await serverB.get('fetch-key', fetchRead))?.value).toEqual(fetchValue)
    await serverA.revalidateTag('_N_T_/blog')
    await eventually(async () => expect(await serverB.get('fetch-key', fetchRead)).toBeNull())
    // Stored again after the revalidation: fresh.
    await serverB.set('fetch-key', fetchValue, { fetchCache: true, tags: ['fetch-tag'] })
    await eventually(async () =>
      expect((await serverA.get('fetch-key', fetchRead))?.value).toEqual(fetchValue),
    )
    // A soft tag expired with a profile: served stale (older than the fetch's revalidate).
    await serverB.revalidateTag('_N_T_/layout', { expire: 300 })
    await eventually(async () => {
      const stale = await serverA.get('fetch-key', fetchRead)
      expect(Date.now() - stale!.lastModified).toBeGreaterThan(60_000)
    })
  })

  it('a long key (Next embeds arguments in them) works, and two keys differing past the limit stay apart', async () => {
    const base = `/route-cache/APP_PAGE/${'x'.repeat(400)}`
    await serverA.set(`${base}1`, page(), pageContext)
    await serverA.set(`${base}2`, null, pageContext)
    expect((await serverB.get(`${base}1`, read))?.value).toEqual(page())
    expect((await serverB.get(`${base}2`, read))?.value).toBeNull()
  })
})

describe('one cache per process', () => {
  it('however many times Next constructs the class, the factory runs once', async () => {
    let made = 0
    const Handler = createIncrementalCacheHandler({
      cache: () => {
        made++
        return memoryCache()
      },
      name: 'once',
    })
    const handlers = Array.from({ length: 20 }, () => new Handler({}))
    await Promise.all(
      handlers.map((handler, index) => handler.set(`/k${index}`, null, { cacheControl: PAGE_CONTROL })),
    )
    const AgainSameName = createIncrementalCacheHandler({ cache: () => memoryCache(), name: 'once' })
    expect((await new AgainSameName({}).get('/k3', { kind: 'PAGES' }))?.value).toBeNull()
    expect(await new AgainSameName({}).get('/missing', { kind: 'PAGES' })).toBeNull()
    expect(made).toBe(1)
  })

  it('a factory that throws is answered as misses, never thrown into Next, and retried later', async () => {
    const errors: string[] = []
    let attempts = 0
    const Handler = createIncrementalCacheHandler({
      cache: () => {
        attempts++
        if (attempts === 1) throw new Error('no config yet')
        return memoryCache()
      },
      name: 'flaky',
      onError: (_error, operation) => errors.push(operation),
    })
    const handler = new Handler({})
    expect(await handler.get('/x', { kind: 'PAGES' })).toBeNull()
    await handler.set('/x', null, { cacheControl: PAGE_CONTROL })
    expect((await handler.get('/x', { kind: 'PAGES' }))?.value).toBeNull()
    expect(errors).toEqual(['get'])
  })
})
