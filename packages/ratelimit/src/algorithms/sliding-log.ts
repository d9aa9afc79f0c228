import type { Duration } from '@layercache/core'
import { createLimiter, formatWindow, type Limiter, type LimiterOptions } from '../limiter.js'
import { positiveCount, positiveMilliseconds } from '../validation.js'
import type { AlgorithmImplementation, Evaluation } from './algorithm.js'

/** The largest `tokens` a sliding log accepts: it stores one timestamp per token. */
export const MAX_SLIDING_LOG_TOKENS = 1000

/**
 * Exactly `tokens` in any window of length `window`: one timestamp is kept per token spent, so it
 * costs memory and time in proportion to `tokens` (at most 1,000). For small limits such as
 * "5 password attempts per 15 minutes"; use {@link slidingWindow} for large ones.
 *
 * @example
 * ```ts
 * createRateLimit({ limiter: slidingLog(5, '15m') })
 * ```
 */
export function slidingLog(tokens: number, window: Duration, options?: LimiterOptions): Limiter {
  positiveCount(tokens, 'slidingLog tokens', MAX_SLIDING_LOG_TOKENS)
  const windowMs = positiveMilliseconds(window, 'slidingLog window')
  return createLimiter(
    'slidingLog',
    'sl',
    [tokens, windowMs, 0],
    { limit: tokens, window: windowMs, defaultName: `sliding-log-${tokens}-per-${formatWindow(windowMs)}` },
    options,
  )
}

/**
 * State: a list of timestamps in ascending order, one per token, expiring when its newest entry
 * leaves the window. An entry at `t` counts while `t > now - window`. New entries are stamped
 * `max(now, newest)` so the list stays sorted even if the clock steps back.
 */
export const slidingLogAlgorithm: AlgorithmImplementation = {
  code: 'sl',
  lua: `
algorithms['sl'] = function(key, now, cost, tokens, window)
  local entries = redis.call('LRANGE', key, 0, -1)
  local first = #entries + 1
  for i = 1, #entries do
    if tonumber(entries[i]) > now - window then
      first = i
      break
    end
  end
  local live = #entries - first + 1
  local evaluation = { available = math.max(0, tokens - live), reset = now, retry = 0 }
  if live > 0 then evaluation.reset = tonumber(entries[#entries]) + window end
  if cost > tokens then
    evaluation.retry = -1
  elseif cost > tokens - live then
    evaluation.retry = tonumber(entries[first + live + cost - tokens - 1]) + window - now
  end
  evaluation.commit = function()
    if first > 1 then redis.call('LTRIM', key, first - 1, -1) end
    local stamp = now
    if #entries > 0 then stamp = math.max(now, tonumber(entries[#entries])) end
    local stamps = {}
    for i = 1, cost do stamps[i] = stamp end
    redis.call('RPUSH', key, unpack(stamps))
    redis.call('PEXPIRE', key, stamp + window - now)
    return stamp + window
  end
  evaluation.refund = function()
    local kept = live - math.min(cost, live)
    if kept == 0 then
      redis.call('DEL', key)
      return { tokens, now }
    end
    redis.call('LTRIM', key, first - 1, first + kept - 2)
    local newest = tonumber(entries[first + kept - 1])
    redis.call('PEXPIRE', key, newest + window - now)
    return { tokens - kept, newest + window }
  end
  return evaluation
end
`,
  evaluate(context, key, now, cost, tokens, window): Evaluation {
    const entries = context.get<readonly number[]>(key) ?? []
    let first = entries.findIndex((stamp) => stamp > now - window)
    if (first === -1) first = entries.length
    const live = entries.length - first
    const newestEntry = entries[entries.length - 1]
    let retry = 0
    if (cost > tokens) retry = -1
    else if (cost > tokens - live) retry = entries[first + live + cost - tokens - 1]! + window - now
    return {
      available: Math.max(0, tokens - live),
      reset: live > 0 ? newestEntry! + window : now,
      retry,
      commit() {
        const stamp = newestEntry === undefined ? now : Math.max(now, newestEntry)
        const next = entries.slice(first)
        for (let i = 0; i < cost; i++) next.push(stamp)
        context.set(key, next, stamp + window - now)
        return stamp + window
      },
      refund() {
        const kept = live - Math.min(cost, live)
        if (kept === 0) {
          context.delete(key)
          return [tokens, now]
        }
        const newest = entries[first + kept - 1]!
        context.set(key, entries.slice(first, first + kept), newest + window - now)
        return [tokens - kept, newest + window]
      },
    }
  },
}
