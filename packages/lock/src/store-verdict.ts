import { errors, LayercacheError } from '@layercache/core'
import type { LockSettings } from './lock-settings.js'
import { failuresOf, type StoreOutcome } from './store-calls.js'

/** What the stores said about an owner-checked release or extension (replies `1`, `0`, `-1`). */
export type OwnerVerdict = { held: true } | { held: false; reason: 'expired' | 'taken' }

/**
 * The error for stores that failed so that no decision is possible: with one store, its own error;
 * with several, an `E_STORE_FAILURE` whose cause is an `AggregateError` of theirs.
 */
export function storeFailure(settings: LockSettings, failures: unknown[], action: string): unknown {
  if (settings.stores.length === 1) return failures[0]
  return new LayercacheError(
    errors.STORE_FAILURE,
    `could not ${action}: ${failures.length} of ${settings.stores.length} stores failed, ` +
      `and ${settings.quorum} must answer`,
    { cause: new AggregateError(failures, `${action} failed on ${failures.length} stores`) },
  )
}

/**
 * Judges the replies of an owner-checked script: held when a quorum confirmed the token. Throws
 * when failed stores could have made the quorum, since the answer is then unknown.
 */
export function judgeOwnerReplies(
  settings: LockSettings,
  outcomes: readonly StoreOutcome<number>[],
  action: string,
): OwnerVerdict {
  let confirmed = 0
  let taken = false
  for (const outcome of outcomes) {
    if (!outcome.ok) continue
    if (outcome.reply === 1) confirmed++
    else if (outcome.reply === -1) taken = true
  }
  if (confirmed >= settings.quorum) return { held: true }
  const failures = failuresOf(outcomes)
  if (failures.length > 0 && confirmed + failures.length >= settings.quorum) {
    throw storeFailure(settings, failures, action)
  }
  return { held: false, reason: taken ? 'taken' : 'expired' }
}

/** True when at least one store confirmed the token (so something was released or extended there). */
export function anyConfirmed(outcomes: readonly StoreOutcome<number>[]): boolean {
  return outcomes.some((outcome) => outcome.ok && outcome.reply === 1)
}
