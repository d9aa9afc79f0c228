import type { CacheBus } from '../bus/cache-bus.js'
import type { Clock } from '../clock.js'
import type { Duration } from '../duration.js'
import type { CompressionOptions } from '../serialization/compression.js'
import type { Serializer } from '../serialization/serializer.js'
import type { AnalyticsOptions } from '../stats/global-stats.js'
import type { CacheLayer } from '../store/cache-layer.js'
import type { DistributedLoadOptions } from './load-lock.js'
import type { Logger } from './logger.js'

/** Default of {@link CacheOptions.namespace}. */
export const DEFAULT_NAMESPACE = 'default'
/** Default of {@link CacheOptions.ttl}: five minutes. */
export const DEFAULT_TTL = '5m'
/** Default of {@link CacheOptions.maxKeyLength}. */
export const DEFAULT_MAX_KEY_LENGTH = 1024

/** Options of {@link createCache}. */
export interface CacheOptions {
  /**
   * The layers, fastest first. Reads go through them in order; writes reach all of them.
   * @default [createMemoryStore()]
   */
  layers?: CacheLayer[]
  /**
   * The namespace of every key, tag and `clear()` of this cache. Letters, digits, `_`, `.`, `-`;
   * `:` separates nested namespaces.
   * @default 'default'
   */
  namespace?: string
  /**
   * Time to live of entries when a call gives none: seconds, or a string such as `'5m'`.
   * @default '5m'
   */
  ttl?: Duration
  /**
   * How long an expired entry is kept as a stale fallback (stale-while-revalidate and fail-safe).
   * `0` keeps nothing.
   * @default 0
   */
  grace?: Duration
  /**
   * `getOrSet` soft timeout when a stale value exists: after it the stale value is returned and the
   * loader finishes in the background. `0` = stale-while-revalidate; left out = wait for the loader.
   * @default undefined (wait)
   */
  timeout?: Duration
  /**
   * `getOrSet` hard timeout: after it the caller gets the stale value, or `E_LOADER_TIMEOUT` without one.
   * @default undefined (no limit)
   */
  hardTimeout?: Duration
  /**
   * How layers that serialize (Redis) encode values. The default keeps Date, Map, Set, BigInt,
   * binary data and `undefined` inside objects.
   * @default typedJsonSerializer
   */
  serializer?: Serializer
  /**
   * Compression of serialized values above a size threshold. `false` turns it off.
   * @default { threshold: 1024, algorithm: 'deflate' }
   */
  compression?: CompressionOptions | boolean
  /**
   * The source of time, for deterministic tests.
   * @default systemClock (Date.now)
   */
  clock?: Clock
  /**
   * Where the cache warns that a layer started failing, and that it recovered: once per change, at
   * most every 30 s per layer, not once per failed call. Every failure also reaches `error`
   * listeners. `false` turns the warnings off.
   * @default console
   */
  logger?: Logger | false
  /**
   * A message bus that keeps the in-memory layers of several processes consistent (see
   * `@layercache/redis`'s `createRedisBus`).
   * @default undefined
   */
  bus?: CacheBus
  /**
   * The longest key accepted, in characters.
   * @default 1024
   */
  maxKeyLength?: number
  /**
   * What a failing layer does to a call: `'fallback'` reports the error through events and carries
   * on with the other layers and the loader; `'throw'` rejects the call.
   * @default 'fallback'
   */
  onLayerError?: 'fallback' | 'throw'
  /**
   * Cross-process stampede protection: with a shared layer (Redis), a cold key's loader runs in one
   * process while the others wait (up to `wait`) for its value, then load themselves. Per call too.
   * @default false
   */
  distributedLoad?: boolean | DistributedLoadOptions
  /**
   * Hit and miss counters per namespace, added up across every process in the first shared layer,
   * flushed once per interval; read with `await cache.stats({ global: true })`.
   * @default undefined (off)
   */
  analytics?: boolean | AnalyticsOptions
}

/** Options of `set` and `setWithTags`. A bare number or string is a TTL. */
export interface SetOptions {
  /** Time to live. @default the cache's `ttl` */
  ttl?: Duration
  /** Tags, for `invalidateByTags` / `expireByTags`. @default [] */
  tags?: readonly string[]
  /** Grace period after the TTL. @default the cache's `grace` */
  grace?: Duration
}

/** Options of `getOrSet`. A bare number or string is a TTL. */
export interface GetOrSetOptions extends SetOptions {
  /** Soft timeout when a stale value exists; `0` = stale-while-revalidate. @default the cache's `timeout` */
  timeout?: Duration
  /** Hard timeout of the loader. @default the cache's `hardTimeout` */
  hardTimeout?: Duration
  /** Skip the cached value and run the loader (still one loader per key at a time). @default false */
  forceFresh?: boolean
  /** Cross-process stampede protection for this call. @default the cache's `distributedLoad` */
  distributedLoad?: boolean | DistributedLoadOptions
}

/** What a loader receives. */
export interface LoaderContext<T> {
  /** Aborted when the load is no longer wanted (the cache closed, or the hard timeout passed). */
  readonly signal: AbortSignal
  /** The stale value being refreshed, if any. */
  readonly staleValue: T | undefined
}

/** A function that produces a value on a miss. Returning `undefined` caches nothing. */
export type Loader<T> = (context: LoaderContext<T>) => Promise<T> | T

/** An item of `setBatch`. */
export interface BatchItem<T = unknown> {
  key: string
  value: T
  /** Time to live. @default the cache's `ttl` */
  ttl?: Duration
  /** Tags. @default [] */
  tags?: readonly string[]
}
