import type { Store } from '@layercache/core'
import { createRedisStore, type RedisClient } from '@layercache/redis'
import {
  ALL_CLIENT_KINDS,
  type CreatedClient,
  redisClientFactories,
  uniquePrefix,
} from '@layercache/test-utils'
import { afterAll } from 'vitest'
import { describeLeaderboardConformance } from './support/leaderboard-conformance.js'
import { deleteKeysWithPrefixOn } from './support/redis.js'

// The same suite as memory.conformance.test.ts, unchanged, over every Redis client kind: scripts
// run with EVALSHA through @layercache/redis, on a single Redis, a 3-master cluster and Upstash's
// REST protocol, with ioredis and node-redis on their current and previous majors. One client and
// one store prefix per kind; the suite's boards get their own names.
const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers.splice(0)) await close()
})

for (const factory of await redisClientFactories({ kinds: ALL_CLIENT_KINDS })) {
  const prefix = uniquePrefix(`lb-${factory.name}`)
  let connected: Promise<CreatedClient<RedisClient>> | undefined
  let store: Store | undefined
  let cleaned = false
  describeLeaderboardConformance(
    `redis over ${factory.name}`,
    async () => {
      connected ??= factory.create().then((created) => {
        closers.push(created.close)
        return created
      })
      store ??= createRedisStore({ client: (await connected).client, prefix, timeout: '30s' })
      return store
    },
    {
      // Every test shares the store: delete the prefix (on every master) once, after the last.
      cleanup: async () => {
        if (cleaned) return
        cleaned = true
        await deleteKeysWithPrefixOn(factory.name, prefix)
      },
    },
  )
}
