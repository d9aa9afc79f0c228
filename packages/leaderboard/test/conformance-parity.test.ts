import type { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { describeLeaderboardConformance } from './support/leaderboard-conformance.js'
import { type ParityStore, parityStore } from './support/parity-store.js'
import { createRedisClient } from './support/redis.js'

// The conformance suite with every script run on both sides: callers get the Lua reply from the
// real Redis, and each call's local reply must match it.
const client: Redis = createRedisClient()
const stores: ParityStore[] = []

beforeAll(() => client.connect())

afterEach(() => {
  for (const store of stores) expect(store.mismatches).toEqual([])
})

afterAll(() => client.disconnect())

describeLeaderboardConformance(
  'Lua on Redis, checked against the local side',
  () => {
    const store = parityStore(client, { answerWith: 'lua' })
    stores.push(store)
    return store
  },
  {
    cleanup: async (store) => {
      const keys = [...(store as ParityStore).touchedKeys]
      if (keys.length > 0) await client.unlink(...keys)
    },
  },
)
