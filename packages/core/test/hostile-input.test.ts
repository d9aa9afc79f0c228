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
})
