import type { Clock, Duration, ScriptRunner } from '@layercache/core'
import type { EphemeralCacheOptions } from './ephemeral-cache.js'
import type { IdentifierList } from './identifier-list.js'
import type { Limiter } from './limiter.js'

/** Default of {@link RateLimitOptions.timeout}. */
export const DEFAULT_TIMEOUT = '1s'
/** Default of {@link RateLimitOptions.failMode}. */
export const DEFAULT_FAIL_MODE: FailMode = 'local'

/**
 * What `limit` answers when the store fails or does not answer within `timeout`:
 * - `'open'`: let the request through (`success: true`);
 * - `'closed'`: reject it (`success: false`);
 * - `'local'`: decide with an in-process limiter with the same limits (each process then enforces the
 *   limits on its own, so N processes admit up to N times the limit until the store is back).
 *
 * `reason` is `'timeout'` or `'error'` in every case.
 */
export type FailMode = 'open' | 'closed' | 'local'

/** Options of `createRateLimit(...)`. */
export interface RateLimitOptions {
  /**
   * One limit, or several checked together: a request passes only if every limit has room, and then
   * spends on all of them (one atomic script call).
   */
  limiter: Limiter | readonly Limiter[]
  /**
   * Where the counters live: `createRedisStore({ client })` from `@layercache/redis` to share limits between
   * processes, or `createMemoryStore()` from `@layercache/core` for one process.
   * @default a new embedded `createMemoryStore({ clock })`, private to this instance
   */
  store?: ScriptRunner
  /**
   * The first segment of every key (no `{` or `}`; valid Unicode). Ratelimits that share a prefix
   * and a limiter share counters; blocks are shared by every RateLimit with the same prefix.
   * @default 'rl'
   */
  prefix?: string
  /**
   * How long `limit` waits for the store before `failMode` decides (and how long the other methods
   * wait before throwing `E_RATELIMIT_TIMEOUT`). `false` waits forever. Synchronous stores (memory)
   * never time out. A store may end a call sooner with its own timeout (`createRedisStore`'s is also 1 s):
   * that is an error (`reason: 'error'`), not a timeout.
   * @default '1s'
   */
  timeout?: Duration | false
  /**
   * What `limit` answers when the store fails or times out.
   * @default 'local'
   */
  failMode?: FailMode
  /**
   * Remember identifiers that are over their limit in this process, and answer them without a round
   * trip until they could pass again. `false` turns it off.
   * @default { maxEntries: 10_000 } on shared stores (Redis); off on in-process stores, which have no round trip to save
   */
  ephemeralCache?: EphemeralCacheOptions | false
  /**
   * Identifiers that are never limited (`reason: 'allowed'`, nothing spent, no store call).
   * @default none
   */
  allowList?: IdentifierList
  /**
   * Identifiers that are always rejected (`reason: 'blocked'`, `retryAfter: Infinity`, no store call).
   * Checked before the allow list.
   * @default none
   */
  denyList?: IdentifierList
  /**
   * The clock of this process: the ephemeral cache, `blockUntilReady` deadlines and the default and
   * fallback memory stores use it. Decisions on a store use the store's clock (Redis `TIME`).
   * @default systemClock
   */
  clock?: Clock
  /**
   * Called when `limit` could not use the store and `failMode` decided instead: log it or count it.
   * @default none
   */
  onStoreFailure?: (failure: StoreFailure) => void
}

/** What {@link RateLimitOptions.onStoreFailure} receives. */
export interface StoreFailure {
  /** The identifier being limited. */
  readonly identifier: string
  /** `'timeout'` or `'error'`, as in the response. */
  readonly reason: 'timeout' | 'error'
  /** The store's error, or an `E_RATELIMIT_TIMEOUT` error. */
  readonly error: unknown
}

/** Options of `limit`. */
export interface LimitOptions {
  /**
   * How many tokens this request costs (a whole number from 1).
   * @default 1
   */
  rate?: number
}

/** Options of `blockUntilReady`. */
export interface BlockUntilReadyOptions extends LimitOptions {
  /** Stops waiting: the promise rejects with the signal's reason. @default none */
  signal?: AbortSignal
}

/** Options of `refund`. */
export interface RefundOptions {
  /**
   * How many tokens to give back to every limit (never above capacity).
   * @default 1
   */
  rate?: number
}
