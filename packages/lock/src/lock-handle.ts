import type { Duration } from '@layercache/core'
import { type LockLossReason, lockLostError } from './lock-errors.js'
import type { LockKeys } from './lock-keys.js'
import { type LockSettings, parseLockTtl } from './lock-settings.js'
import { extendScript } from './scripts/extend-script.js'
import { releaseScript } from './scripts/release-script.js'
import { runOnEveryStore } from './store-calls.js'
import { anyConfirmed, judgeOwnerReplies } from './store-verdict.js'
import { validityOf } from './validity.js'

/** What {@link LockHandle.release} found: released, or why the lock was no longer this handle's. */
export type ReleaseResult = { released: true } | { released: false; reason: LockLossReason }

/** What {@link LockHandle.extend} found: extended (with the new validity), or why it could not be. */
export type ExtendResult = { extended: true; validity: number } | { extended: false; reason: LockLossReason }

/** What a lock gives a handle when it acquires one. @internal */
export interface LockHandleInit {
  readonly settings: LockSettings
  readonly resource: string
  readonly keys: LockKeys
  readonly token: string
  readonly fence: number
  readonly ttl: number
  /** When the handle stops being valid, on the settings' clock. */
  readonly validUntil: number
}

/**
 * A held lock. Release it with {@link LockHandle.release} (or `await using`); only this handle can
 * release or extend it, because only it knows the owner token.
 *
 * @example
 * ```ts
 * const handle = await lock.acquire('invoice:42', { ttl: 10 })
 * if (handle) {
 *   try { await render(handle.fence) } finally { await handle.release() }
 * }
 * ```
 */
export class LockHandle implements AsyncDisposable {
  /** The resource, as given to `acquire`. */
  readonly resource: string
  /** The key the lock lives at (before any prefix the store adds). */
  readonly key: string
  /**
   * The fencing token: larger for every later holder of this resource. Pass it along with each
   * write to the protected resource, which refuses writes carrying a smaller fence than one it has
   * already seen — so a holder that paused past its TTL cannot overwrite a newer holder's work.
   */
  readonly fence: number
  /** The random 128-bit owner token (32 hex digits) stored in the lock. */
  readonly token: string
  readonly #settings: LockSettings
  readonly #keys: LockKeys
  #ttl: number
  #validUntil: number
  #released = false
  /** Set when an extension found the lock gone, so a later release or disposal still reports it. */
  #lost: 'expired' | 'taken' | undefined
  #releasing: Promise<ReleaseResult> | undefined

  /** @internal Locks create handles; there is no reason to call this. */
  constructor(init: LockHandleInit) {
    this.#settings = init.settings
    this.#keys = init.keys
    this.resource = init.resource
    this.key = init.keys.lock
    this.token = init.token
    this.fence = init.fence
    this.#ttl = init.ttl
    this.#validUntil = init.validUntil
  }

  /** The TTL of the last acquisition or extension, in milliseconds. */
  get ttl(): number {
    return this.#ttl
  }

  /**
   * Milliseconds the lock is surely still held, by this process's clock: the TTL minus the round trip
   * and the drift allowance, counted from the last acquisition or extension. `0` once it may have
   * expired or was released. It says nothing about locks lost early (e.g. deleted by hand).
   */
  get validity(): number {
    return this.#released ? 0 : Math.max(0, this.#validUntil - this.#settings.clock.now())
  }

  /** True once this handle released the lock (or found it gone while releasing). */
  get released(): boolean {
    return this.#released
  }

  /**
   * Sets a new TTL on the lock, counted from now, if this handle still holds it. Rejects only when
   * the store fails (with several stores: when failed stores could have changed the answer).
   *
   * @param ttl the new TTL. @default the TTL of the last acquisition or extension
   */
  async extend(ttl?: Duration): Promise<ExtendResult> {
    const settings = this.#settings
    const milliseconds = ttl === undefined ? this.#ttl : parseLockTtl(ttl, settings.driftFactor)
    if (this.#released) return { extended: false, reason: 'released' }
    const startedAt = settings.clock.now()
    const outcomes = await runOnEveryStore(
      settings.stores,
      extendScript,
      [this.#keys.lock],
      [this.token, milliseconds],
    )
    if (this.#released) return { extended: false, reason: 'released' }
    const verdict = judgeOwnerReplies(settings, outcomes, `extend lock ${JSON.stringify(this.resource)}`)
    const now = settings.clock.now()
    const validity = validityOf(milliseconds, startedAt, now, settings.driftFactor)
    if (verdict.held && validity > 0) {
      this.#ttl = milliseconds
      this.#validUntil = now + validity
      return { extended: true, validity }
    }
    this.#validUntil = Math.min(this.#validUntil, now)
    this.#lost = verdict.held ? 'expired' : verdict.reason
    // Stores that did extend would keep a lock nobody uses until its TTL ends.
    if (anyConfirmed(outcomes)) this.#discard()
    return { extended: false, reason: this.#lost }
  }

  /**
   * Releases the lock if this handle still holds it; never deletes another owner's lock. Resolves
   * to `{ released: false, reason }` when the lock had expired (`'expired'`), another owner holds it
   * now (`'taken'`), or it was already released (`'released'`): the first two mean the work may have
   * overlapped with another holder's. Rejects only when the store fails.
   */
  release(): Promise<ReleaseResult> {
    if (this.#released) return Promise.resolve({ released: false, reason: this.#lost ?? 'released' })
    this.#releasing ??= this.#releaseOnStores()
    return this.#releasing
  }

  /**
   * Releases the lock at the end of an `await using` block. Throws `E_LOCK_LOST` when the lock had
   * expired or been taken, since the block may then have overlapped with another holder's work.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    const result = await this.release()
    if (!result.released && result.reason !== 'released') throw lockLostError(this.resource, result.reason)
  }

  async #releaseOnStores(): Promise<ReleaseResult> {
    const settings = this.#settings
    try {
      const outcomes = await runOnEveryStore(settings.stores, releaseScript, [this.#keys.lock], [this.token])
      const verdict = judgeOwnerReplies(settings, outcomes, `release lock ${JSON.stringify(this.resource)}`)
      this.#released = true
      if (anyConfirmed(outcomes)) notifyReleased(settings, this.#keys.lock)
      return verdict.held ? { released: true } : { released: false, reason: verdict.reason }
    } finally {
      this.#releasing = undefined
    }
  }

  /** Releases in the background, reporting nothing: for locks that are already given up on. */
  #discard(): void {
    this.release().catch(() => {})
  }
}

/** Tells waiters the lock at `key` was released; a failing notifier is ignored (notifications are hints). */
export function notifyReleased(settings: LockSettings, key: string): void {
  new Promise<void>((resolve) => resolve(settings.notifier.notify(key))).catch(() => {})
}
