import type { Cache } from '@layercache/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createUseCacheHandler, type UseCacheEntry, type UseCacheHandler } from '../src/index.js'
import { forgetProcessCaches } from '../src/process-cache.js'
import { type Deployment, eventually, memoryCache, redisDeployment } from './support/instances.js'

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
      controller.close()
    },
  })
}

async function textOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text()
}

function entryOf(text: string, fields: Partial<Omit<UseCacheEntry, 'value'>> = {}): UseCacheEntry {
  return {
    value: streamOf(...(text.match(/.{1,3}/gu) ?? [])),
    tags: ['products'],
    stale: 30,
    timestamp: Date.now(),
    expire: 3600,
    revalidate: 900,
    ...fields,
  }
}

beforeEach(() => forgetProcessCaches())

describe.each([
  ['memory', async () => ({ cache: memoryCache(), close: async () => {} })],
  [
    'memory + Redis',
    async () => {
      const deployment = await redisDeployment('next-uc')
      const { cache } = await deployment.instance()
      return { cache, close: () => deployment.close() }
    },
  ],
] as const)('one server (%s)', (_name, make) => {
  let cache: Cache
  let close: () => Promise<void>
  let handler: UseCacheHandler
  beforeEach(async () => {
    ;({ cache, close } = await make())
    handler = createUseCacheHandler({ cache, name: 'one' })
  })
  afterEach(() => close())

  it('stores the stream once and answers a new stream with the same bytes and metadata on every get', async () => {
    const timestamp = Date.now() - 5
    let pulls = 0
    const source = streamOf('chunk-1|', 'chunk-2|', 'ü')
    const reader = source.getReader()
    const counted = new ReadableStream<Uint8Array>({
      async pull(controller) {
        pulls++
        const { done, value } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(value)
      },
    })
    await handler.set('key', Promise.resolve({ ...entryOf(''), value: counted, timestamp }))
    expect(pulls).toBe(4) // three chunks and the end: read through once
    for (let round = 0; round < 2; round++) {
      const got = await handler.get('key', [])
      expect(await textOf(got!.value)).toBe('chunk-1|chunk-2|ü')
      expect({ ...got, value: undefined }).toEqual({
        value: undefined,
        tags: ['products'],
        stale: 30,
        timestamp,
        expire: 3600,
        revalidate: 900,
      })
    }
  })

  it('a get during a pending set of the same key waits for it', async () => {
    let resolveEntry!: (entry: UseCacheEntry) => void
    const setting = handler.set('slow', new Promise((resolve) => (resolveEntry = resolve)))
    const getting = handler.get('slow', [])
    await new Promise((resolve) => setTimeout(resolve, 20))
    resolveEntry(entryOf('late value'))
    await setting
    expect(await textOf((await getting)!.value)).toBe('late value')
  })

  it('keeps nothing for a dynamic entry (expire 0) or a stream that fails, and never throws', async () => {
    await handler.set('dynamic', Promise.resolve(entryOf('x', { expire: 0 })))
    expect(await handler.get('dynamic', [])).toBeUndefined()
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1]))
        controller.error(new Error('render failed'))
      },
    })
    const quiet = createUseCacheHandler({ cache, name: 'one', onError: () => {} })
    await quiet.set('broken', Promise.resolve({ ...entryOf(''), value: broken }))
    await quiet.set('rejected', Promise.reject(new Error('render failed')))
    expect(await quiet.get('broken', [])).toBeUndefined()
    expect(await quiet.get('rejected', [])).toBeUndefined()
  })

  it('an entry lives for its expire, then is gone', async () => {
    await handler.set('short', Promise.resolve(entryOf('brief', { expire: 1, revalidate: 1 })))
    expect(await handler.get('short', [])).toBeDefined()
    await eventually(async () => expect(await handler.get('short', [])).toBeUndefined(), 5_000)
  })

  it('speaks both shapes: getExpiration is Infinity (get judges soft tags) for (tags) and (...tags)', async () => {
    expect(await handler.getExpiration(['a', 'b'])).toBe(Number.POSITIVE_INFINITY)
    expect(await handler.getExpiration('a', 'b')).toBe(Number.POSITIVE_INFINITY)
    await handler.refreshTags()
    await handler.set('k', Promise.resolve(entryOf('v', { tags: [] })))
    await handler.expireTags('_N_T_/page') // 15.5's name: gone now
    expect(await handler.get('k', ['_N_T_/page'])).toBeUndefined()
  })
})

describe('tags across two servers (memory layers apart, Redis and bus shared)', () => {
  let deployment: Deployment
  let serverA: UseCacheHandler
  let serverB: UseCacheHandler
  beforeEach(async () => {
    deployment = await redisDeployment('next-uc-tags')
    serverA = createUseCacheHandler({ cache: (await deployment.instance()).cache, name: 'a' })
    serverB = createUseCacheHandler({ cache: (await deployment.instance()).cache, name: 'b' })
  })
  afterEach(() => deployment.close())

  it('updateTags(tags) (updateTag, revalidateTag on 15.5) on one server: the other misses', async () => {
    await serverA.set('k', Promise.resolve(entryOf('v1')))
    expect(await serverB.get('k', [])).toBeDefined()
    await serverA.updateTags(['products'])
    await eventually(async () => expect(await serverB.get('k', [])).toBeUndefined())
  })

  it("updateTags(tags, { expire }) (revalidateTag(tag, 'max')): the other serves it stale (revalidate -1), then it is gone", async () => {
    await serverA.set('k', Promise.resolve(entryOf('v1')))
    expect((await serverB.get('k', []))?.revalidate).toBe(900)
    await serverA.updateTags(['products'], { expire: 1 })
    await eventually(async () => {
      const stale = await serverB.get('k', [])
      expect(stale?.revalidate).toBe(-1)
      expect(await textOf(stale!.value)).toBe('v1')
    })
    await eventually(async () => expect(await serverB.get('k', [])).toBeUndefined(), 5_000)
  })

  it("soft tags (the page's implicit tags, passed to get) are judged against the shared records", async () => {
    await serverA.set('k', Promise.resolve(entryOf('v1', { tags: [] })))
    const softTags = ['_N_T_/layout', '_N_T_/shop']
    expect(await serverB.get('k', softTags)).toBeDefined()
    await serverA.updateTags(['_N_T_/shop'], { expire: 60 })
    await eventually(async () => expect((await serverB.get('k', softTags))?.revalidate).toBe(-1))
    await serverA.updateTags(['_N_T_/shop'])
    await eventually(async () => expect(await serverB.get('k', softTags)).toBeUndefined())
    // A get without those soft tags (another page) still finds it.
    expect(await serverB.get('k', ['_N_T_/other'])).toBeDefined()
    // Set again after the revalidation: fresh for everyone.
    await serverB.set('k', Promise.resolve(entryOf('v2', { tags: [] })))
    await eventually(async () => expect(await textOf((await serverA.get('k', softTags))!.value)).toBe('v2'))
  })
})
