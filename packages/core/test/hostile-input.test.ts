import { runInNewContext } from 'node:vm'
import { describe, expect, it, vi } from 'vitest'
import { MAX_DURATION_MS } from '../src/duration.js'
import { createCache, createMemoryStore, errors, parseDuration, parseTtl } from '../src/index.js'
import { thrownBy } from './support/thrown-by.js'

// Bad and hostile input through the public API: each is refused with a typed error, writes nothing,
// and leaves the cache working.

function cacheOn(layer: 'objects' | 'serialized') {
  return createCache({
    namespace: `hostile-${layer}`,
    layers: [createMemoryStore({ serialize: layer === 'serialized', sweepInterval: 0 })],
  })
}

describe.each(['objects', 'serialized'] as const)('values refused on a layer keeping %s', (layer) => {
  it('refuses a value whose getter throws, with the original error as cause', async () => {
    const cache = cacheOn(layer)
    const boom = new Error('boom')
    const value = {
      get x(): never {
        throw boom
      },
    }
    await expect(cache.set('k', value)).rejects.toMatchObject({
      code: errors.UNSERIALIZABLE_VALUE,
      cause: boom,
    })
    await expect(cache.getOrSet('k', () => ({ nested: [value] }))).rejects.toMatchObject({
      code: errors.UNSERIALIZABLE_VALUE,
      cause: boom,
    })
    expect(await cache.get('k')).toBeUndefined()
    await cache.close()
  })

  it('refuses sparse arrays and arrays with extra properties instead of changing them', async () => {
    const cache = cacheOn(layer)
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is being refused
    const sparse = [1, , 3]
    await expect(cache.set('k', { sparse })).rejects.toMatchObject({
      code: errors.UNSERIALIZABLE_VALUE,
      message: expect.stringContaining('value.sparse has a hole at index 1'),
    })
    const match = 'a-b'.match(/-/)
    await expect(cache.set('k', match)).rejects.toMatchObject({
      code: errors.UNSERIALIZABLE_VALUE,
      message: expect.stringContaining('a property besides its elements ("index")'),
    })
    await expect(
      cache.setBatch([
        { key: 'a', value: [1, 2] },
        { key: 'b', value: Object.assign([1, 2], { extra: true }) },
      ]),
    ).rejects.toMatchObject({ code: errors.UNSERIALIZABLE_VALUE })
    expect(await cache.getBatch(['k', 'a', 'b'])).toEqual([undefined, undefined, undefined])
    await cache.set('k', [1, undefined, 3])
    expect(await cache.get('k')).toEqual([1, undefined, 3])
    await cache.close()
  })
})

describe('durations', () => {
  it.each(['5 M', '5M', '1H', '10 S', '250 MS', '2 Min', '1 Hour', '3 DAYS', '1 Week'])(
    'refuses %s: units are lower case, so M is never taken for minutes (or months)',
    (duration) => {
      const error = thrownBy(() => parseDuration(duration))
      expect(error.code).toBe(errors.INVALID_DURATION)
      expect(error.message).toContain('ms, msec, msecs, millisecond, milliseconds, s, sec')
      expect(error.message).toContain('week, weeks')
      expect(thrownBy(() => parseTtl(duration)).code).toBe(errors.INVALID_TTL)
    },
  )

  it.each(['5 constructor', '1 toString', '2 valueOf', '3 hasOwnProperty'])(
    'refuses %s instead of reading a unit off Object.prototype (which made NaN)',
    (duration) => {
      expect(thrownBy(() => parseDuration(duration)).code).toBe(errors.INVALID_DURATION)
    },
  )

  it('still accepts the lower-case units, and Infinity for never', () => {
    expect(parseDuration('5 m')).toBe(300_000)
    expect(parseDuration('2 min')).toBe(120_000)
    expect(parseDuration('1 hour')).toBe(3_600_000)
    expect(parseDuration('250 ms')).toBe(250)
    expect(parseDuration(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY)
    expect(parseTtl(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY)
  })

  it('refuses finite durations past MAX_DURATION_MS (Number.MAX_SAFE_INTEGER milliseconds)', () => {
    expect(MAX_DURATION_MS).toBe(Number.MAX_SAFE_INTEGER)
    expect(parseDuration(`${MAX_DURATION_MS} ms`)).toBe(MAX_DURATION_MS)
    expect(parseDuration(Math.floor(MAX_DURATION_MS / 1000))).toBe(Math.floor(MAX_DURATION_MS / 1000) * 1000)
    const tooLong = [
      1e14, // seconds: the TTL that broke tag invalidation on Redis
      Number.MAX_VALUE, // its milliseconds overflow to Infinity, which must not read as "never"
      `${MAX_DURATION_MS + 1} ms`,
      '15000000 w', // about 287,000 years
      `1${'0'.repeat(400)} s`, // Number() of the digits is Infinity
    ]
    for (const duration of tooLong) {
      const error = thrownBy(() => parseDuration(duration, 'ttl'))
      expect(error.code, String(duration)).toBe(errors.INVALID_DURATION)
      expect(error.message).toContain(String(MAX_DURATION_MS))
      expect(thrownBy(() => parseTtl(duration)).code).toBe(errors.INVALID_TTL)
    }
  })

  it('refuses a TTL past the limit at set, getOrSet and creation, writing nothing', async () => {
    const cache = cacheOn('objects')
    await expect(cache.set('k', 1, 1e14)).rejects.toMatchObject({ code: errors.INVALID_TTL })
    await expect(cache.set('k', 1, { ttl: '1 M' })).rejects.toMatchObject({ code: errors.INVALID_TTL })
    await expect(cache.getOrSet('k', () => 1, { ttl: 1e14 })).rejects.toMatchObject({
      code: errors.INVALID_TTL,
    })
    await expect(cache.set('k', 1, { grace: 1e14 })).rejects.toMatchObject({
      code: errors.INVALID_DURATION,
    })
    expect(await cache.get('k')).toBeUndefined()
    expect(() => createCache({ ttl: 1e14 })).toThrow(expect.objectContaining({ code: errors.INVALID_TTL }))
    expect(() => createCache({ grace: '1 H' })).toThrow(
      expect.objectContaining({ code: errors.INVALID_DURATION }),
    )
    await cache.close()
  })
})

describe('the options argument of set and getOrSet', () => {
  class Settings {
    ttl = 5
  }
  const notOptions: readonly (readonly [string, unknown])[] = [
    ['an array', [5]],
    ['null', null],
    ['a function', () => 5],
    ['a Date', new Date()],
    ['a class instance', new Settings()],
    ['an object inheriting its ttl', Object.create({ ttl: 5 })],
    ['a boolean', true],
    ['a bigint', 5n],
    ['a symbol', Symbol('ttl')],
  ]

  it.each(notOptions)('refuses %s with E_INVALID_OPTION, writing nothing', async (_name, options) => {
    const cache = cacheOn('objects')
    const loader = vi.fn(() => 'loaded')
    await expect(cache.set('k', 1, options as never)).rejects.toMatchObject({
      code: errors.INVALID_OPTION,
      message: expect.stringContaining('must be a TTL'),
    })
    await expect(cache.getOrSet('k', loader, options as never)).rejects.toMatchObject({
      code: errors.INVALID_OPTION,
    })
    expect(loader).not.toHaveBeenCalled()
    expect(await cache.get('k')).toBeUndefined()
    // A hit answers without resolving options; the options are still checked.
    await cache.set('k', 'cached')
    await expect(cache.getOrSet('k', loader, options as never)).rejects.toMatchObject({
      code: errors.INVALID_OPTION,
    })
    await cache.close()
  })

  it('accepts a TTL, undefined, and plain objects (null-prototype and from another realm too)', async () => {
    const cache = cacheOn('objects')
    const bare = Object.assign(Object.create(null) as object, { ttl: 60, tags: ['t'] })
    const foreign = runInNewContext('({ ttl: 60, forceFresh: true })') as object
    for (const options of [60, '1m', undefined, {}, { ttl: 60 }, bare, foreign]) {
      await cache.set('k', 1, options)
      expect(await cache.getOrSet('k', () => 2, options)).toBe(options === foreign ? 2 : 1)
    }
    await cache.invalidateByTags(['t'])
    expect(await cache.get('k')).toBe(2)
    await cache.close()
  })
})

describe('keys and tags that are not well-formed Unicode', () => {
  const cutEmoji = 'Ann😀'.slice(0, 4) // 'Ann' and the high half of 😀
  const otherCut = 'Ann🤖'.slice(0, 4) // 'Ann\ud83e': a different emoji, cut the same way
  const lone = [cutEmoji, '\udc00', 'a\ud800b', `${'😀'.slice(1)}start`]

  // Not get and getOrSet: they check keys inline and call assertKey only when that check fails, so
  // they need isWellFormedKey wired into their inline check (cache.ts); well-formed-keys.test.ts
  // tests assertKey for them meanwhile.
  it.each(lone)('refuses the key %j in every call that asserts keys, writing nothing', async (key) => {
    const cache = cacheOn('serialized')
    const calls = [
      () => cache.set(key, 1),
      () =>
        cache.setBatch([
          { key: 'fine', value: 1 },
          { key, value: 2 },
        ]),
      () => cache.delete(key),
      () => cache.has(key),
      () => cache.getBatch(['fine', key]),
      () => cache.deleteBatch([key]),
      () => cache.setWithTags(key, 1, ['tag']),
    ]
    for (const call of calls) {
      await expect(call()).rejects.toMatchObject({
        code: errors.INVALID_KEY,
        message: expect.stringContaining('must be well-formed Unicode'),
      })
    }
    expect(await cache.get('fine')).toBeUndefined()
    await cache.close()
  })

  it('keeps two keys cut from different emoji apart by refusing both', async () => {
    const cache = cacheOn('serialized')
    expect(cutEmoji).not.toBe(otherCut)
    expect(Buffer.from(cutEmoji).equals(Buffer.from(otherCut))).toBe(true) // the same bytes in UTF-8
    await expect(cache.set(cutEmoji, 'one')).rejects.toMatchObject({ code: errors.INVALID_KEY })
    await expect(cache.set(otherCut, 'two')).rejects.toMatchObject({ code: errors.INVALID_KEY })
    await cache.close()
  })

  it('accepts whole emoji, other scripts and U+FFFD itself', async () => {
    const cache = cacheOn('serialized')
    for (const key of ['Ann😀', '😀'.repeat(10), 'Zoë', 'ключ', '鍵', '\ufffd']) {
      await cache.setWithTags(key, key, [`tag ${key}`])
      expect(await cache.get(key)).toBe(key)
    }
    await cache.close()
  })

  it.each(lone)('refuses the tag %j when writing and invalidating', async (tag) => {
    const cache = cacheOn('objects')
    const calls = [
      () => cache.setWithTags('k', 1, ['fine', tag]),
      () => cache.set('k', 1, { tags: [tag] }),
      () => cache.getOrSet('k', () => 1, { tags: [tag] }),
      () => cache.setBatch([{ key: 'k', value: 1, tags: [tag] }]),
      () => cache.invalidateByTags([tag]),
      () => cache.expireByTags(['fine', tag]),
    ]
    for (const call of calls) {
      await expect(call()).rejects.toMatchObject({
        code: errors.INVALID_TAG,
        message: expect.stringContaining('must be well-formed Unicode'),
      })
    }
    expect(await cache.get('k')).toBeUndefined()
    await cache.close()
  })
})
