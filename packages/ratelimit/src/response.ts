/**
 * Why `limit` answered as it did. Always branch on `success`; `reason` says why.
 *
 * | reason | success | meaning |
 * | --- | --- | --- |
 * | `'allowed'` | true | every limit had room and the tokens were spent, or the identifier is on the allow list |
 * | `'denied'` | false | a limit had no room; nothing was spent (also answered from the ephemeral cache) |
 * | `'blocked'` | false | the identifier is blocked by `block()` or on the deny list |
 * | `'timeout'` | per `failMode` | the store did not answer within `timeout` |
 * | `'error'` | per `failMode` | the store failed (connection refused, script error, unexpected reply) |
 */
export type RateLimitReason = 'allowed' | 'denied' | 'blocked' | 'timeout' | 'error'

/** One limit's view of a decision. */
export interface LimitResult {
  /** The limiter's policy name (see `LimiterOptions.name`). */
  readonly name: string
  /** True when this limit had room for the request. */
  readonly success: boolean
  /** The limit's capacity. */
  readonly limit: number
  /** Tokens left after this request (or available now, when nothing was spent). */
  readonly remaining: number
  /** When this limit is back to full capacity, in milliseconds since the epoch (store clock). */
  readonly reset: number
  /** Milliseconds until this limit has room for the same request: `0` now, `Infinity` never. */
  readonly retryAfter: number
  /** Milliseconds for this limit to recover completely from empty. */
  readonly window: number
}

/**
 * The answer of `limit` and `blockUntilReady`: the fields of `@upstash/ratelimit`'s response plus
 * `retryAfter`, `reason` and each limit's details. The top-level `limit`, `remaining` and `reset`
 * come from the most constraining limit: the one that denied with the longest wait, else the one
 * with the fewest tokens left.
 */
export interface RateLimitResponse {
  /** Whether the request may proceed. */
  readonly success: boolean
  /** Capacity of the most constraining limit. */
  readonly limit: number
  /** Tokens left on the most constraining limit (`0` while blocked). */
  readonly remaining: number
  /** When the most constraining limit is back to full capacity, in milliseconds since the epoch. */
  readonly reset: number
  /** Milliseconds until the same request could succeed: `0` on success, `Infinity` if never. */
  readonly retryAfter: number
  /** Why; see {@link RateLimitReason}. */
  readonly reason: RateLimitReason
  /**
   * Settles (never rejects) when the store call behind this answer has settled. It is already
   * settled, except after a timeout; on serverless platforms pass it to `waitUntil`.
   */
  readonly pending: Promise<void>
  /** Every limit's view, in the order the limiters were given. */
  readonly limits: readonly LimitResult[]
}

/** The answer of `getRemaining` and `refund`: the state now, nothing spent. */
export interface RateLimitState {
  /** Capacity of the limit with the fewest tokens left. */
  readonly limit: number
  /** Tokens available now on the limit with the fewest left. */
  readonly remaining: number
  /** When that limit is back to full capacity, in milliseconds since the epoch. */
  readonly reset: number
  /** End of the block set by `block()`, in milliseconds since the epoch; `0` when not blocked. */
  readonly blockedUntil: number
  /** Every limit's view, in the order the limiters were given. */
  readonly limits: readonly LimitResult[]
}

/** Index of the limit with the fewest tokens left (the first one on ties). */
export function fewestRemaining(limits: readonly LimitResult[]): number {
  let chosen = 0
  for (let i = 1; i < limits.length; i++) if (limits[i]!.remaining < limits[chosen]!.remaining) chosen = i
  return chosen
}

/** Index of the denying limit with the longest wait, or -1 when every limit had room. */
export function longestWait(limits: readonly LimitResult[]): number {
  let chosen = -1
  for (let i = 0; i < limits.length; i++) {
    if (!limits[i]!.success && (chosen === -1 || limits[i]!.retryAfter > limits[chosen]!.retryAfter))
      chosen = i
  }
  return chosen
}
