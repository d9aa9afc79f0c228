import { type Cache, createCache, createMemoryStore } from '@layercache/core'
import type { FilledCache, Workload } from './filled-cache.js'

/** layercache with its defaults: `createCache()` on the embedded memory store. */
export function filledLayercache(workload: Workload): Promise<FilledCache> {
  return filled('layercache createCache()', createCache(), workload)
}

/**
 * layercache on a memory store that keeps callers' values themselves (`copyValues: false`): no copy
 * at `set`, as lru-cache; the explicit, cheaper option beside the default frozen copy.
 */
export function filledLayercacheByReference(workload: Workload): Promise<FilledCache> {
  const cache = createCache({ layers: [createMemoryStore({ copyValues: false })] })
  return filled('layercache copyValues: false', cache, workload)
}

async function filled(name: string, cache: Cache, workload: Workload): Promise<FilledCache> {
  for (const [key, value] of workload.entries) await cache.set(key, value, workload.ttlSeconds)
  return {
    name,
    get: (key) => cache.get(key),
    getOrSet: (key, loader) => cache.getOrSet(key, loader, workload.ttlSeconds),
    set: (key, value) => cache.set(key, value, workload.ttlSeconds),
    close: () => cache.close(),
  }
}
