import { errors, LayercacheError } from '@layercache/core'
import type { CircuitBreaker } from './circuit-breaker.js'
import { DeadlineQueue } from './deadline-queue.js'

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
  if (breaker !== undefined) {
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
    let settled = false
    const fail = (error: unknown) => {
      if (settled) return
      settled = true
      breaker?.failed(trial)
      reject(
        LayercacheError.isInstance(error)
          ? error
          : new LayercacheError(errors.STORE_FAILURE, `Redis ${what} failed: ${describe(error)}`, {
              cause: error,
            }),
      )
    }
    const settle = queueFor(timeout).add(() =>
      fail(new LayercacheError(errors.STORE_TIMEOUT, `Redis did not answer ${what} within ${timeout} ms`)),
    )
    // The client may still settle after a timeout: its late answer (or error) is dropped, never unhandled.
    attempt.then(
      (result) => {
        settle()
        if (settled) return
        settled = true
        breaker?.succeeded(trial)
        resolve(result)
      },
      (error: unknown) => {
        settle()
        fail(error)
      },
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
