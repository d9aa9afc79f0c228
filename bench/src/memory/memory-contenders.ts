import { createCache, createMemoryStore } from '@layercache/core'
import { LRUCache } from 'lru-cache'

/** The TTL given to every contender that supports one. */
export const MEMORY_TTL_MILLISECONDS = 300_000
/** Byte limit high enough that only `maxEntries` bounds the memory store. */
const UNBOUNDED_BYTES = Number.MAX_SAFE_INTEGER

/** Fills a cache with `keys[i] -> values[i]` and returns it (kept alive by the caller) with its size. */
export type MemoryFiller = (
  keys: readonly string[],
  values: readonly string[],
) => Promise<{ cache: unknown; size: number }>

/**
 * The contenders of the memory benchmark, by the name the child process is given. The subject is
 * compared with `lru-cache` and `lru-cache + ttl`; `layercache createCache()` is reported for
 * context: it adds what the full cache keeps per entry (its namespaced key).
 */
export const MEMORY_CONTENDERS = {
  'layercache createMemoryStore': async (keys, values) => {
    const store = createMemoryStore({ maxEntries: keys.length, maxBytes: UNBOUNDED_BYTES, sweepInterval: 0 })
    const now = Date.now()
    const expiresAt = now + MEMORY_TTL_MILLISECONDS
    for (let index = 0; index < keys.length; index++) {
      const value = values[index]!
      store.set(keys[index]!, { value, createdAt: now, expiresAt, staleUntil: expiresAt, size: value.length })
    }
    return { cache: store, size: store.size }
  },
  'lru-cache 11': async (keys, values) => {
    const lru = new LRUCache<string, string>({ max: keys.length })
    for (let index = 0; index < keys.length; index++) lru.set(keys[index]!, values[index]!)
    return { cache: lru, size: lru.size }
  },
  'lru-cache 11 + ttl': async (keys, values) => {
    const lru = new LRUCache<string, string>({ max: keys.length, ttl: MEMORY_TTL_MILLISECONDS })
    for (let index = 0; index < keys.length; index++) lru.set(keys[index]!, values[index]!)
    return { cache: lru, size: lru.size }
  },
  'layercache createCache()': async (keys, values) => {
    const store = createMemoryStore({ maxEntries: keys.length, maxBytes: UNBOUNDED_BYTES, sweepInterval: 0 })
    const cache = createCache({ layers: [store], ttl: MEMORY_TTL_MILLISECONDS / 1_000 })
    for (let index = 0; index < keys.length; index++) await cache.set(keys[index]!, values[index]!)
    return { cache, size: store.size }
  },
} satisfies Record<string, MemoryFiller>

export type MemoryContenderName = keyof typeof MEMORY_CONTENDERS
