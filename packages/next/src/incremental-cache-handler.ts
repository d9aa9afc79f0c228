import { type Cache, parseDuration } from '@layercache/core'
import {
  DEFAULT_FALLBACK_TTL,
  INCREMENTAL_KEY_PREFIX,
  MAX_TTL_SECONDS,
  NEXT_CACHE_TAGS_HEADER,
} from './constants.js'
import { DEFAULT_HANDLER_NAME, type IncrementalCacheHandlerOptions, warnOnError } from './handler-options.js'
import type {
  IncrementalCacheHandlerValue,
  IncrementalCacheValue,
  IncrementalGetContext,
  IncrementalSetContext,
  NextCacheControl,
} from './next-types.js'
import { processCache } from './process-cache.js'
import { storageKey } from './storage-key.js'
import { revalidateTags } from './tag-revalidation.js'
import { judgeEntry } from './tag-verdict.js'

/** What is stored per key: the value as Next gave it, when it was rendered, and its lifetime. */
interface StoredRender {
  readonly value: IncrementalCacheValue | null
  readonly lastModified: number
  readonly cacheControl?: NextCacheControl
}

/** The class Next's `cacheHandler` option names: Next constructs one per request. */
export interface IncrementalCacheHandler {
  get(key: string, context: IncrementalGetContext): Promise<IncrementalCacheHandlerValue | null>
  set(key: string, data: IncrementalCacheValue | null, context: IncrementalSetContext): Promise<void>
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void>
  resetRequestCache(): void
}

/** The constructor {@link createIncrementalCacheHandler} returns. */
export type IncrementalCacheHandlerClass = new (context?: unknown) => IncrementalCacheHandler

/**
 * The class for Next's `cacheHandler` (ISR, the fetch cache, route handlers, `unstable_cache`,
 * images with `images.customCacheHandler`), backed by a layercache `Cache` shared by every request
 * of the process. Tags come from `x-next-cache-tags` (with the implicit `_N_T_` path tags), from a
 * fetch's tags and its soft tags; an entry whose tag was expired on any server answers stale (Next
 * serves it and renders anew in the background), one whose tag was invalidated answers nothing.
 *
 * @example
 * ```ts
 * // cache-handler.mjs
 * import { createIncrementalCacheHandler } from '@layercache/next'
 * import { makeCache } from './cache.mjs'
 * export default createIncrementalCacheHandler({ cache: makeCache })
 * ```
 */
export function createIncrementalCacheHandler(
  options: IncrementalCacheHandlerOptions,
): IncrementalCacheHandlerClass {
  const name = options.name ?? DEFAULT_HANDLER_NAME
  const onError = options.onError ?? warnOnError
  const fallbackTtl = parseDuration(options.fallbackTtl ?? DEFAULT_FALLBACK_TTL, 'fallbackTtl') / 1000
  const cache = (): Promise<Cache> => processCache(name, options.cache)

  return class LayercacheIncrementalCache implements IncrementalCacheHandler {
    // Next passes its own context (file system, flags); everything needed lives at module scope.
    // biome-ignore lint/complexity/noUselessConstructor: Next constructs the class with an argument.
    constructor(_context?: unknown) {}

    async get(key: string, context: IncrementalGetContext): Promise<IncrementalCacheHandlerValue | null> {
      try {
        const store = await cache()
        const entry = await store.getEntry<StoredRender>(storageKey(INCREMENTAL_KEY_PREFIX, key))
        if (entry === undefined) return null
        const extraTags = [...(context?.tags ?? []), ...(context?.softTags ?? [])]
        const verdict = await judgeEntry(store, entry, extraTags)
        if (verdict === 'expired') return null
        const render = entry.value
        const lastModified = verdict === 'stale' ? staleLastModified(render, context) : render.lastModified
        return render.cacheControl === undefined
          ? { lastModified, value: render.value }
          : { lastModified, value: render.value, cacheControl: render.cacheControl }
      } catch (error) {
        onError(error, 'get')
        return null
      }
    }

    async set(
      key: string,
      data: IncrementalCacheValue | null,
      context: IncrementalSetContext,
    ): Promise<void> {
      try {
        const store = await cache()
        const cacheControl = context?.cacheControl
        const render: StoredRender =
          cacheControl === undefined
            ? { value: data, lastModified: Date.now() }
            : { value: data, lastModified: Date.now(), cacheControl }
        const expire = typeof cacheControl?.expire === 'number' ? cacheControl.expire : fallbackTtl
        const ttl = Math.min(Math.max(expire, 1), MAX_TTL_SECONDS)
        await store.set(storageKey(INCREMENTAL_KEY_PREFIX, key), render, {
          ttl,
          grace: 0,
          tags: tagsOf(data, context),
        })
      } catch (error) {
        onError(error, 'set')
      }
    }

    async revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void> {
      const list = (typeof tags === 'string' ? [tags] : tags).filter((tag) => tag.length > 0)
      if (list.length === 0) return
      try {
        await revalidateTags(await cache(), list, durations)
      } catch (error) {
        onError(error, 'revalidateTag')
      }
    }

    resetRequestCache(): void {}
  }
}

/** A page's tags are in its `x-next-cache-tags` header; a fetch's come with the call. */
function tagsOf(data: IncrementalCacheValue | null, context: IncrementalSetContext): string[] {
  const tags = new Set<string>(context?.tags ?? [])
  if (data?.kind === 'FETCH') for (const tag of data.tags ?? []) tags.add(tag)
  if (data !== null && 'headers' in data) {
    const header = (data.headers as Record<string, unknown> | undefined)?.[NEXT_CACHE_TAGS_HEADER]
    if (typeof header === 'string') for (const tag of header.split(',')) if (tag.length > 0) tags.add(tag)
  }
  return [...tags]
}

/**
 * A `lastModified` Next reads as "stale, still servable": just past the revalidate time, so Next
 * answers with the entry and renders anew in the background. Without a revalidate time, `-1`, which
 * Next takes as stale and renders anew before answering.
 */
function staleLastModified(render: StoredRender, context: IncrementalGetContext): number {
  const value = render.value
  const revalidate =
    value?.kind === 'FETCH'
      ? context?.revalidate || value.revalidate
      : (render.cacheControl?.revalidate ?? context?.revalidate)
  if (typeof revalidate !== 'number' || revalidate <= 0) return -1
  return Math.min(render.lastModified, Date.now() - revalidate * 1000 - 1)
}
