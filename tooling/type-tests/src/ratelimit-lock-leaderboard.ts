import { createMemoryStore } from '@layercache/core'
import type * as leaderboardModule from '@layercache/leaderboard'
import { createLeaderboard, type LeaderboardEntry } from '@layercache/leaderboard'
import type * as lockModule from '@layercache/lock'
import { createLock, type LockHandle } from '@layercache/lock'
import type * as rateLimitModule from '@layercache/ratelimit'
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
  expectType<Equal<typeof top, LeaderboardEntry<{ name: string }, never>[]>>()
  // @ts-expect-error metadata is returned only when asked for
  top[0]?.metadata
  const named = await board.top(10, { with: ['metadata'] })
  expectType<Equal<typeof named, LeaderboardEntry<{ name: string }, 'metadata'>[]>>()
  expectType<Equal<(typeof named)[number]['metadata'], { name: string } | undefined>>()
  // @ts-expect-error unknown details are refused
  await board.top(10, { with: ['name'] })
  const entry = await board.entry('user:1')
  expectType<Equal<typeof entry, LeaderboardEntry<{ name: string }> | undefined>>()
}

/** True when `Module` has a value export named `Name`. */
type Exports<Module, Name extends string> = Name extends keyof Module ? true : false

export function publicSurfaceTypes(): void {
  // Scripts, key helpers, defaults and internal limits are not exported.
  expectType<
    Equal<Exports<typeof rateLimitModule, 'limitScript' | 'DEFAULT_PREFIX' | 'MAX_IDENTIFIER_LENGTH'>, false>
  >()
  expectType<
    Equal<Exports<typeof lockModule, 'DEFAULT_TTL' | 'DEFAULT_PREFIX' | 'DEFAULT_NOTIFIER_CHANNEL'>, false>
  >()
  expectType<Equal<Exports<typeof leaderboardModule, 'boardKeys' | 'DEFAULT_PREFIX' | 'MAX_KEEP'>, false>>()
  // Error classes and their code maps stay values, with codes in one format.
  expectType<
    Equal<typeof rateLimitModule.rateLimitErrors.UNEXPECTED_REPLY, 'E_RATE_LIMIT_UNEXPECTED_REPLY'>
  >()
  expectType<Equal<typeof lockModule.lockErrors.NOT_ACQUIRED, 'E_LOCK_NOT_ACQUIRED'>>()
  expectType<
    Equal<typeof leaderboardModule.leaderboardErrors.INVALID_MEMBER, 'E_LEADERBOARD_INVALID_MEMBER'>
  >()
}
