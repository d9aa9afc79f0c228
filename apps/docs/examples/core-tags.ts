import assert from 'node:assert/strict'
import { createCache } from '@layercache/core'

// createCache() alone is the embedded memory store with a 5 minute TTL.
const cache = createCache({ namespace: 'goals', grace: '1h' })

await cache.setWithTags('goal:1', { title: 'Run 10k' }, ['goals', 'user:7'], 300)
await cache.set('goal:2', { title: 'Read 20 books' }, { ttl: '10m', tags: ['goals', 'user:8'] })

// One write per tag, however many entries carry it.
await cache.invalidateByTags(['user:7'])
assert.equal(await cache.get('goal:1'), undefined)
assert.deepEqual(await cache.get('goal:2'), { title: 'Read 20 books' })

// expireByTags keeps entries as stale fallbacks: getOrSet serves one if the reload fails.
await cache.expireByTags(['goals'])
const goal = await cache.getOrSet('goal:2', async (): Promise<{ title: string }> => {
  throw new Error('database down')
})
assert.equal(goal.title, 'Read 20 books')
console.log(cache.stats().staleHits) // 1
await cache.close()
