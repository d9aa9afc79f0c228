import { Redis } from 'ioredis'

/** The Redis the tests talk to. Tests that need it fail loudly when it is not there. */
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A client that fails fast instead of queueing commands while Redis is down. */
export function createRedisClient(): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true })
}

/** A key prefix no other test uses. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}:`
}

/** Deletes every key under `prefix` (SCAN + UNLINK; never FLUSHDB). */
export async function deleteByPrefix(client: Redis, prefix: string): Promise<void> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500)
    cursor = next
    if (keys.length > 0) await client.unlink(...keys)
  } while (cursor !== '0')
}

export { deleteKeysWithPrefixOn } from '@layercache/test-utils'
