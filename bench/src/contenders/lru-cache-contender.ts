import { LRUCache } from 'lru-cache'
import type { FilledCache, Workload } from './filled-cache.js'

/**
 * lru-cache behind an `async` function: the least any promise-returning cache can cost, so it is the
 * floor rather than a rival. It is given no TTL, which makes the floor lower still.
 */
export async function filledAsyncLruCache(workload: Workload): Promise<FilledCache> {
  return asyncLruCache('lru-cache 11 (async wrapper)', workload, undefined)
}

/**
 * lru-cache with a TTL on every entry, behind an `async` function: the floor for writes, which is
 * where a TTL costs lru-cache something (a timestamp per entry).
 */
export async function filledAsyncLruCacheWithTtl(workload: Workload): Promise<FilledCache> {
  return asyncLruCache('lru-cache 11 with ttl (async wrapper)', workload, workload.ttlSeconds * 1_000)
}

function asyncLruCache(name: string, workload: Workload, ttl: number | undefined): FilledCache {
  const max = Math.max(workload.entries.size, 1)
  const lru = new LRUCache<string, NonNullable<unknown>>(ttl === undefined ? { max } : { max, ttl })
  for (const [key, value] of workload.entries) lru.set(key, value as NonNullable<unknown>)
  return {
    name,
    get: async (key) => lru.get(key),
    getOrSet: async (key, loader) => {
      const found = lru.get(key)
      if (found !== undefined) return found
      const loaded = (await loader()) as NonNullable<unknown>
      lru.set(key, loaded)
      return loaded
    },
    set: async (key, value) => lru.set(key, value as NonNullable<unknown>),
    close: async () => lru.clear(),
  }
}
