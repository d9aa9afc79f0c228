import { Redis } from 'ioredis'
import { expect, test } from 'vitest'
import { getRedisUrl } from '../src/index.js'

test('the global setup put a working REDIS_URL into the worker environment', async () => {
  expect(process.env.REDIS_URL).toMatch(/^redis:\/\//)
  expect(await getRedisUrl()).toBe(process.env.REDIS_URL)
})

test('getRedisUrl answers PING and is memoized', async () => {
  const url = await getRedisUrl()
  expect(getRedisUrl()).toBe(getRedisUrl())
  const redis = new Redis(url, { lazyConnect: true })
  await redis.connect()
  expect(await redis.ping()).toBe('PONG')
  await redis.quit()
})
