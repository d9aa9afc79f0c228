import type { Clock } from '../clock.js'
import type { Duration } from '../duration.js'
import { errors, fail } from '../errors.js'

/** Default of {@link MemoryStoreOptions.maxEntries}. */
export const DEFAULT_MAX_ENTRIES = 10_000
/** Default of {@link MemoryStoreOptions.maxBytes}: 64 MiB. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024
/** Default of {@link MemoryStoreOptions.maxValueBytes}: 8 MiB. */
export const DEFAULT_MAX_VALUE_BYTES = 8 * 1024 * 1024
/** Default of {@link MemoryStoreOptions.sweepInterval}. */
export const DEFAULT_SWEEP_INTERVAL = '5s'

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * The most entries kept. Past it, the SIEVE policy evicts the least useful entry.
   * @default 10_000
   */
  maxEntries?: number
  /**
   * The most bytes of values kept, as estimated once when each value is set.
   * @default 67_108_864 (64 MiB)
   */
  maxBytes?: number
  /**
   * The largest single value accepted, in estimated bytes (its strings and keys in UTF-8 bytes, plus a
   * small overhead per part); larger values are refused with `E_VALUE_TOO_LARGE` before anything is
   * written, as soon as the count passes the limit.
   * @default 8_388_608 (8 MiB), and never more than `maxBytes`
   */
  maxValueBytes?: number
  /**
   * How often one shared, unref'd timer reclaims expired entries (there is never a timer per entry).
   * @default '5s'
   */
  sweepInterval?: Duration
  /**
   * The clock for expiry. Left out, the store uses the clock of the cache it joins.
   * @default the cache's clock, else `Date.now`
   */
  clock?: Clock
  /**
   * The name of this layer in stats and events.
   * @default 'memory'
   */
  name?: string
  /**
   * Keep values serialized (as a Redis layer would) instead of as frozen objects: every hit then pays
   * a decode, in exchange for exact Redis-like behaviour. Useful in tests of serialization.
   * @default false
   */
  serialize?: boolean
  /**
   * Keep a frozen deep copy of each value (the default), or, with `false`, the caller's value itself,
   * as lru-cache does. Without the copy a `set` of a small object costs about half as much
   * (bench/README.md, "Memory set"), but nothing protects the value any more: changing the object
   * after `set`, or changing what `get` returned, changes what every later reader of this store gets,
   * and values are not checked (a function or a class instance is kept as it is; a Redis layer
   * beside it still refuses them). Values are not measured either, so such a store is bounded by
   * `maxEntries` alone: `maxBytes`, `maxValueBytes` and `serialize: true` are refused with it
   * (`E_INVALID_OPTION`). For caches whose callers never change a cached object.
   * @default true
   */
  copyValues?: boolean
}

/** `value` rounded down, or `E_INVALID_OPTION` unless it is a finite number of at least 1. */
export function positiveInteger(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1)
    fail(errors.INVALID_OPTION, `${name} must be a positive number, got ${value}`)
  return Math.floor(value)
}
