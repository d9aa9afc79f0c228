import { afterAll, describe, expect, test } from 'vitest'
import {
  type ClientFactory,
  deleteKeysWithPrefix,
  getRedisUrl,
  redisClientFactories,
  sharedRedisCluster,
  uniquePrefix,
} from '../src/index.js'

const factories = await redisClientFactories()
const prefixes: string[] = []

afterAll(async () => {
  const url = await getRedisUrl()
  const cluster = await sharedRedisCluster()
  for (const prefix of prefixes) {
    await deleteKeysWithPrefix(url, prefix)
    await deleteKeysWithPrefix(cluster, prefix)
  }
})

/** Writes and reads keys in several slots through whichever client the factory made. */
async function roundTrip(factory: ClientFactory, keys: string[]): Promise<(string | null)[]> {
  switch (factory.name) {
    case 'ioredis':
    case 'ioredis-cluster': {
      const { client, close } = await factory.create()
      for (const key of keys) await client.set(key, key)
      const values = await Promise.all(keys.map((key) => client.get(key)))
      await close()
      return values
    }
    case 'node-redis':
    case 'node-redis-cluster': {
      const { client, close } = await factory.create()
      for (const key of keys) await client.set(key, key)
      const values = await Promise.all(keys.map((key) => client.get(key)))
      await close()
      return values
    }
    case 'upstash': {
      const { client, close } = await factory.create()
      for (const key of keys) await client.set(key, key)
      const values = await Promise.all(keys.map((key) => client.get<string>(key)))
      await close()
      return values
    }
  }
}

test('there is one factory per client kind', () => {
  expect(factories.map((factory) => factory.name)).toEqual([
    'ioredis',
    'ioredis-cluster',
    'node-redis',
    'node-redis-cluster',
    'upstash',
  ])
})

test('kinds selects and orders the factories', async () => {
  const selected = await redisClientFactories({ kinds: ['upstash', 'ioredis'] })
  expect(selected.map((factory) => factory.name)).toEqual(['upstash', 'ioredis'])
})

describe.each(factories)('$name', (factory) => {
  test('creates a connected client that reads its own writes', async () => {
    const prefix = uniquePrefix(factory.name)
    prefixes.push(prefix)
    const keys = Array.from({ length: 8 }, (_, index) => `${prefix}${index}`)
    expect(await roundTrip(factory, keys)).toEqual(keys)
  })
})
