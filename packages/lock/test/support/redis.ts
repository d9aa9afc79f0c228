import { Redis } from 'ioredis'

/** The Redis the tests use: `REDIS_URL`, else the local default. */
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * A connected client. It fails loudly when Redis is not there: no silent skips.
 */
export async function connectRedis(): Promise<Redis> {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  })
  try {
    await client.connect()
  } catch (error) {
    client.disconnect()
    throw new Error(`these tests need Redis at ${redisUrl} (set REDIS_URL): ${(error as Error).message}`)
  }
  return client
}

/** A prefix no other test uses. */
export function uniquePrefix(label: string): string {
  return `lktest:${label}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}:`
}

/** Deletes every key starting with `prefix` (SCAN + UNLINK; never FLUSHDB). */
export async function deleteByPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(
      cursor,
      'MATCH',
      `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
      'COUNT',
      500,
    )
    cursor = next
    if (keys.length > 0) await client.unlink(...keys)
  } while (cursor !== '0')
}

export { deleteKeysWithPrefixOn } from '@layercache/test-utils'
