import type { RateLimitResponse, RateLimitState } from './response.js'

/** Options of {@link rateLimitHeaders}. */
export interface RateLimitHeadersOptions {
  /**
   * Emit the IETF fields `RateLimit` and `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers-10):
   * one list member per limit.
   * @default true
   */
  standard?: boolean
  /**
   * Emit the de facto `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (Unix time in
   * seconds, as GitHub does), for the most constraining limit.
   * @default true
   */
  legacy?: boolean
  /**
   * The current time in milliseconds since the epoch, to turn `reset` into seconds from now.
   * @default Date.now()
   */
  now?: number
}

const seconds = (milliseconds: number) => Math.max(0, Math.ceil(milliseconds / 1000))

/**
 * HTTP response headers for a decision: `RateLimit`, `RateLimit-Policy`, `Retry-After` (on a denial
 * that can end) and `X-RateLimit-*`. Works with the answers of `limit`, `blockUntilReady`,
 * `getRemaining` and `refund`.
 *
 * @example
 * ```ts
 * const response = await ratelimit.limit(ip)
 * return new Response(body, { status: response.success ? 200 : 429, headers: rateLimitHeaders(response) })
 * // RateLimit-Policy: "sliding-window-100-per-1m";q=100;w=60
 * // RateLimit: "sliding-window-100-per-1m";r=99;t=60
 * ```
 */
export function rateLimitHeaders(
  response: RateLimitResponse | RateLimitState,
  options: RateLimitHeadersOptions = {},
): Record<string, string> {
  const now = options.now ?? Date.now()
  const headers: Record<string, string> = {}
  if (options.standard ?? true) {
    headers['RateLimit-Policy'] = response.limits
      .map((limit) => `"${limit.name}";q=${limit.limit};w=${Math.max(1, seconds(limit.window))}`)
      .join(', ')
    headers.RateLimit = response.limits
      .map((limit) => `"${limit.name}";r=${limit.remaining};t=${seconds(limit.reset - now)}`)
      .join(', ')
  }
  if (options.legacy ?? true) {
    headers['X-RateLimit-Limit'] = String(response.limit)
    headers['X-RateLimit-Remaining'] = String(response.remaining)
    headers['X-RateLimit-Reset'] = String(Math.ceil(response.reset / 1000))
  }
  if ('success' in response && !response.success && Number.isFinite(response.retryAfter)) {
    headers['Retry-After'] = String(Math.max(1, seconds(response.retryAfter)))
  }
  return headers
}
