import { cacheLayerConformanceSuite, scriptRunnerConformanceSuite } from '@layercache/core/testing'
import {
  ALL_CLIENT_KINDS,
  deleteKeysWithPrefixOn,
  redisClientFactories,
  uniquePrefix,
} from '@layercache/test-utils'
import { afterAll } from 'vitest'
import { createRedisStore, type RedisStore } from '../src/index.js'

const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers.splice(0)) await close()
})

for (const factory of await redisClientFactories({ kinds: ALL_CLIENT_KINDS })) {
  const createStore = async () => {
    const { client, close } = await factory.create()
    closers.push(close)
    // A generous timeout: the contract is under test here, not how a slow answer is handled.
    return createRedisStore({ client, prefix: uniquePrefix(factory.name), timeout: '30s' })
  }
  const cleanup = async (store: object) => {
    await deleteKeysWithPrefixOn(factory.name, (store as RedisStore).layout.prefix)
  }
  cacheLayerConformanceSuite(`redis over ${factory.name}`, createStore, { cleanup })
  scriptRunnerConformanceSuite(`redis over ${factory.name}`, createStore, { cleanup })
}
