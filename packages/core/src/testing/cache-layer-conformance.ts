import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { CacheLayer } from '../store/cache-layer.js'
import { isScriptRunner } from '../store/script-runner.js'
import { entryOf, isAbsence, type StoredEntry, type StoreRead, versionOf } from '../store/store.js'
import { setIfAbsentScript } from './conformance-scripts.js'

/** Options of {@link cacheLayerConformanceSuite} and {@link scriptRunnerConformanceSuite}. */
export interface ConformanceOptions<TBackend> {
  /** Removes the backend's test data and releases what the factory created (never the whole database). */
  cleanup?: (backend: TBackend) => Promise<void> | void
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/** The value a read found, `undefined` for a miss of any kind (nothing, a tombstone, unreadable data). */
const foundValue = (read: StoreRead) => entryOf(read)?.value

/**
 * The {@link CacheLayer} contract as a Vitest suite: every cache layer must pass it, so every backend
 * behaves the same. `createLayer` is called once per test; keys used by the suite all start with a
 * unique prefix.
 *
 * @example
 * ```ts
 * import { cacheLayerConformanceSuite } from '@layercache/core/testing'
 * cacheLayerConformanceSuite('memory', () => createMemoryStore())
 * ```
 */
export function cacheLayerConformanceSuite(
  name: string,
  createLayer: () => CacheLayer | Promise<CacheLayer>,
  options: ConformanceOptions<CacheLayer> = {},
): void {
  describe(`CacheLayer contract v1: ${name}`, () => {
    let store: CacheLayer
    let prefix: string
    const stores: CacheLayer[] = []
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
      store = await createLayer()
      expect(store.layerContract).toBe(1)
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
      const read = entryOf(await store.get(key('a')))
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
      const read = entryOf(await store.get(key('forever')))
      expect(read?.expiresAt).toBe(Number.POSITIVE_INFINITY)
      expect(read?.staleUntil).toBe(Number.POSITIVE_INFINITY)
      expect(read?.createdAt).toBe(1234.5)
    })

    it('overwrites a key', async () => {
      await store.set(key('a'), entry('one'))
      await store.set(key('a'), entry('two'))
      expect(foundValue(await store.get(key('a')))).toBe('two')
    })

    it('answers batches aligned with the keys', async () => {
      await store.setMany([
        { key: key('b1'), entry: entry('v1') },
        { key: key('b2'), entry: entry('v2') },
      ])
      const read = await store.getMany([key('b2'), key('nope'), key('b1')])
      expect(read.map(foundValue)).toEqual(['v2', undefined, 'v1'])
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
      expect(read.map(foundValue)).toEqual(odd.map((_, index) => `v${index}`))
    })

    it('deletes one key and reports whether it existed', async () => {
      await store.set(key('d'), entry('x'))
      expect(await store.delete(key('d'))).toBe(true)
      expect(await store.delete(key('d'))).toBe(false)
      expect(foundValue(await store.get(key('d')))).toBeUndefined()
    })

    it('deletes many keys and counts them', async () => {
      await store.setMany([1, 2, 3].map((n) => ({ key: key(`m${n}`), entry: entry(String(n)) })))
      expect(await store.deleteMany([key('m1'), key('m3'), key('m9')])).toBe(2)
      expect((await store.getMany([key('m1'), key('m2'), key('m3')])).map(foundValue)).toEqual([
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
      expect(left.map(foundValue)).toEqual([undefined, undefined, 'pX:1', 'p?:1', undefined, 'other'])
    })

    it('never returns an entry past the end of its grace period', async () => {
      const now = Date.now()
      await store.set(
        key('short'),
        entry('x', { createdAt: now, expiresAt: now + 500, staleUntil: now + 1_000 }),
      )
      const read = await store.get(key('short'))
      // A read answered after the grace period ended proves nothing (a very busy machine).
      if (Date.now() < now + 1_000) expect(foundValue(read)).toBe('x')
      await sleep(Math.max(0, now + 1_000 - Date.now()) + 200)
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

    it('keeps stale windows: they only shorten, and one that closed turns into an invalidation', async () => {
      const tag = key('#window')
      await store.stampTags([tag], { expiredAt: 100, expiredUntil: 1_000.5 }, 60_000)
      expect((await store.getTagStamps([tag]))[0]).toEqual({
        invalidatedAt: 0,
        expiredAt: 100,
        expiredUntil: 1_000.5,
      })
      await store.stampTags([tag], { expiredAt: 200.25, expiredUntil: 5_000 }, 60_000)
      expect((await store.getTagStamps([tag]))[0]).toEqual({
        invalidatedAt: 0,
        expiredAt: 200.25,
        expiredUntil: 1_000.5,
      })
      await store.stampTags([tag], { expiredAt: 2_000 }, 60_000)
      expect((await store.getTagStamps([tag]))[0]).toEqual({ invalidatedAt: 200.25, expiredAt: 2_000 })
      await store.stampTags([tag], { invalidatedAt: 1_796_189_070_097.001 }, 60_000)
      expect((await store.getTagStamps([tag]))[0]).toEqual({
        invalidatedAt: 1_796_189_070_097.001,
        expiredAt: 2_000,
      })
    })

    it('keeps a tag stamp while an entry carrying the tag lives, then lets it expire', async () => {
      const tag = key('#live')
      const now = Date.now()
      await store.set(key('tagged'), entry('x', { tags: [tag], staleUntil: now + 700, expiresAt: now + 600 }))
      await store.stampTags([tag], { invalidatedAt: now }, 10)
      await sleep(150)
      const [stamp] = await store.getTagStamps([tag])
      // A read answered after the entry ended proves nothing (a very busy machine).
      if (Date.now() < now + 600) expect(stamp).toMatchObject({ invalidatedAt: now })
      await store.stampTags([key('#brief')], { invalidatedAt: now }, 100)
      await sleep(800)
      expect(await store.getTagStamps([tag, key('#brief')])).toEqual([undefined, undefined])
    })

    it('deletes by prefix only entries: tag records and script data stay', async () => {
      await store.set(key('entry'), entry('x'))
      await store.stampTags([key('#kept')], { invalidatedAt: 5 }, 60_000)
      const runner = isScriptRunner(store) ? store : undefined
      if (runner) expect(await runner.run(setIfAbsentScript, [key('held')], ['owner', 60_000])).toBe(1)
      expect(await store.deleteByPrefix(prefix)).toBe(1)
      expect(foundValue(await store.get(key('entry')))).toBeUndefined()
      expect((await store.getTagStamps([key('#kept')]))[0]).toMatchObject({ invalidatedAt: 5, expiredAt: 0 })
      if (runner) expect(await runner.run(setIfAbsentScript, [key('held')], ['other', 60_000])).toBe(0)
    })

    describe('versions and conditional writes', () => {
      it('keeps the version of an entry', async () => {
        await store.set(key('v'), entry('x', { version: 2 ** 52 + 7 }))
        expect(entryOf(await store.get(key('v')))?.version).toBe(2 ** 52 + 7)
        expect(versionOf(await store.get(key('nothing')))).toBe(0)
      })

      it('writes only where the key is still at the version a read found', async () => {
        const readAt = Date.now()
        const writes = await store.setIfVersion([
          { key: key('c1'), entry: entry('first', { version: 1 }), ifVersion: 0, readAt },
          { key: key('c2'), entry: entry('lost', { version: 2 }), ifVersion: 99, readAt },
        ])
        expect(writes).toEqual([true, false])
        expect(foundValue(await store.get(key('c2')))).toBeUndefined()
        const seen = versionOf(await store.get(key('c1')))
        expect(seen).toBe(1)
        expect(
          await store.setIfVersion([
            { key: key('c1'), entry: entry('late', { version: 3 }), ifVersion: 0, readAt },
          ]),
        ).toEqual([false])
        expect(
          await store.setIfVersion([
            { key: key('c1'), entry: entry('next', { version: 4 }), ifVersion: seen, readAt },
          ]),
        ).toEqual([true])
        expect(foundValue(await store.get(key('c1')))).toBe('next')
      })

      it('lets exactly one of many racing conditional writes land', async () => {
        const readAt = Date.now()
        const landed = await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            store.setIfVersion([
              { key: key('race'), entry: entry(`w${index}`, { version: index + 1 }), ifVersion: 0, readAt },
            ]),
          ),
        )
        expect(landed.flat().filter(Boolean)).toHaveLength(1)
      })

      it('on a shared store, refuses a write based on a read from before a deletion', async () => {
        if (!store.shared) return
        const readAt = Date.now()
        const before = versionOf(await store.get(key('gone')))
        await store.set(key('gone'), entry('x', { version: 5 }))
        const seen = versionOf(await store.get(key('gone')))
        await store.delete(key('gone'))
        const after = await store.get(key('gone'))
        expect(foundValue(after)).toBeUndefined()
        expect(
          await store.setIfVersion([
            { key: key('gone'), entry: entry('stale', { version: 6 }), ifVersion: before, readAt },
            { key: key('gone'), entry: entry('stale', { version: 7 }), ifVersion: seen, readAt },
          ]),
        ).toEqual([false, false])
        expect(isAbsence(after) || after === undefined).toBe(true)
        expect(
          await store.setIfVersion([
            {
              key: key('gone'),
              entry: entry('new', { version: 8 }),
              ifVersion: versionOf(after),
              readAt: Date.now(),
            },
          ]),
        ).toEqual([true])
        expect(foundValue(await store.get(key('gone')))).toBe('new')
        await store.deleteMany([key('never-there')])
        expect(
          await store.setIfVersion([
            { key: key('never-there'), entry: entry('late', { version: 9 }), ifVersion: 0, readAt },
          ]),
        ).toEqual([false])
        await store.set(key('cleared'), entry('x', { version: 10 }))
        const clearedSeen = versionOf(await store.get(key('cleared')))
        await store.deleteByPrefix(key('clear'))
        expect(
          await store.setIfVersion([
            { key: key('cleared'), entry: entry('late', { version: 11 }), ifVersion: clearedSeen, readAt },
          ]),
        ).toEqual([false])
      })

      it('on a shared store, refuses a conditional write whose read is too old to tell', async () => {
        if (!store.shared) return
        const longAgo = Date.now() - 24 * 3_600_000
        expect(
          await store.setIfVersion([
            { key: key('old'), entry: entry('x', { version: 1 }), ifVersion: 0, readAt: longAgo },
          ]),
        ).toEqual([false])
      })
    })

    describe('expire', () => {
      it('makes entries stale at a time, keeping value, version, tags and the end of grace', async () => {
        const now = Date.now()
        const tags = [key('#e')]
        await store.setMany([
          {
            key: key('e1'),
            entry: entry('one', { version: 3, tags, expiresAt: now + 60_000, staleUntil: now + 120_000 }),
          },
          { key: key('e2'), entry: entry('two', { expiresAt: now + 10, staleUntil: now + 120_000 }) },
        ])
        expect(await store.expire([key('e1'), key('e2'), key('e-missing')], now + 100)).toBe(1)
        const first = entryOf(await store.get(key('e1')))
        expect(first).toMatchObject({
          value: 'one',
          version: 3,
          expiresAt: now + 100,
          staleUntil: now + 120_000,
        })
        expect([...(first?.tags ?? [])]).toEqual(tags)
        expect(entryOf(await store.get(key('e2')))?.expiresAt).toBe(now + 10)
      })

      it('never lengthens a life and is atomic with concurrent writes', async () => {
        const now = Date.now()
        await store.set(key('e3'), entry('old', { expiresAt: now + 60_000 }))
        await Promise.all([
          store.expire([key('e3')], now),
          store.set(key('e3'), entry('new', { expiresAt: now + 90_000, version: 12 })),
        ])
        const after = entryOf(await store.get(key('e3')))
        // Either order is fine (the new value, expired or not); the old value written back is not.
        expect(after?.value).toBe('new')
        expect([now, now + 90_000]).toContain(after?.expiresAt)
      })
    })
  })
}
