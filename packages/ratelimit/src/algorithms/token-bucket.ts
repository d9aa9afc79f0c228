import type { Duration } from '@layercache/core'
import { createLimiter, formatWindow, type Limiter, type LimiterOptions } from '../limiter.js'
import { positiveCount, positiveMilliseconds } from '../validation.js'
import type { AlgorithmImplementation, Evaluation } from './algorithm.js'

/**
 * A bucket of `maxTokens` that starts full and gains `refillRate` tokens every `interval`: bursts up
 * to `maxTokens`, then `refillRate` per `interval` on average. Same argument order as
 * `@upstash/ratelimit`.
 *
 * @example
 * ```ts
 * // bursts of 20, then 5 per second
 * createRateLimit({ limiter: tokenBucket(5, '1 s', 20) })
 * ```
 */
export function tokenBucket(
  refillRate: number,
  interval: Duration,
  maxTokens: number,
  options?: LimiterOptions,
): Limiter {
  positiveCount(refillRate, 'tokenBucket refillRate')
  const intervalMs = positiveMilliseconds(interval, 'tokenBucket interval')
  positiveCount(maxTokens, 'tokenBucket maxTokens')
  return createLimiter(
    'tokenBucket',
    'tb',
    [refillRate, intervalMs, maxTokens],
    {
      limit: maxTokens,
      window: Math.ceil(maxTokens / refillRate) * intervalMs,
      defaultName: `token-bucket-${maxTokens}-refill-${refillRate}-per-${formatWindow(intervalMs)}`,
    },
    options,
  )
}

interface TokenBucketState {
  readonly tokens: number
  readonly refilled: number
}

/**
 * State: a hash `{ tokens, refilled }` where `refilled` is the last refill instant. A missing key is a
 * full bucket, and a full bucket restarts its refill clock, so the key expires exactly when the
 * bucket is full again.
 */
export const tokenBucketAlgorithm: AlgorithmImplementation = {
  code: 'tb',
  lua: `
algorithms['tb'] = function(key, now, cost, rate, interval, capacity)
  local state = redis.call('HMGET', key, 'tokens', 'refilled')
  local tokens = tonumber(state[1])
  local refilled = tonumber(state[2])
  if tokens == nil or refilled == nil then
    tokens = capacity
    refilled = now
  else
    local intervals = math.floor((now - refilled) / interval)
    if intervals > 0 then
      tokens = math.min(capacity, tokens + intervals * rate)
      refilled = refilled + intervals * interval
    end
    if tokens >= capacity then
      tokens = capacity
      refilled = now
    end
  end
  local function full_at(held)
    if held >= capacity then return now end
    return refilled + math.ceil((capacity - held) / rate) * interval
  end
  local evaluation = { available = tokens, reset = full_at(tokens), retry = 0 }
  if cost > capacity then
    evaluation.retry = -1
  elseif cost > tokens then
    evaluation.retry = refilled + math.ceil((cost - tokens) / rate) * interval - now
  end
  local function write(held)
    if held >= capacity then
      redis.call('DEL', key)
    else
      redis.call('HSET', key, 'tokens', held, 'refilled', refilled)
      redis.call('PEXPIRE', key, full_at(held) - now)
    end
  end
  evaluation.commit = function()
    write(tokens - cost)
    return full_at(tokens - cost)
  end
  evaluation.refund = function()
    local held = math.min(capacity, tokens + cost)
    write(held)
    return { held, full_at(held) }
  end
  return evaluation
end
`,
  evaluate(context, key, now, cost, rate, interval, capacity): Evaluation {
    const held = context.get<TokenBucketState>(key)
    let tokens = capacity
    let refilled = now
    if (held !== undefined) {
      tokens = held.tokens
      refilled = held.refilled
      const intervals = Math.floor((now - refilled) / interval)
      if (intervals > 0) {
        tokens = Math.min(capacity, tokens + intervals * rate)
        refilled += intervals * interval
      }
      if (tokens >= capacity) {
        tokens = capacity
        refilled = now
      }
    }
    const fullAt = (amount: number) =>
      amount >= capacity ? now : refilled + Math.ceil((capacity - amount) / rate) * interval
    const write = (amount: number) => {
      if (amount >= capacity) context.delete(key)
      else context.set(key, { tokens: amount, refilled }, fullAt(amount) - now)
    }
    let retry = 0
    if (cost > capacity) retry = -1
    else if (cost > tokens) retry = refilled + Math.ceil((cost - tokens) / rate) * interval - now
    return {
      available: tokens,
      reset: fullAt(tokens),
      retry,
      commit() {
        write(tokens - cost)
        return fullAt(tokens - cost)
      },
      refund() {
        const amount = Math.min(capacity, tokens + cost)
        write(amount)
        return [amount, fullAt(amount)]
      },
    }
  },
}
