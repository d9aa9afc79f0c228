import { counterScript } from '@layercache/core/testing'
import { startRedisServer } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { createRedisStore } from '../src/index.js'

// After a restart or a failover, the server knows none of our scripts: every call in flight gets
// NOSCRIPT at once. One of them sends the script; the others wait for it instead of each sending the
// whole script (which, in a burst, passed the timeout and let a rate limiter's fallback over-admit).

const evalCalls = async (redis: Redis): Promise<number> => {
  const stats = await redis.info('commandstats')
  return Number(/cmdstat_eval:calls=(\d+)/.exec(stats)?.[1] ?? 0)
}

describe('a cold script cache', () => {
  it('a burst of 1,000 calls right after SCRIPT FLUSH sends the script once and stays exact', async () => {
    const server = await startRedisServer()
    const redis = new Redis(server.url)
    try {
      const store = createRedisStore({ client: redis, timeout: '30s' })
      expect(await store.run(counterScript, ['burst'], [0, 60_000])).toEqual([0, expect.any(Number)])
      await redis.script('FLUSH')
      await redis.config('RESETSTAT')
      const replies = await Promise.all(
        Array.from({ length: 1_000 }, () => store.run(counterScript, ['burst'], [1, 0])),
      )
      const totals = replies.map((reply) => (reply as number[])[0]!)
      expect(new Set(totals).size).toBe(1_000)
      expect(Math.max(...totals)).toBe(1_000)
      expect(await evalCalls(redis)).toBe(1)
    } finally {
      redis.disconnect()
      await server.stop()
    }
  })
})
