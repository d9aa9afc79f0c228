import type { ScriptRunner } from '@layercache/core'
import { LockHandle } from './lock-handle.js'
import type { LockKeys } from './lock-keys.js'
import type { LockSettings } from './lock-settings.js'
import { createOwnerToken } from './owner-token.js'
import { acquireScript, holderExpiresInOf } from './scripts/acquire-script.js'
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
    [token, ttl, retention, fenceGridOf(stores.length, retention)],
  )
  // The fence each store issued, by store (undefined where the lock was not taken).
  const issued: (number | undefined)[] = []
  let taken = 0
  let holderExpiresIn: number | undefined
  for (const outcome of outcomes) {
    if (outcome.ok && outcome.reply > 0) {
      issued.push(outcome.reply)
      taken++
      continue
    }
    issued.push(undefined)
    const expiresIn = outcome.ok ? holderExpiresInOf(outcome.reply) : -1
    if (expiresIn >= 0) holderExpiresIn = Math.min(holderExpiresIn ?? expiresIn, expiresIn)
  }

  if (taken >= quorum) {
    const fence = largestOf(issued)
    if (await fenceCoversQuorum(settings, keys, token, issued, fence, retention)) {
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
  if (taken > 0 || failures.length > 0) await releaseQuietly(settings, keys, token)
  if (failures.length > stores.length - quorum) {
    throw storeFailure(settings, failures, `acquire lock ${JSON.stringify(resource)}`)
  }
  return { acquired: false, holderExpiresIn }
}

/** The longest a new Redlock counter is rounded up by: a second, in microseconds. */
const MAX_FENCE_GRID = 1_000_000

/**
 * What a new counter's first fence is rounded up to, in microseconds (see `acquireScript`). A Lock
 * takes the time as it is. A Redlock rounds it up to a second, so that its stores, asked within the
 * same moment, start their counters alike and need no raise (their clocks falling in one second);
 * at most half the retention, since a counter must expire only after the time passed it.
 */
function fenceGridOf(storeCount: number, retention: number): number {
  return storeCount === 1 ? 1 : Math.max(1, Math.min(MAX_FENCE_GRID, Math.floor(retention * 500)))
}

function largestOf(issued: readonly (number | undefined)[]): number {
  let largest = 0
  for (const fence of issued) if (fence !== undefined && fence > largest) largest = fence
  return largest
}

/**
 * Makes sure that a quorum of stores has a counter of at least `fence`, set while this attempt
 * held the lock there; true when it does. With one store that is always so.
 *
 * Why that is enough (whatever the stores' clocks): a later holder takes the lock on a quorum too,
 * and two majorities of the same stores always share a store `s`. On `s` the later holder can only
 * take the lock after this attempt's lock there ended (SET NX), so after `s`'s counter reached
 * `fence`: by this attempt's acquire script, atomically with taking the lock, or by an owner-checked
 * raise while the lock there was still this attempt's. A live counter only goes up (INCR, or a
 * raise to a larger value), so `s` issues the later holder at least `fence + 1`, and its fence (the
 * largest of its quorum) is larger than `fence`. Had `s`'s counter expired in between, `s` starts
 * again from its clock in microseconds, which `fenceRetention` (1 day by default) has moved past
 * every fence the counter held, as long as the stores' clocks are less than that apart: the only
 * place a clock matters, as it was before this shortcut.
 *
 * So no raise is needed when a quorum issued `fence` itself: the usual case once a resource has been
 * locked, since the stores' counters then agree (the previous holder left them equal, or raised them
 * to the same value) and each issues the same next fence. Otherwise the stores that issued less
 * are raised, owner-checked, in one more round trip (to those stores only), and the stores that
 * issued `fence` count towards the quorum. A raise must not be skipped or sent in the background:
 * a holder whose lock ran out before its raise landed would keep a fence that a later holder on the
 * same stores could be issued too.
 */
async function fenceCoversQuorum(
  settings: LockSettings,
  keys: LockKeys,
  token: string,
  issued: readonly (number | undefined)[],
  fence: number,
  retention: number,
): Promise<boolean> {
  const { stores, quorum } = settings
  let covered = 0
  const behind: ScriptRunner[] = []
  for (const [index, issuedFence] of issued.entries()) {
    if (issuedFence === fence) covered++
    else if (issuedFence !== undefined) behind.push(stores[index]!)
  }
  if (covered >= quorum) return true
  if (covered + behind.length < quorum) return false
  const outcomes = await runOnEveryStore(
    behind,
    raiseFenceScript,
    [keys.lock, keys.fence],
    [token, String(fence), retention],
  )
  for (const outcome of outcomes) if (outcome.ok && outcome.reply === 1) covered++
  return covered >= quorum
}

/**
 * Undoes a failed attempt on every store (a store that failed may still have applied it). Owner-
 * checked, so it never touches another owner's lock; errors are ignored, the TTL cleans up after.
 * Waiters are not notified: nobody else held what is undone here.
 */
async function releaseQuietly(settings: LockSettings, keys: LockKeys, token: string): Promise<void> {
  await runOnEveryStore(settings.stores, releaseScript, [keys.lock], [token])
}
