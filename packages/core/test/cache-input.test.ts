import { describe, expect, it } from 'vitest'
import { createCache, createMemoryStore, errors, LayercacheError, parseDuration } from '../src/index.js'

describe('bad input gets a typed error and writes nothing', () => {
  const cache = createCache({ namespace: 'input', maxKeyLength: 64 })

  it.each([
    ['an empty key', ''],
    ['a number key', 42],
    ['an undefined key', undefined],
    ['an object key', { id: 1 }],
    ['a key over the limit', 'k'.repeat(65)],
  ])('refuses %s', async (_name, key) => {
    for (const call of [
      () => cache.get(key as string),
      () => cache.set(key as string, 1),
      () => cache.delete(key as string),
      () => cache.has(key as string),
      () => cache.getOrSet(key as string, () => 1),
      () => cache.getBatch(['ok', key as string]),
      () => cache.setBatch([{ key: key as string, value: 1 }]),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: errors.INVALID_KEY })
    }
  })

  it.each([
    ['zero', 0],
    ['a negative number', -5],
    ['NaN', Number.NaN],
    ['an unknown unit', '5 parsecs'],
    ['garbage', 'soon'],
    ['an empty string', ''],
  ])('refuses a TTL of %s', async (_name, ttl) => {
    await expect(cache.set('k', 1, ttl as number)).rejects.toMatchObject({ code: errors.INVALID_TTL })
    await expect(
      cache.setBatch([
        { key: 'a', value: 1 },
        { key: 'b', value: 2, ttl: ttl as number },
      ]),
    ).rejects.toMatchObject({
      code: errors.INVALID_TTL,
    })
    expect(await cache.getBatch(['k', 'a', 'b'])).toEqual([undefined, undefined, undefined])
  })

  it('refuses non-string and empty tags', async () => {
    await expect(cache.setWithTags('k', 1, [''])).rejects.toMatchObject({ code: errors.INVALID_TAG })
    await expect(cache.setWithTags('k', 1, [7 as unknown as string])).rejects.toMatchObject({
      code: errors.INVALID_TAG,
    })
    await expect(cache.invalidateByTags('goals' as unknown as string[])).rejects.toMatchObject({
      code: errors.INVALID_TAG,
    })
    expect(await cache.get('k')).toBeUndefined()
  })

  it('setting undefined deletes (what get answered can always be set back); null is a value', async () => {
    await cache.set('k', null)
    expect(await cache.get('k')).toBeNull()
    const missing = await cache.get('never-set')
    await cache.set('never-set', missing, 300)
    await cache.set('k', undefined)
    expect(await cache.get('k')).toBeUndefined()
    expect(await cache.has('k')).toBe(false)
    await cache.setBatch([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ])
    await cache.setBatch([
      { key: 'a', value: undefined },
      { key: 'c', value: 3 },
    ])
    expect(await cache.getBatch(['a', 'b', 'c'])).toEqual([undefined, 2, 3])
    // Bad options are refused whatever the value.
    await expect(cache.set('k', undefined, -1)).rejects.toMatchObject({ code: errors.INVALID_TTL })
  })

  it('a loader returning undefined caches nothing', async () => {
    expect(await cache.getOrSet('nothing', () => undefined)).toBeUndefined()
    expect(await cache.has('nothing')).toBe(false)
  })

  it('refuses values over maxValueBytes, keeping the old value', async () => {
    const small = createCache({ namespace: 'small', layers: [createMemoryStore({ maxValueBytes: 1_000 })] })
    await small.set('k', 'old')
    await expect(small.set('k', 'x'.repeat(5_000))).rejects.toMatchObject({ code: errors.VALUE_TOO_LARGE })
    expect(await small.get('k')).toBe('old')
  })

  it('refuses a loader that is not a function', async () => {
    await expect(cache.getOrSet('k2', 'nope' as never)).rejects.toMatchObject({ code: errors.INVALID_OPTION })
  })

  it('refuses bad options at creation', () => {
    expect(() => createCache({ ttl: 0 })).toThrow(expect.objectContaining({ code: errors.INVALID_TTL }))
    expect(() => createCache({ grace: 'forever' })).toThrow(
      expect.objectContaining({ code: errors.INVALID_DURATION }),
    )
    expect(() => createCache({ namespace: 'bad name' })).toThrow(
      expect.objectContaining({ code: errors.INVALID_NAMESPACE }),
    )
    expect(() => createMemoryStore({ maxEntries: 0 })).toThrow(
      expect.objectContaining({ code: errors.INVALID_OPTION }),
    )
  })

  it('errors are recognisable across copies of the package', () => {
    const foreign = Object.assign(new Error('x'), {
      code: 'E_INVALID_KEY',
      [Symbol.for('layercache.error')]: true,
    })
    expect(LayercacheError.isInstance(foreign)).toBe(true)
    expect(LayercacheError.isInstance(new Error('x'))).toBe(false)
  })
})

describe('durations', () => {
  it.each([
    [300, 300_000],
    ['10 s', 10_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1.5 days', 129_600_000],
    ['250ms', 250],
    [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
  ])('parses %s', (input, milliseconds) => {
    expect(parseDuration(input)).toBe(milliseconds)
  })
})
