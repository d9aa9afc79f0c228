import { createRedisStore } from '@layercache/redis'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterAll, expect, it } from 'vitest'
import {
  createRateLimit,
  createRateLimitCheck,
  fixedWindow,
  rateLimitHeaders,
  slidingWindow,
} from '../src/index.js'

const prefix = uniquePrefix('ratelimit-readme')
const clients: Redis[] = []
afterAll(async () => {
  for (const client of clients) client.disconnect()
  await deleteKeysWithPrefix(await getRedisUrl(), prefix)
})

/** One "server" of the README's Redis example: its own client, the README's setup. */
async function server() {
  const redis = new Redis(await getRedisUrl(), {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  })
  clients.push(redis)
  await redis.connect()
  const store = createRedisStore({ client: redis, prefix, timeout: '30s' })
  const checkRateLimit = createRateLimitCheck({ store, failMode: 'closed', timeout: '30s' })
  const ratelimit = createRateLimit({
    store,
    limiter: [slidingWindow(100, '60 s'), fixedWindow(10, '1 s')],
    // A fallback answer would not be the shared one this test is about.
    failMode: 'closed',
    timeout: '30s',
  })
  return { checkRateLimit, ratelimit }
}

it("the README's Redis example shares checkRateLimit and RateLimit between servers", async () => {
  const [a, b] = [await server(), await server()]
  const checks = await Promise.all(
    Array.from({ length: 8 }, (_, index) => (index % 2 === 0 ? a : b).checkRateLimit('user-1', 5, 60)),
  )
  expect(checks.filter(Boolean)).toHaveLength(5)

  const responses = await Promise.all(
    Array.from({ length: 14 }, (_, index) => (index % 2 === 0 ? a : b).ratelimit.limit('user-1')),
  )
  expect(responses.filter((response) => response.success)).toHaveLength(10)
  expect(responses.every((response) => ['allowed', 'denied'].includes(response.reason))).toBe(true)
  const denied = responses.find((response) => !response.success)!
  expect(denied.limit).toBe(10)
  expect(rateLimitHeaders(denied)['Retry-After']).toBe('1')
})
