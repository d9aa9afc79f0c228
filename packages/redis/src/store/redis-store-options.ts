import type { Duration } from '@layercache/core'
import type { RedisClient } from '../driver/detect-driver.js'
import type { CircuitBreakerOptions } from './circuit-breaker.js'

/** Default of {@link RedisStoreOptions.prefix}. */
export const DEFAULT_PREFIX = 'lc:'
/** Default of {@link RedisStoreOptions.timeout}. */
export const DEFAULT_COMMAND_TIMEOUT = '1s'
/** Default of {@link RedisStoreOptions.shards} on a cluster. */
export const DEFAULT_CLUSTER_SHARDS = 16
/** Default of {@link RedisStoreOptions.tombstoneTtl}. */
export const DEFAULT_TOMBSTONE_TTL = '30s'
/** Default of {@link RedisStoreOptions.maxValueBytes}: 8 MiB. */
export const DEFAULT_REDIS_MAX_VALUE_BYTES = 8 * 1024 * 1024

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** The Redis client to use: ioredis (client or cluster), node-redis (client or cluster) or @upstash/redis. Never closed by the store. */
  client: RedisClient
  /**
   * Prepended to every key this store writes, so several applications can share one Redis. No `{`/`}`.
   * @default 'lc:'
   */
  prefix?: string
  /**
   * How long one round trip may take before it fails with `E_STORE_FAILURE` (the cache then falls back
   * to its other layers and the loader). Nothing waits longer than this on Redis.
   * @default '1s'
   */
  timeout?: Duration
  /**
   * Stop sending commands to a Redis that keeps failing, and try again after a cooldown. `false` turns
   * it off.
   * @default { failureThreshold: 5, cooldown: '5s' }
   */
  circuitBreaker?: CircuitBreakerOptions | false
  /**
   * How many hash tags cache entries are spread over. On a cluster, more shards spread load over more
   * masters; a tag invalidation writes one record per shard.
   * @default 16 on a cluster, 1 otherwise
   */
  shards?: number
  /**
   * The largest serialized value accepted, in bytes.
   * @default 8_388_608 (8 MiB)
   */
  maxValueBytes?: number
  /**
   * How long a deletion is remembered (a small tombstone key in Redis). Within it, a value loaded or
   * read before the deletion can never be written back by any process; a load that takes longer,
   * from its read to its write, is not stored in Redis at all.
   * @default '30s'
   */
  tombstoneTtl?: Duration
  /**
   * The name of this layer in stats and events.
   * @default 'redis'
   */
  name?: string
}
