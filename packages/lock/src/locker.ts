import type { Duration } from '@layercache/core'
import { acquireWithWait } from './acquire-with-wait.js'
import type { LockHandle } from './lock-handle.js'
import { assertResource } from './lock-keys.js'
import type { AcquireOptions, WithLockOptions } from './lock-options.js'
import { type LockSettings, parseLockTtl, parseWait } from './lock-settings.js'
import { type LockedFunction, resolveKeeping, runWhileHeld } from './with-lock.js'

/**
 * What {@link Lock} and {@link Redlock} both offer: accept a `Locker` to work with either.
 *
 * @example
 * ```ts
 * function nightlyReport(locker: Locker) {
 *   return locker.withLock('report:nightly', (signal, { fence }) => buildReport(signal, fence), { ttl: '1m' })
 * }
 * ```
 */
export interface Locker {
  /**
   * Takes the lock on `resource`. With `wait`, waits for a busy lock and rejects with
   * `E_LOCK_NOT_ACQUIRED` if it stays busy; never resolves to `null`.
   */
  acquire(resource: string, options: AcquireOptions & { wait: Duration }): Promise<LockHandle>
  /** Takes the lock on `resource`: one attempt, `null` when another owner holds it. */
  acquire(resource: string, options?: AcquireOptions): Promise<LockHandle | null>
  /**
   * Runs `fn` holding the lock on `resource`, extending it while `fn` runs, then releases it.
   * Without `wait`, rejects with `E_LOCK_NOT_ACQUIRED` at once when the lock is busy.
   */
  withLock<T>(resource: string, fn: LockedFunction<T>, options?: WithLockOptions): Promise<T>
}

/** The behaviour shared by {@link Lock} (one store) and {@link Redlock} (a quorum of stores). */
export abstract class LockerBase implements Locker {
  /** @internal */
  protected readonly settings: LockSettings

  protected constructor(settings: LockSettings) {
    this.settings = settings
  }

  acquire(resource: string, options: AcquireOptions & { wait: Duration }): Promise<LockHandle>
  acquire(resource: string, options?: AcquireOptions): Promise<LockHandle | null>
  async acquire(resource: string, options: AcquireOptions = {}): Promise<LockHandle | null> {
    assertResource(resource)
    const ttl =
      options.ttl === undefined ? this.settings.ttl : parseLockTtl(options.ttl, this.settings.driftFactor)
    return acquireWithWait(this.settings, resource, ttl, parseWait(options.wait), options.signal)
  }

  async withLock<T>(resource: string, fn: LockedFunction<T>, options: WithLockOptions = {}): Promise<T> {
    const keeping = resolveKeeping(options)
    const handle = await this.acquire(resource, { ...options, wait: options.wait ?? 0 })
    return runWhileHeld(handle, fn, { ...keeping, retryDelay: this.settings.retryDelay }, options.signal)
  }
}
