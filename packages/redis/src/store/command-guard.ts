import { errors, LayercacheError } from '@layercache/core'
import type { CircuitBreaker } from './circuit-breaker.js'
import { type Deadline, DeadlineQueue } from './deadline-queue.js'

/** One queue per timeout value (a store has one or two). */
const queues = new Map<number, DeadlineQueue>()

function queueFor(timeout: number): DeadlineQueue {
  let queue = queues.get(timeout)
  if (queue === undefined) queues.set(timeout, (queue = new DeadlineQueue(timeout)))
  return queue
}

/**
 * One guarded round trip: its deadline in the queue, its outcome reported to the breaker once. One
 * object per round trip, with no closure of its own beyond the promise's.
 */
class GuardedRoundTrip<T> implements Deadline {
  deadline = 0
  settled = false

  constructor(
    private readonly breaker: CircuitBreaker | undefined,
    private readonly trial: boolean,
    private readonly what: string,
    private readonly timeout: number,
    private readonly resolve: (result: T) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  succeeded(result: T): void {
    if (this.settled) return
    this.settled = true
    this.breaker?.succeeded(this.trial)
    this.resolve(result)
  }

  failed(error: unknown): void {
    if (this.settled) return
    this.settled = true
    this.breaker?.failed(this.trial)
    this.reject(
      LayercacheError.isInstance(error)
        ? error
        : new LayercacheError(errors.STORE_FAILURE, `Redis ${this.what} failed: ${describe(error)}`, {
            cause: error,
          }),
    )
  }

  expire(): void {
    this.failed(
      new LayercacheError(
        errors.STORE_TIMEOUT,
        `Redis did not answer ${this.what} within ${this.timeout} ms`,
      ),
    )
  }
}

/**
 * Runs one Redis round trip under the store's timeout and circuit breaker. Errors come out as
 * `E_STORE_FAILURE` with the client's error as `cause`; secrets in client messages never leak because
 * messages are layercache's own. The client may still settle after a timeout: its late answer (or
 * error) is dropped, never unhandled.
 */
export function guarded<T>(
  breaker: CircuitBreaker | undefined,
  timeout: number,
  what: string,
  run: () => Promise<T>,
): Promise<T> {
  let trial = false
  // Closed (the common case) is one field read; otherwise the breaker decides.
  if (breaker !== undefined && breaker.state !== 'closed') {
    try {
      trial = breaker.admit().trial
    } catch (error) {
      // The circuit is open: nothing was sent, nothing to count.
      return Promise.reject(error)
    }
  }
  let attempt: Promise<T>
  try {
    attempt = run()
  } catch (error) {
    // A synchronous throw is a failed round trip too (it must still settle a half-open trial).
    attempt = Promise.reject(error)
  }
  return new Promise<T>((resolve, reject) => {
    const roundTrip = new GuardedRoundTrip(breaker, trial, what, timeout, resolve, reject)
    queueFor(timeout).push(roundTrip)
    attempt.then(
      (result) => roundTrip.succeeded(result),
      (error: unknown) => roundTrip.failed(error),
    )
  })
}

/** The client's message, with anything that looks like a credential removed. */
export function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message
    .replace(/(redis(s)?:\/\/)([^@\s]*)@/gi, '$1***@')
    .replace(/(bearer\s+)[\w.~+/=-]+/gi, '$1***')
    .replace(/(token["'=:\s]+)[\w.~+/=-]+/gi, '$1***')
    .slice(0, 300)
}
