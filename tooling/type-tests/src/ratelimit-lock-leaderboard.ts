import { createMemoryStore } from '@layercache/core'
import { createLeaderboard, type LeaderboardEntry } from '@layercache/leaderboard'
import { createLock, type LockHandle } from '@layercache/lock'
import { createRateLimit, type RateLimitResponse, slidingWindow } from '@layercache/ratelimit'
import { createRedisStore } from '@layercache/redis'
import { Redis } from 'ioredis'
import { type Equal, expectType } from './expect-type.js'

export async function ratelimitTypes(): Promise<void> {
  const ratelimit = createRateLimit({
    store: createRedisStore({ client: new Redis({ lazyConnect: true }) }),
    limiter: slidingWindow(100, '60 s'),
  })
  const response = await ratelimit.limit('user:1')
  expectType<Equal<typeof response, RateLimitResponse>>()
  expectType<Equal<typeof response.success, boolean>>()
}

export async function lockTypes(): Promise<void> {
  const lock = createLock({ store: createMemoryStore() })
  const fence = await lock.withLock('invoice:42', async (signal, handle) => {
    expectType<Equal<typeof signal, AbortSignal>>()
    expectType<Equal<typeof handle, LockHandle>>()
    return handle.fence
  })
  expectType<Equal<typeof fence, LockHandle['fence']>>()
}

export async function leaderboardTypes(): Promise<void> {
  const board = createLeaderboard<{ name: string }>({
    store: createMemoryStore(),
    name: 'arcade',
    period: 'daily',
  })
  await board.submit('user:1', 100, { metadata: { name: 'Ada' } })
  // @ts-expect-error metadata has the board's type
  await board.submit('user:1', 100, { metadata: { name: 42 } })
  const top = await board.top(10)
  expectType<Equal<typeof top, LeaderboardEntry<{ name: string }>[]>>()
}
