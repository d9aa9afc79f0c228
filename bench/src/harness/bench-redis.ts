import { randomBytes } from 'node:crypto'
import { type RedisServerHandle, startRedisServer } from '@layercache/test-utils'
import { Redis } from 'ioredis'

/**
 * The Redis a benchmark uses: `REDIS_URL`, else the local one, else the one
 * {@link startOwnRedisUnlessSet} started. Read it when connecting, not at import.
 */
export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
}

/**
 * For benchmarks that count commands (MONITOR, `INFO commandstats`): starts a redis-server of their
 * own unless `REDIS_URL` names one, and points {@link redisUrl} at it, so nothing else's commands are
 * counted and nobody else's Redis is watched. Stop the returned server at the end.
 */
export async function startOwnRedisUnlessSet(): Promise<RedisServerHandle | undefined> {
  if (process.env.REDIS_URL !== undefined) return undefined
  const server = await startRedisServer()
  process.env.REDIS_URL = server.url
  return server
}

/** Every benchmark key starts with this, so stray keys are easy to recognise in a shared Redis. */
export const BENCH_KEY_NAMESPACE = 'lc-bench'

const SCAN_COUNT = 1_000

/**
 * A key prefix no other run shares: `lc-bench:<label>:<12 random hex>:` (no glob characters, so it
 * can go straight into SCAN MATCH).
 *
 * @example
 * ```ts
 * const prefix = uniqueBenchPrefix('l2-get') // 'lc-bench:l2-get:3f9a0c1b2d4e:'
 * ```
 */
export function uniqueBenchPrefix(label: string): string {
  return `${BENCH_KEY_NAMESPACE}:${label}:${randomBytes(6).toString('hex')}:`
}

/**
 * A connected ioredis client. Every ioredis contender is built here, so they differ only in
 * `enableAutoPipelining`. Fails loudly when Redis does not answer.
 *
 * @example
 * ```ts
 * const client = await connectIoredis({ autoPipelining: true })
 * ```
 */
export async function connectIoredis(options: { autoPipelining: boolean; url?: string }): Promise<Redis> {
  const url = options.url ?? redisUrl()
  const client = new Redis(url, {
    enableAutoPipelining: options.autoPipelining,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  })
  try {
    await client.connect()
  } catch (error) {
    client.disconnect()
    throw new Error(`the Redis benchmarks need a Redis at ${url} (set REDIS_URL)`, { cause: error })
  }
  return client
}

/** `redis_version` from INFO server, for the report header. */
export async function redisVersion(client: Redis): Promise<string> {
  const info = await client.info('server')
  return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'
}

/**
 * Deletes every key starting with `prefix` with SCAN MATCH and UNLINK. Never FLUSHDB: other people
 * use the same Redis.
 *
 * @returns how many keys were deleted.
 */
export async function deleteBenchKeys(client: Redis, prefix: string): Promise<number> {
  if (!prefix.startsWith(`${BENCH_KEY_NAMESPACE}:`))
    throw new Error(`refusing to delete keys under ${prefix}`)
  let deleted = 0
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', SCAN_COUNT)
    cursor = next
    if (keys.length > 0) deleted += await client.unlink(...keys)
  } while (cursor !== '0')
  return deleted
}

/** Closes ioredis clients without waiting for a dead server. */
export async function closeIoredis(client: Redis): Promise<void> {
  await client.quit().catch(() => client.disconnect())
}
