import { type ErrorCode, errors, LayercacheError, type LayercacheErrorOptions } from '@layercache/core'

/**
 * Codes only the rate limiter throws. Everything else it throws carries a code from core's
 * `errors` map: `E_INVALID_KEY` (identifier), `E_INVALID_OPTION` (limits, rates, options),
 * `E_INVALID_DURATION` (windows, timeouts) and `E_STORE_FAILURE` (the store failed).
 *
 * @example
 * ```ts
 * try { await ratelimit.reset(userId) } catch (error) {
 *   if (RateLimitError.isInstance(error) && error.code === rateLimitErrors.TIMEOUT) retryLater()
 * }
 * ```
 */
export const rateLimitErrors = {
  /** The store did not answer within `timeout` (thrown by `getRemaining`, `reset`, `block`, `refund`). */
  TIMEOUT: 'E_RATELIMIT_TIMEOUT',
  /** The store answered a script with something the script never returns (a foreign or corrupted store). */
  UNEXPECTED_REPLY: 'E_RATELIMIT_UNEXPECTED_REPLY',
} as const

/** One of the values of {@link rateLimitErrors}. */
export type RateLimitErrorCode = (typeof rateLimitErrors)[keyof typeof rateLimitErrors]

/**
 * An error with a code from {@link rateLimitErrors}. It is a `LayercacheError`, so
 * `LayercacheError.isInstance(error)` is true for it too.
 */
export class RateLimitError extends LayercacheError<RateLimitErrorCode> {
  constructor(code: RateLimitErrorCode, message: string, options?: LayercacheErrorOptions) {
    super(code, message, options)
    this.name = 'RateLimitError'
  }

  /** True when `error` is a {@link RateLimitError}, from any copy of the package. */
  static override isInstance(error: unknown): error is RateLimitError {
    return (
      LayercacheError.isInstance(error) &&
      Object.values(rateLimitErrors).includes((error as { code: string }).code as RateLimitErrorCode)
    )
  }
}

/** Throws a core {@link LayercacheError} with `code`. */
export function fail(code: ErrorCode, message: string, cause?: unknown): never {
  throw new LayercacheError(code, message, cause === undefined ? undefined : { cause })
}

/** Throws `E_INVALID_OPTION`. */
export function invalidOption(message: string): never {
  fail(errors.INVALID_OPTION, message)
}
