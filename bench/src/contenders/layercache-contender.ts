import { createCache, createMemoryStore } from '@layercache/core'
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

/**
 * layercache on a memory store that keeps callers' values themselves (`copyValues: false`): no copy
 * at `set`, as lru-cache; the explicit, cheaper option beside the default frozen copy.
 */
export async function filledLayercacheByReference(workload: Workload): Promise<FilledCache> {
  const cache = createCache({ layers: [createMemoryStore({ copyValues: false })] })
  for (const [key, value] of workload.entries) await cache.set(key, value, workload.ttlSeconds)
  return {
    name: 'layercache copyValues: false',
    get: (key) => cache.get(key),
    getOrSet: (key, loader) => cache.getOrSet(key, loader, workload.ttlSeconds),
    set: (key, value) => cache.set(key, value, workload.ttlSeconds),
    close: () => cache.close(),
  }
}
