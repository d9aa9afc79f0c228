import { type LockError, lockLostError } from './lock-errors.js'
import type { LockHandle } from './lock-handle.js'

/** How {@link LockKeeper} behaves. */
export interface LockKeeperOptions {
  /** Extend before the lock runs out; without it the keeper only reports the expiry. */
  readonly autoExtend: boolean
  /** The share of the TTL after which to extend (0 < extendAt < 1). */
  readonly extendAt: number
  /** The pause before trying again when an extension fails with a store error. */
  readonly retryDelay: number
}

/**
 * Keeps a lock while a function runs: extends it once `extendAt` of its TTL has passed, and aborts
 * `controller` with `E_LOCK_LOST` the moment the lock is gone — an extension found it expired or
 * taken, or its validity ran out before an extension got through (a hung store, a paused process).
 *
 * Every timer is unref'd and every promise is handled here, so nothing it does can keep the process
 * alive or surface as an unhandled rejection.
 */
export class LockKeeper {
  readonly #handle: LockHandle
  readonly #controller: AbortController
  readonly #options: LockKeeperOptions
  #extendTimer: ReturnType<typeof setTimeout> | undefined
  #expiryTimer: ReturnType<typeof setTimeout> | undefined
  #stopped = false
  #lost: LockError | undefined

  constructor(handle: LockHandle, controller: AbortController, options: LockKeeperOptions) {
    this.#handle = handle
    this.#controller = controller
    this.#options = options
  }

  /** The `E_LOCK_LOST` error, once the lock was lost while kept. */
  get lost(): LockError | undefined {
    return this.#lost
  }

  start(): void {
    this.#schedule()
  }

  stop(): void {
    this.#stopped = true
    clearTimeout(this.#extendTimer)
    clearTimeout(this.#expiryTimer)
  }

  #schedule(): void {
    if (this.#stopped || this.#handle.released) return
    const validity = this.#handle.validity
    if (validity <= 0) {
      this.#lose('expired')
      return
    }
    clearTimeout(this.#expiryTimer)
    this.#expiryTimer = unref(setTimeout(() => this.#lose('expired'), validity))
    if (!this.#options.autoExtend) return
    const extendIn = validity - this.#handle.ttl * (1 - this.#options.extendAt)
    this.#extendTimer = unref(setTimeout(() => this.#extend(), Math.max(0, extendIn)))
  }

  #extend(): void {
    if (this.#stopped) return
    this.#handle.extend().then(
      (result) => {
        if (this.#stopped) return
        if (result.extended) this.#schedule()
        else if (result.reason !== 'released') this.#lose(result.reason)
      },
      () => {
        if (this.#stopped) return
        // The store failed: try again soon. The expiry timer aborts if the lock runs out first.
        const retryIn = Math.min(this.#options.retryDelay, this.#handle.validity / 4)
        this.#extendTimer = unref(setTimeout(() => this.#extend(), Math.max(1, retryIn)))
      },
    )
  }

  #lose(reason: 'expired' | 'taken'): void {
    // A handle the function released itself is not lost.
    if (this.#stopped || this.#lost !== undefined || this.#handle.released) return
    this.#lost = lockLostError(this.#handle.resource, reason)
    clearTimeout(this.#extendTimer)
    clearTimeout(this.#expiryTimer)
    this.#controller.abort(this.#lost)
  }
}

function unref(timer: ReturnType<typeof setTimeout>): ReturnType<typeof setTimeout> {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}
