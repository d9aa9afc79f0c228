import { errors, LayercacheError, type ScriptRunner } from '@layercache/core'
import { type AtomicScript, isPromiseLike, type ScriptArgument } from '@layercache/core/store'
import { type Deadline, type DeadlineQueue, deadlineQueue } from './deadline-queue.js'

/** A promise that is already settled: the `pending` of answers with nothing left in flight. */
export const SETTLED: Promise<void> = Promise.resolve()

const ignore = () => {}

/** How one store call ended. `pending` settles when the call itself has, even after a timeout. */
export type StoreOutcome<T> =
  | { readonly ok: true; readonly reply: T; readonly pending: Promise<void> }
  | {
      readonly ok: false
      readonly reason: 'timeout' | 'error'
      readonly error: unknown
      readonly pending: Promise<void>
    }

/**
 * Runs `script` on `store`, giving up after `timeout` milliseconds (`0`: wait forever). Never throws:
 * failures come back as outcomes, so the caller applies its failure policy. Synchronous stores
 * (memory) answer without a timer or an extra promise.
 */
export function callStore<T>(
  store: ScriptRunner,
  script: AtomicScript<T>,
  keys: readonly string[],
  args: readonly ScriptArgument[],
  timeout: number,
): StoreOutcome<T> | Promise<StoreOutcome<T>> {
  let result: T | Promise<T>
  try {
    result = store.run(script, keys, args)
  } catch (error) {
    return { ok: false, reason: 'error', error, pending: SETTLED }
  }
  if (!isPromiseLike(result)) return { ok: true, reply: result, pending: SETTLED }
  if (timeout <= 0) {
    return result.then(
      (reply): StoreOutcome<T> => ({ ok: true, reply, pending: SETTLED }),
      (error: unknown): StoreOutcome<T> => failedOutcome(error),
    )
  }
  const call = result
  return new Promise((resolve) => {
    const queue = deadlineQueue(timeout)
    const waiting = new WaitingCall(script.name, timeout, call, queue, resolve)
    queue.push(waiting)
    call.then(
      (reply) => waiting.answered({ ok: true, reply, pending: SETTLED }),
      (error: unknown) => waiting.answered(failedOutcome(error)),
    )
  })
}

function failedOutcome<T>(error: unknown): StoreOutcome<T> {
  // The store's own deadline (it fires first when both are equal) is the same timeout to the caller.
  const reason = LayercacheError.hasCode(error, errors.STORE_TIMEOUT) ? 'timeout' : 'error'
  return { ok: false, reason, error, pending: SETTLED }
}

/** A store call under the rate limit's timeout: whichever of its answer and its deadline comes first. */
class WaitingCall<T> implements Deadline {
  deadline = 0
  settled = false

  constructor(
    private readonly name: string,
    private readonly timeout: number,
    private readonly call: PromiseLike<T>,
    private readonly queue: DeadlineQueue,
    private readonly resolve: (outcome: StoreOutcome<T>) => void,
  ) {}

  answered(outcome: StoreOutcome<T>): void {
    if (this.settled) return
    this.settled = true
    this.queue.remove(this)
    this.resolve(outcome)
  }

  expire(): void {
    // The same code as the store's own deadline: one event, one code, whichever fires first.
    const error = new LayercacheError(
      errors.STORE_TIMEOUT,
      `the store did not answer ${this.name} within ${this.timeout} ms (the rate limit's timeout)`,
    )
    const pending = Promise.resolve(this.call).then(ignore, ignore)
    this.answered({ ok: false, reason: 'timeout', error, pending })
  }
}

/** The reply of a successful outcome; a failed one is thrown (`E_STORE_TIMEOUT`, `E_STORE_FAILURE`). */
export function replyOrThrow<T>(outcome: StoreOutcome<T>): T {
  if (outcome.ok) return outcome.reply
  if (LayercacheError.isInstance(outcome.error)) throw outcome.error
  throw new LayercacheError(
    errors.STORE_FAILURE,
    `the rate limit store failed: ${(outcome.error as Error)?.message ?? String(outcome.error)}`,
    { cause: outcome.error },
  )
}
