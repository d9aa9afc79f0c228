import { createCache } from 'cache-manager'
import type { FilledCache, Workload } from './filled-cache.js'

/** cache-manager 7 with its default in-memory Keyv store. */
export async function filledCacheManager(workload: Workload): Promise<FilledCache> {
  const ttl = workload.ttlSeconds * 1_000
  const cache = createCache({ ttl })
  for (const [key, value] of workload.entries) await cache.set(key, value, ttl)
  return {
    name: 'cache-manager 7 (createCache())',
    get: (key) => cache.get(key),
    getOrSet: (key, loader) => cache.wrap(key, loader, ttl),
    set: (key, value) => cache.set(key, value, ttl),
    close: async () => {
      await cache.disconnect()
    },
  }
}
