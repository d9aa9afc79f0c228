import { Redis, type RedisOptions } from 'ioredis'
import type { ClientKind } from './client-factories.js'
import { escapeGlob } from './key-prefix.js'
import type { RedisAddress } from './ping-redis.js'
import { sharedRedisCluster } from './redis-cluster.js'
import { getRedisUrl } from './redis-url.js'

/**
 * Where to delete keys: a Redis URL, ioredis options, or the nodes of a cluster (as returned by
 * `startRedisCluster`), in which case every node is scanned.
 */
export type KeyDeletionTarget = string | RedisOptions | { nodes: RedisAddress[] }

const SCAN_COUNT = 1000

/**
 * Deletes every key starting with `prefix`, using SCAN MATCH (glob characters in the prefix are
 * escaped, so `a*` deletes `a*...` keys only) and UNLINK in batches. Never FLUSHDB: other test
 * files, and other people, may be using the same Redis.
 *
 * @returns how many keys were deleted.
 * @example
 * ```ts
 * afterEach(() => deleteKeysWithPrefix(process.env.REDIS_URL!, prefix))
 * ```
 */
export async function deleteKeysWithPrefix(target: KeyDeletionTarget, prefix: string): Promise<number> {
  if (prefix.length === 0) throw new Error('deleteKeysWithPrefix needs a non-empty prefix')
  if (typeof target === 'object' && 'nodes' in target) {
    let deleted = 0
    for (const node of target.nodes) deleted += await deleteOnOneServer(node, prefix, true)
    return deleted
  }
  return deleteOnOneServer(target, prefix, false)
}

async function deleteOnOneServer(target: string | RedisOptions, prefix: string, clusterNode: boolean) {
  const options: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 1 }
  const redis = typeof target === 'string' ? new Redis(target, options) : new Redis({ ...target, ...options })
  try {
    await redis.connect()
    let deleted = 0
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', SCAN_COUNT)
      cursor = next
      if (keys.length === 0) continue
      if (!clusterNode) {
        deleted += await redis.unlink(...keys)
        continue
      }
      // Keys on one cluster node may sit in different slots, and a multi-key UNLINK across slots is
      // refused with CROSSSLOT; one key per command, pipelined, is always accepted.
      const pipeline = redis.pipeline()
      for (const key of keys) pipeline.unlink(key)
      for (const [error, count] of (await pipeline.exec()) ?? []) {
        if (error) throw error
        deleted += Number(count)
      }
    } while (cursor !== '0')
    return deleted
  } finally {
    redis.disconnect()
  }
}

/**
 * {@link deleteKeysWithPrefix} on the server a client kind of `redisClientFactories` talks to: the
 * shared test cluster for the cluster kinds, the test Redis (`getRedisUrl`) for the others.
 *
 * @example
 * ```ts
 * afterAll(() => deleteKeysWithPrefixOn(factory.name, prefix))
 * ```
 */
export async function deleteKeysWithPrefixOn(kind: ClientKind, prefix: string): Promise<number> {
  const target = kind.endsWith('-cluster') ? await sharedRedisCluster() : await getRedisUrl()
  return deleteKeysWithPrefix(target, prefix)
}
