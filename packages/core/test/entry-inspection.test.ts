import { describe, expect, it } from 'vitest'
import { createCache, createManualClock, createMemoryStore, LayercacheError } from '../src/index.js'
import { FaultyStore } from './support/faulty-store.js'

describe('getEntry', () => {
  it('answers a fresh entry with its times and tags as given', async () => {
    const clock = createManualClock(10_000)
    const cache = createCache({ namespace: 'inspect', clock })
    await cache.set('k', { n: 1 }, { ttl: 60, grace: 30, tags: ['a', 'b'] })
    expect(await cache.getEntry('k')).toEqual({
      value: { n: 1 },
      stale: false,
      createdAt: 10_000,
      expiresAt: 70_000,
      staleUntil: 100_000,
      tags: ['a', 'b'],
    })
    expect(await cache.getEntry('missing')).toBeUndefined()
  })

  it('answers an entry past its TTL, within grace, as stale; past grace, nothing', async () => {
    const clock = createManualClock(0)
    const cache = createCache({ namespace: 'inspect-grace', clock })
    await cache.set('k', 'v', { ttl: 10, grace: 10 })
    clock.advance(15_000)
    expect(await cache.get('k')).toBeUndefined()
    expect(await cache.getEntry('k')).toMatchObject({ value: 'v', stale: true, tags: [] })
    clock.advance(10_000)
    expect(await cache.getEntry('k')).toBeUndefined()
  })

  it('follows tag stamps: expireByTags makes it stale for staleFor, invalidateByTags makes it gone', async () => {
    const clock = createManualClock(1_000)
    const cache = createCache({ namespace: 'inspect-tags', clock })
    await cache.set('k', 'v', { ttl: 3600, tags: ['t'] })
    clock.advance(1)
    await cache.expireByTags(['t'], { staleFor: 5 })
    expect(await cache.getEntry('k')).toMatchObject({ value: 'v', stale: true })
    clock.advance(5_000)
    expect(await cache.getEntry('k')).toBeUndefined()
    await cache.set('k', 'w', { ttl: 3600, tags: ['t'] })
    expect(await cache.getEntry('k')).toMatchObject({ value: 'w', stale: false })
    await cache.invalidateByTags(['t'])
    expect(await cache.getEntry('k')).toBeUndefined()
  })

  it('reads through to a lower layer, and values with Maps and bytes come back whole', async () => {
    const remote = new FaultyStore({ shared: true, serialize: true })
    const cache = createCache({ namespace: 'inspect-layers', layers: [createMemoryStore(), remote] })
    const value = { body: Buffer.from([0, 255, 1]), parts: new Map([['/a', Buffer.from('x')]]) }
    await cache.set('k', value, { ttl: 60, tags: ['t'] })
    await cache.internals.layers[0]!.delete('inspect-layers::k')
    const entry = await cache.getEntry<typeof value>('k')
    expect(entry?.value.parts.get('/a')?.toString()).toBe('x')
    expect([...(entry?.value.body ?? [])]).toEqual([0, 255, 1])
  })
})

describe('getTagStamps', () => {
  it('answers each tag record, undefined for a tag never stamped', async () => {
    const clock = createManualClock(500)
    const cache = createCache({ namespace: 'stamps', clock })
    await cache.invalidateByTags(['gone'])
    clock.advance(10)
    await cache.expireByTags(['stale'], { staleFor: 2 })
    expect(await cache.getTagStamps(['gone', 'stale', 'never'])).toEqual([
      { invalidatedAt: 500, expiredAt: 0 },
      { invalidatedAt: 0, expiredAt: 510, expiredUntil: 2_510 },
      undefined,
    ])
    expect(await cache.getTagStamps([])).toEqual([])
  })

  it('is scoped to the namespace view', async () => {
    const cache = createCache({ namespace: 'stamps-scope' })
    await cache.namespace('a').invalidateByTags(['t'])
    expect(await cache.namespace('b').getTagStamps(['t'])).toEqual([undefined])
    expect((await cache.namespace('a').getTagStamps(['t']))[0]?.invalidatedAt).toBeGreaterThan(0)
  })

  it('takes the newest over the layers, and rejects only when no layer answers', async () => {
    const remote = new FaultyStore({ shared: true })
    const cache = createCache({
      namespace: 'stamps-layers',
      layers: [createMemoryStore(), remote],
      logger: false,
    })
    cache.on('error', () => {})
    await remote.stampTags(['stamps-layers:#t'], { invalidatedAt: 99 }, 60_000)
    expect(await cache.getTagStamps(['t'])).toEqual([{ invalidatedAt: 99, expiredAt: 0 }])
    remote.mode = 'fail'
    expect(await cache.getTagStamps(['t'])).toEqual([undefined])
    const alone = createCache({ namespace: 'stamps-alone', layers: [remote], logger: false })
    alone.on('error', () => {})
    const failure = await alone.getTagStamps(['t']).catch((error: unknown) => error)
    expect(LayercacheError.isInstance(failure)).toBe(true)
  })
})
