import assert from 'node:assert/strict'
import { createCache, prometheusMetrics } from '@layercache/core'

const cache = createCache({ namespace: 'catalogue' })

const misses: string[] = []
cache.on('miss', ({ key }) => misses.push(key))
cache.on('error', ({ operation, error }) => console.warn('cache', operation, error))

const loadProduct = async (id: number) => ({ id, name: `Product ${id}` })
for (const id of [1, 2, 1, 1, 3, 1, 2, 1, 1, 1]) {
  await cache.getOrSet(`product:${id}`, () => loadProduct(id))
}

// Aim for a hit rate above 80%; below that, look at TTLs, invalidations and key consistency.
const { hitRate, loader, layers } = cache.stats()
assert.equal(hitRate, 0.7)
assert.deepEqual(misses, ['product:1', 'product:2', 'product:3'])
console.log({ hitRate, loaderCalls: loader.calls, layers })

// The same counters in Prometheus' text format, for a /metrics route.
assert.match(prometheusMetrics(cache), /layercache_hits_total/)
await cache.close()
