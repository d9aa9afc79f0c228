import type { Duration } from '@layercache/core'
import { invalidOption } from '../errors.js'
import { createLimiter, formatWindow, type Limiter, type LimiterOptions } from '../limiter.js'
import { positiveCount, positiveMilliseconds } from '../validation.js'
import type { AlgorithmImplementation, Evaluation } from './algorithm.js'

/** Options of {@link gcra}. */
export interface GcraOptions extends LimiterOptions {
  /**
   * The most tokens that can be spent at once (the burst); after a burst, tokens come back one every
   * `period / tokens`.
   * @default tokens
   */
  burst?: number
}

/** The smallest emission interval (`period / tokens`) accepted, in milliseconds. */
export const MIN_GCRA_EMISSION_INTERVAL = 0.01

/**
 * The Generic Cell Rate Algorithm: `tokens` per `period`, spaced evenly (one every
 * `period / tokens`), with bursts of up to `burst`. One number per identifier, no refill loop, exact.
 *
 * @example
 * ```ts
 * // 100 per minute, at most 10 at once
 * createRateLimit({ limiter: gcra(100, '1m', { burst: 10 }) })
 * ```
 */
export function gcra(tokens: number, period: Duration, options?: GcraOptions): Limiter {
  positiveCount(tokens, 'gcra tokens')
  const periodMs = positiveMilliseconds(period, 'gcra period')
  const burst = positiveCount(options?.burst ?? tokens, 'gcra burst')
  if (periodMs / tokens < MIN_GCRA_EMISSION_INTERVAL) {
    invalidOption(`gcra allows at most ${1 / MIN_GCRA_EMISSION_INTERVAL} tokens per millisecond`)
  }
  return createLimiter(
    'gcra',
    'gcra',
    [tokens, periodMs, burst],
    {
      limit: burst,
      window: Math.ceil((burst * periodMs) / tokens),
      defaultName: `gcra-${tokens}-per-${formatWindow(periodMs)}-burst-${burst}`,
    },
    options,
  )
}

// Floors of ratios that are whole in exact arithmetic can land a hair below in floating point.
const EPSILON = 1e-9

/**
 * State: the theoretical arrival time (TAT) as a string with all 17 significant digits (it is
 * fractional), expiring when it passes. `available = floor((burst * T - (TAT - now)) / T)` where
 * `T = period / tokens`; a call spends `cost * T`.
 */
export const gcraAlgorithm: AlgorithmImplementation = {
  code: 'gcra',
  lua: `
algorithms['gcra'] = function(key, now, cost, tokens, period, burst)
  local emission = period / tokens
  local span = burst * emission
  local tat = tonumber(redis.call('GET', key) or '')
  local base = now
  if tat ~= nil and tat > now then base = tat end
  local function available_at(arrival)
    return math.min(burst, math.max(0, math.floor((span - (arrival - now)) / emission + ${EPSILON})))
  end
  local available = available_at(base)
  local evaluation = { available = available, reset = math.ceil(base), retry = 0 }
  if cost > burst then
    evaluation.retry = -1
  elseif cost > available then
    evaluation.retry = math.max(1, math.ceil(base + cost * emission - span - now))
  end
  local function write(arrival)
    if arrival <= now then
      redis.call('DEL', key)
    else
      redis.call('SET', key, string.format('%.17g', arrival), 'PX', math.max(1, math.ceil(arrival - now)))
    end
  end
  evaluation.commit = function()
    write(base + cost * emission)
    return math.ceil(base + cost * emission)
  end
  evaluation.refund = function()
    local arrival = base - cost * emission
    write(arrival)
    if arrival <= now then return { burst, now } end
    return { available_at(arrival), math.ceil(arrival) }
  end
  return evaluation
end
`,
  evaluate(context, key, now, cost, tokens, period, burst): Evaluation {
    const emission = period / tokens
    const span = burst * emission
    const tat = context.get<number>(key)
    const base = tat !== undefined && tat > now ? tat : now
    const availableAt = (arrival: number) =>
      Math.min(burst, Math.max(0, Math.floor((span - (arrival - now)) / emission + EPSILON)))
    const available = availableAt(base)
    const write = (arrival: number) => {
      if (arrival <= now) context.delete(key)
      else context.set(key, arrival, Math.max(1, Math.ceil(arrival - now)))
    }
    let retry = 0
    if (cost > burst) retry = -1
    else if (cost > available) retry = Math.max(1, Math.ceil(base + cost * emission - span - now))
    return {
      available,
      reset: Math.ceil(base),
      retry,
      commit() {
        write(base + cost * emission)
        return Math.ceil(base + cost * emission)
      },
      refund() {
        const arrival = base - cost * emission
        write(arrival)
        return arrival <= now ? [burst, now] : [availableAt(arrival), Math.ceil(arrival)]
      },
    }
  },
}
