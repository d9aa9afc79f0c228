import type { Duration } from '@layercache/core'
import { createLimiter, formatWindow, type Limiter, type LimiterOptions } from '../limiter.js'
import { positiveCount, positiveMilliseconds } from '../validation.js'
import type { AlgorithmImplementation, Evaluation } from './algorithm.js'

/**
 * At most `tokens` per window; the window starts with the first request of an identifier (so windows
 * of different identifiers do not all end at the same instant). Cheapest, but a client can spend
 * `tokens` at the end of one window and `tokens` again at the start of the next.
 *
 * @example
 * ```ts
 * createRateLimit({ limiter: fixedWindow(1000, '1d') })
 * ```
 */
export function fixedWindow(tokens: number, window: Duration, options?: LimiterOptions): Limiter {
  positiveCount(tokens, 'fixedWindow tokens')
  const windowMs = positiveMilliseconds(window, 'fixedWindow window')
  return createLimiter(
    'fixedWindow',
    'fw',
    [tokens, windowMs, 0],
    { limit: tokens, window: windowMs, defaultName: `fixed-window-${tokens}-per-${formatWindow(windowMs)}` },
    options,
  )
}

interface FixedWindowState {
  readonly start: number
  readonly count: number
}

/** State: a hash `{ start, count }`, expiring when the window ends. */
export const fixedWindowAlgorithm: AlgorithmImplementation = {
  code: 'fw',
  lua: `
algorithms['fw'] = function(key, now, cost, tokens, window)
  local state = redis.call('HMGET', key, 'start', 'count')
  local start = tonumber(state[1])
  local count = tonumber(state[2])
  if start == nil or count == nil or now >= start + window then
    start = now
    count = 0
  end
  local ends = start + window
  local evaluation = { available = math.max(0, tokens - count), reset = now, retry = 0 }
  if count > 0 then evaluation.reset = ends end
  if cost > tokens then evaluation.retry = -1 elseif cost > tokens - count then evaluation.retry = ends - now end
  evaluation.commit = function()
    if count > 0 then
      -- A live window already expires at its end: one write, and the TTL stays.
      redis.call('HINCRBY', key, 'count', cost)
    else
      redis.call('HSET', key, 'start', start, 'count', cost)
      redis.call('PEXPIRE', key, ends - now)
    end
    return ends
  end
  evaluation.refund = function()
    local left = math.max(0, count - cost)
    if count > 0 then redis.call('HSET', key, 'count', left) end
    if left > 0 then return { tokens - left, ends } end
    return { tokens, now }
  end
  return evaluation
end
`,
  evaluate(context, key, now, cost, tokens, window): Evaluation {
    const held = context.get<FixedWindowState>(key)
    const live = held !== undefined && now < held.start + window
    const start = live ? held.start : now
    const count = live ? held.count : 0
    const ends = start + window
    let retry = 0
    if (cost > tokens) retry = -1
    else if (cost > tokens - count) retry = ends - now
    return {
      available: Math.max(0, tokens - count),
      reset: count > 0 ? ends : now,
      retry,
      commit() {
        context.set(key, { start, count: count + cost }, ends - now)
        return ends
      },
      refund() {
        const left = Math.max(0, count - cost)
        if (count > 0) context.set(key, { start, count: left }, ends - now)
        return left > 0 ? [tokens - left, ends] : [tokens, now]
      },
    }
  },
}
