export { createLock, type Lock } from './lock.js'
export {
  LockError,
  type LockErrorCode,
  type LockErrorOptions,
  type LockLossReason,
  lockErrors,
} from './lock-errors.js'
export { type ExtendResult, LockHandle, type ReleaseResult } from './lock-handle.js'
export { createInProcessNotifier, type LockNotifier } from './lock-notifier.js'
export {
  type AcquireOptions,
  DEFAULT_DRIFT_FACTOR,
  DEFAULT_EXTEND_AT,
  DEFAULT_FENCE_RETENTION,
  DEFAULT_MAX_RETRY_DELAY,
  DEFAULT_PREFIX,
  DEFAULT_RETRY_DELAY,
  DEFAULT_TTL,
  type LockOptions,
  type LockSharedOptions,
  type RedlockOptions,
  type WithLockOptions,
} from './lock-options.js'
export type { Locker } from './locker.js'
export {
  createPubSubNotifier,
  DEFAULT_NOTIFIER_CHANNEL,
  type PubSubHandlers,
  type PubSubNotifier,
  type PubSubNotifierOptions,
  type PubSubTransport,
} from './pub-sub-notifier.js'
export { createRedlock, type Redlock } from './redlock.js'
export type { LockedFunction } from './with-lock.js'
