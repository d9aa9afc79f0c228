import { closeIoredis, connectIoredis } from '../harness/bench-redis.js'
import type { Workload } from './filled-cache.js'
import type { FilledRedisCache } from './redis-filled-cache.js'

/**
 * ioredis itself, no cache library: `GET` (and `MGET` for batches) of JSON strings written with
 * `SET ... PX`. The timed read returns the raw string and does not parse it, so this is the least a
 * cache over the same client can cost.
 */
export async function filledRawIoredis(
  workload: Workload,
  prefix: string,
  options: { autoPipelining: boolean; name: string },
): Promise<FilledRedisCache> {
  const client = await connectIoredis(options)
  const ttl = workload.ttlSeconds * 1_000
  const fill = client.pipeline()
  for (const [key, value] of workload.entries) fill.set(prefix + key, JSON.stringify(value), 'PX', ttl)
  for (const [error] of (await fill.exec()) ?? []) if (error) throw error
  return {
    name: options.name,
    get: (key) => client.get(prefix + key),
    getMany: (keys) => client.mget(keys.map((key) => prefix + key)),
    decode: (reply) => (typeof reply === 'string' ? JSON.parse(reply) : reply),
    close: () => closeIoredis(client),
  }
}
