import { describe, expect, it } from 'vitest'
import { createCache, createManualClock, createMemoryStore, errors, LayercacheError } from '../src/index.js'
import { FaultyStore } from './support/faulty-store.js'

describe('layers', () => {
  it('reads L1 -> L2, back-filling L1 with the remaining TTL', async () => {
    const clock = createManualClock(1_000_000)
    const l1 = createMemoryStore()
    const l2 = createMemoryStore({ name: 'l2', serialize: true })
    const cache = createCache({ namespace: 'layers', layers: [l1, l2], clock })
    await cache.set('k', { n: 1 }, 10)
    await l1.deleteByPrefix('')
    clock.advance(4_000)
    expect(await cache.get('k')).toEqual({ n: 1 })
    expect(cache.stats().layers.map((layer) => layer.hits)).toEqual([0, 1])
    const backfilled = l1.get('layers::k')
    expect(backfilled?.expiresAt).toBe(1_000_000 + 10_000)
    expect(await cache.get('k')).toEqual({ n: 1 })
    expect(cache.stats().layers.map((layer) => layer.hits)).toEqual([1, 1])
    clock.advance(6_001)
    expect(await cache.get('k')).toBeUndefined()
  })

  it('writes reach every layer, deletes too', async () => {
    const l1 = createMemoryStore()
    const l2 = createMemoryStore({ serialize: true })
    const cache = createCache({ namespace: 'w', layers: [l1, l2] })
    await cache.setBatch([
      { key: 'a', value: 1 },
      { key: 'b', value: new Date(5) },
    ])
    expect(l1.size).toBe(2)
    expect(l2.size).toBe(2)
    expect(typeof l2.get('w::b')?.value).toBe('string')
    await cache.delete('a')
    expect(l1.get('w::a')).toBeUndefined()
    expect(l2.get('w::a')).toBeUndefined()
    await l1.deleteByPrefix('')
    expect(await cache.get('b')).toEqual(new Date(5))
  })

  it('getBatch asks each layer once, for the keys still missing', async () => {
    const l2 = new FaultyStore({ serialize: true })
    const cache = createCache({ namespace: 'batch', layers: [createMemoryStore(), l2] })
    await cache.setBatch([1, 2, 3, 4].map((n) => ({ key: `k${n}`, value: n })))
    const before = l2.calls
    expect(await cache.getBatch(['k1', 'k2', 'k5'])).toEqual([1, 2, undefined])
    expect(l2.calls - before).toBe(1)
  })

  it('falls back to L1 and the loader when L2 fails, and reports the error', async () => {
    const l2 = new FaultyStore()
    const cache = createCache({ namespace: 'down', layers: [createMemoryStore(), l2] })
    const reported: unknown[] = []
    cache.on('error', (event) => reported.push(event.error))
    await cache.set('warm', 'w')
    l2.mode = 'fail'
    expect(await cache.get('warm')).toBe('w')
    expect(await cache.getOrSet('cold', () => 'loaded')).toBe('loaded')
    expect(await cache.get('cold')).toBe('loaded')
    await cache.set('x', 1)
    expect(reported.length).toBeGreaterThan(0)
    expect(LayercacheError.hasCode(reported[0], errors.STORE_FAILURE)).toBe(true)
    expect(cache.stats().layers[1]!.errors).toBeGreaterThan(0)
  })

  it("throws layer errors when asked to with onLayerError: 'throw'", async () => {
    const l2 = new FaultyStore()
    const cache = createCache({
      namespace: 'strict',
      layers: [createMemoryStore(), l2],
      onLayerError: 'throw',
    })
    l2.mode = 'fail'
    await expect(cache.set('x', 1)).rejects.toMatchObject({ code: errors.STORE_FAILURE })
    await expect(cache.get('missing')).rejects.toMatchObject({ code: errors.STORE_FAILURE })
  })

  it('refuses a store listed twice, and an empty layer list', () => {
    const store = createMemoryStore()
    expect(() => createCache({ layers: [store, store] })).toThrow(LayercacheError)
    expect(() => createCache({ layers: [] })).toThrow(/at least one/)
  })
})

describe('namespaces', () => {
  it('scopes keys, tags and clear()', async () => {
    const store = createMemoryStore()
    const app = createCache({ namespace: 'app', layers: [store] })
    const users = app.namespace('users')
    const posts = app.namespace('posts')
    await users.set('1', 'ada')
    await posts.set('1', 'hello')
    await app.set('1', 'root')
    expect(await users.get('1')).toBe('ada')
    expect(await posts.get('1')).toBe('hello')
    await users.clear()
    expect(await users.get('1')).toBeUndefined()
    expect(await posts.get('1')).toBe('hello')
    expect(await app.get('1')).toBe('root')
    const other = createCache({ namespace: 'app2', layers: [store] })
    await other.set('1', 'other app')
    await app.clear()
    expect(await posts.get('1')).toBeUndefined()
    expect(await other.get('1')).toBe('other app')
  })

  it('cannot be escaped by a key', async () => {
    const store = createMemoryStore()
    const app = createCache({ namespace: 'app', layers: [store] })
    await app.namespace('users').set('k', 'inside')
    expect(await app.get('users::k')).toBeUndefined()
    await app.set(':users::k', 'trick')
    expect(await app.namespace('users').get('k')).toBe('inside')
  })

  it('refuses bad namespace names', () => {
    const cache = createCache()
    for (const name of ['', 'a b', 'x*', 'a::b', ':a']) {
      expect(() => cache.namespace(name)).toThrow(expect.objectContaining({ code: errors.INVALID_NAMESPACE }))
    }
  })
})
