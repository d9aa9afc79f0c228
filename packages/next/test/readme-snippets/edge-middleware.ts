// middleware.ts (Next 15.5, Edge runtime: an HTTP Redis client, no `node:` modules)
import { createCache } from '@layercache/core'
import { limitRequest } from '@layercache/next/ratelimit'
import { createRateLimit, slidingWindow } from '@layercache/ratelimit'
import { createRedisStore } from '@layercache/redis'
import { Redis } from '@upstash/redis'

const redis = Redis.fromEnv() // UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN
const ratelimit = createRateLimit({
  store: createRedisStore({ client: redis }),
  limiter: slidingWindow(100, '60 s'),
})
// The Node servers' entries, read through Redis: same namespace and prefix as theirs.
const cache = createCache({ namespace: 'next', layers: [createRedisStore({ client: redis })] })

export async function middleware(request: Request) {
  const { response } = await limitRequest(request, { ratelimit, trustedHops: 1 })
  if (response) return response // 429
  // A flag a Node server set with `cache.set('maintenance', true)`; undefined: the request goes on.
  if (await cache.get<boolean>('maintenance')) return new Response('Back soon', { status: 503 })
}

export const config = { matcher: '/shop/:path*' }
