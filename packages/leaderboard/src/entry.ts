/** A member on the board, as `top`, `page`, `around` and `entry` return it. */
export interface LeaderboardEntry<TMetadata = unknown> {
  /** The member id. */
  readonly member: string
  /** The score, exactly as stored (any finite double). */
  readonly score: number
  /** 1-based rank under the board's `rankMode`. */
  readonly rank: number
  /**
   * When the member reached this score, in milliseconds since the epoch, by the store's clock
   * (Redis `TIME`, or the memory store's clock).
   */
  readonly reachedAt: number
  /** The member's metadata, or undefined when none was stored. */
  readonly metadata: TMetadata | undefined
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
export interface LeaderboardPage<TMetadata = unknown> {
  /** The entries of the page, best first (empty past the last page). */
  readonly entries: LeaderboardEntry<TMetadata>[]
  /** The page number asked for (1-based). */
  readonly pageNumber: number
  readonly pageSize: number
  /** Members on the board. */
  readonly total: number
  /** Pages on the board: `ceil(total / pageSize)`. */
  readonly pageCount: number
}

/** Options of `around`. */
export interface AroundOptions {
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
