import type { Cache } from '@layercache/core'
import { MAX_TTL_SECONDS } from './constants.js'

/**
 * Next's tag revalidation on the cache: with durations (`revalidateTag(tag, profile)` on 16) the
 * entries turn stale, and are gone after `expire` seconds; without (`updateTag`, `revalidateTag` on
 * 15.5) they are gone now.
 */
export async function revalidateTags(
  cache: Cache,
  tags: readonly string[],
  durations: { expire?: number } | undefined,
): Promise<void> {
  if (durations === undefined || durations.expire === 0) {
    await cache.invalidateByTags(tags)
    return
  }
  const staleFor = durations.expire === undefined ? undefined : Math.min(durations.expire, MAX_TTL_SECONDS)
  await cache.expireByTags(tags, staleFor === undefined ? {} : { staleFor })
}
