import type { Cache } from '@layercache/core'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { type CacheServer, cacheServer, eventually, warm } from './support/cache-server.js'

// A read that misses memory goes to Redis; if the reply arrives after a newer write (or a deletion)
// completed, the old value must not land in memory. Replies are held back at will (the read has
// been answered by Redis; only its delivery waits), so every interleaving here is exact.

const servers: CacheServer[] = []
const prefixes: string[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  const url = await getRedisUrl()
  for (const prefix of prefixes.splice(0)) await deleteKeysWithPrefix(url, prefix)
})

async function start(count: number, bus = true): Promise<CacheServer[]> {
  const url = await getRedisUrl()
  const prefix = uniquePrefix('late')
  prefixes.push(prefix)
  const started = await Promise.all(Array.from({ length: count }, () => cacheServer({ url, prefix, bus })))
  servers.push(...started)
  return started
}

const reads: Record<string, (cache: Cache) => Promise<unknown>> = {
  get: (cache) => cache.get('k'),
  getOrSet: (cache) => cache.getOrSet('k', () => 'loaded'),
  getBatch: (cache) => cache.getBatch(['k', 'other']),
  has: (cache) => cache.has('k'),
}

describe('in one process, a late reply never puts an old value back', () => {
  for (const [name, read] of Object.entries(reads)) {
    it(`${name}: after a set completes, the old value from a slower read stays out of memory`, async () => {
      const [server] = await start(1, false)
      const { cache, memory } = server!
      await cache.set('k', 'old')
      memory.delete('app::k')
      const { held, release } = server!.late.hold()
      const reading = read(cache)
      await held
      await cache.set('k', 'new')
      release()
      await reading
      for (let attempt = 0; attempt < 3; attempt++) expect(await cache.get('k')).toBe('new')
      expect(server!.inMemory('k')).toBe('new')
    })

    it(`${name}: after a delete completes, the deleted value from a slower read does not come back`, async () => {
      const [server] = await start(1, false)
      const { cache, memory } = server!
      await cache.set('k', 'old')
      memory.delete('app::k')
      const { held, release } = server!.late.hold()
      const reading = read(cache)
      await held
      expect(await cache.delete('k')).toBe(true)
      release()
      await reading
      expect(server!.inMemory('k')).toBeUndefined()
      for (let attempt = 0; attempt < 3; attempt++) expect(await cache.get('k')).toBeUndefined()
    })
  }

  it('a load that overlaps a delete is not stored (its value may predate the change the delete announces)', async () => {
    const [server] = await start(1, false)
    const { cache } = server!
    let finishLoad: (value: string) => void = () => {}
    let loaderStarted: () => void = () => {}
    const started = new Promise<void>((resolve) => (loaderStarted = resolve))
    const loading = cache.getOrSet('k', () => {
      loaderStarted()
      return new Promise<string>((resolve) => (finishLoad = resolve))
    })
    await started
    await cache.delete('k')
    finishLoad('from before the delete')
    expect(await loading).toBe('from before the delete')
    expect(await cache.get('k')).toBeUndefined()
    expect(await server!.store.get('app::k')).toMatchObject({ absent: true })
  })
})

describe('across servers, a late reply never puts an old value back', () => {
  it('B applies A’s bus message, then its slower Redis reply with the old value arrives: B keeps it out', async () => {
    const [a, b] = await start(2)
    await a!.cache.set('k', 'old')
    await a!.cache.set('sentinel', 1)
    await warm(b!, 'sentinel')
    // Another member of B's bus sees what B's cache sees, right after it.
    const seen: string[] = []
    b!.bus!.join('app', (message) => {
      if (message.type === 'delete') seen.push(...message.keys)
    })
    const { held, release } = b!.late.hold()
    const reading = b!.cache.get('k')
    await held
    await a!.cache.set('k', 'new')
    expect(await eventually(() => seen.includes('app::k'))).toBe(true)
    release()
    expect(await reading).toBe('old')
    expect(b!.inMemory('k')).toBeUndefined()
    for (let attempt = 0; attempt < 3; attempt++) expect(await b!.cache.get('k')).toBe('new')
  })

  it('a load in B that overlaps a set in A is not written over it, even when A’s message comes late', async () => {
    const [a, b] = await start(2)
    let finishLoad: (value: string) => void = () => {}
    let loaderStarted: () => void = () => {}
    const started = new Promise<void>((resolve) => (loaderStarted = resolve))
    const loading = b!.cache.getOrSet('k', () => {
      loaderStarted()
      return new Promise<string>((resolve) => (finishLoad = resolve))
    })
    await started
    await a!.cache.set('k', 'newer, from A')
    // Whether or not A's message has reached B yet, Redis refuses the load's conditional write.
    finishLoad('loaded by B before A wrote')
    expect(await loading).toBe('loaded by B before A wrote')
    const readers = [a!, b!]
    for (const server of readers) expect(await server.cache.get('k')).toBe('newer, from A')
  })

  it('a load in B that overlaps a delete in A is not stored: the tombstone refuses it', async () => {
    const [a, b] = await start(2)
    await a!.cache.set('k', 'old')
    let finishLoad: (value: string) => void = () => {}
    let loaderStarted: () => void = () => {}
    const started = new Promise<void>((resolve) => (loaderStarted = resolve))
    const loading = b!.cache.getOrSet(
      'k',
      () => {
        loaderStarted()
        return new Promise<string>((resolve) => (finishLoad = resolve))
      },
      { forceFresh: true },
    )
    await started
    await a!.cache.delete('k')
    finishLoad('read from the database before the delete')
    await loading
    for (const server of [a!, b!]) expect(await server.cache.get('k')).toBeUndefined()
  })

  it('B reads a tag record while A invalidates the tag: the record B keeps has the invalidation', async () => {
    const [a, b] = await start(2)
    await a!.cache.setWithTags('k', 'tagged', ['t'])
    await a!.cache.set('sentinel', 1)
    await warm(b!, 'sentinel')
    // B reads k; Redis answers the tag record at once (no invalidation yet), its reply is held back.
    const { held, release } = b!.late.hold('stamps')
    const reading = b!.cache.get('k')
    await held
    await a!.cache.invalidateByTags(['t'])
    // The stamp reached B once B's memory layer holds it (the bus applies it there too).
    const stamped = () => (b!.memory.getTagStamps(['app:#t'])[0]?.invalidatedAt ?? 0) > 0
    expect(await eventually(stamped)).toBe(true)
    release()
    await reading
    for (let attempt = 0; attempt < 3; attempt++) expect(await b!.cache.get('k')).toBeUndefined()
    expect(await b!.cache.getOrSet('k', () => 'reloaded')).toBe('reloaded')
  })
})
