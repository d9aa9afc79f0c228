import { errors, LayercacheError } from '@layercache/core'
import type { CircuitBreaker } from './circuit-breaker.js'

/** A timeout that never keeps the process alive. */
function timeoutAfter(milliseconds: number, what: string): { promise: Promise<never>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LayercacheError(errors.STORE_TIMEOUT, `Redis did not answer ${what} within ${milliseconds} ms`),
        ),
      milliseconds,
    )
    timer.unref?.()
  })
  return { promise, cancel: () => clearTimeout(timer) }
}

/**
 * Runs one Redis round trip under the store's timeout and circuit breaker. Errors come out as
 * `E_STORE_FAILURE` with the client's error as `cause`; secrets in client messages never leak because
 * messages are layercache's own.
 */
export async function guarded<T>(
  breaker: CircuitBreaker | undefined,
  timeout: number,
  what: string,
  run: () => Promise<T>,
): Promise<T> {
  const { trial } = breaker?.admit() ?? { trial: false }
  const limit = timeoutAfter(timeout, what)
  let attempt: Promise<T>
  try {
    attempt = run()
  } catch (error) {
    // A synchronous throw is a failed round trip too (it must still settle a half-open trial).
    attempt = Promise.reject(error)
  }
  try {
    const result = await Promise.race([attempt, limit.promise])
    breaker?.succeeded(trial)
    return result
  } catch (error) {
    breaker?.failed(trial)
    // The client may still settle later: keep that from becoming an unhandled rejection.
    attempt.catch(() => {})
    if (LayercacheError.isInstance(error)) throw error
    throw new LayercacheError(errors.STORE_FAILURE, `Redis ${what} failed: ${describe(error)}`, {
      cause: error,
    })
  } finally {
    limit.cancel()
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
