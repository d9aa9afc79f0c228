import { type Clock, createMemoryStore, type Duration, type ScriptRunner } from '@layercache/core'
import { fixedWindow } from './algorithms/fixed-window.js'
import { slidingWindow } from './algorithms/sliding-window.js'
import { invalidOption } from './errors.js'
import { createRateLimit, type RateLimit } from './ratelimit.js'
import type { FailMode } from './ratelimit-options.js'
import { checkRate, positiveCount, positiveMilliseconds } from './validation.js'

/** Default of {@link RateLimitCheckOptions.prefix}. */
export const DEFAULT_CHECK_PREFIX = 'rl:check'
/** How many distinct `(limit, window)` pairs one check function keeps a limiter for. */
export const MAX_CHECK_POLICIES = 1000

/** Options of {@link createRateLimitCheck}. */
export interface RateLimitCheckOptions {
  /**
   * Where the counters live; `createRedisStore({ client })` shares them between processes.
   * @default an embedded `createMemoryStore()` created on first use, private to this function
   */
  store?: ScriptRunner
  /**
   * The key prefix (no `{` or `}`; valid Unicode).
   * @default 'rl:check'
   */
  prefix?: string
  /**
   * `'slidingWindow'` never lets more than `limit` through in any `window`; `'fixedWindow'` is
   * cheaper but allows up to twice `limit` across a window boundary.
   * @default 'slidingWindow'
   */
  algorithm?: 'slidingWindow' | 'fixedWindow'
  /**
   * What to answer when the store fails (see `RateLimitOptions.failMode`).
   * @default 'local'
   */
  failMode?: FailMode
  /**
   * How long to wait for the store (see `RateLimitOptions.timeout`).
   * @default '1s'
   */
  timeout?: Duration | false
  /**
   * The clock of this process (see `RateLimitOptions.clock`).
   * @default systemClock
   */
  clock?: Clock
}

/**
 * `true` when `identifier` may make one more request (of cost `rate`) under "at most `limit` per
 * `window`"; the request is counted only when allowed. `window` is seconds or a string like `'1m'`.
 */
export type RateLimitCheck = (
  identifier: string,
  limit: number,
  window: Duration,
  options?: { rate?: number },
) => Promise<boolean>

/**
 * Makes a `checkRateLimit(userId, 100, 60)` function: one line of setup, any limit per call. Each
 * distinct `(limit, window)` is its own counter for an identifier.
 *
 * @example
 * ```ts
 * const checkRateLimit = createRateLimitCheck({ store: createRedisStore({ client: redis }) })
 * if (!(await checkRateLimit(userId, 100, 60))) throw new Error('Rate limit exceeded')
 * ```
 */
export function createRateLimitCheck(options: RateLimitCheckOptions = {}): RateLimitCheck {
  const algorithm = options.algorithm ?? 'slidingWindow'
  if (algorithm !== 'slidingWindow' && algorithm !== 'fixedWindow') {
    invalidOption(`algorithm must be 'slidingWindow' or 'fixedWindow', got ${String(algorithm)}`)
  }
  const makeLimiter = algorithm === 'slidingWindow' ? slidingWindow : fixedWindow
  const { prefix = DEFAULT_CHECK_PREFIX, failMode, timeout, clock } = options
  let store = options.store
  const limiters = new Map<string, RateLimit>()
  const limiterFor = (limit: number, window: Duration): RateLimit => {
    const policy = `${positiveCount(limit, 'limit')}/${positiveMilliseconds(window, 'window')}`
    let ratelimit = limiters.get(policy)
    if (ratelimit === undefined) {
      store ??= createMemoryStore(clock === undefined ? undefined : { clock })
      ratelimit = createRateLimit({
        limiter: makeLimiter(limit, window),
        store,
        prefix,
        failMode,
        timeout,
        clock,
      })
      if (limiters.size >= MAX_CHECK_POLICIES) limiters.delete(limiters.keys().next().value!)
      limiters.set(policy, ratelimit)
    }
    return ratelimit
  }
  return async (identifier, limit, window, callOptions) => {
    const ratelimit = limiterFor(limit, window)
    return (await ratelimit.limit(identifier, { rate: checkRate(callOptions?.rate) })).success
  }
}

/**
 * The ready check, on an embedded memory store private to this process (created on first call).
 * For limits shared by several servers, make your own with `createRateLimitCheck({ store })`.
 *
 * @example
 * ```ts
 * const allowed = await checkRateLimit(userId, 100, 60) // 100 requests per 60 seconds
 * if (!allowed) throw new Error('Rate limit exceeded')
 * ```
 */
export const checkRateLimit: RateLimitCheck = /* @__PURE__ */ createRateLimitCheck()
