import { afterAll, describe, expect, test } from 'vitest'
import {
  ALL_CLIENT_KINDS,
  type ClientFactory,
  deleteKeysWithPrefix,
  getRedisUrl,
  redisClientFactories,
  sharedRedisCluster,
  uniquePrefix,
} from '../src/index.js'

const factories = await redisClientFactories({ kinds: ALL_CLIENT_KINDS })
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
    case 'ioredis-cluster':
    case 'ioredis-v5':
    case 'ioredis-v5-cluster': {
      const { client, close } = await factory.create()
      for (const key of keys) await client.set(key, key)
      const values = await Promise.all(keys.map((key) => client.get(key)))
      await close()
      return values
    }
    case 'node-redis':
    case 'node-redis-cluster':
    case 'node-redis-v5':
    case 'node-redis-v5-cluster': {
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

test('by default there is one factory per client library and topology, on its current major', async () => {
  const latest = await redisClientFactories()
  expect(latest.map((factory) => factory.name)).toEqual([
    'ioredis',
    'ioredis-cluster',
    'node-redis',
    'node-redis-cluster',
    'upstash',
  ])
})

test('ALL_CLIENT_KINDS adds the previous majors of ioredis and node-redis', () => {
  expect(factories.map((factory) => factory.name)).toEqual([
    'ioredis',
    'ioredis-cluster',
    'node-redis',
    'node-redis-cluster',
    'upstash',
    'ioredis-v5',
    'ioredis-v5-cluster',
    'node-redis-v5',
    'node-redis-v5-cluster',
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

// Each kind must load the major it names: a catalog change that pointed both at one version would
// otherwise run every suite twice on the same client. The current majors speak RESP3 by default, the
// previous ones RESP2, and the server says which protocol the connection speaks.
async function protocolOf(factory: ClientFactory): Promise<string | undefined> {
  const command = ['CLIENT', 'INFO']
  let info: unknown
  switch (factory.name) {
    case 'ioredis':
    case 'ioredis-v5': {
      const { client, close } = await factory.create()
      info = await client.call('CLIENT', 'INFO')
      await close()
      break
    }
    case 'node-redis':
    case 'node-redis-v5': {
      const { client, close } = await factory.create()
      info = await client.sendCommand(command)
      await close()
      break
    }
    default:
      throw new Error(`no protocol probe for ${factory.name}`)
  }
  return /\bresp=(\d)/.exec(String(info))?.[1]
}

describe.each(
  factories.filter((factory) =>
    ['ioredis', 'ioredis-v5', 'node-redis', 'node-redis-v5'].includes(factory.name),
  ),
)('$name', (factory) => {
  test('loads the major it names (RESP3 by default from v6 on, RESP2 before)', async () => {
    expect(await protocolOf(factory)).toBe(factory.name.endsWith('-v5') ? '2' : '3')
  })
})
