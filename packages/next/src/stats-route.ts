import { DEFAULT_HANDLER_NAME } from './handler-options.js'
import { type CacheSource, processCache } from './process-cache.js'

/** Options of {@link createStatsRoute}. */
export interface StatsRouteOptions {
  /** The cache whose counters to serve: a `Cache`, or the function the handlers were given. */
  cache: CacheSource
  /**
   * Handlers given the same name share the cache; the route reads theirs.
   * @default 'default'
   */
  name?: string
  /**
   * Hits and misses summed over every server (`stats({ global: true })`, which needs
   * `createCache({ analytics: true })`); `false` serves this server's counters.
   * @default true
   */
  global?: boolean
}

/**
 * A route handler serving the cache's counters as JSON, never cached by Next or a CDN. With
 * `global` (the default) they are summed over every server; a cache made without `analytics`
 * answers 501 with the error's code.
 *
 * @example
 * ```ts
 * // app/api/cache-stats/route.ts
 * export const { GET } = createStatsRoute({ cache: makeCache })
 * export const dynamic = 'force-dynamic'
 * ```
 */
export function createStatsRoute(options: StatsRouteOptions): { GET: () => Promise<Response> } {
  const name = options.name ?? DEFAULT_HANDLER_NAME
  const headers = { 'cache-control': 'no-store' }
  return {
    async GET() {
      const cache = await processCache(name, options.cache)
      if (options.global === false) return Response.json(cache.stats(), { headers })
      try {
        return Response.json(await cache.stats({ global: true }), { headers })
      } catch (error) {
        const code = (error as { code?: unknown }).code
        return Response.json({ error: String((error as Error).message), code }, { status: 501, headers })
      }
    },
  }
}
