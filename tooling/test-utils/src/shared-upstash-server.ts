import { startUpstashRestServer, type UpstashRestServer } from '@layercache/upstash-rest'
import { getRedisUrl } from './redis-url.js'

const shared = new Map<string | undefined, Promise<UpstashRestServer>>()

/**
 * One local Upstash REST server per process and Redis, forwarding to `redisUrl` (default
 * {@link getRedisUrl}). Started on first call and never closed: its sockets go away with the process (vitest ends its workers itself).
 * Point `@upstash/redis` at `url` with `token`.
 *
 * @example
 * ```ts
 * const { url, token } = await sharedUpstashRestServer()
 * const redis = new Redis({ url, token }) // from @upstash/redis
 * ```
 */
export function sharedUpstashRestServer(redisUrl?: string): Promise<UpstashRestServer> {
  let starting = shared.get(redisUrl)
  if (starting === undefined) {
    starting = (redisUrl === undefined ? getRedisUrl() : Promise.resolve(redisUrl)).then((target) =>
      startUpstashRestServer({ redisUrl: target }),
    )
    shared.set(redisUrl, starting)
    const started = starting
    // A failed start should not be memoized: the next caller gets a fresh attempt.
    started.catch(() => {
      if (shared.get(redisUrl) === started) shared.delete(redisUrl)
    })
  }
  return starting
}
