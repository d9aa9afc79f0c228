import { RateLimitError, rateLimitErrors } from './errors.js'
import type { Limiter } from './limiter.js'
import {
  fewestRemaining,
  type LimitResult,
  longestWait,
  type RateLimitReason,
  type RateLimitResponse,
  type RateLimitState,
} from './response.js'
import type { LimitReply, LimitReplyItem } from './scripts/limit-script.js'

const statuses = new Set(['allowed', 'denied', 'blocked', 'refunded'])

function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value)
}

function unexpected(reply: unknown): never {
  throw new RateLimitError(
    rateLimitErrors.UNEXPECTED_REPLY,
    `the store answered the rate limit script with ${JSON.stringify(reply)?.slice(0, 200)}`,
  )
}

/** Checks the limit script's reply, so a foreign store cannot make the limiter admit by accident. */
export function decodeLimitReply(reply: unknown, count: number): LimitReply {
  if (!Array.isArray(reply) || reply.length !== 4) unexpected(reply)
  const [status, now, blockedUntil, items] = reply as unknown[]
  if (typeof status !== 'string' || !statuses.has(status) || !isWhole(now) || !isWhole(blockedUntil)) {
    unexpected(reply)
  }
  if (!Array.isArray(items) || items.length !== count) unexpected(reply)
  for (const item of items) {
    if (!Array.isArray(item) || item.length !== 4 || !item.every(isWhole)) unexpected(reply)
  }
  return reply as LimitReply
}

/** Each limit's view, from the script's items. */
export function limitResults(limiters: readonly Limiter[], items: readonly LimitReplyItem[]): LimitResult[] {
  return limiters.map((limiter, i) => {
    const [fits, remaining, reset, retry] = items[i]!
    return {
      name: limiter.name,
      success: fits === 1,
      limit: limiter.limit,
      remaining,
      reset,
      retryAfter: retry < 0 ? Number.POSITIVE_INFINITY : retry,
      window: limiter.window,
    }
  })
}

/** The response to `limit` from a decoded reply of a `consume` call. */
export function responseFromReply(
  limiters: readonly Limiter[],
  [status, now, blockedUntil, items]: LimitReply,
  pending: Promise<void>,
): RateLimitResponse {
  const limits = limitResults(limiters, items)
  const denying = longestWait(limits)
  const chosen = limits[status === 'denied' && denying !== -1 ? denying : fewestRemaining(limits)]!
  if (status === 'blocked') {
    const retryAfter = Math.max(blockedUntil - now, denying === -1 ? 0 : limits[denying]!.retryAfter)
    return {
      success: false,
      limit: chosen.limit,
      remaining: 0,
      reset: Math.max(chosen.reset, blockedUntil),
      retryAfter,
      reason: 'blocked',
      pending,
      limits,
    }
  }
  const success = status === 'allowed'
  return {
    success,
    limit: chosen.limit,
    remaining: chosen.remaining,
    reset: chosen.reset,
    retryAfter: success ? 0 : chosen.retryAfter,
    reason: success ? 'allowed' : 'denied',
    pending,
    limits,
  }
}

/** The state from a decoded reply of a `peek` or `refund` call. */
export function stateFromReply(
  limiters: readonly Limiter[],
  [, , blockedUntil, items]: LimitReply,
): RateLimitState {
  const limits = limitResults(limiters, items)
  const chosen = limits[fewestRemaining(limits)]!
  return { limit: chosen.limit, remaining: chosen.remaining, reset: chosen.reset, blockedUntil, limits }
}

/** A response made without the store: a failure policy, an allow or deny list. */
export function substituteResponse(
  limiters: readonly Limiter[],
  answer: {
    success: boolean
    reason: RateLimitReason
    now: number
    pending: Promise<void>
    retryAfter?: number
  },
): RateLimitResponse {
  const retryAfter = answer.success ? 0 : (answer.retryAfter ?? 0)
  const limits = limiters.map(
    (limiter): LimitResult => ({
      name: limiter.name,
      success: answer.success,
      limit: limiter.limit,
      remaining: answer.success ? limiter.limit : 0,
      reset: answer.now,
      retryAfter,
      window: limiter.window,
    }),
  )
  const first = limits[0]!
  return {
    success: answer.success,
    limit: first.limit,
    remaining: first.remaining,
    reset: first.reset,
    retryAfter,
    reason: answer.reason,
    pending: answer.pending,
    limits,
  }
}
