export { createLock, type Lock } from './lock.js'
export {
  LockError,
  type LockErrorCode,
  type LockErrorOptions,
  type LockLossReason,
  lockErrors,
} from './lock-errors.js'
export type { ExtendResult, LockHandle, ReleaseResult } from './lock-handle.js'
export { createInProcessNotifier, type LockNotifier } from './lock-notifier.js'
export type {
  AcquireOptions,
  LockOptions,
  LockSharedOptions,
  RedlockOptions,
  WithLockOptions,
} from './lock-options.js'
export type { Locker } from './locker.js'
export {
  createPubSubNotifier,
  type PubSubHandlers,
  type PubSubNotifier,
  type PubSubNotifierOptions,
  type PubSubTransport,
} from './pub-sub-notifier.js'
export { createRedlock, type Redlock } from './redlock.js'
export type { LockedFunction } from './with-lock.js'
