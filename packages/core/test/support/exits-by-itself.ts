// Uses every timer-owning feature, then simply ends: the process must exit without close().
import { createCache, createMemoryStore, scheduleRefresh } from '../../src/index.js'

const cache = createCache({
  namespace: 'exit',
  grace: '1h',
  layers: [createMemoryStore({ sweepInterval: '1s' })],
})
await cache.set('a', 1, '1h')
await cache.getOrSet('b', async () => 2, { hardTimeout: '1h', timeout: '1h' })
scheduleRefresh(cache, 'c', async () => 3, { every: '1h' })
await cache.invalidateByTags(['t'])
console.log('done')
