/**
 * The pause before retry number `attempt` (from 0): doubling from `retryDelay` up to
 * `maxRetryDelay`, then jittered to between half and all of that, so waiters that failed together
 * do not retry together.
 */
export function backoffDelay(retryDelay: number, maxRetryDelay: number, attempt: number): number {
  const ceiling = Math.min(maxRetryDelay, retryDelay * 2 ** Math.min(attempt, 30))
  return ceiling / 2 + (Math.random() * ceiling) / 2
}

/**
 * A pause between attempts that a release notification ends early. A notification that arrives
 * while no pause is running (during an attempt) ends the next pause at once, so none is missed.
 */
export class RetryPause {
  #pending = false
  #wake: (() => void) | undefined

  /** Ends the current pause, or the next one. */
  readonly wake = (): void => {
    if (this.#wake === undefined) this.#pending = true
    else this.#wake()
  }

  /** Resolves after `milliseconds` or at the first wake-up; rejects with `signal.reason` on abort. */
  sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.#pending) {
      this.#pending = false
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: unknown) => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        this.#wake = undefined
        if (error === undefined) resolve()
        else reject(error)
      }
      const onAbort = () => finish(signal!.reason)
      // Not unref'd: the caller is awaiting this wait, and the process must stay up for it.
      const timer = setTimeout(finish, milliseconds)
      this.#wake = () => finish()
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}
