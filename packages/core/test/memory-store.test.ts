import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createManualClock, createMemoryStore } from '../src/index.js'
import { defineScript } from '../src/store/index.js'
import { sha1Hex } from '../src/store/sha1.js'

const entry = (value: unknown, size = 10, staleUntil = Number.POSITIVE_INFINITY) => ({
  value,
  createdAt: 0,
  expiresAt: staleUntil,
  staleUntil,
  size,
})

describe('memory store', () => {
  it('never holds more than maxEntries, and reports each eviction', () => {
    const store = createMemoryStore({ maxEntries: 100 })
    const evicted: string[] = []
    store.subscribe((event) => evicted.push(event.key))
    for (let index = 0; index < 1_000; index++) store.set(`k${index}`, entry(index))
    expect(store.size).toBe(100)
    expect(evicted).toHaveLength(900)
  })

  it('keeps visited entries over one-hit wonders (SIEVE)', () => {
    const store = createMemoryStore({ maxEntries: 10 })
    for (let index = 0; index < 5; index++) store.set(`hot${index}`, entry(index))
    for (let round = 0; round < 20; round++) {
      for (let index = 0; index < 5; index++) store.get(`hot${index}`)
      for (let index = 0; index < 10; index++) store.set(`scan${round}-${index}`, entry(index))
    }
    for (let index = 0; index < 5; index++) expect(store.get(`hot${index}`)?.value).toBe(index)
  })

  it('stays under maxBytes, evicting by size', () => {
    const store = createMemoryStore({ maxEntries: 1_000, maxBytes: 1_000, maxValueBytes: 500 })
    for (let index = 0; index < 50; index++) store.set(`k${index}`, entry(index, 100))
    expect(store.bytes).toBeLessThanOrEqual(1_000)
    expect(store.size).toBe(10)
    store.set('k0', entry('replaced', 300))
    expect(store.bytes).toBeLessThanOrEqual(1_000)
    expect(store.get('k0')?.value).toBe('replaced')
  })

  it('reclaims expired entries with one shared sweep, no timer per entry', () => {
    const clock = createManualClock(0)
    const store = createMemoryStore({ clock, sweepInterval: 0 })
    for (let index = 0; index < 100; index++)
      store.set(`k${index}`, entry(index, 1, index < 60 ? 1_000 : 10_000))
    clock.advance(2_000)
    store.sweep()
    expect(store.size).toBe(40)
    expect(store.get('k10')).toBeUndefined()
    expect(store.get('k70')?.value).toBe(70)
  })

  it('prefers expired entries when it must evict', () => {
    const clock = createManualClock(0)
    const store = createMemoryStore({ clock, maxEntries: 3, sweepInterval: 0 })
    store.set('keep1', entry(1))
    store.set('old', entry(2, 1, 500))
    store.set('keep2', entry(3))
    store.get('keep1')
    store.get('old')
    store.get('keep2')
    clock.advance(1_000)
    store.set('new', entry(4))
    expect(store.get('keep1')?.value).toBe(1)
    expect(store.get('keep2')?.value).toBe(3)
    expect(store.get('new')?.value).toBe(4)
  })

  it('keeps script data apart from cache entries: eviction never drops it', () => {
    const store = createMemoryStore({ maxEntries: 2 })
    const put = defineScript({
      name: 'put',
      lua: '',
      local: (context, [key]) => {
        context.set(key!, 'held', 60_000)
        return 1
      },
    })
    const read = defineScript({
      name: 'read',
      lua: '',
      local: (context, [key]) => context.get<string>(key!) ?? null,
    })
    store.run(put, ['lock'], [])
    for (let index = 0; index < 10; index++) store.set(`k${index}`, entry(index))
    expect(store.run(read, ['lock'], [])).toBe('held')
  })
})

describe('sha1 of scripts', () => {
  it('matches node:crypto for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha1Hex(text)).toBe(createHash('sha1').update(text, 'utf8').digest('hex'))
      }),
    )
    const script = defineScript({ name: 'x', lua: "return redis.call('GET', KEYS[1])", local: () => null })
    expect(script.sha1).toBe(createHash('sha1').update(script.lua).digest('hex'))
  })
})
