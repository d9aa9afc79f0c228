import {
  type AtomicScript,
  type Clock,
  type Duration,
  memoryStore,
  type ScriptArgument,
  type Store,
  systemClock,
} from '@layercache/core'
import { fixedWindow } from './algorithms/fixed-window.js'
import { gcra } from './algorithms/gcra.js'
import { slidingLog } from './algorithms/sliding-log.js'
import { slidingWindow } from './algorithms/sliding-window.js'
import { tokenBucket } from './algorithms/token-bucket.js'
import { createEphemeralCache, type EphemeralCache } from './ephemeral-cache.js'
import { FailurePolicy } from './failure-policy.js'
import { IdentifierLists } from './identifier-list.js'
import { checkPrefix, DEFAULT_PREFIX, Keyspace } from './keys.js'
import { checkLimiters, type Limiter } from './limiter.js'
import {
  type BlockUntilReadyOptions,
  DEFAULT_FAIL_MODE,
  DEFAULT_TIMEOUT,
  type LimitOptions,
  type RatelimitOptions,
  type RefundOptions,
} from './ratelimit-options.js'
import { decodeLimitReply, responseFromReply, stateFromReply, substituteResponse } from './reply.js'
import type { RatelimitResponse, RatelimitState } from './response.js'
import { blockScript } from './scripts/block-script.js'
import { type LimitMode, limitScript } from './scripts/limit-script.js'
import { resetScript } from './scripts/reset-script.js'
import { callStore, replyOrThrow, SETTLED } from './store-call.js'
import { checkFailMode, checkIdentifier, checkRate, positiveMilliseconds } from './validation.js'
import { waitUntilReady } from './wait-until-ready.js'

/**
 * A rate limiter over any layercache store. Each decision is one atomic script call on the store,
 * covering every limit of the identifier; a rejected request spends nothing.
 *
 * @example
 * ```ts
 * const ratelimit = new Ratelimit({ store: redisStore(client), limiter: Ratelimit.slidingWindow(100, '60 s') })
 * const { success, remaining, reset } = await ratelimit.limit(userId)
 * ```
 */
export class Ratelimit {
  /** At most `tokens` per window starting at an identifier's first request: see {@link fixedWindow}. */
  static readonly fixedWindow = fixedWindow
  /** At most `tokens` in any window, counted in buckets, never over: see {@link slidingWindow}. */
  static readonly slidingWindow = slidingWindow
  /** Exactly `tokens` in any window, one timestamp per token (small limits): see {@link slidingLog}. */
  static readonly slidingLog = slidingLog
  /** Bursts of `maxTokens`, refilled by `refillRate` every `interval`: see {@link tokenBucket}. */
  static readonly tokenBucket = tokenBucket
  /** `tokens` per `period` evenly spaced, with bursts (GCRA): see {@link gcra}. */
  static readonly gcra = gcra

  /** The limits, in the order given. */
  readonly limiters: readonly Limiter[]
  /** The key prefix. */
  readonly prefix: string
  private readonly store: Store
  private readonly keyspace: Keyspace
  private readonly timeout: number
  private readonly clock: Clock
  private readonly failurePolicy: FailurePolicy
  private readonly ephemeralCache: EphemeralCache | undefined
  private readonly lists: IdentifierLists
  private readonly limiterArguments: readonly ScriptArgument[]

  constructor(options: RatelimitOptions) {
    this.limiters = checkLimiters(options.limiter)
    this.prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX)
    this.clock = options.clock ?? systemClock
    this.store = options.store ?? memoryStore({ clock: this.clock })
    this.keyspace = new Keyspace(this.prefix, this.limiters)
    const timeout = options.timeout ?? DEFAULT_TIMEOUT
    this.timeout = timeout === false ? 0 : positiveMilliseconds(timeout, 'timeout')
    const failMode = checkFailMode(options.failMode ?? DEFAULT_FAIL_MODE)
    this.failurePolicy = new FailurePolicy(failMode, this.limiters, this.clock, options.onStoreFailure)
    this.ephemeralCache = createEphemeralCache(options.ephemeralCache, this.store.shared, this.clock)
    this.lists = new IdentifierLists(options.allowList, options.denyList)
    this.limiterArguments = this.limiters.flatMap((limiter) => [limiter.code, ...limiter.parameters])
  }

  /**
   * Spends `rate` tokens (default 1) on every limit of `identifier` — or none, if any limit lacks
   * room. Store failures never throw (see `failMode`); bad input throws `E_INVALID_KEY` or
   * `E_INVALID_OPTION`.
   */
  async limit(identifier: string, options?: LimitOptions): Promise<RatelimitResponse> {
    checkIdentifier(identifier)
    const cost = checkRate(options?.rate)
    const listed = this.lists.answer(identifier, this.limiters, this.clock.now())
    if (listed !== undefined) return listed
    const cached = this.ephemeralCache?.check(identifier, cost)
    if (cached !== undefined) return cached
    const keys = this.keyspace.keys(identifier)
    const args = this.scriptArguments('consume', cost)
    const outcome = await callStore(this.store, limitScript, keys, args, this.timeout)
    if (!outcome.ok) {
      return this.failurePolicy.decide(
        { identifier, reason: outcome.reason, error: outcome.error },
        keys,
        args,
        outcome.pending,
      )
    }
    let response: RatelimitResponse
    try {
      response = responseFromReply(
        this.limiters,
        decodeLimitReply(outcome.reply, this.limiters.length),
        SETTLED,
      )
    } catch (error) {
      return this.failurePolicy.decide({ identifier, reason: 'error', error }, keys, args, SETTLED)
    }
    // A block denies any cost; a limit denies this cost and larger ones.
    if (!response.success)
      this.ephemeralCache?.remember(identifier, response.reason === 'blocked' ? 1 : cost, response)
    return response
  }

  /** Tokens available now on every limit of `identifier`, without spending any. */
  async getRemaining(identifier: string): Promise<RatelimitState> {
    checkIdentifier(identifier)
    return this.state(identifier, 'peek', 1)
  }

  /** Gives `rate` tokens (default 1) back to every limit of `identifier`, never above capacity. */
  async refund(identifier: string, options?: RefundOptions): Promise<RatelimitState> {
    checkIdentifier(identifier)
    const state = await this.state(identifier, 'refund', checkRate(options?.rate))
    this.ephemeralCache?.forget(identifier)
    return state
  }

  /** Forgets everything about `identifier`: every limit's usage and any block. */
  async reset(identifier: string): Promise<void> {
    checkIdentifier(identifier)
    await this.run(resetScript, this.keyspace.keys(identifier), [])
    this.ephemeralCache?.forget(identifier)
  }

  /** {@link Ratelimit.reset} under `@upstash/ratelimit`'s name. */
  resetUsedTokens(identifier: string): Promise<void> {
    return this.reset(identifier)
  }

  /**
   * Rejects every request of `identifier` for `duration` (`reason: 'blocked'`); a longer block already
   * in place is kept. Resolves with the end of the block in milliseconds since the epoch (store clock).
   */
  async block(identifier: string, duration: Duration): Promise<number> {
    checkIdentifier(identifier)
    const milliseconds = positiveMilliseconds(duration, 'block duration')
    const [now, blockedUntil] = await this.run(
      blockScript,
      [this.keyspace.blockKey(identifier)],
      [milliseconds],
    )
    const retryAfter = blockedUntil - now
    const answer = {
      success: false,
      reason: 'blocked',
      now: blockedUntil,
      pending: SETTLED,
      retryAfter,
    } as const
    this.ephemeralCache?.remember(identifier, 1, substituteResponse(this.limiters, answer))
    return blockedUntil
  }

  /**
   * {@link Ratelimit.limit}, but a denied request waits its `retryAfter` and tries again, until it
   * succeeds or the next try would come after `timeout` (then the last denial is answered at once).
   */
  blockUntilReady(
    identifier: string,
    timeout: Duration,
    options?: BlockUntilReadyOptions,
  ): Promise<RatelimitResponse> {
    const milliseconds = positiveMilliseconds(timeout, 'blockUntilReady timeout')
    const limitOptions = { rate: options?.rate }
    return waitUntilReady(
      () => this.limit(identifier, limitOptions),
      this.clock,
      milliseconds,
      options?.signal,
    )
  }

  private scriptArguments(mode: LimitMode, cost: number): ScriptArgument[] {
    return [mode, cost, this.limiters.length, ...this.limiterArguments]
  }

  private async state(identifier: string, mode: LimitMode, cost: number): Promise<RatelimitState> {
    const reply = await this.run(
      limitScript,
      this.keyspace.keys(identifier),
      this.scriptArguments(mode, cost),
    )
    return stateFromReply(this.limiters, decodeLimitReply(reply, this.limiters.length))
  }

  private async run<T>(
    script: AtomicScript<T>,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ): Promise<T> {
    return replyOrThrow(await callStore(this.store, script, keys, args, this.timeout))
  }
}
