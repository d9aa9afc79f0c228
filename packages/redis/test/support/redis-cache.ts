import { type Cache, type CacheOptions, createCache, createMemoryStore } from '@layercache/core'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { createRedisBus, createRedisStore, type RedisBus } from '../../src/index.js'

/** Generous: these tests are about what the servers see, not how a slow answer is handled. */
const GENEROUS_TIMEOUT = '30s'

/** A "server": its own memory layer and bus origin, sharing Redis with the others of its group. */
export interface CacheNode {
  cache: Cache
  bus: RedisBus
  client: Redis
}

/**
 * Creates `count` cache nodes sharing one Redis prefix and bus, and a cleanup for all of them. `url`
 * defaults to the shared test Redis; a test that counts commands passes a private server's.
 */
export async function cacheNodes(
  count: number,
  options: Omit<CacheOptions, 'layers' | 'bus'> = {},
  url?: string,
): Promise<{ nodes: CacheNode[]; prefix: string; cleanup: () => Promise<void> }> {
  url ??= await getRedisUrl()
  const prefix = uniquePrefix('cache')
  const nodes: CacheNode[] = []
  for (let index = 0; index < count; index++) {
    const client = new Redis(url, { maxRetriesPerRequest: 1 })
    const bus = createRedisBus({ client, prefix: `${prefix}bus:` })
    const cache = createCache({
      namespace: 'app',
      ...options,
      layers: [createMemoryStore(), createRedisStore({ client, prefix, timeout: GENEROUS_TIMEOUT })],
      bus,
    })
    nodes.push({ cache, bus, client })
  }
  await Promise.all(nodes.map((node) => node.bus.ready()))
  return {
    nodes,
    prefix,
    cleanup: async () => {
      for (const node of nodes) {
        await node.cache.close()
        await node.bus.close()
        node.client.disconnect()
      }
      await deleteKeysWithPrefix(url, prefix)
    },
  }
}

/** Polls `read` until it returns `expected`, within a generous deadline; returns whether it did. */
export async function becomes<T>(read: () => Promise<T>, expected: T, within = 15_000): Promise<boolean> {
  const deadline = performance.now() + within
  while (performance.now() < deadline) {
    if ((await read()) === expected) return true
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return (await read()) === expected
}
