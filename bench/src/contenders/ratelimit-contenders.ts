import {
  createRateLimit,
  fixedWindow,
  type RateLimit,
  slidingWindow,
  tokenBucket,
} from '@layercache/ratelimit'
import { createRedisStore } from '@layercache/redis'
import { Ratelimit as UpstashRatelimit } from '@upstash/ratelimit'
import { Redis as UpstashRedis } from '@upstash/redis'
import type { Redis } from 'ioredis'
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import { closeIoredis, connectIoredis } from '../harness/bench-redis.js'

/** The algorithms compared like for like (rate-limiter-flexible has only the fixed window). */
export type RatelimitAlgorithm = 'fixedWindow' | 'slidingWindow' | 'tokenBucket'

/**
 * One rate limiter on Redis, seen through the decision the benchmark times. Each library is used
 * through its own idiom and defaults, because that is the code a user would write.
 */
export interface RatelimitContender {
  readonly name: string
  /** Every key it writes starts with this, so its commands can be told apart in MONITOR. */
  readonly keyPrefix: string
  /** Its own ioredis connection, when it has one (for counting the commands that connection sends). */
  readonly client?: Redis
  /** One decision for `identifier`: whether the request may proceed. */
  decide(identifier: string): Promise<boolean>
  /**
   * Decisions not made by Redis so far (a timeout or error answered by a fallback). A limiter timed
   * on its fallback path would be measured doing something else.
   */
  fallbacks(): number
  close(): Promise<void>
}

/** What each contender is built with. */
export interface RatelimitSetup {
  /** Tokens per window: the benchmark sets it far above what it sends, so every decision admits. */
  readonly limit: number
  /** The window in seconds. */
  readonly windowSeconds: number
  /** Key prefix of this contender. */
  readonly keyPrefix: string
}

const layercacheLimiter = (algorithm: RatelimitAlgorithm, { limit, windowSeconds }: RatelimitSetup) =>
  algorithm === 'fixedWindow'
    ? fixedWindow(limit, windowSeconds)
    : algorithm === 'slidingWindow'
      ? slidingWindow(limit, windowSeconds)
      : tokenBucket(limit, windowSeconds, limit)

function layercacheContender(
  name: string,
  ratelimit: RateLimit,
  keyPrefix: string,
  close: () => Promise<void>,
  client?: Redis,
): RatelimitContender {
  let fallbacks = 0
  return {
    name,
    keyPrefix,
    client,
    decide: async (identifier) => {
      const response = await ratelimit.limit(identifier)
      if (response.reason === 'timeout' || response.reason === 'error') fallbacks++
      return response.success
    },
    fallbacks: () => fallbacks,
    close,
  }
}

/** `@layercache/ratelimit` on `createRedisStore` over its own ioredis connection (no auto-pipelining). */
export async function layercacheOnIoredis(
  algorithm: RatelimitAlgorithm,
  setup: RatelimitSetup,
): Promise<RatelimitContender> {
  const client = await connectIoredis({ autoPipelining: false })
  const ratelimit = createRateLimit({
    store: createRedisStore({ client, prefix: setup.keyPrefix }),
    limiter: layercacheLimiter(algorithm, setup),
  })
  return layercacheContender(
    `layercache ${algorithm} (ioredis)`,
    ratelimit,
    setup.keyPrefix,
    () => closeIoredis(client),
    client,
  )
}

/**
 * rate-limiter-flexible's `RateLimiterRedis` over its own ioredis connection: a fixed window
 * (`points` per `duration`), one Lua script per `consume`, which rejects when over the limit.
 */
export async function rateLimiterFlexibleOnIoredis(setup: RatelimitSetup): Promise<RatelimitContender> {
  const client = await connectIoredis({ autoPipelining: false })
  const limiter = new RateLimiterRedis({
    storeClient: client,
    keyPrefix: setup.keyPrefix,
    points: setup.limit,
    duration: setup.windowSeconds,
  })
  return {
    name: 'rate-limiter-flexible 11 RateLimiterRedis (ioredis)',
    keyPrefix: setup.keyPrefix,
    client,
    decide: async (identifier) => {
      try {
        await limiter.consume(identifier)
        return true
      } catch (rejection) {
        // A rejection is either a denial (a RateLimiterRes) or a Redis error.
        if (rejection instanceof RateLimiterRes) return false
        throw rejection
      }
    },
    fallbacks: () => 0,
    close: () => closeIoredis(client),
  }
}

/** An `@upstash/redis` client for the local Upstash REST server, with the client's defaults. */
export function upstashClient(server: { url: string; token: string }): UpstashRedis {
  return new UpstashRedis({ url: server.url, token: server.token, enableTelemetry: false })
}

/** `@layercache/ratelimit` on `createRedisStore` over an `@upstash/redis` client (HTTP). */
export function layercacheOnUpstash(
  algorithm: RatelimitAlgorithm,
  setup: RatelimitSetup,
  server: { url: string; token: string },
): RatelimitContender {
  const ratelimit = createRateLimit({
    store: createRedisStore({ client: upstashClient(server), prefix: setup.keyPrefix }),
    limiter: layercacheLimiter(algorithm, setup),
  })
  return layercacheContender(`layercache ${algorithm} (upstash)`, ratelimit, setup.keyPrefix, async () => {})
}

/** `@upstash/ratelimit` 2.0.8 with its defaults (ephemeral cache on, 5 s timeout, no analytics). */
export function upstashRatelimit(
  algorithm: RatelimitAlgorithm,
  setup: RatelimitSetup,
  server: { url: string; token: string },
): RatelimitContender {
  const window = `${setup.windowSeconds} s` as const
  const ratelimit = new UpstashRatelimit({
    redis: upstashClient(server),
    prefix: setup.keyPrefix.replace(/:$/, ''),
    limiter:
      algorithm === 'fixedWindow'
        ? UpstashRatelimit.fixedWindow(setup.limit, window)
        : algorithm === 'slidingWindow'
          ? UpstashRatelimit.slidingWindow(setup.limit, window)
          : UpstashRatelimit.tokenBucket(setup.limit, window, setup.limit),
  })
  let fallbacks = 0
  return {
    name: `@upstash/ratelimit 2.0 ${algorithm}`,
    keyPrefix: setup.keyPrefix,
    decide: async (identifier) => {
      const response = await ratelimit.limit(identifier)
      if (response.reason === 'timeout') fallbacks++
      return response.success
    },
    fallbacks: () => fallbacks,
    close: async () => {},
  }
}
