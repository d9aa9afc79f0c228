import { createCache } from '@layercache/core'
import type { FilledCache, Workload } from './filled-cache.js'

/** layercache with its defaults: `createCache()` on the embedded memory store. */
export async function filledLayercache(workload: Workload): Promise<FilledCache> {
  const cache = createCache()
  for (const [key, value] of workload.entries) await cache.set(key, value, workload.ttlSeconds)
  return {
    name: 'layercache createCache()',
    get: (key) => cache.get(key),
    getOrSet: (key, loader) => cache.getOrSet(key, loader, workload.ttlSeconds),
    set: (key, value) => cache.set(key, value, workload.ttlSeconds),
    close: () => cache.close(),
  }
}
