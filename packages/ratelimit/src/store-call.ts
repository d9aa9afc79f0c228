import { errors, LayercacheError, type ScriptRunner } from '@layercache/core'
import { type AtomicScript, isPromiseLike, type ScriptArgument } from '@layercache/core/store'
import { RateLimitError, rateLimitErrors } from './errors.js'

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
  const call = result
  return new Promise((resolve) => {
    const timer =
      timeout > 0
        ? setTimeout(() => {
            const error = new RateLimitError(
              rateLimitErrors.TIMEOUT,
              `the rate limit store did not answer ${script.name} within ${timeout} ms`,
            )
            resolve({ ok: false, reason: 'timeout', error, pending: call.then(ignore, ignore) })
          }, timeout)
        : undefined
    call.then(
      (reply) => {
        clearTimeout(timer)
        resolve({ ok: true, reply, pending: SETTLED })
      },
      (error: unknown) => {
        clearTimeout(timer)
        // The store's own timeout (it fires first when both are equal) is still a timeout to the caller.
        const reason = LayercacheError.hasCode(error, errors.STORE_TIMEOUT) ? 'timeout' : 'error'
        resolve({ ok: false, reason, error, pending: SETTLED })
      },
    )
  })
}

/** The reply of a successful outcome; a failed one is thrown (`E_RATELIMIT_TIMEOUT`, `E_STORE_FAILURE`). */
export function replyOrThrow<T>(outcome: StoreOutcome<T>): T {
  if (outcome.ok) return outcome.reply
  if (LayercacheError.isInstance(outcome.error)) throw outcome.error
  throw new LayercacheError(
    errors.STORE_FAILURE,
    `the rate limit store failed: ${(outcome.error as Error)?.message ?? String(outcome.error)}`,
    { cause: outcome.error },
  )
}
