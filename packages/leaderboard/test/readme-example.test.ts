import { createManualClock, createMemoryStore } from '@layercache/core'
import { createRedisStore } from '@layercache/redis'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { createLeaderboard } from '../src/index.js'

describe('the README', () => {
  it('runs its example as written', async () => {
    const board = createLeaderboard<{ name: string }>({
      store: createMemoryStore(),
      name: 'arcade',
      period: 'daily',
      timeZone: 'Europe/Paris',
    })

    await board.submit('user:1', 100, { metadata: { name: 'Ada' } }) // { score: 100, rank: 1, changed: true, ... }
    const top = await board.top(10) // [{ member, score, rank }], best first
    const named = await board.top(10, { with: ['metadata'] }) // [{ member, score, rank, metadata }]
    const nearMe = await board.around('user:1', 5)
    const { entries, pageCount } = await board.page(3, 25)
    const winners = await board.previous().top(3) // yesterday's board

    expect(top).toStrictEqual([{ member: 'user:1', score: 100, rank: 1 }])
    expect(named).toStrictEqual([{ member: 'user:1', score: 100, rank: 1, metadata: { name: 'Ada' } }])
    expect(nearMe).toStrictEqual(top)
    expect([entries, pageCount]).toEqual([[], 1])
    expect(winners).toEqual([])
  })

  it("covers the brief's zadd / zrange with ranks", async () => {
    const clock = createManualClock(Date.parse('2024-06-01T12:00:00Z'))
    const leaderboard = createLeaderboard({ store: createMemoryStore({ clock }), name: 'leaderboard', clock })
    const userId = 'user:42'
    await leaderboard.submit(userId, 100) // redis.zadd('leaderboard', { score: 100, member: userId })
    await leaderboard.submit('user:7', 250)
    const top = await leaderboard.top(10) // redis.zrange('leaderboard', 0, 9, { rev: true })
    expect(top.map(({ member, score, rank }) => [member, score, rank])).toEqual([
      ['user:7', 250, 1],
      [userId, 100, 2],
    ])
  })

  it('runs its Redis example as written (keys under a test prefix)', async () => {
    const redisUrl = await getRedisUrl()
    const prefix = uniquePrefix('lb-readme')
    const redis = new Redis(redisUrl)
    const store = createRedisStore({ client: redis, prefix, timeout: '30s' })
    try {
      const userId = 'user:42'
      await createLeaderboard({ store, name: 'leaderboard' }).submit('user:7', 250)

      const leaderboard = createLeaderboard<{ name: string }>({ store, name: 'leaderboard' })
      const { rank } = await leaderboard.submit(userId, 100, { metadata: { name: 'Ada' } }) // keeps the best score
      const top = await leaderboard.top(10, { with: ['metadata'] }) // [{ member, score, rank, metadata }], best first
      const myRank = await leaderboard.rank(userId) // 1-based, undefined when absent
      const nearMe = await leaderboard.around(userId, 5, { with: ['metadata'] }) // up to 5 above, the user, up to 5 below

      expect(rank).toBe(2)
      expect(top.map(({ member, score, rank, metadata }) => [member, score, rank, metadata])).toEqual([
        ['user:7', 250, 1, undefined],
        [userId, 100, 2, { name: 'Ada' }],
      ])
      expect(myRank).toBe(2)
      expect(nearMe).toEqual(top)
    } finally {
      await deleteKeysWithPrefix(redisUrl, prefix)
      await redis.quit()
    }
  })
})
