import { errors, LayercacheError } from '@layercache/core'
import type { CircuitBreaker } from './circuit-breaker.js'
import { DeadlineQueue, type Waiting } from './deadline-queue.js'

/** One queue per timeout value (a store has one or two). */
const queues = new Map<number, DeadlineQueue>()

function queueFor(timeout: number): DeadlineQueue {
  let queue = queues.get(timeout)
  if (queue === undefined) queues.set(timeout, (queue = new DeadlineQueue(timeout)))
  return queue
}

/**
 * Runs one Redis round trip under the store's timeout and circuit breaker. Errors come out as
 * `E_STORE_FAILURE` with the client's error as `cause`; secrets in client messages never leak because
 * messages are layercache's own.
 */
export function guarded<T>(
  breaker: CircuitBreaker | undefined,
  timeout: number,
  what: string,
  run: () => Promise<T>,
): Promise<T> {
  let trial = false
  // A closed circuit admits everything: asking it would only allocate its answer.
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
    const queue = queueFor(timeout)
    const call = new GuardedCall<T>(breaker, trial, queue, what, resolve, reject)
    queue.add(call)
    // The client may still settle after a timeout: its late answer (or error) is dropped, never unhandled.
    attempt.then(
      (result) => call.succeed(result),
      (error: unknown) => call.fail(error),
    )
  })
}

/**
 * One guarded round trip: its own entry in the deadline queue, so a call costs one object rather
 * than a closure per outcome (at hundreds of reads in flight each allocation shows up as GC time).
 */
class GuardedCall<T> implements Waiting {
  readonly deadline: number
  private settled = false

  constructor(
    private readonly breaker: CircuitBreaker | undefined,
    private readonly trial: boolean,
    private readonly queue: DeadlineQueue,
    private readonly what: string,
    private readonly resolve: (result: T) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.deadline = queue.deadlineFromNow()
  }

  succeed(result: T): void {
    if (this.settled) return
    this.settled = true
    this.queue.remove(this)
    this.breaker?.succeeded(this.trial)
    this.resolve(result)
  }

  fail(error: unknown): void {
    if (this.settled) return
    this.settled = true
    this.queue.remove(this)
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
    this.fail(
      new LayercacheError(
        errors.STORE_TIMEOUT,
        `Redis did not answer ${this.what} within ${this.queue.timeout} ms`,
      ),
    )
  }
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
