import type { CacheEntryInfo } from '@layercache/core'
import type { TagStamp } from '@layercache/core/store'

/** What tags the entry was not stored with (Next's soft tags) say about it. */
export type TagVerdict = 'fresh' | 'stale' | 'expired'

/**
 * Judges an entry created at `createdAt` by the records of extra tags, as the cache judges its own:
 * invalidated at or after creation, or a stale window that has closed, is expired; expired at or
 * after creation is stale.
 */
export function tagVerdict(
  stamps: readonly (TagStamp | undefined)[],
  createdAt: number,
  now: number,
): TagVerdict {
  let verdict: TagVerdict = 'fresh'
  for (const stamp of stamps) {
    if (stamp === undefined) continue
    if (stamp.invalidatedAt >= createdAt) return 'expired'
    if (stamp.expiredAt >= createdAt) {
      if (stamp.expiredUntil !== undefined && stamp.expiredUntil <= now) return 'expired'
      verdict = 'stale'
    }
  }
  return verdict
}

/**
 * Whether `entry` is fresh, stale or expired once `extraTags` are taken into account (the tags it
 * carries are already judged by the cache). Tags whose records cannot be read make it expired:
 * nothing is served that might have been invalidated.
 */
export async function judgeEntry(
  cache: { getTagStamps(tags: readonly string[]): Promise<(TagStamp | undefined)[]> },
  entry: CacheEntryInfo,
  extraTags: readonly string[],
): Promise<TagVerdict> {
  const own = new Set(entry.tags)
  const others = [...new Set(extraTags)].filter((tag) => !own.has(tag))
  const base: TagVerdict = entry.stale ? 'stale' : 'fresh'
  if (others.length === 0) return base
  let stamps: (TagStamp | undefined)[]
  try {
    stamps = await cache.getTagStamps(others)
  } catch {
    return 'expired'
  }
  const verdict = tagVerdict(stamps, entry.createdAt, Date.now())
  return verdict === 'fresh' ? base : verdict
}
