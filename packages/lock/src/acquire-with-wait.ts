import { type AttemptResult, attemptAcquire } from './acquire-attempt.js'
import { LockError, lockErrors } from './lock-errors.js'
import type { LockHandle } from './lock-handle.js'
import { lockKeysOf } from './lock-keys.js'
import type { LockSettings } from './lock-settings.js'
import { backoffDelay, RetryPause } from './retry-pause.js'

/** Waiting runs on real time: the injectable clock is for validity, and a frozen one must not hang a wait. */
const elapsedClock = () => performance.now()

/**
 * Takes the lock on `resource`. Without `wait`: one attempt, `null` when busy. With `wait`: retries
 * with jittered backoff — sooner when the holder's TTL ends or a release is notified — and rejects
 * with `E_LOCK_NOT_ACQUIRED` once `wait` has passed. An abort rejects with `signal.reason` at once;
 * an attempt still in flight then is released as soon as it lands.
 */
export async function acquireWithWait(
  settings: LockSettings,
  resource: string,
  ttl: number,
  wait: number | undefined,
  signal: AbortSignal | undefined,
): Promise<LockHandle | null> {
  signal?.throwIfAborted()
  const keys = lockKeysOf(settings.prefix, resource)
  const attempt = () => abandonOnAbort(attemptAcquire(settings, resource, keys, ttl), signal)
  if (wait === undefined) {
    const result = await attempt()
    return result.acquired ? result.handle : null
  }

  const deadline = elapsedClock() + wait
  const pause = new RetryPause()
  const unsubscribe = subscribeQuietly(settings, keys.lock, pause.wake)
  try {
    for (let retry = 0; ; retry++) {
      const result = await attempt()
      if (result.acquired) return result.handle
      const remaining = deadline - elapsedClock()
      if (remaining <= 0) throw notAcquiredError(resource, wait)
      let delay = Math.min(backoffDelay(settings.retryDelay, settings.maxRetryDelay, retry), remaining)
      if (result.holderExpiresIn !== undefined) delay = Math.min(delay, result.holderExpiresIn + 1)
      await pause.sleep(delay, signal)
    }
  } finally {
    unsubscribe()
  }
}

/**
 * Rejects with `signal.reason` as soon as `signal` aborts; a handle the attempt still brings back
 * afterwards is released, since nobody will ever see it.
 */
function abandonOnAbort(
  attempt: Promise<AttemptResult>,
  signal: AbortSignal | undefined,
): Promise<AttemptResult> {
  if (signal === undefined) return attempt
  return new Promise<AttemptResult>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason)
      attempt.then(
        (result) => {
          if (result.acquired) result.handle.release().catch(() => {})
        },
        () => {},
      )
    }
    signal.addEventListener('abort', onAbort, { once: true })
    attempt.then(
      (result) => {
        signal.removeEventListener('abort', onAbort)
        resolve(result)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** Subscribes to release notifications; a notifier that throws only costs the early wake-ups. */
function subscribeQuietly(settings: LockSettings, key: string, listener: () => void): () => void {
  try {
    const unsubscribe = settings.notifier.subscribe(key, listener)
    return () => {
      try {
        unsubscribe()
      } catch {
        // Nothing to undo: the notifier is only a hint.
      }
    }
  } catch {
    return () => {}
  }
}

function notAcquiredError(resource: string, wait: number): LockError {
  const name = JSON.stringify(resource)
  return new LockError(
    lockErrors.NOT_ACQUIRED,
    resource,
    wait === 0
      ? `lock ${name} is held by another owner`
      : `lock ${name} was still held by another owner after waiting ${Math.round(wait)} ms`,
  )
}
