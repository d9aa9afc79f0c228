import { startUpstashRestServer, type UpstashRestServer } from '@layercache/upstash-rest'
import { getRedisUrl } from './redis-url.js'

let shared: Promise<UpstashRestServer> | undefined

/**
 * One local Upstash REST server per process, forwarding to {@link getRedisUrl}. Started on first
 * call and never closed: its sockets go away with the process (vitest ends its workers itself).
 * Point `@upstash/redis` at `url` with `token`.
 *
 * @example
 * ```ts
 * const { url, token } = await sharedUpstashRestServer()
 * const redis = new Redis({ url, token }) // from @upstash/redis
 * ```
 */
export function sharedUpstashRestServer(): Promise<UpstashRestServer> {
  const starting = (shared ??= getRedisUrl().then((redisUrl) => startUpstashRestServer({ redisUrl })))
  // A failed start should not be memoized: the next caller gets a fresh attempt.
  starting.catch(() => {
    if (shared === starting) shared = undefined
  })
  return starting
}
