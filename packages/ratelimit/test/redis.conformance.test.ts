import { createRedisStore } from '@layercache/redis'
import { ALL_CLIENT_KINDS, redisClientFactories, uniquePrefix } from '@layercache/test-utils'
import { afterAll } from 'vitest'
import { describeRatelimitConformance } from './support/ratelimit-conformance.js'
import { deleteKeysWithPrefixOn } from './support/redis.js'

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

// The contract, unchanged, on every Redis client: ioredis, ioredis Cluster, node-redis, node-redis
// cluster (the local 3-master cluster) and @upstash/redis over the local REST server; ioredis and
// node-redis on their current major (6) and the previous one (5).
for (const factory of await redisClientFactories({ kinds: ALL_CLIENT_KINDS })) {
  const { client, close } = await factory.create()
  // Every test writes under its own prefix inside this one. The keys are deleted once, at the end:
  // each deletion scans the whole keyspace, which on a shared Redis can hold many other keys.
  const storePrefix = uniquePrefix(`ratelimit-${factory.name}`)
  cleanups.push(async () => {
    await deleteKeysWithPrefixOn(factory.name, storePrefix)
    await close()
  })
  describeRatelimitConformance(`redis over ${factory.name}`, () =>
    createRedisStore({ client, prefix: storePrefix, timeout: '30s' }),
  )
}
