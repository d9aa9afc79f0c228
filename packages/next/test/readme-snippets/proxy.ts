// proxy.ts (Next 16; on 15.5 it is middleware.ts, with `runtime: 'nodejs'` in its config)
import { limitRequest } from '@layercache/next/ratelimit'
import { createRateLimit, slidingWindow } from '@layercache/ratelimit'
import { createRedisStore } from '@layercache/redis'
import { Redis } from 'ioredis'

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 })
redis.on('error', () => {})
const ratelimit = createRateLimit({
  store: createRedisStore({ client: redis }),
  limiter: slidingWindow(100, '60 s'),
})

export async function proxy(request: Request) {
  const { response } = await limitRequest(request, { ratelimit, trustedHops: 1 }) // one load balancer
  return response // a 429 with Retry-After, or undefined: the request goes on
}

export const config = { matcher: '/api/:path*' }
