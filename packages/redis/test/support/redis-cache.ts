import { type Cache, type CacheOptions, createCache, memoryStore } from '@layercache/core'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { type RedisBus, redisBus, redisStore } from '../../src/index.js'

/** A "server": its own memory layer and bus origin, sharing Redis with the others of its group. */
export interface CacheNode {
  cache: Cache
  bus: RedisBus
  client: Redis
}

/** Creates `count` cache nodes sharing one Redis prefix and bus, and a cleanup for all of them. */
export async function cacheNodes(
  count: number,
  options: Omit<CacheOptions, 'layers' | 'bus'> = {},
): Promise<{ nodes: CacheNode[]; prefix: string; cleanup: () => Promise<void> }> {
  const url = await getRedisUrl()
  const prefix = uniquePrefix('cache')
  const nodes: CacheNode[] = []
  for (let index = 0; index < count; index++) {
    const client = new Redis(url, { maxRetriesPerRequest: 1 })
    const bus = redisBus(client, { prefix: `${prefix}bus:` })
    const cache = createCache({
      namespace: 'app',
      ...options,
      layers: [memoryStore(), redisStore(client, { prefix })],
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

/** Polls `read` until it returns `expected` or `within` ms pass; returns the time it took (or Infinity). */
export async function timeUntil<T>(read: () => Promise<T>, expected: T, within = 1_000): Promise<number> {
  const started = performance.now()
  while (performance.now() - started < within) {
    if ((await read()) === expected) return performance.now() - started
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return Number.POSITIVE_INFINITY
}
