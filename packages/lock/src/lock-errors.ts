import { LayercacheError, type LayercacheErrorOptions } from '@layercache/core'

/**
 * Stable codes of the errors specific to locks. Bad input uses core's codes (`E_INVALID_KEY`,
 * `E_INVALID_TTL`, `E_INVALID_DURATION`, `E_INVALID_OPTION`) and store outages `E_STORE_FAILURE` (`E_STORE_TIMEOUT` when the store did not answer in time).
 *
 * @example
 * ```ts
 * try { await lock.withLock('invoice:42', work, { wait: '5s' }) } catch (error) {
 *   if (LockError.isInstance(error) && error.code === lockErrors.LOCK_NOT_ACQUIRED) retryLater()
 * }
 * ```
 */
export const lockErrors = {
  /** Another owner held the lock for the whole `wait` (or `wait` was 0). */
  LOCK_NOT_ACQUIRED: 'E_LOCK_NOT_ACQUIRED',
  /**
   * The lock expired or was taken by another owner while it was held: the work may have overlapped
   * with another holder's. Raised by `withLock` and by `await using` disposal.
   */
  LOCK_LOST: 'E_LOCK_LOST',
} as const

/** One of the values of {@link lockErrors}. */
export type LockErrorCode = (typeof lockErrors)[keyof typeof lockErrors]

/**
 * Why a handle no longer holds its lock:
 * - `'expired'`: its TTL ran out and nobody holds the lock now;
 * - `'taken'`: its TTL ran out and another owner holds the lock now;
 * - `'released'`: this handle released it earlier.
 */
export type LockLossReason = 'expired' | 'taken' | 'released'

/** Options of {@link LockError}. */
export interface LockErrorOptions extends LayercacheErrorOptions {
  /** Why the lock was lost, for `E_LOCK_LOST`. */
  reason?: LockLossReason
}

const lockCodes: ReadonlySet<string> = new Set(Object.values(lockErrors))

/**
 * The error of a lock that could not be acquired or was lost. It is a `LayercacheError`, so
 * `LayercacheError.isInstance(error)` is true as well.
 */
export class LockError extends LayercacheError<LockErrorCode> {
  /** The resource the lock protects, as given to `acquire`. */
  readonly resource: string
  /** For `E_LOCK_LOST`: why the lock was lost. */
  readonly reason: LockLossReason | undefined

  constructor(code: LockErrorCode, resource: string, message: string, options: LockErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'LockError'
    this.resource = resource
    this.reason = options.reason
  }

  /** True when `error` is a lock error, from any copy of the package. */
  static override isInstance(error: unknown): error is LockError {
    return LayercacheError.isInstance(error) && lockCodes.has((error as { code: string }).code)
  }
}

/** The `E_LOCK_LOST` error for `resource`, with a message a reader can act on. */
export function lockLostError(resource: string, reason: Exclude<LockLossReason, 'released'>): LockError {
  const what =
    reason === 'taken'
      ? 'its TTL ran out and another owner holds it now'
      : 'its TTL ran out before it was extended or released'
  return new LockError(
    lockErrors.LOCK_LOST,
    resource,
    `lock ${JSON.stringify(resource)} was lost: ${what}. The work may have overlapped with another holder's; ` +
      'pass handle.fence to the protected resource so it refuses stale writes',
    { reason },
  )
}
