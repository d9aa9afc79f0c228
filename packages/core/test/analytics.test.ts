import { describe, expect, it } from 'vitest'
import { createCache, createMemoryStore, errors } from '../src/index.js'

describe('analytics', () => {
  it('adds up hits and misses per namespace across caches sharing a store, in one call per flush', async () => {
    const shared = createMemoryStore()
    Object.defineProperty(shared, 'shared', { value: true })
    const runs: string[] = []
    const run = shared.run.bind(shared)
    shared.run = ((script, keys, args) => {
      runs.push(script.name)
      return run(script, keys, args)
    }) as typeof shared.run
    const serverA = createCache({
      namespace: 'shop',
      layers: [createMemoryStore(), shared],
      analytics: { flushInterval: '1h' },
    })
    const serverB = createCache({ namespace: 'shop', layers: [createMemoryStore(), shared], analytics: true })
    await serverA.set('k', 1)
    await serverA.get('k')
    await serverA.get('missing')
    await serverA.namespace('users').get('nobody')
    await serverB.get('k')
    await serverB.getOrSet('cold', () => 2)
    runs.length = 0
    const totals = await serverA.stats({ global: true })
    expect(runs.filter((name) => name === 'layercache-flush-counters')).toHaveLength(1)
    await serverB.close()
    const after = await serverA.stats({ global: true })
    expect(totals.namespaces.shop).toMatchObject({ hits: 1, misses: 1 })
    expect(after.namespaces.shop).toMatchObject({ hits: 2, misses: 2 })
    expect(after.namespaces['shop:users']).toMatchObject({ hits: 0, misses: 1 })
    expect(after.hitRate).toBeCloseTo(2 / 5)
    await serverA.close()
  })

  it('says what it needs when analytics is off', async () => {
    await expect(createCache().stats({ global: true })).rejects.toMatchObject({ code: errors.INVALID_OPTION })
  })
})
