import { Redis } from 'ioredis'

/** The Redis the Redis example uses: REDIS_URL, or a plain explanation of what it needs. */
export async function connectRedis(): Promise<Redis> {
  const url = process.env.REDIS_URL
  if (url === undefined || url === '') {
    console.error(
      'examples/with-redis.ts needs a Redis: set REDIS_URL (for example REDIS_URL=redis://127.0.0.1:6379). ' +
        'Everything it writes goes under a random "example:" prefix and is deleted at the end.',
    )
    process.exit(2)
  }
  // Without an offline queue, commands fail fast while disconnected — so connect before the first one.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true })
  await redis.connect()
  return redis
}
