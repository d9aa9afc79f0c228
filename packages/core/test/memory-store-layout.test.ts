import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { createCache, createManualClock, createMemoryStore } from '../src/index.js'
import type { StoredEntry } from '../src/store/index.js'

// Full keys that split at their first `::` in every way that could collide if the split were careless.
const keyArb = fc.constantFrom(
  'x',
  '::x',
  'a::x',
  'a::::x',
  'a:::x',
  'a::x::y',
  'b::x',
  'a:b::x',
  '',
  '::',
  'a::',
)
const prefixArb = fc.constantFrom('', 'a', 'a:', 'a::', 'a::x', 'a::x:', ':', '::', 'b', 'zz')
// Times the store must give back exactly: whole and fractional, never-expiring, with and without grace.
const timeArb = fc.constantFrom(0, 1, 1234.5, 1e12 + 0.001, -0, 5e15, Number.POSITIVE_INFINITY)
const entryArb = fc
  .record({
    value: fc.integer(),
    createdAt: timeArb,
    ttl: fc.oneof(
      fc.constantFrom(0, 1000, 300_000, Number.POSITIVE_INFINITY),
      fc.double({ min: 0, max: 1e9 }),
    ),
    grace: fc.constantFrom(0, 1, 60_000, Number.POSITIVE_INFINITY),
    tags: fc.option(fc.uniqueArray(fc.constantFrom('#t1', '#t2'), { minLength: 1 }), { nil: undefined }),
    mutable: fc.boolean(),
  })
  .map(({ value, createdAt, ttl, grace, tags, mutable }): StoredEntry => {
    const expiresAt = createdAt + ttl
    return { value, createdAt, expiresAt, staleUntil: expiresAt + grace, tags, size: 3, mutable }
  })
const command = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: keyArb, entry: entryArb }),
  fc.record({ op: fc.constant('get' as const), key: keyArb }),
  fc.record({ op: fc.constant('delete' as const), key: keyArb }),
  fc.record({ op: fc.constant('deleteByPrefix' as const), prefix: prefixArb }),
)

describe('the memory store behind split keys and packed times', () => {
  it('answers like a map of full keys, giving every entry back exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(command, { maxLength: 80 }),
        (capacity, commands) => {
          const clock = createManualClock(1_000)
          const store = createMemoryStore({ maxEntries: capacity, clock, sweepInterval: 0 })
          const model = new Map<string, StoredEntry>()
          store.subscribe((event) => model.delete(event.key))
          const live = (key: string) => {
            const entry = model.get(key)
            if (entry !== undefined && entry.staleUntil <= clock.now()) model.delete(key)
            return model.get(key)
          }
          for (const step of commands) {
            if (step.op === 'set') {
              store.set(step.key, step.entry)
              model.set(step.key, step.entry)
            } else if (step.op === 'get') {
              const expected = live(step.key)
              const read = store.get(step.key)
              if (expected === undefined) expect(read).toBeUndefined()
              else {
                expect(read).toBeDefined()
                expect(read!.value).toBe(expected.value)
                expect(read!.createdAt).toBe(expected.createdAt)
                expect(read!.expiresAt).toBe(expected.expiresAt)
                expect(read!.staleUntil).toBe(expected.staleUntil)
                expect(read!.tags).toEqual(expected.tags)
                expect(read!.mutable).toBe(expected.mutable)
              }
            } else if (step.op === 'delete') {
              const held = model.delete(step.key)
              expect(store.delete(step.key)).toBe(held)
            } else {
              const doomed = [...model.keys()].filter((key) => key.startsWith(step.prefix))
              for (const key of doomed) model.delete(key)
              expect(store.deleteByPrefix(step.prefix)).toBe(doomed.length)
            }
            expect(store.size).toBe(model.size)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('keeps exact times for more distinct lifetimes than it has profiles, and reuses freed profiles', () => {
    const store = createMemoryStore({ maxEntries: 2_000, clock: createManualClock(0), sweepInterval: 0 })
    const entryOf = (index: number, round: number): StoredEntry => ({
      value: index,
      createdAt: 1_000 + round,
      expiresAt: 1_000 + round + 10_000 + index * 0.5,
      staleUntil: 1_000 + round + 10_000 + index * 0.5 + index,
      size: 1,
    })
    for (let round = 0; round < 3; round++) {
      for (let index = 0; index < 600; index++) store.set(`k${index}`, entryOf(index, round))
      for (let index = 0; index < 600; index++) {
        expect(store.get(`k${index}`)).toMatchObject({ ...entryOf(index, round), tags: undefined })
      }
      for (let index = 0; index < 600; index += 2) store.delete(`k${index}`)
    }
  })

  it('keeps the keys of thousands of prefixes apart, and forgets emptied prefixes', () => {
    const store = createMemoryStore({ maxEntries: 10_000, clock: createManualClock(0), sweepInterval: 0 })
    const entry = (value: number): StoredEntry => ({ value, createdAt: 0, expiresAt: 1e9, staleUntil: 1e9 })
    for (let index = 0; index < 70_000; index += 10) store.set(`tenant-${index}::k`, entry(index))
    expect(store.size).toBe(7_000)
    expect(store.get('tenant-68880::k')?.value).toBe(68_880)
    // tenant-60, tenant-600..690, tenant-6000..6990, tenant-60000..69990
    expect(store.deleteByPrefix('tenant-6')).toBe(1 + 10 + 100 + 1_000)
    expect(store.get('tenant-60000::k')).toBeUndefined()
    expect(store.get('tenant-59990::k')?.value).toBe(59_990)
    store.set('tenant-60000::k', entry(-1))
    expect(store.get('tenant-60000::k')?.value).toBe(-1)
  })

  it('reports evicted and swept entries by their full keys', () => {
    const clock = createManualClock(0)
    const store = createMemoryStore({ maxEntries: 2, clock, sweepInterval: 0 })
    const reported: string[] = []
    store.subscribe((event) => reported.push(event.key))
    const entry = (staleUntil: number): StoredEntry => ({
      value: 1,
      createdAt: 0,
      expiresAt: staleUntil,
      staleUntil,
    })
    store.set('ns::first', entry(100))
    store.set('plain', entry(10_000))
    store.set('ns::third', entry(10_000))
    clock.set(20_000)
    store.sweep()
    expect(reported[0]).toBe('ns::first')
    expect(reported.slice(1).sort()).toEqual(['ns::third', 'plain'])
    expect(store.size).toBe(0)
  })
})

describe('a cache view over the split memory store', () => {
  it('finds its keys again after its namespace emptied and filled again', async () => {
    const store = createMemoryStore()
    const cache = createCache({ namespace: 'app', layers: [store] })
    const users = cache.namespace('users')
    await users.set('1', 'ada')
    expect(await users.get('1')).toBe('ada')
    await users.delete('1')
    expect(await users.get('1')).toBeUndefined()
    await users.set('1', 'grace')
    await users.clear()
    await users.set('2', 'lin')
    // Hits on the fast path never reach the Store methods.
    const slowReads = vi.spyOn(store, 'get')
    expect(await users.get('2')).toBe('lin')
    expect(await users.getOrSet('2', () => 'loaded')).toBe('lin')
    expect(slowReads).not.toHaveBeenCalled()
    expect(await users.getBatch(['2', '1'])).toEqual(['lin', undefined])
  })

  it('keeps keys that contain the separator apart from other namespaces', async () => {
    const store = createMemoryStore()
    const cache = createCache({ namespace: 'app', layers: [store] })
    await cache.set('a::b', 1)
    await cache.namespace('a').set('b', 2)
    expect(await cache.get('a::b')).toBe(1)
    expect(await cache.namespace('a').get('b')).toBe(2)
    expect(store.get('app::a::b')?.value).toBe(1)
    expect(store.get('app:a::b')?.value).toBe(2)
  })

  it('serves entries that never expire, and stops serving entries once they expire', async () => {
    const clock = createManualClock(0)
    const cache = createCache({ clock })
    await cache.set('forever', 'f', Number.POSITIVE_INFINITY)
    await cache.set('brief', 'b', 1)
    clock.advance(999)
    expect(await cache.get('brief')).toBe('b')
    clock.advance(1)
    expect(await cache.get('brief')).toBeUndefined()
    clock.advance(1e12)
    expect(await cache.get('forever')).toBe('f')
  })
})
