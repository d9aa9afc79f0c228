// Reply shapes shared by both sides of the scripts (what Redis returns through RESP2).

/** `[member, score text, rank, reachedAt ms, metadata JSON or null]`. */
export type EntryRow = [
  member: string,
  score: string,
  rank: number,
  reachedAt: number,
  metadata: string | null,
]

/**
 * What `ZRANGE ... WITHSCORES` answers: `<tie key><member>`, then the score as Redis prints it (in
 * memory `String(score)`), for each row. Every such text parses back to the exact double.
 */
export type ScoredRows = string[]

/**
 * The reply of range and around: the board size (-1 when not asked for), the position of the first
 * row (0-based), its rank (0 without rows; the ranks of the others follow from the scores), the rows,
 * then per row its reachedAt and its metadata JSON (empty lists unless asked for).
 */
export type RangeReply = [
  total: number,
  start: number,
  firstRank: number,
  rows: ScoredRows,
  reachedAt: number[],
  metadata: (string | null)[],
]

/** Board size in a {@link RangeReply} when the call did not ask for it. */
export const TOTAL_NOT_ASKED = -1

/** One submitted item: an entry row, then whether the score changed and the previous score text. */
export type SubmitRow = [
  member: string,
  score: string,
  rank: number,
  reachedAt: number,
  changed: 0 | 1,
  previous: string | null,
]

/** `[0, rows]` when applied; `[1, index of the item]` when an increment would leave the finite doubles. */
export type SubmitReply = [status: 0, rows: SubmitRow[]] | [status: 1, index: number]

/** Status codes of {@link SubmitReply}. */
export const SUBMIT_APPLIED = 0
export const SUBMIT_OUT_OF_RANGE = 1
