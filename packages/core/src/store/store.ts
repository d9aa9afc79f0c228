import type { Clock } from '../clock.js'
import type { AtomicScript, ScriptArgument } from './atomic-script.js'

/** A value or a promise of it: in-process stores answer synchronously, remote stores asynchronously. */
export type MaybePromise<T> = T | Promise<T>

/**
 * What a layer holds for one key. The cache writes it; stores keep it and give it back unchanged.
 *
 * All times are milliseconds since the epoch, from the cache's {@link Clock}.
 */
export interface StoredEntry {
  /**
   * The value. On stores that keep objects (`serializes: false`) this is the cache's frozen copy of
   * the value; on stores that serialize it is the encoded payload string.
   */
  readonly value: unknown
  /** When the value was produced (a loader's start time). Tag stamps at or after it void the entry. */
  readonly createdAt: number
  /** Logical expiry: after it the entry is stale. `Infinity` never expires. */
  readonly expiresAt: number
  /** End of the grace period (`>= expiresAt`). After it the store may drop the entry. */
  readonly staleUntil: number
  /** Keys of the tag records this entry carries, as given by the cache (already namespaced). */
  readonly tags?: readonly string[] | undefined
  /**
   * Approximate size in bytes, computed once by the cache (the payload length for serialized
   * values). Stores use it for byte limits.
   */
  readonly size?: number | undefined
  /**
   * True when the value holds parts JavaScript cannot freeze (Map, Set, Date, typed arrays): the
   * cache then hands each reader its own copy.
   */
  readonly mutable?: boolean | undefined
  /**
   * Tag records of `tags`, in the same order, when the store read them in the same round trip.
   * Left out, the cache asks {@link Store.getTagStamps}.
   */
  readonly tagStamps?: readonly (TagStamp | undefined)[] | undefined
  /**
   * Which write produced the entry: a positive integer the cache draws at random for each write to a
   * shared layer, and that a back-fill copies along. Shared stores keep it and compare it in
   * {@link Store.setIfVersion}; local stores may drop it.
   */
  readonly version?: number | undefined
}

/**
 * What a read found at a key that holds no usable entry but is not simply empty: a recent deletion
 * (a shared store's tombstone) or data the store could not read. The cache treats it as a miss,
 * reports `error` when there is one, and names `version` in a conditional write to replace it.
 */
export interface Absence {
  readonly absent: true
  /** The version a {@link ConditionalWrite} must name to replace what is at the key. */
  readonly version: number
  /** Why the key could not be read (`E_DECODE_FAILED`, a wrong Redis type...), when that is the reason. */
  readonly error?: unknown
}

/** One key as a read found it: an entry, an {@link Absence}, or `undefined` for nothing at all. */
export type StoreRead = StoredEntry | Absence | undefined

/** True when a read found an {@link Absence} rather than an entry. */
export function isAbsence(read: StoreRead): read is Absence {
  return read !== undefined && (read as Partial<Absence>).absent === true
}

/** The entry a read found, or `undefined` for a miss of any kind. */
export function entryOf(read: StoreRead): StoredEntry | undefined {
  return read === undefined || (read as Partial<Absence>).absent === true ? undefined : (read as StoredEntry)
}

/** The version a read found at a key: the entry's or absence's, `0` when nothing was there. */
export function versionOf(read: StoreRead): number {
  return read === undefined ? 0 : (read.version ?? Number.NaN)
}

/** The invalidation record of one tag. */
export interface TagStamp {
  /** Entries created at or before this time are gone (`invalidateByTags`). `0` if never. */
  readonly invalidatedAt: number
  /** Entries created at or before this time are stale, kept for grace (`expireByTags`). `0` if never. */
  readonly expiredAt: number
  /**
   * Entries stale by `expiredAt` are gone from this time on (`expireByTags(tags, { staleFor })`).
   * Left out: they live out their own grace period.
   */
  readonly expiredUntil?: number | undefined
}

/**
 * Raises a tag record by `raise`, as every store must (memory and Redis do it the same way): times
 * only move forward, and a stale window only ever shortens. A new expiry after the previous window
 * closed first turns what that window expired into invalidated (it is gone already), then opens the
 * new window; a new expiry while one is open keeps the earlier end of the two.
 */
export function raiseTagStamp(current: TagStamp, raise: Partial<TagStamp>): TagStamp {
  let invalidatedAt = current.invalidatedAt
  let expiredAt = current.expiredAt
  let expiredUntil = current.expiredUntil ?? Number.POSITIVE_INFINITY
  if (raise.invalidatedAt !== undefined && raise.invalidatedAt > invalidatedAt)
    invalidatedAt = raise.invalidatedAt
  if (raise.expiredAt !== undefined) {
    const until = raise.expiredUntil ?? Number.POSITIVE_INFINITY
    if (expiredAt > 0 && expiredUntil <= raise.expiredAt) {
      if (expiredAt > invalidatedAt) invalidatedAt = expiredAt
      expiredUntil = until
    } else {
      expiredUntil = expiredAt > 0 ? Math.min(expiredUntil, until) : until
    }
    if (raise.expiredAt > expiredAt) expiredAt = raise.expiredAt
  }
  return expiredUntil === Number.POSITIVE_INFINITY
    ? { invalidatedAt, expiredAt }
    : { invalidatedAt, expiredAt, expiredUntil }
}

/** An item of {@link Store.setMany}. */
export interface StoreWrite {
  readonly key: string
  readonly entry: StoredEntry
}

/** An item of {@link Store.setIfVersion}: a write that only lands if the key is as a read left it. */
export interface ConditionalWrite extends StoreWrite {
  /**
   * The version the read found at the key ({@link versionOf}): the entry's or absence's version,
   * `0` for nothing at all. The write lands only if the key is still at it.
   */
  readonly ifVersion: number
  /**
   * When that read started, on the cache's clock. A store that forgets deletions after a while
   * refuses writes whose read is older than that, since it could no longer tell.
   */
  readonly readAt: number
}

/** Why a store dropped an entry on its own. */
export type EvictionReason = 'capacity' | 'size' | 'expired'

/** Something a store reports by itself, outside any call. */
export interface StoreEvent {
  readonly type: 'evict'
  readonly key: string
  readonly reason: EvictionReason
}

/** What the cache gives a store when the store becomes one of its layers. */
export interface StoreAttachment {
  /** The cache's clock: stores that expire entries themselves should use it. */
  readonly clock: Clock
}

/**
 * A cache layer. The memory store ships in core; `@layercache/redis` provides a Redis store; any
 * other backend implements this interface and proves it with `@layercache/core/testing`.
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
 *   records and script data are never touched (they expire by themselves).
 * - `run` executes an {@link AtomicScript} atomically: in-process stores call its `local` side
 *   synchronously, Redis stores run its `lua` side.
 * - Methods may return synchronously (in-process stores) or a promise (remote stores). They report
 *   failures by throwing or rejecting; the cache decides what to do with them.
 */
export interface Store {
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

  /** Runs an atomic script on the store. */
  run<TResult>(
    script: AtomicScript<TResult>,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ): MaybePromise<TResult>

  /** Subscribes to events the store raises by itself (evictions). Returns an unsubscribe function. */
  subscribe?(listener: (event: StoreEvent) => void): () => void

  /** Releases timers and resources the store owns. Never closes a client the user passed in. */
  close(): MaybePromise<void>
}

/** True when `value` is a promise (or any thenable). */
export function isPromiseLike<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}
