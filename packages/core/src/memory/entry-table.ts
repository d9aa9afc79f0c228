import type { EvictionReason, StoredEntry } from '../store/store.js'

const VISITED = 1
const MUTABLE = 2
const NONE = -1
const INITIAL_SLOTS = 64

/** Returned by {@link EntryTable.readFresh} when the caller must take the full read path. */
export const NOT_FRESH: unique symbol = Symbol('layercache.notFresh')

/** Something the table dropped to make room or because it expired. */
export interface Eviction {
  key: string
  reason: EvictionReason
}

/**
 * The entries of a memory store, kept in parallel arrays indexed by slot rather than one object per
 * entry: about 60 bytes of bookkeeping per entry instead of an object header, and no allocation on a
 * hit. Eviction is SIEVE (Zhang et al., NSDI '24): a FIFO queue with one "visited" bit per entry and a
 * hand that sweeps from the oldest entry, clearing bits and evicting the first unvisited entry. It
 * beats LRU on skewed traffic and resists scans, because an entry read once is never promoted.
 */
export class EntryTable {
  private readonly slotOf = new Map<string, number>()
  private keys: (string | undefined)[] = []
  private values: unknown[] = []
  private tagLists: (readonly string[] | undefined)[] = []
  private createdAt = new Float64Array(INITIAL_SLOTS)
  private expiresAt = new Float64Array(INITIAL_SLOTS)
  private staleUntil = new Float64Array(INITIAL_SLOTS)
  private sizes = new Float64Array(INITIAL_SLOTS)
  private flags = new Uint8Array(INITIAL_SLOTS)
  private newer = new Int32Array(INITIAL_SLOTS).fill(NONE)
  private older = new Int32Array(INITIAL_SLOTS).fill(NONE)
  private readonly freeSlots: number[] = []
  private allocated = 0
  private newest = NONE
  private oldest = NONE
  private hand = NONE
  private sweepCursor = 0
  /** Sum of entry sizes, in approximate bytes. */
  totalBytes = 0

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.slotOf.size
  }

  has(key: string): boolean {
    return this.slotOf.has(key)
  }

  /**
   * The hot path: the value when the entry is fresh, carries no tags and needs no copy; otherwise
   * {@link NOT_FRESH}. Marks the entry visited.
   */
  readFresh(key: string, now: number): unknown {
    const slot = this.slotOf.get(key)
    if (slot === undefined) return NOT_FRESH
    if (this.expiresAt[slot]! <= now || this.flags[slot]! & MUTABLE || this.tagLists[slot] !== undefined) {
      return NOT_FRESH
    }
    this.flags[slot]! |= VISITED
    return this.values[slot]
  }

  /** The entry at `key`, unless missing or past its grace period (then it is dropped). */
  read(key: string, now: number): StoredEntry | undefined {
    const slot = this.slotOf.get(key)
    if (slot === undefined) return undefined
    if (this.staleUntil[slot]! <= now) {
      this.removeSlot(slot)
      return undefined
    }
    this.flags[slot]! |= VISITED
    return {
      value: this.values[slot],
      createdAt: this.createdAt[slot]!,
      expiresAt: this.expiresAt[slot]!,
      staleUntil: this.staleUntil[slot]!,
      tags: this.tagLists[slot],
      size: this.sizes[slot]!,
      mutable: (this.flags[slot]! & MUTABLE) !== 0,
    }
  }

  /** Stores `entry`; returns what had to be evicted to make room (never the entry just written). */
  write(key: string, entry: StoredEntry, now: number, maxBytes: number): Eviction[] | undefined {
    let evicted: Eviction[] | undefined
    let slot = this.slotOf.get(key)
    if (slot === undefined) {
      if (this.slotOf.size >= this.maxEntries) evicted = [this.evictOne(now)]
      slot = this.takeSlot()
      this.slotOf.set(key, slot)
      this.keys[slot] = key
      this.linkNewest(slot)
      this.flags[slot] = 0
    } else {
      this.totalBytes -= this.sizes[slot]!
      this.flags[slot]! = (this.flags[slot]! & ~MUTABLE) | VISITED
    }
    const size = entry.size ?? 0
    this.values[slot] = entry.value
    this.tagLists[slot] = entry.tags === undefined || entry.tags.length === 0 ? undefined : entry.tags
    this.createdAt[slot] = entry.createdAt
    this.expiresAt[slot] = entry.expiresAt
    this.staleUntil[slot] = entry.staleUntil
    this.sizes[slot] = size
    if (entry.mutable) this.flags[slot]! |= MUTABLE
    this.totalBytes += size
    while (this.totalBytes > maxBytes && this.slotOf.size > 1) {
      ;(evicted ??= []).push(this.evictOne(now, slot, 'size'))
    }
    return evicted
  }

  delete(key: string): boolean {
    const slot = this.slotOf.get(key)
    if (slot === undefined) return false
    this.removeSlot(slot)
    return true
  }

  /** Deletes every key starting with `prefix`. */
  deleteByPrefix(prefix: string): number {
    let deleted = 0
    for (const [key, slot] of this.slotOf) {
      if (key.startsWith(prefix)) {
        this.removeSlot(slot)
        deleted++
      }
    }
    return deleted
  }

  clear(): void {
    for (const slot of this.slotOf.values()) this.removeSlot(slot)
  }

  /** Drops up to `budget` entries past their grace period, resuming where the last sweep stopped. */
  sweep(now: number, budget: number): string[] {
    const dropped: string[] = []
    for (let checked = 0; checked < budget && this.allocated > 0; checked++) {
      if (this.sweepCursor >= this.allocated) this.sweepCursor = 0
      const slot = this.sweepCursor++
      const key = this.keys[slot]
      if (key !== undefined && this.staleUntil[slot]! <= now) {
        this.removeSlot(slot)
        dropped.push(key)
      }
    }
    return dropped
  }

  /** Every live key (for tests and diagnostics). */
  liveKeys(): IterableIterator<string> {
    return this.slotOf.keys()
  }

  private evictOne(now: number, protectedSlot = NONE, reason: EvictionReason = 'capacity'): Eviction {
    let slot = this.hand === NONE ? this.oldest : this.hand
    for (;;) {
      if (slot === NONE) slot = this.oldest
      if (slot !== protectedSlot) {
        if (this.staleUntil[slot]! <= now) {
          reason = 'expired'
          break
        }
        if ((this.flags[slot]! & VISITED) === 0) break
        this.flags[slot]! &= ~VISITED
      }
      slot = this.newer[slot]!
    }
    this.hand = this.newer[slot]!
    const key = this.keys[slot]!
    this.removeSlot(slot)
    return { key, reason }
  }

  private removeSlot(slot: number): void {
    if (this.hand === slot) this.hand = this.newer[slot]!
    const newer = this.newer[slot]!
    const older = this.older[slot]!
    if (newer === NONE) this.newest = older
    else this.older[newer] = older
    if (older === NONE) this.oldest = newer
    else this.newer[older] = newer
    this.newer[slot] = NONE
    this.older[slot] = NONE
    this.slotOf.delete(this.keys[slot]!)
    this.totalBytes -= this.sizes[slot]!
    this.keys[slot] = undefined
    this.values[slot] = undefined
    this.tagLists[slot] = undefined
    this.sizes[slot] = 0
    this.flags[slot] = 0
    this.freeSlots.push(slot)
  }

  private linkNewest(slot: number): void {
    this.older[slot] = this.newest
    this.newer[slot] = NONE
    if (this.newest !== NONE) this.newer[this.newest] = slot
    this.newest = slot
    if (this.oldest === NONE) this.oldest = slot
  }

  private takeSlot(): number {
    const free = this.freeSlots.pop()
    if (free !== undefined) return free
    if (this.allocated === this.createdAt.length) this.grow()
    return this.allocated++
  }

  private grow(): void {
    const length = Math.min(Math.max(this.createdAt.length * 2, INITIAL_SLOTS), Math.max(this.maxEntries, 1))
    const resize = <T extends Float64Array | Int32Array | Uint8Array>(array: T, fill: number): T => {
      const next = new (array.constructor as new (length: number) => T)(length)
      next.fill(fill)
      next.set(array)
      return next
    }
    this.createdAt = resize(this.createdAt, 0)
    this.expiresAt = resize(this.expiresAt, 0)
    this.staleUntil = resize(this.staleUntil, 0)
    this.sizes = resize(this.sizes, 0)
    this.flags = resize(this.flags, 0)
    this.newer = resize(this.newer, NONE)
    this.older = resize(this.older, NONE)
  }
}
