import { describe, expect, it } from 'vitest'
import { createCache, errors, memoryStore } from '../src/index.js'

// Bad and hostile input through the public API: each is refused with a typed error, writes nothing,
// and leaves the cache working.

function cacheOn(layer: 'objects' | 'serialized') {
  return createCache({
    namespace: `hostile-${layer}`,
    layers: [memoryStore({ serialize: layer === 'serialized', sweepInterval: 0 })],
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
