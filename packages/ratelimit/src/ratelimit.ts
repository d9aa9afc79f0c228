import {
  type Clock,
  createMemoryStore,
  type Duration,
  type ScriptRunner,
  systemClock,
} from '@layercache/core'
import type { AtomicScript, ScriptArgument } from '@layercache/core/store'
import { createEphemeralCache, type EphemeralCache } from './ephemeral-cache.js'
import { FailurePolicy } from './failure-policy.js'
import { IdentifierLists } from './identifier-list.js'
import { checkPrefix, Keyspace } from './keys.js'
import { checkLimiters, type Limiter } from './limiter.js'
import {
  type BlockUntilReadyOptions,
  DEFAULT_FAIL_MODE,
  DEFAULT_PREFIX,
  DEFAULT_TIMEOUT,
  type LimitOptions,
  type RateLimitOptions,
  type RefundOptions,
} from './ratelimit-options.js'
import { decodeLimitReply, responseFromReply, stateFromReply, substituteResponse } from './reply.js'
import type { RateLimitResponse, RateLimitState } from './response.js'
import { blockScript } from './scripts/block-script.js'
import { type ConsumeCall, consumeCall } from './scripts/consume-script.js'
import { type LimitMode, limitScript } from './scripts/limit-script.js'
import { resetScript } from './scripts/reset-script.js'
import { callStore, replyOrThrow, SETTLED } from './store-call.js'
import { checkFailMode, checkIdentifier, checkRate, checkStore, positiveMilliseconds } from './validation.js'
import { waitUntilReady } from './wait-until-ready.js'

/**
 * A rate limiter over any layercache store. Each decision is one atomic script call on the store,
 * covering every limit of the identifier; a rejected request spends nothing.
 *
 * @example
 * ```ts
 * const ratelimit = createRateLimit({ store: createRedisStore({ client }), limiter: slidingWindow(100, '60 s') })
 * const { success, remaining, reset } = await ratelimit.limit(userId)
 * ```
 */
export class RateLimit {
  /** The limits, in the order given. */
  readonly limiters: readonly Limiter[]
  /** The key prefix. */
  readonly prefix: string
  private readonly store: ScriptRunner
  private readonly keyspace: Keyspace
  private readonly timeout: number
  private readonly clock: Clock
  private readonly failurePolicy: FailurePolicy
  private readonly ephemeralCache: EphemeralCache | undefined
  private readonly lists: IdentifierLists
  private readonly limiterArguments: readonly ScriptArgument[]
  private readonly consume: ConsumeCall

  /** @internal Made by {@link createRateLimit}. */
  constructor(options: RateLimitOptions) {
    this.limiters = checkLimiters(options.limiter)
    this.prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX)
    this.clock = options.clock ?? systemClock
    this.store =
      options.store === undefined ? createMemoryStore({ clock: this.clock }) : checkStore(options.store)
    this.keyspace = new Keyspace(this.prefix, this.limiters)
    const timeout = options.timeout ?? DEFAULT_TIMEOUT
    this.timeout = timeout === false ? 0 : positiveMilliseconds(timeout, 'timeout')
    const failMode = checkFailMode(options.failMode ?? DEFAULT_FAIL_MODE)
    this.consume = consumeCall(this.limiters)
    this.failurePolicy = new FailurePolicy(
      failMode,
      this.limiters,
      this.consume,
      this.clock,
      options.onStoreFailure,
    )
    this.ephemeralCache = createEphemeralCache(options.ephemeralCache, this.store.shared, this.clock)
    this.lists = new IdentifierLists(options.allowList, options.denyList)
    this.limiterArguments = this.limiters.flatMap((limiter) => [limiter.code, ...limiter.parameters])
  }

  /**
   * Spends `rate` tokens (default 1) on every limit of `identifier` — or none, if any limit lacks
   * room. Store failures never throw (see `failMode`); bad input throws `E_INVALID_KEY` or
   * `E_INVALID_OPTION`.
   */
  async limit(identifier: string, options?: LimitOptions): Promise<RateLimitResponse> {
    checkIdentifier(identifier)
    const cost = checkRate(options?.rate)
    const listed = this.lists.answer(identifier, this.limiters, this.clock.now())
    if (listed !== undefined) return listed
    const cached = this.ephemeralCache?.check(identifier, cost)
    if (cached !== undefined) return cached
    const keys = this.keyspace.keys(identifier)
    const consume = this.consume
    const args = consume.arguments(cost)
    const outcome = await callStore(this.store, consume.script, keys, args, this.timeout)
    if (!outcome.ok) {
      return this.failurePolicy.decide(
        { identifier, reason: outcome.reason, error: outcome.error },
        keys,
        args,
        outcome.pending,
      )
    }
    let response: RateLimitResponse
    try {
      response = responseFromReply(this.limiters, consume.decode(outcome.reply), SETTLED)
    } catch (error) {
      return this.failurePolicy.decide({ identifier, reason: 'error', error }, keys, args, SETTLED)
    }
    // A block denies any cost; a limit denies this cost and larger ones.
    if (!response.success)
      this.ephemeralCache?.remember(identifier, response.reason === 'blocked' ? 1 : cost, response)
    return response
  }

  /** Tokens available now on every limit of `identifier`, without spending any. */
  async getRemaining(identifier: string): Promise<RateLimitState> {
    checkIdentifier(identifier)
    return this.state(identifier, 'peek', 1)
  }

  /** Gives `rate` tokens (default 1) back to every limit of `identifier`, never above capacity. */
  async refund(identifier: string, options?: RefundOptions): Promise<RateLimitState> {
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

  /** {@link RateLimit.reset} under `@upstash/ratelimit`'s name. */
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
   * {@link RateLimit.limit}, but a denied request waits its `retryAfter` and tries again, until it
   * succeeds or the next try would come after `timeout` (then the last denial is answered at once).
   */
  blockUntilReady(
    identifier: string,
    timeout: Duration,
    options?: BlockUntilReadyOptions,
  ): Promise<RateLimitResponse> {
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

  private async state(identifier: string, mode: LimitMode, cost: number): Promise<RateLimitState> {
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

/**
 * Makes a {@link RateLimit}: one or more limits over a store (memory by default, Redis for limits
 * every server shares).
 *
 * @example
 * ```ts
 * const rateLimit = createRateLimit({ store: createRedisStore({ client }), limiter: slidingWindow(100, '60 s') })
 * const { success, remaining, reset } = await rateLimit.limit(userId)
 * ```
 */
export function createRateLimit(options: RateLimitOptions): RateLimit {
  return new RateLimit(options)
}
