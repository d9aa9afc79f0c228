import { createMemoryStore, errors, LayercacheError } from '@layercache/core'
import { defineScript } from '@layercache/core/store'
import { createRedisStore, type RedisClient } from '@layercache/redis'
import { type CreatedClient, redisClientFactories, uniquePrefix } from '@layercache/test-utils'
import { afterAll, describe, expect, it } from 'vitest'
import { createLeaderboard, type Leaderboard, type LeaderboardEntry } from '../src/index.js'
import { boardKeys } from '../src/keys.js'
import { deleteKeysWithPrefixOn } from './support/redis.js'

// What a caller sees on each Redis client kind beyond the contract: large boards (chunked reads
// and rebuilds, big replies through every protocol), and the ways a call can fail.

/** Puts a string where a board's sorted set belongs, as a stray write by other code would. */
const overwriteWithString = defineScript<string>({
  name: 'leaderboard-test-overwrite',
  lua: "return redis.call('SET', KEYS[1], 'not a sorted set')",
  local: () => {
    throw new Error('Redis only')
  },
})

const details = ['metadata', 'reachedAt'] as const
const withoutTimes = (entries: readonly LeaderboardEntry[]) =>
  entries.map(({ reachedAt: _, ...entry }) => entry)

const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers.splice(0)) await close()
})

for (const factory of await redisClientFactories()) {
  describe(`leaderboard over ${factory.name}`, () => {
    const prefix = uniquePrefix(`lb-failures-${factory.name}`)
    let created: CreatedClient<RedisClient> | undefined
    const storeWith = async (options: { timeout?: number | string } = {}) => {
      if (created === undefined) {
        created = await factory.create()
        closers.push(created.close)
      }
      return createRedisStore({ client: created.client, prefix, timeout: '30s', ...options })
    }
    afterAll(async () => {
      if (created !== undefined) await deleteKeysWithPrefixOn(factory.name, prefix)
    })

    it('answers like the memory store on a board of thousands of members', async () => {
      const items = Array.from({ length: 3000 }, (_, index) => ({
        member: `m${index}`,
        score: (index * 7919) % 500,
        metadata: index % 3 === 0 ? { index } : undefined,
      }))
      const redisBoard = createLeaderboard({ store: await storeWith(), name: 'large', rankMode: 'dense' })
      const memoryBoard = createLeaderboard({ store: createMemoryStore(), name: 'large', rankMode: 'dense' })
      for (const board of [redisBoard, memoryBoard]) {
        await board.submitMany(items)
        await board.removeMany(items.slice(0, 700).map((item) => item.member))
      }
      const reads = async (board: Leaderboard) => ({
        top: withoutTimes(await board.top(2500, { with: details })),
        page: withoutTimes((await board.page(2, 1100, { with: details })).entries),
        around: withoutTimes(await board.around('m1500', 1200, { fillBorders: true, with: details })),
        count: await board.count(),
      })
      const fromRedis = await reads(redisBoard)
      expect(fromRedis.top).toHaveLength(2300)
      expect(fromRedis).toEqual(await reads(memoryBoard))
    })

    it('fails a call on a key of the wrong type with E_STORE_FAILURE, the Redis error as cause', async () => {
      const store = await storeWith()
      const board = createLeaderboard({ store, name: 'overwritten' })
      await board.submit('a', 1)
      await store.run(overwriteWithString, boardKeys('lb:', 'overwritten').slice(0, 1), [])
      const failure = await board.top().catch((error: unknown) => error)
      expect(LayercacheError.hasCode(failure, errors.STORE_FAILURE)).toBe(true)
      expect(String((failure as LayercacheError).cause)).toMatch(/WRONGTYPE/)
    })

    it('rejects a call that outlasts the timeout, which Redis may still apply', async () => {
      const hasty = createLeaderboard({ store: await storeWith({ timeout: 0.001 }), name: 'hasty' })
      const items = Array.from({ length: 3000 }, (_, index) => ({ member: `m${index}`, score: index }))
      const failure = await hasty.submitMany(items).catch((error: unknown) => error)
      expect(LayercacheError.hasCode(failure, errors.STORE_TIMEOUT)).toBe(true)
      expect((failure as Error).message).toMatch(/did not answer/)
      const patient = createLeaderboard({ store: await storeWith({ timeout: '5s' }), name: 'hasty' })
      await expect.poll(() => patient.count(), { timeout: 5_000 }).toBe(3000)
    })
  })
}
