import fc from 'fast-check'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { boardKeys, createLeaderboard, LeaderboardError, type LeaderboardOptions } from '../src/index.js'
import { keyLifetimesScript } from './support/key-lifetimes-script.js'
import { boardSettings, step } from './support/parity-operations.js'
import { parityStore } from './support/parity-store.js'
import { createRedisClient, deleteByPrefix, uniquePrefix } from './support/redis.js'

describe('Lua and local sides answer alike (real Redis)', () => {
  let client: Redis
  const prefixes: string[] = []

  beforeAll(async () => {
    client = createRedisClient()
    await client.connect()
  })

  afterAll(async () => {
    for (const prefix of prefixes) await deleteByPrefix(client, prefix)
    client.disconnect()
  })

  it('replies identically to random operation sequences', async () => {
    await fc.assert(
      fc.asyncProperty(
        boardSettings,
        fc.array(step, { minLength: 10, maxLength: 60 }),
        async (settings, steps) => {
          const prefix = uniquePrefix('lb-parity')
          prefixes.push(prefix)
          const store = parityStore(client)
          const options: LeaderboardOptions = {
            store,
            name: 'board',
            prefix,
            order: settings.order,
            update: settings.update,
            rankMode: settings.rankMode,
            tieBreak: settings.tieBreak,
            ...(settings.lifetime === 'ttl' ? { ttl: '10m' } : {}),
            ...(settings.lifetime === 'daily' ? { period: 'daily' as const, keep: 2 } : {}),
          }
          const boards = [
            createLeaderboard(options),
            createLeaderboard({ ...options, rankMode: settings.otherRankMode }),
          ]
          for (const run of steps) {
            try {
              await run(boards)
            } catch (error) {
              if (!(error instanceof LeaderboardError)) throw error
            }
          }
          await boards[0]!.top(100)
          expect(store.mismatches).toEqual([])

          const keys = boardKeys(prefix, 'board', boards[0]!.period()?.id)
          await store.run(keyLifetimesScript, keys, [])
          expect(store.mismatches).toEqual([])
          await deleteByPrefix(client, prefix)
        },
      ),
      { numRuns: 150 },
    )
  }, 120_000)

  it('replies identically on a board of thousands of members (chunked rebuilds and reads)', async () => {
    const prefix = uniquePrefix('lb-parity-large')
    prefixes.push(prefix)
    const store = parityStore(client)
    const ordinal = createLeaderboard({ store, name: 'large', prefix })
    const dense = createLeaderboard({ store, name: 'large', prefix, rankMode: 'dense' })
    const competition = createLeaderboard({
      store,
      name: 'large',
      prefix,
      rankMode: 'competition',
      order: 'asc',
    })
    const items = Array.from({ length: 2500 }, (_, index) => ({
      member: `m${index}`,
      score: (index * 7919) % 400,
      metadata: index % 3 === 0 ? { index } : undefined,
    }))
    await ordinal.submitMany(items)
    for (const board of [dense, competition, ordinal]) {
      expect(await board.top(2100)).toHaveLength(2100)
      await board.page(2, 1200)
      await board.around('m1234', 1100, { fillBorders: true })
      await board.entries(items.slice(0, 50).map((item) => item.member))
    }
    await dense.removeMany(items.slice(0, 1000).map((item) => item.member))
    await dense.submitMany(
      items.slice(0, 500).map((item) => ({ member: item.member, score: item.score + 0.5 })),
    )
    await dense.top(3000)
    expect(store.mismatches).toEqual([])
  }, 180_000)
})
