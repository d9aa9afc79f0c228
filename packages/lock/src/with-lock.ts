import { errors, LayercacheError } from '@layercache/core'
import { lockLostError } from './lock-errors.js'
import type { LockHandle } from './lock-handle.js'
import { LockKeeper } from './lock-keeper.js'
import { DEFAULT_EXTEND_AT, type WithLockOptions } from './lock-options.js'

/**
 * The work done under a lock. `signal` aborts — with an `E_LOCK_LOST` `LockError` as its reason —
 * the moment the lock is lost, and when the caller's own `signal` aborts; stop writing when it does.
 */
export type LockedFunction<T> = (signal: AbortSignal, handle: LockHandle) => T | Promise<T>

/** Checks the options only `withLock` has, before anything is acquired. */
export function resolveKeeping(options: WithLockOptions): { autoExtend: boolean; extendAt: number } {
  const autoExtend = options.autoExtend ?? true
  const extendAt = options.extendAt ?? DEFAULT_EXTEND_AT
  if (typeof autoExtend !== 'boolean') {
    throw new LayercacheError(errors.INVALID_OPTION, `autoExtend must be a boolean, got ${typeof autoExtend}`)
  }
  if (typeof extendAt !== 'number' || !(extendAt > 0 && extendAt < 1)) {
    throw new LayercacheError(
      errors.INVALID_OPTION,
      `extendAt must be a number between 0 and 1 (a share of the TTL), got ${String(extendAt)}`,
    )
  }
  return { autoExtend, extendAt }
}

/**
 * Runs `fn` while keeping `handle`, then releases it. Resolves with `fn`'s value only if the lock
 * was held throughout; rejects with `fn`'s error if it threw, else with `E_LOCK_LOST` if the lock
 * was lost on the way (even though `fn` finished: its work may have overlapped with another
 * holder's), else with the store's error if the release failed.
 */
export async function runWhileHeld<T>(
  handle: LockHandle,
  fn: LockedFunction<T>,
  keeping: { autoExtend: boolean; extendAt: number; retryDelay: number },
  callerSignal: AbortSignal | undefined,
): Promise<T> {
  const controller = new AbortController()
  const forwardAbort = () => controller.abort(callerSignal!.reason)
  if (callerSignal?.aborted) forwardAbort()
  else callerSignal?.addEventListener('abort', forwardAbort, { once: true })
  const keeper = new LockKeeper(handle, controller, keeping)
  keeper.start()
  let value: T
  try {
    value = await fn(controller.signal, handle)
  } catch (error) {
    keeper.stop()
    callerSignal?.removeEventListener('abort', forwardAbort)
    // The function's error is what the caller needs; a failing release must not hide it.
    await handle.release().catch(() => {})
    throw error
  }
  keeper.stop()
  callerSignal?.removeEventListener('abort', forwardAbort)
  const released = await handle.release()
  if (keeper.lost !== undefined) throw keeper.lost
  if (!released.released && released.reason !== 'released')
    throw lockLostError(handle.resource, released.reason)
  return value
}
