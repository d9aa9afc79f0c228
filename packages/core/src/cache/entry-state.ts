import type { StoredEntry, TagStamp } from '../store/store.js'

/** Whether an entry may be served. */
export const EntryState = { fresh: 0, stale: 1, dead: 2 } as const
export type EntryState = (typeof EntryState)[keyof typeof EntryState]

/**
 * Classifies an entry at `now` given the stamps of its tags: dead past its grace period, when a tag
 * was invalidated at or after its creation, or when a tag's stale window has closed; stale past its
 * TTL or when a tag was expired.
 */
export function entryState(
  entry: StoredEntry,
  stamps: readonly (TagStamp | undefined)[] | undefined,
  now: number,
): EntryState {
  if (entry.staleUntil <= now) return EntryState.dead
  let state: EntryState = entry.expiresAt > now ? EntryState.fresh : EntryState.stale
  if (stamps !== undefined) {
    for (const stamp of stamps) {
      if (stamp === undefined) continue
      if (stamp.invalidatedAt >= entry.createdAt) return EntryState.dead
      if (stamp.expiredAt >= entry.createdAt) {
        if (stamp.expiredUntil !== undefined && stamp.expiredUntil <= now) return EntryState.dead
        state = EntryState.stale
      }
    }
  }
  return state
}
