import { type RateLimitResponse, rateLimitHeaders } from '@layercache/ratelimit'
import { type ClientIpOptions, clientIp } from './client-ip.js'

/** What the helpers need of a limiter: `RateLimit` from `@layercache/ratelimit` has it. */
export interface RequestLimiter {
  limit(identifier: string, options?: { rate?: number }): Promise<RateLimitResponse>
}

/** Options of {@link limitRequest} and {@link withRateLimit}. */
export interface RateLimitRequestOptions extends ClientIpOptions {
  /** The limiter, e.g. `createRateLimit({ store, limiter: slidingWindow(100, '60 s') })`. */
  ratelimit: RequestLimiter
  /**
   * Whom a request counts against.
   * @default the client's IP (see `trustedHops`), else `'anonymous'`: one shared budget
   */
  identifier?: (request: Request) => string | Promise<string>
  /**
   * How many units a request costs.
   * @default 1
   */
  rate?: number
}

/** What {@link limitRequest} decided. */
export interface RateLimitDecision {
  readonly success: boolean
  /** The standard `RateLimit`/`RateLimit-Policy` headers, the `X-RateLimit-*` ones, and `Retry-After` when refused. */
  readonly headers: Record<string, string>
  /** A 429 with those headers when refused. */
  readonly response: Response | undefined
}

/**
 * Counts a request against its identifier's limit: for `proxy.ts` (16), `middleware.ts` (15.5, with
 * `runtime: 'nodejs'` for a TCP Redis client) and route handlers.
 *
 * @example
 * ```ts
 * const { response, headers } = await limitRequest(request, { ratelimit, trustedHops: 1 })
 * if (response) return response // 429
 * ```
 */
export async function limitRequest(
  request: Request,
  options: RateLimitRequestOptions,
): Promise<RateLimitDecision> {
  const identifier = options.identifier
    ? await options.identifier(request)
    : (clientIp(request, options) ?? 'anonymous')
  const result = await options.ratelimit.limit(identifier, { rate: options.rate ?? 1 })
  const headers = rateLimitHeaders(result)
  const response = result.success
    ? undefined
    : new Response('Too Many Requests', {
        status: 429,
        headers: { ...headers, 'content-type': 'text/plain' },
      })
  return { success: result.success, headers, response }
}

/**
 * Wraps a route handler: a refused request gets a 429, an allowed one the handler's response with
 * the rate-limit headers added.
 *
 * @example
 * ```ts
 * export const POST = withRateLimit(async (request) => Response.json(await save(request)), { ratelimit })
 * ```
 */
export function withRateLimit<Rest extends unknown[]>(
  handler: (request: Request, ...rest: Rest) => Response | Promise<Response>,
  options: RateLimitRequestOptions,
): (request: Request, ...rest: Rest) => Promise<Response> {
  return async (request, ...rest) => {
    const decision = await limitRequest(request, options)
    if (decision.response) return decision.response
    const response = await handler(request, ...rest)
    const headers = new Headers(response.headers)
    for (const [name, value] of Object.entries(decision.headers)) headers.set(name, value)
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}
