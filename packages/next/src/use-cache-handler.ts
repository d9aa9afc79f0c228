import type { Cache } from '@layercache/core'
import { MAX_TTL_SECONDS, USE_CACHE_KEY_PREFIX } from './constants.js'
import { DEFAULT_HANDLER_NAME, type UseCacheHandlerOptions, warnOnError } from './handler-options.js'
import type { UseCacheEntry } from './next-types.js'
import { processCache } from './process-cache.js'
import { storageKey } from './storage-key.js'
import { revalidateTags } from './tag-revalidation.js'
import { judgeEntry } from './tag-verdict.js'

/** An entry as stored: the bytes of its stream and Next's metadata. */
interface StoredUseCacheEntry {
  readonly bytes: Uint8Array
  readonly tags: readonly string[]
  readonly stale: number
  readonly timestamp: number
  readonly expire: number
  readonly revalidate: number
}

/**
 * The object Next's `cacheHandlers` option names (`'use cache'`, `'use cache: remote'`, custom
 * kinds). It speaks both Next 16's shape (`getExpiration(tags)`, `updateTags`, `refreshTags`) and
 * 15.5's (`getExpiration(...tags)`, `expireTags`).
 */
export interface UseCacheHandler {
  get(cacheKey: string, softTags?: string[]): Promise<UseCacheEntry | undefined>
  set(cacheKey: string, pendingEntry: Promise<UseCacheEntry>): Promise<void>
  refreshTags(): Promise<void>
  getExpiration(...tags: unknown[]): Promise<number>
  updateTags(tags: string[], durations?: { expire?: number }): Promise<void>
  expireTags(...tags: string[]): Promise<void>
}

/**
 * A `'use cache'` handler backed by a layercache `Cache`. `get` waits for a pending `set` of the same
 * key, judges the entry by its own tags and the request's soft tags against the records every server
 * shares (an expired tag: a miss; a stale one: served once more and refreshed in the background), and
 * never throws. `set` reads the stream once and stores its bytes for the entry's `expire`.
 *
 * @example
 * ```ts
 * // use-cache-handler.mjs
 * import { createUseCacheHandler } from '@layercache/next'
 * import { makeCache } from './cache.mjs'
 * export default createUseCacheHandler({ cache: makeCache })
 * ```
 */
export function createUseCacheHandler(options: UseCacheHandlerOptions): UseCacheHandler {
  const name = options.name ?? DEFAULT_HANDLER_NAME
  const onError = options.onError ?? warnOnError
  const cache = (): Promise<Cache> => processCache(name, options.cache)
  // Sets still reading their stream, by key: a get of that key waits for them.
  const pendingSets = new Map<string, Promise<void>>()

  return {
    async get(cacheKey, softTags = []) {
      try {
        await pendingSets.get(cacheKey)
        const store = await cache()
        const entry = await store.getEntry<StoredUseCacheEntry>(storageKey(USE_CACHE_KEY_PREFIX, cacheKey))
        if (entry === undefined) return undefined
        const verdict = await judgeEntry(store, entry, softTags)
        if (verdict === 'expired') return undefined
        const stored = entry.value
        return {
          value: streamOf(stored.bytes),
          tags: [...stored.tags],
          stale: stored.stale,
          timestamp: stored.timestamp,
          expire: stored.expire,
          // A negative revalidate makes Next serve the entry and refresh it in the background.
          revalidate: verdict === 'stale' ? -1 : stored.revalidate,
        }
      } catch (error) {
        onError(error, 'get')
        return undefined
      }
    },

    async set(cacheKey, pendingEntry) {
      let settled!: () => void
      const pending = new Promise<void>((resolve) => (settled = resolve))
      pendingSets.set(cacheKey, pending)
      try {
        const entry = await pendingEntry
        // An entry with `expire: 0` is dynamic: Next renders it on every request and never reads it.
        if (entry.expire <= 0) {
          await entry.value.cancel().catch(() => {})
          return
        }
        const bytes = await bytesOf(entry.value)
        const stored: StoredUseCacheEntry = {
          bytes,
          tags: entry.tags,
          stale: entry.stale,
          timestamp: entry.timestamp,
          expire: entry.expire,
          revalidate: entry.revalidate,
        }
        const ttl = Math.min(entry.expire, MAX_TTL_SECONDS)
        const store = await cache()
        await store.set(storageKey(USE_CACHE_KEY_PREFIX, cacheKey), stored, {
          ttl,
          grace: 0,
          tags: entry.tags,
        })
      } catch (error) {
        onError(error, 'set')
      } finally {
        if (pendingSets.get(cacheKey) === pending) pendingSets.delete(cacheKey)
        settled()
      }
    },

    // Tag records are read where entries are judged, from the layers every server shares.
    async refreshTags() {},

    // Infinity tells Next that `get` judges entries by the soft tags itself.
    async getExpiration() {
      return Number.POSITIVE_INFINITY
    },

    async updateTags(tags, durations) {
      if (tags.length === 0) return
      try {
        await revalidateTags(await cache(), tags, durations)
      } catch (error) {
        onError(error, 'updateTags')
      }
    },

    async expireTags(...tags) {
      if (tags.length === 0) return
      try {
        await revalidateTags(await cache(), tags, undefined)
      } catch (error) {
        onError(error, 'expireTags')
      }
    },
  }
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let length = 0
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    length += value.byteLength
  }
  const bytes = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })
}
