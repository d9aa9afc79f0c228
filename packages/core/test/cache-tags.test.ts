import { describe, expect, it } from 'vitest'
import { createCache, createManualClock, createMemoryStore } from '../src/index.js'
import { FaultyStore } from './support/faulty-store.js'

describe('tags', () => {
  it('invalidateByTags makes entries gone; other tags and untagged entries stay', async () => {
    const cache = createCache({ namespace: 'tags' })
    await cache.setWithTags('goal:1', 'g1', ['goals', 'user:1'])
    await cache.setWithTags('goal:2', 'g2', ['goals', 'user:2'])
    await cache.setWithTags('profile:1', 'p1', ['user:1'])
    await cache.set('plain', 'x')
    await cache.invalidateByTags(['user:1'])
    expect(await cache.getBatch(['goal:1', 'goal:2', 'profile:1', 'plain'])).toEqual([
      undefined,
      'g2',
      undefined,
      'x',
    ])
    expect(await cache.has('goal:1')).toBe(false)
    expect(await cache.has('goal:2')).toBe(true)
  })

  it('expireByTags keeps entries as stale fallbacks for grace and fail-safe', async () => {
    const cache = createCache({ namespace: 'expire-tags', grace: '1h' })
    await cache.setWithTags('k', 'v1', ['t'])
    await cache.expireByTags(['t'])
    expect(await cache.get('k')).toBeUndefined()
    expect(await cache.has('k')).toBe(false)
    expect(await cache.getOrSet('k', () => Promise.reject(new Error('down')))).toBe('v1')
    expect(await cache.getOrSet('k', () => 'v2', { tags: ['t'] })).toBe('v2')
    expect(await cache.get('k')).toBe('v2')
  })

  it('invalidate then set in the same millisecond keeps the new value; set then invalidate drops it', async () => {
    const clock = createManualClock(5_000)
    const cache = createCache({ namespace: 'same-ms', clock })
    await cache.setWithTags('a', 'before', ['t'])
    await cache.invalidateByTags(['t'])
    expect(await cache.get('a')).toBeUndefined()
    await cache.setWithTags('a', 'after', ['t'])
    expect(await cache.get('a')).toBe('after')
    await cache.invalidateByTags(['t'])
    expect(await cache.get('a')).toBeUndefined()
  })

  it('a load that started before an invalidation is not served after it', async () => {
    const cache = createCache({ namespace: 'load-vs-invalidate' })
    let release!: () => void
    const pending = cache.getOrSet(
      'k',
      () => new Promise<string>((resolve) => (release = () => resolve('old'))),
      {
        tags: ['t'],
      },
    )
    await new Promise((resolve) => setTimeout(resolve, 2))
    await cache.invalidateByTags(['t'])
    release()
    expect(await pending).toBe('old')
    expect(await cache.get('k')).toBeUndefined()
  })

  it('costs one write per tag, however many entries carry it', async () => {
    const remote = new FaultyStore()
    const cache = createCache({ namespace: 'o1', layers: [createMemoryStore(), remote] })
    await cache.setBatch(
      Array.from({ length: 500 }, (_, index) => ({ key: `k${index}`, value: index, tags: ['all'] })),
    )
    const before = remote.calls
    await cache.invalidateByTags(['all'])
    expect(remote.calls - before).toBe(1)
    expect(await cache.get('k250')).toBeUndefined()
  })

  it('tag metadata expires with the entries that carry it', async () => {
    const clock = createManualClock(0)
    const store = createMemoryStore({ sweepInterval: 0 })
    const cache = createCache({ namespace: 'bounded', clock, layers: [store] })
    for (let round = 0; round < 50; round++) {
      await cache.setWithTags(`k${round}`, round, [`tag-${round}`], 10)
      await cache.invalidateByTags([`tag-${round}`])
    }
    const tagsHeld = () => (store as unknown as { tags: { size: number } }).tags.size
    expect(tagsHeld()).toBe(50)
    clock.advance(11_000 + 5 * 60_000)
    store.sweep()
    expect(tagsHeld()).toBe(0)
  })

  it('tags are scoped to their namespace', async () => {
    const cache = createCache({ namespace: 'tag-ns' })
    const a = cache.namespace('a')
    const b = cache.namespace('b')
    await a.setWithTags('k', 'a', ['shared'])
    await b.setWithTags('k', 'b', ['shared'])
    await a.invalidateByTags(['shared'])
    expect(await a.get('k')).toBeUndefined()
    expect(await b.get('k')).toBe('b')
  })

  it('checks tags of a batch read in one call per layer', async () => {
    const remote = new FaultyStore({ serialize: true })
    const cache = createCache({ namespace: 'batch-tags', layers: [remote] })
    await cache.setBatch(
      Array.from({ length: 20 }, (_, index) => ({ key: `k${index}`, value: index, tags: [`t${index % 3}`] })),
    )
    await cache.invalidateByTags(['t0'])
    const before = remote.calls
    const values = await cache.getBatch(Array.from({ length: 20 }, (_, index) => `k${index}`))
    expect(remote.calls - before).toBe(2)
    expect(values).toEqual(Array.from({ length: 20 }, (_, index) => (index % 3 === 0 ? undefined : index)))
  })
})

describe('tag stamps never lengthen a lifetime', () => {
  it('a set in the same millisecond as an invalidation still expires on time', async () => {
    const clock = createManualClock(1_000)
    const cache = createCache({ namespace: 'bump', clock })
    await cache.invalidateByTags(['t1'])
    await cache.set('a', 0, { ttl: 13 })
    clock.advance(13_000)
    expect(await cache.get('a')).toBeUndefined()
  })

  it('expireByTags with staleFor serves stale entries for that long at most, then they are gone', async () => {
    const clock = createManualClock(1_000_000)
    for (const layers of [
      [createMemoryStore()],
      [createMemoryStore(), createMemoryStore({ serialize: true })],
    ]) {
      const cache = createCache({ namespace: `window${layers.length}`, clock, grace: '1h', layers })
      await cache.set('k', 'old', { ttl: '10m', tags: ['t'] })
      clock.advance(1_000)
      await cache.expireByTags(['t'], { staleFor: '30s' })
      let loads = 0
      const failing = () => {
        loads++
        return Promise.reject(new Error('source down'))
      }
      expect(await cache.get('k')).toBeUndefined()
      expect(await cache.getOrSet('k', failing)).toBe('old')
      clock.advance(31_000)
      await expect(cache.getOrSet('k', failing)).rejects.toThrow('source down')
      expect(loads).toBe(2)
      await cache.set('k', 'new', { ttl: '10m', tags: ['t'] })
      expect(await cache.get('k')).toBe('new')
    }
  })
})
