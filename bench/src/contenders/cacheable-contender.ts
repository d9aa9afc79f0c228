import { Cacheable } from 'cacheable'
import type { FilledCache, Workload } from './filled-cache.js'

/** cacheable with its default in-memory primary store. */
export async function filledCacheable(workload: Workload): Promise<FilledCache> {
  const ttl = workload.ttlSeconds * 1_000
  const cache = new Cacheable({ ttl })
  for (const [key, value] of workload.entries) await cache.set(key, value, ttl)
  return {
    name: 'cacheable 2 (new Cacheable())',
    get: (key) => cache.get(key),
    getOrSet: (key, loader) => cache.getOrSet(key, loader, { ttl }),
    set: (key, value) => cache.set(key, value, ttl),
    close: () => cache.disconnect(),
  }
}
