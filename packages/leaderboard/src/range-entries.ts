import type { EntryField, LeaderboardEntry } from './entry.js'
import type { RankMode } from './options.js'
import type { RangeReply, ScoredRows } from './scripts/replies.js'

const TIE_KEY_LENGTH = 16

/** The details a read asked for (`with`). */
export interface EntryFields {
  readonly reachedAt: boolean
  readonly metadata: boolean
}

/** No details: member, score and rank only. */
export const NO_DETAILS: EntryFields = { reachedAt: false, metadata: false }
/** Every detail, as `entry` and `entries` return them. */
export const ALL_DETAILS: EntryFields = { reachedAt: true, metadata: true }

/**
 * The entries of a {@link RangeReply}: members without their tie keys, exact scores, and the ranks
 * of the board's rank mode, which follow from the first row's rank and the scores (what the Lua
 * side used to compute row by row).
 */
export function rangeEntries<TMetadata, TFields extends EntryField>(
  [, start, firstRank, rows, reachedAt, metadata]: RangeReply,
  rankMode: RankMode,
  fields: EntryFields,
): LeaderboardEntry<TMetadata, TFields>[] {
  const entries: LeaderboardEntry<TMetadata, TFields>[] = []
  let rank = firstRank
  let previous = 0
  for (let index = 0; index < rows.length / 2; index++) {
    const score = rowScore(rows[index * 2 + 1]!)
    if (index > 0 && (rankMode === 'ordinal' || score !== previous))
      rank = rankMode === 'dense' ? rank + 1 : start + index + 1
    previous = score
    const entry: Record<string, unknown> = { member: rows[index * 2]!.slice(TIE_KEY_LENGTH), score, rank }
    if (fields.reachedAt) entry.reachedAt = reachedAt[index]
    if (fields.metadata) {
      const json = metadata[index]
      entry.metadata = json === null || json === undefined ? undefined : (JSON.parse(json) as TMetadata)
    }
    entries.push(entry as LeaderboardEntry<TMetadata, TFields>)
  }
  return entries
}

/** Entries of an ordinal board from bare {@link ScoredRows} starting at position `start`. */
export function scoredEntries<TMetadata>(
  rows: ScoredRows,
  start: number,
): LeaderboardEntry<TMetadata, never>[] {
  const entries: LeaderboardEntry<TMetadata, never>[] = []
  for (let index = 0; index < rows.length / 2; index++) {
    entries.push({
      member: rows[index * 2]!.slice(TIE_KEY_LENGTH),
      score: rowScore(rows[index * 2 + 1]!),
      rank: start + index + 1,
    })
  }
  return entries
}

/**
 * A score as `ZRANGE ... WITHSCORES` prints it (Redis's %.17g, or its shortest round-trip text) or
 * as the memory store prints it (`String`): each parses back to the exact double. `+ 0` turns -0
 * into 0, as `encodeScore` does everywhere else.
 */
function rowScore(text: string): number {
  return Number(text) + 0
}
