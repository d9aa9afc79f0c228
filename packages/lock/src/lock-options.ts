import type { Clock, Duration, ScriptRunner } from '@layercache/core'
import type { LockNotifier } from './lock-notifier.js'

/** Default of {@link LockSharedOptions.prefix}. */
export const DEFAULT_PREFIX = 'lock:'
/** Default of {@link LockSharedOptions.ttl}. */
export const DEFAULT_TTL = '30s'
/** Default of {@link LockSharedOptions.retryDelay}. */
export const DEFAULT_RETRY_DELAY = '50ms'
/** Default of {@link LockSharedOptions.maxRetryDelay}. */
export const DEFAULT_MAX_RETRY_DELAY = '1s'
/** Default of {@link LockSharedOptions.driftFactor}. */
export const DEFAULT_DRIFT_FACTOR = 0.01
/** Default of {@link LockSharedOptions.fenceRetention}. */
export const DEFAULT_FENCE_RETENTION = '1d'
/** Default of {@link WithLockOptions.extendAt}. */
export const DEFAULT_EXTEND_AT = 0.5

/** Options shared by {@link Lock} and {@link Redlock}. */
export interface LockSharedOptions {
  /**
   * The start of every key, used verbatim: keys are `<prefix>{<resource>}` (the lock) and
   * `<prefix>{<resource>}:fence` (its fencing counter), nothing inserted after the prefix. A
   * non-empty string of valid Unicode without `{` or `}`.
   * @default 'lock:'
   */
  prefix?: string
  /**
   * How long a lock lives unless extended or released, when a call gives no `ttl`: seconds, or a
   * string such as `'10s'` or `'500ms'`.
   * @default '30s'
   */
  ttl?: Duration
  /**
   * The first pause between two attempts while waiting; each later pause doubles, up to
   * `maxRetryDelay`, and is jittered to between half and all of that.
   * @default '50ms'
   */
  retryDelay?: Duration
  /**
   * The longest pause between two attempts while waiting.
   * @default '1s'
   */
  maxRetryDelay?: Duration
  /**
   * The share of the TTL assumed lost to clock drift between this process and the store:
   * a handle is valid for `ttl - elapsed - (ttl * driftFactor + 2 ms)`. From 0 to 0.5.
   * @default 0.01
   */
  driftFactor?: number
  /**
   * How long the fencing counter of a resource is kept after its last acquisition. Fences keep
   * increasing after it expires, because a new counter starts at the store's time in microseconds,
   * which has passed every fence the old one issued (one per acquisition). A Redlock rounds that
   * start up to a second, or half of `fenceRetention` if less, so that its stores start alike.
   * @default '1d'
   */
  fenceRetention?: Duration
  /**
   * Wakes waiters as soon as a lock is released instead of at their next retry. Notifications are
   * hints: waiters still retry on their own, so a lost notification costs only latency.
   * @default an in-process notifier shared by every lock on the same store
   */
  notifier?: LockNotifier
  /**
   * The clock used to measure how long a round trip took, for the validity of a handle.
   * @default a monotonic clock (`performance.now`)
   */
  clock?: Clock
}

/** Options of {@link Lock}. */
export interface LockOptions extends LockSharedOptions {
  /**
   * Where locks live: `createMemoryStore()` from `@layercache/core`, or `createRedisStore({ client })`
   * from `@layercache/redis`. Anything that is not a `ScriptRunner` of this core's contract version
   * is refused with `E_INVALID_OPTION`. How long a call waits for it is the store's own `timeout`
   * (a miss rejects with core's `E_STORE_TIMEOUT`); the lock adds no second deadline.
   * @default none: required
   */
  store: ScriptRunner
}

/** Options of {@link Redlock}. */
export interface RedlockOptions extends LockSharedOptions {
  /**
   * The independent stores (usually three or five Redis servers) a majority of which must agree;
   * each a `ScriptRunner` of this core's contract version, given once.
   * @default none: required
   */
  stores: readonly ScriptRunner[]
}

/** Options of one `acquire` call. */
export interface AcquireOptions {
  /**
   * How long the lock lives unless extended or released.
   * @default the lock's `ttl` ('30s')
   */
  ttl?: Duration
  /**
   * How long to wait for a busy lock. Left out, `acquire` makes one attempt and resolves to `null`
   * when the lock is busy. Given (even `0`), `acquire` never resolves to `null`: it rejects with
   * `E_LOCK_NOT_ACQUIRED` when the lock is still busy after `wait`. `Infinity` waits until `signal`.
   * @default no waiting
   */
  wait?: Duration
  /**
   * Cancels the wait: `acquire` then rejects with `signal.reason` and holds nothing.
   * @default none
   */
  signal?: AbortSignal
}

/** Options of `withLock`. */
export interface WithLockOptions extends AcquireOptions {
  /**
   * Extend the lock automatically while the function runs.
   * @default true
   */
  autoExtend?: boolean
  /**
   * When to extend, as the share of the TTL that has passed since the lock was acquired or last
   * extended. Between 0 and 1, exclusive.
   * @default 0.5
   */
  extendAt?: number
}
