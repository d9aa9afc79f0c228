import assert from 'node:assert/strict'
import { createCache, createMemoryStore } from '@layercache/core'

// Size limits: the memory layer evicts (SIEVE) past maxEntries or maxBytes, and refuses oversized values.
const memory = createMemoryStore({ maxEntries: 1_000, maxBytes: 8 * 1024 * 1024, maxValueBytes: 256 * 1024 })

// Compression applies where values are serialized (a Redis layer): above the threshold, gzip.
const cache = createCache({
  namespace: 'reports',
  layers: [memory],
  compression: { threshold: 1024, algorithm: 'gzip' },
})

for (let id = 0; id < 1_500; id++) await cache.set(`report:${id}`, { id })
assert.ok(cache.stats().evictions >= 500)

// Cache only what you read: the fields a page needs, not the whole row.
const row = { id: 7, title: 'Q3', body: 'x'.repeat(100_000), author: { id: 1, email: 'a@example.com' } }
await cache.set('report:7:summary', { id: row.id, title: row.title })
console.log(await cache.get('report:7:summary'), cache.stats().evictions)
await cache.close()
