import type { Duration } from '@layercache/core'
import { createLimiter, formatWindow, type Limiter, type LimiterOptions } from '../limiter.js'
import { positiveCount, positiveMilliseconds } from '../validation.js'
import type { AlgorithmImplementation, Evaluation } from './algorithm.js'
import { slidingWindowLua } from './sliding-window-lua.js'

/** Default of {@link SlidingWindowOptions.precision}. */
export const DEFAULT_SLIDING_WINDOW_PRECISION = 10

/** Options of {@link slidingWindow}. */
export interface SlidingWindowOptions extends LimiterOptions {
  /**
   * How many buckets a window is cut into (1 to 100). More buckets deny less early, at the cost of
   * one hash field per bucket.
   * @default 10
   */
  precision?: number
}

/**
 * At most `tokens` in **any** window of length `window` — never more, however requests are timed.
 * Requests are counted in `precision` buckets per window, and the oldest bucket still overlapping the
 * window counts in full: the error is only on the safe side. A request can be denied early by at most
 * the tokens of that one oldest bucket (`window / precision` long), so a client sending steadily at
 * the limit gets at least `precision / (precision + 1)` of it (91% with the default 10).
 *
 * @example
 * ```ts
 * createRateLimit({ limiter: slidingWindow(100, '60 s') })
 * ```
 */
export function slidingWindow(tokens: number, window: Duration, options?: SlidingWindowOptions): Limiter {
  positiveCount(tokens, 'slidingWindow tokens')
  const windowMs = positiveMilliseconds(window, 'slidingWindow window')
  const precision = positiveCount(
    options?.precision ?? DEFAULT_SLIDING_WINDOW_PRECISION,
    'slidingWindow precision',
    100,
  )
  const bucket = Math.max(1, Math.floor(windowMs / precision))
  return createLimiter(
    'slidingWindow',
    'sw',
    [tokens, windowMs, bucket],
    {
      limit: tokens,
      window: windowMs,
      defaultName: `sliding-window-${tokens}-per-${formatWindow(windowMs)}`,
    },
    options,
  )
}

/** Bucket index -> tokens spent in it. Bucket `i` covers `[i * width, (i + 1) * width)`. */
type Buckets = ReadonlyMap<number, number>

/**
 * State: a hash from bucket index to count, expiring when its newest bucket leaves the window.
 * A bucket is counted while it overlaps `(now - window, now]`, i.e. from index
 * `floor((now - window) / width)` on, and stops counting at `(index + 1) * width + window`.
 */
export const slidingWindowAlgorithm: AlgorithmImplementation = {
  code: 'sw',
  lua: slidingWindowLua,
  evaluate(context, key, now, cost, tokens, window, width): Evaluation {
    const oldest = Math.floor((now - window) / width)
    const held = context.get<Buckets>(key) ?? new Map<number, number>()
    const live = [...held].filter(([index]) => index >= oldest).sort((left, right) => left[0] - right[0])
    let count = 0
    for (const [, hits] of live) count += hits
    const drains = (index: number) => (index + 1) * width + window
    let retry = 0
    if (cost > tokens) retry = -1
    else if (cost > tokens - count) {
      let excess = count + cost - tokens
      for (const [index, hits] of live) {
        excess -= hits
        if (excess <= 0) {
          retry = drains(index) - now
          break
        }
      }
    }
    const write = (buckets: Map<number, number>, newest: number) => {
      if (buckets.size === 0) context.delete(key)
      else context.set(key, buckets, drains(newest) - now)
    }
    return {
      available: Math.max(0, tokens - count),
      reset: live.length > 0 ? drains(live[live.length - 1]![0]) : now,
      retry,
      commit() {
        const newest = live.length > 0 ? live[live.length - 1]![0] : Number.NEGATIVE_INFINITY
        const current = Math.max(Math.floor(now / width), newest)
        const buckets = new Map(live)
        buckets.set(current, (buckets.get(current) ?? 0) + cost)
        write(buckets, current)
        return drains(current)
      },
      refund() {
        const buckets = new Map(live)
        let left = cost
        for (let position = live.length - 1; position >= 0 && left > 0; position--) {
          const [index, hits] = live[position]!
          const taken = Math.min(left, hits)
          left -= taken
          count -= taken
          if (hits === taken) buckets.delete(index)
          else buckets.set(index, hits - taken)
        }
        const newest = Math.max(...buckets.keys())
        write(buckets, newest)
        return buckets.size > 0 ? [Math.max(0, tokens - count), drains(newest)] : [tokens, now]
      },
    }
  },
}
