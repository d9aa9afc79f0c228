import { LockHandle } from './lock-handle.js'
import type { LockKeys } from './lock-keys.js'
import type { LockSettings } from './lock-settings.js'
import { createOwnerToken } from './owner-token.js'
import { acquireScript } from './scripts/acquire-script.js'
import { raiseFenceScript } from './scripts/raise-fence-script.js'
import { releaseScript } from './scripts/release-script.js'
import { failuresOf, runOnEveryStore } from './store-calls.js'
import { storeFailure } from './store-verdict.js'
import { validityOf } from './validity.js'

/** One attempt: a handle, or a miss with a hint of when the holder's lock ends. */
export type AttemptResult =
  | { acquired: true; handle: LockHandle }
  | {
      acquired: false
      /** Milliseconds until the soonest-expiring holder's lock ends, when a store said so. */
      holderExpiresIn: number | undefined
    }

/**
 * Tries once to take the lock on a quorum of the stores, with a fresh owner token. A handle comes
 * back only while it is still valid (`ttl - elapsed - drift > 0`); a partial or too-late
 * acquisition is released on every store before answering. Rejects when so many stores failed that
 * a quorum was impossible.
 */
export async function attemptAcquire(
  settings: LockSettings,
  resource: string,
  keys: LockKeys,
  ttl: number,
): Promise<AttemptResult> {
  const { stores, quorum, clock } = settings
  const token = createOwnerToken()
  const retention = Math.max(settings.fenceRetention, ttl)
  const startedAt = clock.now()
  const outcomes = await runOnEveryStore(
    stores,
    acquireScript,
    [keys.lock, keys.fence],
    [token, ttl, retention],
  )
  const fences: number[] = []
  let holderExpiresIn: number | undefined
  for (const outcome of outcomes) {
    if (!outcome.ok) continue
    const [taken, detail] = outcome.reply
    if (taken === 1) fences.push(detail)
    else if (detail >= 0) holderExpiresIn = Math.min(holderExpiresIn ?? detail, detail)
  }

  if (fences.length >= quorum) {
    const fence = Math.max(...fences)
    if (stores.length === 1 || (await raiseFences(settings, keys, token, fence, retention))) {
      const now = clock.now()
      const validity = validityOf(ttl, startedAt, now, settings.driftFactor)
      if (validity > 0) {
        const handle = new LockHandle({
          settings,
          resource,
          keys,
          token,
          fence,
          ttl,
          validUntil: now + validity,
        })
        return { acquired: true, handle }
      }
    }
  }

  const failures = failuresOf(outcomes)
  if (fences.length > 0 || failures.length > 0) await releaseQuietly(settings, keys, token)
  if (failures.length > stores.length - quorum) {
    throw storeFailure(settings, failures, `acquire lock ${JSON.stringify(resource)}`)
  }
  return { acquired: false, holderExpiresIn }
}

/**
 * Redlock only: each instance issues its own fence, and the largest one is used. Raising the
 * counters of a quorum to it makes every later quorum (which shares an instance with this one)
 * issue a larger fence, so fences still increase from one holder to the next.
 */
async function raiseFences(
  settings: LockSettings,
  keys: LockKeys,
  token: string,
  fence: number,
  retention: number,
): Promise<boolean> {
  const outcomes = await runOnEveryStore(
    settings.stores,
    raiseFenceScript,
    [keys.lock, keys.fence],
    [token, String(fence), retention],
  )
  return outcomes.filter((outcome) => outcome.ok && outcome.reply === 1).length >= settings.quorum
}

/**
 * Undoes a failed attempt on every store (a store that failed may still have applied it). Owner-
 * checked, so it never touches another owner's lock; errors are ignored, the TTL cleans up after.
 * Waiters are not notified: nobody else held what is undone here.
 */
async function releaseQuietly(settings: LockSettings, keys: LockKeys, token: string): Promise<void> {
  await runOnEveryStore(settings.stores, releaseScript, [keys.lock], [token])
}
