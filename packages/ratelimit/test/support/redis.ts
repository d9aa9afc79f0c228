import { Redis } from 'ioredis'

/** The Redis the tests use: `REDIS_URL`, else the local default. */
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * Connects to the test Redis, failing loudly (never skipping) when nothing answers there.
 */
export async function connectRedis(): Promise<Redis> {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  })
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    client.disconnect()
    throw new Error(`these tests need a Redis at ${redisUrl} (set REDIS_URL): ${(error as Error).message}`)
  }
  return client
}

/** A prefix no other test run uses. */
export function uniquePrefix(label: string): string {
  return `test:ratelimit:${label}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`
}

/** Every key under `prefix`, by SCAN. */
export async function keysByPrefix(client: Redis, prefix: string): Promise<string[]> {
  const found: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 1000)
    cursor = next
    found.push(...keys)
  } while (cursor !== '0')
  return found
}

/** Deletes every key under `prefix` (SCAN + UNLINK; never FLUSHDB). */
export async function deleteByPrefix(client: Redis, prefix: string): Promise<void> {
  const keys = await keysByPrefix(client, prefix)
  for (let i = 0; i < keys.length; i += 500) await client.unlink(...keys.slice(i, i + 500))
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`)
}

export { deleteKeysWithPrefixOn } from '@layercache/test-utils'
