import { type Duration, parseDuration } from '@layercache/core'
import { currentPageTags } from './page-tags.js'
import { type CacheSource, helperCache } from './process-cache.js'

/** Options of {@link cached}. `key` and `tags` may depend on the function's arguments. */
export interface CachedOptions<Args extends unknown[]> {
  /** The cache key of a call. */
  key: string | ((...args: Args) => string)
  /**
   * Tags of a call: layercache's, and Next's too (`revalidateTag`, `updateTag` reach them).
   * @default []
   */
  tags?: readonly string[] | ((...args: Args) => readonly string[])
  /**
   * How long a result is fresh.
   * @default the cache's `ttl`
   */
  ttl?: Duration
  /**
   * How long after that a result is still served while a fresh one loads, or when loading fails.
   * @default the cache's `grace`
   */
  grace?: Duration
  /**
   * Also tag a loaded value with the implicit `_N_T_` tags of the page or route that loaded it, so
   * `revalidatePath` on any server reloads it (a value several pages share carries the tags of the
   * page that loaded it).
   * @default true
   */
  pageTags?: boolean
  /**
   * The cache. By default, the one the handlers made in this process (under `name`).
   * @default the handlers' cache
   */
  cache?: CacheSource
  /**
   * Which handlers' cache to use when `cache` is not given.
   * @default 'default'
   */
  name?: string
}

type TagFunction = (...tags: string[]) => void
type LifeFunction = (profile: { revalidate?: number; expire?: number }) => void
interface NextCacheFunctions {
  cacheTag: TagFunction | undefined
  cacheLife: LifeFunction | undefined
}

// Loaded on the first call, so the handler modules (which never call it) do not load `next/cache`.
let nextCacheFunctions: Promise<NextCacheFunctions> | undefined
function loadNextCache(): Promise<NextCacheFunctions> {
  nextCacheFunctions ??= import('next/cache.js').then((module) => {
    // `cacheTag`/`cacheLife` on 16, `unstable_cacheTag`/`unstable_cacheLife` on 15.5.
    const named = module as unknown as Record<string, unknown>
    // Named exports of a CommonJS module are not always detected: fall back to its `default`.
    const functions = ((named.cacheTag ?? named.unstable_cacheTag) ? named : named.default) as Record<
      string,
      unknown
    >
    return {
      cacheTag: (functions.cacheTag ?? functions.unstable_cacheTag) as TagFunction | undefined,
      cacheLife: (functions.cacheLife ?? functions.unstable_cacheLife) as LifeFunction | undefined,
    }
  })
  return nextCacheFunctions
}

/**
 * A cached server function: each call answers from the cache (`getOrSet`: one load per key per
 * process, stale fallbacks within `grace`). Its tags are layercache tags, so `revalidateTag` and
 * `updateTag` (which reach the handlers, hence the same cache) invalidate it on every server; inside a
 * `'use cache'` function it also calls `cacheTag` (and `cacheLife` with `ttl`), so the enclosing
 * entry carries them. A value is also tagged with the loading page's implicit tags, so
 * `revalidatePath` reloads it.
 *
 * @example
 * ```ts
 * export const getProduct = cached((id: string) => db.products.find(id), {
 *   key: (id) => `product:${id}`,
 *   tags: (id) => ['products', `product:${id}`],
 *   ttl: '5m',
 * })
 * ```
 */
export function cached<Args extends unknown[], Result>(
  load: (...args: Args) => Result | Promise<Result>,
  options: CachedOptions<Args>,
): (...args: Args) => Promise<Result> {
  const ttlSeconds = options.ttl === undefined ? undefined : parseDuration(options.ttl, 'ttl') / 1000
  const graceSeconds = options.grace === undefined ? undefined : parseDuration(options.grace, 'grace') / 1000
  return async (...args: Args): Promise<Result> => {
    const key = typeof options.key === 'function' ? options.key(...args) : options.key
    const tags = [...((typeof options.tags === 'function' ? options.tags(...args) : options.tags) ?? [])]
    await tellNext(tags, ttlSeconds, graceSeconds)
    // The page's implicit tags too (layercache's only: Next gives an enclosing entry its own).
    const pageTags = options.pageTags === false ? [] : await currentPageTags()
    const cache = await helperCache(options, 'cached')
    return cache.getOrSet(key, () => load(...args), {
      tags: [...new Set([...tags, ...pageTags])],
      ...(ttlSeconds === undefined ? {} : { ttl: ttlSeconds }),
      ...(graceSeconds === undefined ? {} : { grace: graceSeconds }),
    })
  }
}

/** Inside `'use cache'`, tags the enclosing entry; elsewhere Next throws, and there is nothing to do. */
async function tellNext(tags: string[], ttl: number | undefined, grace: number | undefined): Promise<void> {
  const { cacheTag, cacheLife } = await loadNextCache()
  try {
    if (tags.length > 0) cacheTag?.(...tags)
  } catch {}
  if (ttl === undefined) return
  try {
    cacheLife?.({ revalidate: ttl, expire: ttl + (grace ?? 0) })
  } catch {}
}
