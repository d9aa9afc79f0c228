/** What every read returns for a member: who, with which score, at which rank. */
export interface RankedEntry {
  /** The member id. */
  readonly member: string
  /** The score, exactly as stored (any finite double). */
  readonly score: number
  /** 1-based rank under the board's `rankMode`. */
  readonly rank: number
}

/** The fields a read returns only when asked for, beside those of {@link RankedEntry}. */
export interface EntryDetails<TMetadata = unknown> {
  /**
   * When the member reached this score, in milliseconds since the epoch, by the store's clock
   * (Redis `TIME`, or the memory store's clock).
   */
  readonly reachedAt: number
  /** The member's metadata, or undefined when none was stored. */
  readonly metadata: TMetadata | undefined
}

/** A field of {@link EntryDetails}, to ask for in {@link ReadOptions.with}. */
export type EntryField = keyof EntryDetails

/**
 * A member on the board: a {@link RankedEntry} with the {@link EntryDetails} fields `TFields`.
 * `entry` and `entries` return all of them; `top`, `page` and `around` those asked for in `with`.
 */
export type LeaderboardEntry<TMetadata = unknown, TFields extends EntryField = EntryField> = RankedEntry &
  Pick<EntryDetails<TMetadata>, TFields>

/** Options of `top` and `page`. */
export interface ReadOptions<TFields extends EntryField = never> {
  /**
   * Details to return with each entry beside member, score and rank: `'metadata'` (display names,
   * avatars) and `'reachedAt'`. Each costs a hash read on Redis; without them, on a board with
   * ordinal ranks, a read is a single `ZRANGE` inside a one-line script.
   *
   * @example
   * ```ts
   * const top = await board.top(10, { with: ['metadata'] }) // [{ member, score, rank, metadata }]
   * ```
   * @default [] (member, score and rank only)
   */
  with?: readonly TFields[]
}

/** What `submit` reports for one member. */
export interface SubmitResult {
  /** The member id. */
  readonly member: string
  /** The member's score after the call (with `best`, possibly an earlier, better one). */
  readonly score: number
  /** 1-based rank after the call. */
  readonly rank: number
  /** When the member reached `score` (unchanged when the score did not change). */
  readonly reachedAt: number
  /** True when the call changed the member's score (a new member, a better score, a replacement). */
  readonly changed: boolean
  /** The score before the call, or undefined for a new member. */
  readonly previousScore: number | undefined
}

/** An item of `submitMany`. */
export interface SubmitItem<TMetadata = unknown> {
  readonly member: string
  /** The score, or the amount to add with `update: 'increment'`. */
  readonly score: number
  /** Replaces the member's metadata; left out, the stored metadata is kept. */
  readonly metadata?: TMetadata
}

/** Options of `submit`. */
export interface SubmitOptions<TMetadata = unknown> {
  /**
   * Replaces the member's metadata (display name, avatar); left out, the stored metadata is kept.
   * @default none (the stored metadata is kept)
   */
  metadata?: TMetadata
}

/** One page of the board, from `page`. */
export interface LeaderboardPage<TMetadata = unknown, TFields extends EntryField = EntryField> {
  /** The entries of the page, best first (empty past the last page), with the details asked for. */
  readonly entries: LeaderboardEntry<TMetadata, TFields>[]
  /** The page number asked for (1-based). */
  readonly pageNumber: number
  readonly pageSize: number
  /** Members on the board. */
  readonly total: number
  /** Pages on the board: `ceil(total / pageSize)`. */
  readonly pageCount: number
}

/** Options of `around`. */
export interface AroundOptions<TFields extends EntryField = never> extends ReadOptions<TFields> {
  /**
   * Near the top or the bottom of the board, take more neighbours from the other side so the
   * window keeps `2 · distance + 1` entries when the board has them.
   * @default false
   */
  fillBorders?: boolean
}

/** A period of a periodic board. */
export interface PeriodInfo {
  /** The period's name in keys, such as `daily:2024-03-10`. */
  readonly id: string
  /** First instant of the period. */
  readonly start: Date
  /** First instant of the next period. */
  readonly end: Date
  /** When the period's data expires (the end of the `keep`-th next period). */
  readonly expiresAt: Date
}
