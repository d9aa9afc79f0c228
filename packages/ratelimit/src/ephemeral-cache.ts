import type { Clock } from '@layercache/core'
import type { RateLimitResponse } from './response.js'
import { SETTLED } from './store-call.js'
import { positiveCount } from './validation.js'

/** Default of `EphemeralCacheOptions.maxEntries`. */
export const DEFAULT_EPHEMERAL_CACHE_ENTRIES = 10_000

/** Options of the ephemeral cache. */
export interface EphemeralCacheOptions {
  /**
   * The most identifiers remembered; past it, the oldest denial is forgotten first.
   * @default 10_000
   */
  maxEntries?: number
}

interface Denial {
  /** Local clock time until which the same request cannot succeed. */
  readonly until: number
  /** The cost that was denied: any cost at least this large is denied too until `until`. */
  readonly cost: number
  readonly response: RateLimitResponse
}

/**
 * Remembers, in this process, identifiers that are over their limit and until when, so a hot abuser
 * is answered without a round trip to the store. It only ever denies, and only what the store itself
 * denied: a request needing `cost` tokens that could not get them before `until` cannot get `cost` or
 * more before then either. Bounded by `maxEntries`.
 */
export class EphemeralCache {
  private readonly denials = new Map<string, Denial>()

  constructor(
    private readonly maxEntries: number,
    private readonly clock: Clock,
  ) {}

  /** How many identifiers are remembered now. */
  get size(): number {
    return this.denials.size
  }

  /** Records a denial answered by the store; ignores anything without a finite wait. */
  remember(identifier: string, cost: number, response: RateLimitResponse): void {
    if (response.success || !(response.retryAfter > 0) || !Number.isFinite(response.retryAfter)) return
    this.denials.delete(identifier)
    this.denials.set(identifier, { until: this.clock.now() + response.retryAfter, cost, response })
    if (this.denials.size > this.maxEntries) this.denials.delete(this.denials.keys().next().value!)
  }

  /** The remembered denial for this identifier and cost, with its wait brought up to date. */
  check(identifier: string, cost: number): RateLimitResponse | undefined {
    const denial = this.denials.get(identifier)
    if (denial === undefined) return undefined
    const now = this.clock.now()
    if (now >= denial.until) {
      this.denials.delete(identifier)
      return undefined
    }
    if (cost < denial.cost) return undefined
    return { ...denial.response, retryAfter: denial.until - now, pending: SETTLED }
  }

  /** Forgets an identifier (after `reset` or `refund` in this process). */
  forget(identifier: string): void {
    this.denials.delete(identifier)
  }
}

/**
 * The cache a RateLimit uses: none when turned off, and by default none on in-process stores (a
 * decision there costs no round trip, and skipping it keeps manual clocks in tests simple).
 */
export function createEphemeralCache(
  options: EphemeralCacheOptions | false | undefined,
  sharedStore: boolean,
  clock: Clock,
): EphemeralCache | undefined {
  if (options === false || (options === undefined && !sharedStore)) return undefined
  const maxEntries = positiveCount(
    options?.maxEntries ?? DEFAULT_EPHEMERAL_CACHE_ENTRIES,
    'ephemeralCache.maxEntries',
  )
  return new EphemeralCache(maxEntries, clock)
}
