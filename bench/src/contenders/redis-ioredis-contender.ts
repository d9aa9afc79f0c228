import { closeIoredis, connectIoredis } from '../harness/bench-redis.js'
import type { Workload } from './filled-cache.js'
import type { FilledRedisCache } from './redis-filled-cache.js'

/**
 * ioredis itself, no cache library: `GET` (and `MGET` for batches) of JSON strings written with
 * `SET ... PX`. Without `parse`, the timed read returns the raw string, the least a cache over the
 * same client can cost; with it, the read also runs `JSON.parse`, the floor for any cache that
 * decodes what it reads.
 */
export async function filledRawIoredis(
  workload: Workload,
  prefix: string,
  options: { autoPipelining: boolean; name: string; parse?: boolean; url?: string },
): Promise<FilledRedisCache> {
  const client = await connectIoredis(options)
  const ttl = workload.ttlSeconds * 1_000
  const fill = client.pipeline()
  for (const [key, value] of workload.entries) fill.set(prefix + key, JSON.stringify(value), 'PX', ttl)
  for (const [error] of (await fill.exec()) ?? []) if (error) throw error
  return {
    name: options.name,
    get: options.parse
      ? async (key) => parseReply(await client.get(prefix + key))
      : (key) => client.get(prefix + key),
    getMany: options.parse
      ? async (keys) => (await client.mget(keys.map((key) => prefix + key))).map(parseReply)
      : (keys) => client.mget(keys.map((key) => prefix + key)),
    decode: options.parse ? (reply) => reply : parseReply,
    close: () => closeIoredis(client),
  }
}

/** The stored JSON as a value; a miss stays `null`. */
function parseReply(reply: unknown): unknown {
  return typeof reply === 'string' ? JSON.parse(reply) : reply
}
