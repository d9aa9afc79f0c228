import type { CacheLayer } from './cache-layer.js'
import type { ScriptRunner } from './script-runner.js'

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
   * Left out, the cache asks {@link CacheLayer.getTagStamps}.
   */
  readonly tagStamps?: readonly (TagStamp | undefined)[] | undefined
  /**
   * Which write produced the entry: a positive integer the cache draws at random for each write to a
   * shared layer, and that a back-fill copies along. Shared stores keep it and compare it in
   * {@link CacheLayer.setIfVersion}; local stores may drop it.
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

/** An item of {@link CacheLayer.setMany}. */
export interface StoreWrite {
  readonly key: string
  readonly entry: StoredEntry
}

/** An item of {@link CacheLayer.setIfVersion}: a write that only lands if the key is as a read left it. */
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

/**
 * A backend that is both a {@link CacheLayer} and a {@link ScriptRunner}, as the memory store and the
 * Redis store are: it can be a layer of a cache and the store of a rate limiter, lock or leaderboard.
 */
export type Store = CacheLayer & ScriptRunner

/** True when `value` is a promise (or any thenable). */
export function isPromiseLike<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}
