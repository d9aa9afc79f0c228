import { type ErrorCode, errors, LayercacheError, type LayercacheErrorOptions } from '@layercache/core'

/**
 * Codes only the rate limiter throws. Everything else it throws carries a code from core's
 * `errors` map: `E_INVALID_KEY` (identifier), `E_INVALID_OPTION` (limits, rates, options),
 * `E_INVALID_DURATION` (windows, timeouts) and `E_STORE_FAILURE` (the store failed).
 *
 * @example
 * ```ts
 * try { await ratelimit.reset(userId) } catch (error) {
 *   if (RatelimitError.isInstance(error) && error.code === ratelimitErrors.TIMEOUT) retryLater()
 * }
 * ```
 */
export const ratelimitErrors = {
  /** The store did not answer within `timeout` (thrown by `getRemaining`, `reset`, `block`, `refund`). */
  TIMEOUT: 'E_RATELIMIT_TIMEOUT',
  /** The store answered a script with something the script never returns (a foreign or corrupted store). */
  UNEXPECTED_REPLY: 'E_RATELIMIT_UNEXPECTED_REPLY',
} as const

/** One of the values of {@link ratelimitErrors}. */
export type RatelimitErrorCode = (typeof ratelimitErrors)[keyof typeof ratelimitErrors]

// Core types `code` as its own union; the cast lets this subclass carry its own codes while staying a
// real LayercacheError at runtime (instanceof, `LayercacheError.isInstance` and its marker all hold).
const LayercacheErrorWithAnyCode = LayercacheError as unknown as new (
  code: string,
  message: string,
  options?: LayercacheErrorOptions,
) => Omit<LayercacheError, 'code'>

/**
 * An error with a code from {@link ratelimitErrors}. It is a `LayercacheError`, so
 * `LayercacheError.isInstance(error)` is true for it too.
 */
export class RatelimitError extends LayercacheErrorWithAnyCode {
  declare readonly code: RatelimitErrorCode

  constructor(code: RatelimitErrorCode, message: string, options?: LayercacheErrorOptions) {
    super(code, message, options)
    this.name = 'RatelimitError'
  }

  /** True when `error` is a {@link RatelimitError}, from any copy of the package. */
  static isInstance(error: unknown): error is RatelimitError {
    return (
      LayercacheError.isInstance(error) &&
      Object.values(ratelimitErrors).includes((error as { code: string }).code as RatelimitErrorCode)
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
