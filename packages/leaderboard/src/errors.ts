import { type ErrorCode, LayercacheError, type LayercacheErrorOptions } from '@layercache/core'

/**
 * Stable codes of the errors only the leaderboard throws. Bad options, names and durations use the
 * codes of `errors` from `@layercache/core` (`E_INVALID_OPTION`, `E_INVALID_KEY`, `E_INVALID_DURATION`).
 *
 * @example
 * ```ts
 * try { await board.submit('', 10) } catch (error) {
 *   if (LeaderboardError.isInstance(error) && error.code === leaderboardErrors.INVALID_MEMBER) { ... }
 * }
 * ```
 */
export const leaderboardErrors = {
  /** A member id is not a string, is empty, is longer than `maxMemberLength` or is not valid Unicode. */
  INVALID_MEMBER: 'E_LEADERBOARD_INVALID_MEMBER',
  /** A score is not a finite number. */
  INVALID_SCORE: 'E_LEADERBOARD_INVALID_SCORE',
  /** An increment would take a score to ±Infinity; nothing of the call was written. */
  SCORE_OUT_OF_RANGE: 'E_LEADERBOARD_SCORE_OUT_OF_RANGE',
  /** Metadata is not JSON-serializable or its JSON is longer than `maxMetadataLength`. */
  INVALID_METADATA: 'E_LEADERBOARD_INVALID_METADATA',
  /** A count, page number, page size or distance is not a non-negative safe integer, or a date is invalid. */
  INVALID_RANGE: 'E_LEADERBOARD_INVALID_RANGE',
} as const

/** One of the values of {@link leaderboardErrors}. */
export type LeaderboardErrorCode = (typeof leaderboardErrors)[keyof typeof leaderboardErrors]

const leaderboardCodes: readonly string[] = Object.values(leaderboardErrors)

/**
 * An error with a code from {@link leaderboardErrors}. It is a `LayercacheError`, so
 * `LayercacheError.isInstance(error)` is true for it too.
 */
export class LeaderboardError extends LayercacheError<LeaderboardErrorCode> {
  constructor(code: LeaderboardErrorCode, message: string, options?: LayercacheErrorOptions) {
    super(code, message, options)
    this.name = 'LeaderboardError'
  }

  /** True when `error` is a {@link LeaderboardError}, from any copy of the package. */
  static override isInstance(error: unknown): error is LeaderboardError {
    return LayercacheError.isInstance(error) && leaderboardCodes.includes(error.code)
  }
}

/** Throws a core `LayercacheError` (bad options, names, durations). */
export function fail(code: ErrorCode, message: string, cause?: unknown): never {
  throw new LayercacheError(code, message, cause === undefined ? undefined : { cause })
}

/** Throws a {@link LeaderboardError} with `code`. */
export function failWith(code: LeaderboardErrorCode, message: string): never {
  throw new LeaderboardError(code, message)
}
