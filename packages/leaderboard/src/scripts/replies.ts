// Reply shapes shared by both sides of the scripts (what Redis returns through RESP2).

/** `[member, score text, rank, reachedAt ms, metadata JSON or null]`. */
export type EntryRow = [
  member: string,
  score: string,
  rank: number,
  reachedAt: number,
  metadata: string | null,
]

/** `[total members, rows]`: the reply of range and around. */
export type RangeReply = [total: number, rows: EntryRow[]]

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
