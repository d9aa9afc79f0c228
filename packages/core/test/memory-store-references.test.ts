import { describe, expect, it } from 'vitest'
import { createCache, createManualClock, createMemoryStore, errors } from '../src/index.js'

const row = (id: number) => ({ id, name: `user:${id}`, roles: ['reader'] })

describe('createMemoryStore({ copyValues: false })', () => {
  it('keeps the caller’s value itself: get answers the same object, and changes to it show', async () => {
    const cache = createCache({ layers: [createMemoryStore({ copyValues: false })] })
    const value = row(1)
    await cache.set('u', value)
    const read = await cache.get<ReturnType<typeof row>>('u')
    expect(read).toBe(value)
    expect(Object.isFrozen(read)).toBe(false)
    value.roles.push('writer')
    expect((await cache.get<ReturnType<typeof row>>('u'))?.roles).toEqual(['reader', 'writer'])
  })

  it('the default store still keeps a frozen copy', async () => {
    const cache = createCache({ layers: [createMemoryStore()] })
    const value = row(1)
    await cache.set('u', value)
    const read = await cache.get<ReturnType<typeof row>>('u')
    expect(read).not.toBe(value)
    expect(Object.isFrozen(read?.roles)).toBe(true)
    value.roles.push('writer')
    expect((await cache.get<ReturnType<typeof row>>('u'))?.roles).toEqual(['reader'])
  })

  it('refuses, with E_INVALID_OPTION, the options that need values measured or copied', () => {
    for (const options of [
      { copyValues: false, maxBytes: 1_000 },
      { copyValues: false, maxValueBytes: 1_000 },
      { copyValues: false, serialize: true },
      { copyValues: 'no' as unknown as boolean },
    ]) {
      expect(() => createMemoryStore(options)).toThrow(
        expect.objectContaining({ code: errors.INVALID_OPTION }),
      )
    }
    expect(createMemoryStore({ copyValues: true, maxBytes: 1_000 }).copiesValues).toBe(true)
  })

  it('is bounded by maxEntries', async () => {
    const store = createMemoryStore({ copyValues: false, maxEntries: 3 })
    const cache = createCache({ layers: [store] })
    for (let id = 0; id < 10; id++) await cache.set(`u${id}`, row(id))
    expect(store.size).toBe(3)
    expect(store.bytes).toBe(0)
  })

  it('beside a serializing layer: that layer still gets (and checks) its own encoded copy', async () => {
    const shared = createMemoryStore({ serialize: true })
    const writer = createCache({ layers: [createMemoryStore({ copyValues: false }), shared] })
    const reader = createCache({ layers: [createMemoryStore(), shared] })
    const value = row(2)
    await writer.set('u', value)
    expect(await writer.get('u')).toBe(value)
    expect(await reader.get('u')).toEqual(row(2))
    await expect(writer.set('f', { run: () => 1 })).rejects.toMatchObject({
      code: errors.UNSERIALIZABLE_VALUE,
    })
    expect(await writer.get('f')).toBeUndefined()
    // A value loaded by getOrSet is kept as the loader returned it.
    const loaded = row(3)
    expect(await writer.getOrSet('l', async () => loaded)).toBe(loaded)
    expect(await writer.get('l')).toBe(loaded)
  })
})

describe.each([
  ['frozen copies', () => createMemoryStore()],
  ['references', () => createMemoryStore({ copyValues: false })],
])('set on a cache whose only layer is memory (%s)', (_name, store) => {
  it('counts, emits and expires as the full write path does', async () => {
    const clock = createManualClock(1_000_000)
    const cache = createCache({ layers: [store()], clock, ttl: 10 })
    const events: string[] = []
    cache.on('set', ({ key }) => events.push(key))
    await cache.set('a', 1)
    await cache.set('b', 2, 60)
    expect(events).toEqual(['a', 'b'])
    expect(cache.stats().sets).toBe(2)
    clock.advance(10_000)
    expect(await cache.get('a')).toBeUndefined()
    expect(await cache.get('b')).toBe(2)
    clock.advance(50_000)
    expect(await cache.get('b')).toBeUndefined()
  })

  it('rejects (never throws) bad keys, bad TTLs and a closed cache, writing nothing', async () => {
    const cache = createCache({ layers: [store()] })
    const bad = [
      () => cache.set('', 1),
      () => cache.set('k', 1, -1),
      () => cache.set('k', 1, Number.NaN),
      () => cache.set(42 as unknown as string, 1),
    ]
    for (const call of bad) {
      let promise: Promise<void> | undefined
      expect(() => {
        promise = call()
      }).not.toThrow()
      await expect(promise).rejects.toMatchObject({ code: expect.stringMatching(/^E_INVALID_/) })
    }
    expect(await cache.get('k')).toBeUndefined()
    await cache.close()
    await expect(cache.set('k', 1)).rejects.toMatchObject({ code: errors.CACHE_CLOSED })
  })

  it('setting undefined deletes the key', async () => {
    const cache = createCache({ layers: [store()] })
    await cache.set('k', 1)
    await cache.set('k', undefined)
    expect(await cache.has('k')).toBe(false)
  })

  it('a set during a load wins over the value the load brings back', async () => {
    const cache = createCache({ layers: [store()] })
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const loading = cache.getOrSet('k', async () => {
      await gate
      return 'loaded before the set'
    })
    await cache.set('k', 'set during the load')
    release()
    expect(await loading).toBe('loaded before the set')
    expect(await cache.get('k')).toBe('set during the load')
  })
})
