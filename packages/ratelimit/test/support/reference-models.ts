/**
 * Plain, slow, obviously-right models of the algorithms, written from their definitions and not from
 * the scripts: the property tests drive both with the same requests and compare.
 */
export interface ReferenceModel {
  /** Admits `cost` at time `now` if the definition allows; returns the tokens left afterwards (or now). */
  request(now: number, cost: number): { admitted: boolean; remaining: number }
}

/** `tokens` per window, the window starting at the first request after the previous one ended. */
export function fixedWindowModel(tokens: number, window: number): ReferenceModel {
  let start = Number.NEGATIVE_INFINITY
  let count = 0
  return {
    request(now, cost) {
      if (now >= start + window) {
        start = now
        count = 0
      }
      const admitted = count + cost <= tokens
      if (admitted) count += cost
      return { admitted, remaining: tokens - count }
    },
  }
}

/** Exactly `tokens` in every window `(now - window, now]`. */
export function slidingLogModel(tokens: number, window: number): ReferenceModel {
  const admittedAt: number[] = []
  return {
    request(now, cost) {
      const live = admittedAt.filter((time) => time > now - window).length
      const admitted = live + cost <= tokens
      if (admitted) for (let i = 0; i < cost; i++) admittedAt.push(now)
      return { admitted, remaining: tokens - live - (admitted ? cost : 0) }
    },
  }
}

/**
 * A bucket of `capacity`, full at first. The first spend from a full bucket starts a refill clock;
 * every `interval` after it adds `rate` tokens; the clock stops when the bucket is full again.
 */
export function tokenBucketModel(rate: number, interval: number, capacity: number): ReferenceModel {
  let tokens = capacity
  let clockStart: number | undefined
  return {
    request(now, cost) {
      while (clockStart !== undefined && clockStart + interval <= now) {
        clockStart += interval
        tokens = Math.min(capacity, tokens + rate)
        if (tokens === capacity) clockStart = undefined
      }
      const admitted = tokens >= cost
      if (admitted) {
        if (tokens === capacity) clockStart = now
        tokens -= cost
      }
      return { admitted, remaining: tokens }
    },
  }
}

/**
 * A meter that drains one unit per millisecond and takes `cost * T` per request (`T = period /
 * tokens`, a whole number here), admitting while it stays within `burst * T`.
 */
export function meterModel(tokens: number, period: number, burst: number): ReferenceModel {
  const emission = period / tokens
  let level = 0
  let last = Number.NEGATIVE_INFINITY
  return {
    request(now, cost) {
      level = Math.max(0, level - (now - last))
      last = now
      const admitted = level + cost * emission <= burst * emission
      if (admitted) level += cost * emission
      return { admitted, remaining: Math.floor((burst * emission - level) / emission) }
    },
  }
}
