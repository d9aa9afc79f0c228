import type { Clock } from '../clock.js'
import type { ScriptRunner } from './script-runner.js'
import type {
  ConditionalWrite,
  MaybePromise,
  StoredEntry,
  StoreEvent,
  StoreRead,
  StoreWrite,
  TagStamp,
} from './store.js'

/** The version of the {@link CacheLayer} contract this release of core speaks. */
export const CACHE_LAYER_CONTRACT = 1

/** What the cache gives a layer when the layer becomes one of its layers. */
export interface StoreAttachment {
  /** The cache's clock: layers that expire entries themselves should use it. */
  readonly clock: Clock
}

/**
 * A cache layer: what `createCache({ layers })` takes. The memory store ships in core;
 * `@layercache/redis` provides a Redis store; any other backend (SQL, DynamoDB, Memcached, an edge
 * KV) implements this interface and proves it with `cacheLayerConformanceSuite` from
 * `@layercache/core/testing`. Atomic scripts are a separate contract ({@link ScriptRunner}) that a
 * layer may also implement.
 *
 * The contract:
 * - Keys are opaque strings chosen by the cache; a store never rewrites them except to add its own
 *   prefix, and never lets one key reach another key's data.
 * - `get` returns exactly what `set` stored (same times, tags, value and version), or `undefined`, or
 *   an {@link Absence}. A store may drop an entry after its `staleUntil`; it must never return one
 *   past it. One unreadable key is an `Absence` with an `error`, never a failed batch.
 * - A shared store remembers each deletion (`delete`, `deleteMany`, `deleteByPrefix`) for a while as
 *   a tombstone, read back as an `Absence`, so that {@link Store.setIfVersion} refuses a write based
 *   on a read from before the deletion.
 * - Batch methods answer in one round trip where the backend allows, and return results aligned with
 *   the keys given.
 * - Tag records live at least as long as any entry that carries the tag (`stampTags` never moves a
 *   stamp backwards), so invalidations never "un-happen", and they expire by themselves after that.
 * - `deleteByPrefix` removes every entry whose key starts with the prefix, and nothing else: tag
 *   records and a {@link ScriptRunner}'s data are never touched (they expire by themselves).
 * - Methods may return synchronously (in-process stores) or a promise (remote stores). They report
 *   failures by throwing or rejecting; the cache decides what to do with them.
 */
export interface CacheLayer {
  /**
   * The version of this contract the layer implements: {@link CACHE_LAYER_CONTRACT}. A cache refuses
   * a layer written for another version instead of misreading it.
   */
  readonly layerContract: typeof CACHE_LAYER_CONTRACT
  /** A short name for stats and events, such as `memory` or `redis`. */
  readonly name: string
  /** True when values cross a byte boundary (the cache then stores an encoded payload). */
  readonly serializes: boolean
  /** True when other processes see the same data (the cache then coordinates through it). */
  readonly shared: boolean
  /** The largest value, in approximate bytes, the store accepts. Checked by the cache before any write. */
  readonly maxValueBytes?: number | undefined

  /** Called once when a cache adopts the store as a layer. */
  attach?(attachment: StoreAttachment): void

  get(key: string): MaybePromise<StoreRead>
  getMany(keys: readonly string[]): MaybePromise<StoreRead[]>
  set(key: string, entry: StoredEntry): MaybePromise<void>
  setMany(writes: readonly StoreWrite[]): MaybePromise<void>
  /**
   * Writes each entry only if its key is still at `ifVersion`, atomically per key; returns, aligned
   * with `writes`, which ones landed. This is how a late load or back-fill never replaces a newer
   * write or a deletion made by another process.
   */
  setIfVersion(writes: readonly ConditionalWrite[]): MaybePromise<boolean[]>
  /**
   * Makes entries stale at `at` (their `expiresAt` becomes `at` where it was later), atomically per
   * key, keeping their value, version, tags and `staleUntil`; returns how many entries changed.
   */
  expire(keys: readonly string[], at: number): MaybePromise<number>
  /** Returns true when something was deleted. */
  delete(key: string): MaybePromise<boolean>
  /** Returns how many keys were deleted. */
  deleteMany(keys: readonly string[]): MaybePromise<number>
  /** Deletes every key starting with `prefix`; returns how many were deleted. */
  deleteByPrefix(prefix: string): MaybePromise<number>

  /** Reads tag records, aligned with `tagKeys`. */
  getTagStamps(tagKeys: readonly string[]): MaybePromise<(TagStamp | undefined)[]>
  /**
   * Raises the stamps of `tagKeys` to at least `stamp` (fields are maxed, never lowered). `keepFor`
   * is how long, in milliseconds, the records must live at least.
   */
  stampTags(tagKeys: readonly string[], stamp: Partial<TagStamp>, keepFor: number): MaybePromise<void>

  /** Subscribes to events the store raises by itself (evictions). Returns an unsubscribe function. */
  subscribe?(listener: (event: StoreEvent) => void): () => void

  /** Releases timers and resources the store owns. Never closes a client the user passed in. */
  close(): MaybePromise<void>
}

/** True when `value` declares the {@link CacheLayer} contract this core speaks. */
export function isCacheLayer(value: unknown): value is CacheLayer {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Partial<CacheLayer>).layerContract === CACHE_LAYER_CONTRACT
  )
}
