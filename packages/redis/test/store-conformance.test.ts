import { storeConformanceSuite } from '@layercache/core/testing'
import {
  ALL_CLIENT_KINDS,
  deleteKeysWithPrefixOn,
  redisClientFactories,
  uniquePrefix,
} from '@layercache/test-utils'
import { afterAll } from 'vitest'
import { type RedisStore, redisStore } from '../src/index.js'

const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers.splice(0)) await close()
})

for (const factory of await redisClientFactories({ kinds: ALL_CLIENT_KINDS })) {
  storeConformanceSuite(
    `redis over ${factory.name}`,
    async () => {
      const { client, close } = await factory.create()
      closers.push(close)
      // A generous timeout: the contract is under test here, not how a slow answer is handled.
      return redisStore(client, { prefix: uniquePrefix(factory.name), timeout: '30s' })
    },
    {
      cleanup: async (store) => {
        await deleteKeysWithPrefixOn(factory.name, (store as RedisStore).layout.prefix)
      },
    },
  )
}
