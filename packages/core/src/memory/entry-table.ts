import type { Clock } from '../clock.js'
import type { EvictionReason, StoredEntry } from '../store/store.js'
import { resizedColumn, resizedList } from './columns.js'
import { EntryTimes } from './entry-times.js'
import { type KeyBucket, KeyBuckets, ownCopy } from './key-buckets.js'
import { NONE, SlotQueue } from './slot-queue.js'

const VISITED = 1
const MUTABLE = 2
const TAGGED = 4

/** Returned by {@link EntryTable.readFresh} when the caller must take the full read path. */
// Symbol.for: a cache from one copy of core (its ESM or CJS build, another version in node_modules)
// compares the marker of a memory store from another.
export const NOT_FRESH: unique symbol = Symbol.for('layercache.notFresh')

/** Something the table dropped to make room or because it expired. */
export interface Eviction {
  key: string
  reason: EvictionReason
}

/**
 * The entries of a memory store, kept in parallel columns indexed by slot rather than one object per
 * entry: about 40 bytes of bookkeeping per entry besides the key index, and no allocation on a hit.
 * Keys are indexed by prefix and then by key ({@link KeyBuckets}); tags live in a side map, since
 * most entries have none. Eviction is SIEVE (Zhang et al., NSDI '24): a FIFO queue with one "visited"
 * bit per entry and a hand that sweeps from the oldest entry, clearing bits and evicting the first
 * unvisited entry. It beats LRU on skewed traffic and resists scans: an entry read once is never promoted.
 */
export class EntryTable {
  private readonly buckets = new KeyBuckets()
  private readonly times = new EntryTimes()
  private readonly tagsOf = new Map<number, readonly string[]>()
  /** Keys without their prefix. */
  private keys: (string | undefined)[] = []
  private values: unknown[] = []
  /** Estimated bytes: 4 bytes are plenty for an estimate. */
  private sizes = new Float32Array(0)
  private flags = new Uint8Array(0)
  /** Write versions, made on the first entry that carries one (the cache gives them to shared layers only). */
  private versions: Float64Array | undefined
  private readonly queue: SlotQueue
  private count = 0
  private sweepCursor = 0
  /** Sum of entry sizes, in approximate bytes. */
  totalBytes = 0

  constructor(private readonly maxEntries: number) {
    this.queue = new SlotQueue(maxEntries, (length) => this.resize(length))
  }

  get size(): number {
    return this.count
  }

  /** The bucket of keys under `keyPrefix`, while it holds any. */
  bucket(keyPrefix: string): KeyBucket | undefined {
    return this.buckets.find(keyPrefix)
  }

  /**
   * The hot path: the value when the entry is fresh, carries no tags and needs no copy; otherwise
   * {@link NOT_FRESH}. Marks the entry visited. The clock is read only for an entry that can expire.
   */
  readFresh(bucket: KeyBucket, key: string, clock: Clock): unknown {
    const slot = bucket.slots.get(key)
    if (slot === undefined || this.flags[slot]! & (MUTABLE | TAGGED)) return NOT_FRESH
    const expiresAt = this.times.expiresAt(slot)
    if (expiresAt !== Number.POSITIVE_INFINITY && expiresAt <= clock.now()) return NOT_FRESH
    this.flags[slot]! |= VISITED
    return this.values[slot]
  }

  /** The entry at `keyPrefix + key`, unless missing or past its grace period (then it is dropped). */
  read(keyPrefix: string, key: string, now: number): StoredEntry | undefined {
    const slot = this.buckets.slotOf(keyPrefix, key)
    if (slot === undefined) return undefined
    const staleUntil = this.times.staleUntil(slot)
    if (staleUntil <= now) {
      this.removeSlot(slot)
      return undefined
    }
    const flags = (this.flags[slot]! |= VISITED)
    return {
      value: this.values[slot],
      createdAt: this.times.createdAt(slot),
      expiresAt: this.times.expiresAt(slot),
      staleUntil,
      tags: flags & TAGGED ? this.tagsOf.get(slot) : undefined,
      size: this.sizes[slot]!,
      mutable: (flags & MUTABLE) !== 0,
      version: this.versions === undefined || this.versions[slot] === 0 ? undefined : this.versions[slot],
    }
  }

  /** The version of the entry at `keyPrefix + key`: `0` when there is none, `NaN` when it has no version. */
  versionAt(keyPrefix: string, key: string, now: number): number {
    const slot = this.buckets.slotOf(keyPrefix, key)
    if (slot === undefined || this.times.staleUntil(slot) <= now) return 0
    const version = this.versions?.[slot] ?? 0
    return version === 0 ? Number.NaN : version
  }

  /**
   * Makes the entry at `keyPrefix + key` stale at `at` if it is fresh later than that; returns whether
   * it changed. Its value, tags, version and end of grace stay.
   */
  expire(keyPrefix: string, key: string, at: number, now: number): boolean {
    const slot = this.buckets.slotOf(keyPrefix, key)
    if (slot === undefined) return false
    const staleUntil = this.times.staleUntil(slot)
    if (staleUntil <= now) {
      this.removeSlot(slot)
      return false
    }
    if (this.times.expiresAt(slot) <= at) return false
    const createdAt = this.times.createdAt(slot)
    this.times.release(slot)
    this.times.set(slot, createdAt, Math.min(at, staleUntil), staleUntil)
    return true
  }

  /**
   * Stores `entry` at `keyPrefix + key`; returns what had to be evicted to make room (never the entry
   * just written). `keyIsCut`: the key was sliced out of a full key, so a new entry keeps a copy.
   * `clock` is read only when something must be evicted (an expired entry goes first).
   */
  write(
    keyPrefix: string,
    key: string,
    entry: StoredEntry,
    clock: Clock,
    maxBytes: number,
    keyIsCut: boolean,
  ): Eviction[] | undefined {
    let evicted: Eviction[] | undefined
    let slot = this.buckets.slotOf(keyPrefix, key)
    if (slot === undefined) {
      if (this.count >= this.maxEntries) evicted = [this.evictOne(clock.now())]
      slot = this.queue.take()
      const kept = keyIsCut ? ownCopy(key) : key
      this.buckets.add(keyPrefix, kept, slot)
      this.keys[slot] = kept
      this.flags[slot] = 0
      this.count++
    } else {
      this.totalBytes -= this.sizes[slot]!
      this.times.release(slot)
      if (this.flags[slot]! & TAGGED) this.tagsOf.delete(slot)
      this.flags[slot] = (this.flags[slot]! & ~(MUTABLE | TAGGED)) | VISITED
    }
    this.sizes[slot] = entry.size ?? 0
    this.values[slot] = entry.value
    this.times.set(slot, entry.createdAt, entry.expiresAt, entry.staleUntil)
    if (entry.tags !== undefined && entry.tags.length > 0) {
      this.tagsOf.set(slot, entry.tags)
      this.flags[slot]! |= TAGGED
    }
    if (entry.mutable) this.flags[slot]! |= MUTABLE
    if (entry.version !== undefined)
      (this.versions ??= new Float64Array(this.flags.length))[slot] = entry.version
    else if (this.versions !== undefined) this.versions[slot] = 0
    this.totalBytes += this.sizes[slot]!
    if (this.totalBytes > maxBytes && this.count > 1) {
      const now = clock.now()
      while (this.totalBytes > maxBytes && this.count > 1) {
        ;(evicted ??= []).push(this.evictOne(now, slot, 'size'))
      }
    }
    return evicted
  }

  delete(keyPrefix: string, key: string): boolean {
    const slot = this.buckets.slotOf(keyPrefix, key)
    if (slot === undefined) return false
    this.removeSlot(slot)
    return true
  }

  /** Deletes every key whose full key starts with `prefix`. */
  deleteByPrefix(prefix: string): number {
    let deleted = 0
    for (const slot of this.buckets.slotsUnder(prefix)) {
      this.removeSlot(slot)
      deleted++
    }
    return deleted
  }

  clear(): void {
    for (const slot of this.buckets.slotsUnder('')) this.removeSlot(slot)
  }

  /** Drops up to `budget` entries past their grace period, resuming where the last sweep stopped. */
  sweep(now: number, budget: number): string[] {
    const dropped: string[] = []
    for (let checked = 0; checked < budget && this.queue.allocated > 0; checked++) {
      if (this.sweepCursor >= this.queue.allocated) this.sweepCursor = 0
      const slot = this.sweepCursor++
      const key = this.keys[slot]
      if (key !== undefined && this.times.staleUntil(slot) <= now) {
        dropped.push(this.buckets.fullKey(slot, key))
        this.removeSlot(slot)
      }
    }
    return dropped
  }

  private evictOne(now: number, protectedSlot = NONE, reason: EvictionReason = 'capacity'): Eviction {
    const queue = this.queue
    let slot = queue.hand === NONE ? queue.oldest : queue.hand
    for (;;) {
      if (slot === NONE) slot = queue.oldest
      if (slot !== protectedSlot) {
        if (this.times.staleUntil(slot) <= now) {
          reason = 'expired'
          break
        }
        if ((this.flags[slot]! & VISITED) === 0) break
        this.flags[slot]! &= ~VISITED
      }
      slot = queue.newer[slot]!
    }
    queue.hand = queue.newer[slot]!
    const key = this.buckets.fullKey(slot, this.keys[slot]!)
    this.removeSlot(slot)
    return { key, reason }
  }

  private removeSlot(slot: number): void {
    this.queue.free(slot)
    this.buckets.remove(slot, this.keys[slot]!)
    this.times.release(slot)
    if (this.flags[slot]! & TAGGED) this.tagsOf.delete(slot)
    this.totalBytes -= this.sizes[slot]!
    this.keys[slot] = undefined
    this.values[slot] = undefined
    this.sizes[slot] = 0
    this.flags[slot] = 0
    if (this.versions !== undefined) this.versions[slot] = 0
    this.count--
  }

  private resize(length: number): void {
    this.keys = resizedList(this.keys, length)
    this.values = resizedList(this.values, length)
    this.sizes = resizedColumn(this.sizes, length)
    this.flags = resizedColumn(this.flags, length)
    if (this.versions !== undefined) this.versions = resizedColumn(this.versions, length)
    this.times.resize(length)
    this.buckets.resize(length)
  }
}
