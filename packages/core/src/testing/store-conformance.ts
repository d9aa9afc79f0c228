import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { Store, StoredEntry } from '../store/store.js'
import { counterScript, deleteScript, setIfAbsentScript, shapesScript } from './conformance-scripts.js'

/** Options of {@link storeConformanceSuite}. */
export interface StoreConformanceOptions {
  /** Removes the store's test data and releases what the factory created (never the whole database). */
  cleanup?: (store: Store) => Promise<void> | void
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/**
 * The Store contract as a Vitest suite: every store must pass it, so every backend behaves the same.
 * `createStore` is called once per test with a unique key prefix; keys used by the suite all start with it.
 *
 * @example
 * ```ts
 * import { storeConformanceSuite } from '@layercache/core/testing'
 * storeConformanceSuite('memory', () => memoryStore())
 * ```
 */
export function storeConformanceSuite(
  name: string,
  createStore: () => Store | Promise<Store>,
  options: StoreConformanceOptions = {},
): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store
    let prefix: string
    const stores: Store[] = []
    let counter = 0
    const key = (suffix: string) => `${prefix}${suffix}`
    const entry = (value: string, overrides: Partial<StoredEntry> = {}): StoredEntry => {
      const now = Date.now()
      return {
        value,
        createdAt: now,
        expiresAt: now + 60_000,
        staleUntil: now + 120_000,
        size: value.length,
        ...overrides,
      }
    }

    beforeEach(async () => {
      prefix = `conf${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}:`
      store = await createStore()
      store.attach?.({ clock: { now: Date.now } })
      stores.push(store)
    })

    afterAll(async () => {
      for (const created of stores) {
        await options.cleanup?.(created)
        await created.close()
      }
    })

    it('returns exactly what was set, and undefined for a missing key', async () => {
      const written = entry('hello', { tags: [key('#t1'), key('#t2')] })
      await store.set(key('a'), written)
      const read = await store.get(key('a'))
      expect(read?.value).toBe('hello')
      expect(read?.createdAt).toBe(written.createdAt)
      expect(read?.expiresAt).toBe(written.expiresAt)
      expect(read?.staleUntil).toBe(written.staleUntil)
      expect([...(read?.tags ?? [])]).toEqual([key('#t1'), key('#t2')])
      expect(await store.get(key('missing'))).toBeUndefined()
    })

    it('keeps entries that never expire and fractional creation times', async () => {
      const written = entry('forever', {
        createdAt: 1234.5,
        expiresAt: Number.POSITIVE_INFINITY,
        staleUntil: Number.POSITIVE_INFINITY,
      })
      await store.set(key('forever'), written)
      const read = await store.get(key('forever'))
      expect(read?.expiresAt).toBe(Number.POSITIVE_INFINITY)
      expect(read?.staleUntil).toBe(Number.POSITIVE_INFINITY)
      expect(read?.createdAt).toBe(1234.5)
    })

    it('overwrites a key', async () => {
      await store.set(key('a'), entry('one'))
      await store.set(key('a'), entry('two'))
      expect((await store.get(key('a')))?.value).toBe('two')
    })

    it('answers batches aligned with the keys', async () => {
      await store.setMany([
        { key: key('b1'), entry: entry('v1') },
        { key: key('b2'), entry: entry('v2') },
      ])
      const read = await store.getMany([key('b2'), key('nope'), key('b1')])
      expect(read.map((item) => item?.value)).toEqual(['v2', undefined, 'v1'])
      expect(await store.getMany([])).toEqual([])
    })

    it('handles keys with spaces, unicode, colons, braces and glob characters', async () => {
      const odd = [
        'with space',
        'ünïcødé ✓',
        'a:b::c',
        '{tag}x',
        'star*',
        'q?',
        '[set]',
        'back\\slash',
        'new\nline',
      ]
      await store.setMany(odd.map((suffix, index) => ({ key: key(suffix), entry: entry(`v${index}`) })))
      const read = await store.getMany(odd.map(key))
      expect(read.map((item) => item?.value)).toEqual(odd.map((_, index) => `v${index}`))
    })

    it('deletes one key and reports whether it existed', async () => {
      await store.set(key('d'), entry('x'))
      expect(await store.delete(key('d'))).toBe(true)
      expect(await store.delete(key('d'))).toBe(false)
      expect(await store.get(key('d'))).toBeUndefined()
    })

    it('deletes many keys and counts them', async () => {
      await store.setMany([1, 2, 3].map((n) => ({ key: key(`m${n}`), entry: entry(String(n)) })))
      expect(await store.deleteMany([key('m1'), key('m3'), key('m9')])).toBe(2)
      expect((await store.getMany([key('m1'), key('m2'), key('m3')])).map((item) => item?.value)).toEqual([
        undefined,
        '2',
        undefined,
      ])
    })

    it('deletes by prefix, treating glob characters literally and touching nothing else', async () => {
      const keys = ['p*:1', 'p*:2', 'pX:1', 'p?:1', 'p[*]:1', 'other']
      await store.setMany(keys.map((suffix) => ({ key: key(suffix), entry: entry(suffix) })))
      expect(await store.deleteByPrefix(key('p*:'))).toBe(2)
      expect(await store.deleteByPrefix(key('p[*]'))).toBe(1)
      const left = await store.getMany(keys.map(key))
      expect(left.map((item) => item?.value)).toEqual([
        undefined,
        undefined,
        'pX:1',
        'p?:1',
        undefined,
        'other',
      ])
    })

    it('never returns an entry past the end of its grace period', async () => {
      const now = Date.now()
      await store.set(
        key('short'),
        entry('x', { createdAt: now, expiresAt: now + 50, staleUntil: now + 150 }),
      )
      expect((await store.get(key('short')))?.value).toBe('x')
      await sleep(300)
      expect(await store.get(key('short'))).toBeUndefined()
      expect(await store.getMany([key('short')])).toEqual([undefined])
    })

    it('keeps tag stamps, raising and never lowering them', async () => {
      const tags = [key('#a'), key('#b')]
      expect(await store.getTagStamps(tags)).toEqual([undefined, undefined])
      await store.stampTags([tags[0]!], { invalidatedAt: 100 }, 60_000)
      await store.stampTags([tags[0]!], { invalidatedAt: 50, expiredAt: 70 }, 60_000)
      await store.stampTags([tags[1]!], { expiredAt: 200.25 }, 60_000)
      const stamps = await store.getTagStamps(tags)
      expect(stamps[0]).toMatchObject({ invalidatedAt: 100, expiredAt: 70 })
      expect(stamps[1]).toMatchObject({ invalidatedAt: 0, expiredAt: 200.25 })
    })

    it('keeps a tag stamp while an entry carrying the tag lives, then lets it expire', async () => {
      const tag = key('#live')
      const now = Date.now()
      await store.set(key('tagged'), entry('x', { tags: [tag], staleUntil: now + 700, expiresAt: now + 600 }))
      await store.stampTags([tag], { invalidatedAt: now }, 10)
      await sleep(150)
      expect((await store.getTagStamps([tag]))[0]).toMatchObject({ invalidatedAt: now })
      await store.stampTags([key('#brief')], { invalidatedAt: now }, 100)
      await sleep(800)
      expect(await store.getTagStamps([tag, key('#brief')])).toEqual([undefined, undefined])
    })

    it('deletes tag records by prefix too', async () => {
      await store.stampTags([key('#gone')], { invalidatedAt: 5 }, 60_000)
      await store.deleteByPrefix(prefix)
      expect(await store.getTagStamps([key('#gone')])).toEqual([undefined])
    })

    describe('atomic scripts', () => {
      it('runs a script and returns the same reply shapes on every backend', async () => {
        expect(await store.run(shapesScript, [key('s')], ['arg', 10])).toEqual([0, 'arg', [7, 'x'], '2.5'])
      })

      it('keeps script state and its expiry between calls', async () => {
        const [first, ttl] = (await store.run(counterScript, [key('c')], [2, 5_000])) as [number, number]
        expect(first).toBe(2)
        expect(ttl).toBeGreaterThan(4_000)
        expect(ttl).toBeLessThanOrEqual(5_000)
        const [second] = (await store.run(counterScript, [key('c')], [3, 0])) as [number, number]
        expect(second).toBe(5)
        expect(await store.run(deleteScript, [key('c')], [])).toBe(1)
        expect(await store.run(deleteScript, [key('c')], [])).toBe(0)
      })

      it('expires script keys by their TTL', async () => {
        expect(await store.run(setIfAbsentScript, [key('nx')], ['owner', 100])).toBe(1)
        expect(await store.run(setIfAbsentScript, [key('nx')], ['other', 100])).toBe(0)
        await sleep(250)
        expect(await store.run(setIfAbsentScript, [key('nx')], ['other', 100])).toBe(1)
      })

      it('is atomic under concurrent calls', async () => {
        const replies = await Promise.all(
          Array.from({ length: 50 }, () => store.run(setIfAbsentScript, [key('race')], ['x', 10_000])),
        )
        expect(replies.filter((reply) => reply === 1)).toHaveLength(1)
      })
    })
  })
}
