import { type Clock, systemClock } from '../clock.js'
import { type Duration, parseDuration } from '../duration.js'
import { errors, fail } from '../errors.js'
import type { AtomicScript, ScriptArgument } from '../store/atomic-script.js'
import type { Store, StoreAttachment, StoredEntry, StoreEvent, StoreWrite, TagStamp } from '../store/store.js'
import { EntryTable, NOT_FRESH } from './entry-table.js'
import { ScriptSpace } from './script-space.js'
import { TagRecords } from './tag-records.js'

/** Default of {@link MemoryStoreOptions.maxEntries}. */
export const DEFAULT_MAX_ENTRIES = 10_000
/** Default of {@link MemoryStoreOptions.maxBytes}: 64 MiB. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024
/** Default of {@link MemoryStoreOptions.maxValueBytes}: 8 MiB. */
export const DEFAULT_MAX_VALUE_BYTES = 8 * 1024 * 1024
/** Default of {@link MemoryStoreOptions.sweepInterval}. */
export const DEFAULT_SWEEP_INTERVAL = '5s'
/** How many slots one sweep tick inspects, so a sweep never pauses a big store for long. */
const SWEEP_BUDGET = 20_000

/** Options of {@link memoryStore}. */
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
   * The largest single value accepted, in estimated bytes; larger values are refused with
   * `E_VALUE_TOO_LARGE` before anything is written.
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
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1)
    fail(errors.INVALID_OPTION, `${name} must be a positive number, got ${value}`)
  return Math.floor(value)
}

/**
 * The embedded in-memory store: the default layer, bounded by entries and bytes, with expired
 * entries reclaimed by one shared timer. Values are kept as the cache's frozen copies, so a hit
 * costs no parse and no copy. It also runs the `local` side of atomic scripts, so the rate limiter,
 * lock and leaderboard work without Redis.
 */
export class MemoryStore implements Store {
  readonly name: string
  readonly serializes: boolean
  readonly shared = false
  readonly maxValueBytes: number
  readonly maxEntries: number
  readonly maxBytes: number
  private readonly entries: EntryTable
  private readonly tags = new TagRecords()
  private readonly scripts: ScriptSpace
  private readonly sweepMilliseconds: number
  private clock: Clock
  private readonly ownClock: boolean
  private sweepTimer: ReturnType<typeof setInterval> | undefined
  private readonly listeners = new Set<(event: StoreEvent) => void>()

  constructor(options: MemoryStoreOptions = {}) {
    this.name = options.name ?? 'memory'
    this.serializes = options.serialize ?? false
    this.maxEntries = positiveInteger(options.maxEntries ?? DEFAULT_MAX_ENTRIES, 'maxEntries')
    this.maxBytes = positiveInteger(options.maxBytes ?? DEFAULT_MAX_BYTES, 'maxBytes')
    this.maxValueBytes = Math.min(
      positiveInteger(options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES, 'maxValueBytes'),
      this.maxBytes,
    )
    this.sweepMilliseconds = parseDuration(options.sweepInterval ?? DEFAULT_SWEEP_INTERVAL, 'sweepInterval')
    this.clock = options.clock ?? systemClock
    this.ownClock = options.clock !== undefined
    this.entries = new EntryTable(this.maxEntries)
    this.scripts = new ScriptSpace(() => this.clock)
  }

  /** How many cache entries are held now. */
  get size(): number {
    return this.entries.size
  }

  /** Estimated bytes of the values held now. */
  get bytes(): number {
    return this.entries.totalBytes
  }

  attach(attachment: StoreAttachment): void {
    if (!this.ownClock) this.clock = attachment.clock
  }

  /**
   * The cache's hot path: the value if fresh, untagged and shareable, else a marker telling the
   * cache to take the full path.
   * @internal
   */
  peekFresh(key: string, now: number): unknown {
    return this.entries.readFresh(key, now)
  }

  get(key: string): StoredEntry | undefined {
    return this.entries.read(key, this.clock.now())
  }

  getMany(keys: readonly string[]): (StoredEntry | undefined)[] {
    const now = this.clock.now()
    return keys.map((key) => this.entries.read(key, now))
  }

  set(key: string, entry: StoredEntry): void {
    const now = this.clock.now()
    if (entry.tags !== undefined && entry.tags.length > 0) this.tags.retain(entry.tags, entry.staleUntil)
    const evicted = this.entries.write(key, entry, now, this.maxBytes)
    if (evicted !== undefined && this.listeners.size > 0) {
      for (const eviction of evicted) this.emit({ type: 'evict', key: eviction.key, reason: eviction.reason })
    }
    this.startSweeping()
  }

  setMany(writes: readonly StoreWrite[]): void {
    for (const write of writes) this.set(write.key, write.entry)
  }

  delete(key: string): boolean {
    return this.entries.delete(key)
  }

  deleteMany(keys: readonly string[]): number {
    let deleted = 0
    for (const key of keys) if (this.entries.delete(key)) deleted++
    return deleted
  }

  deleteByPrefix(prefix: string): number {
    this.tags.deleteByPrefix(prefix)
    this.scripts.deleteByPrefix(prefix)
    return this.entries.deleteByPrefix(prefix)
  }

  getTagStamps(tagKeys: readonly string[]): (TagStamp | undefined)[] {
    const now = this.clock.now()
    return tagKeys.map((tagKey) => this.tags.read(tagKey, now))
  }

  stampTags(tagKeys: readonly string[], stamp: Partial<TagStamp>, keepFor: number): void {
    this.tags.stamp(tagKeys, stamp, this.clock.now() + keepFor)
    this.startSweeping()
  }

  run<TResult>(
    script: AtomicScript<TResult>,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ): TResult {
    const result = script.local(this.scripts, keys, args)
    this.startSweeping()
    return result
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Removes everything: entries, tag records and script data. */
  flush(): void {
    this.entries.clear()
    this.tags.clear()
    this.scripts.clear()
  }

  close(): void {
    if (this.sweepTimer !== undefined) clearInterval(this.sweepTimer)
    this.sweepTimer = undefined
    this.listeners.clear()
  }

  /** Reclaims expired entries, tag records and script data now (the timer does this by itself). */
  sweep(): void {
    const now = this.clock.now()
    const dropped = this.entries.sweep(now, SWEEP_BUDGET)
    if (this.listeners.size > 0)
      for (const key of dropped) this.emit({ type: 'evict', key, reason: 'expired' })
    this.tags.sweep(now)
    this.scripts.sweep(now)
  }

  private startSweeping(): void {
    if (this.sweepTimer !== undefined || this.sweepMilliseconds === 0) return
    this.sweepTimer = setInterval(() => this.sweep(), this.sweepMilliseconds)
    this.sweepTimer.unref?.()
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event)
  }
}

/**
 * Creates the embedded in-memory store.
 *
 * @example
 * ```ts
 * const cache = createCache({ layers: [memoryStore({ maxEntries: 10_000, maxBytes: 32 * 1024 * 1024 })] })
 * ```
 */
export function memoryStore(options?: MemoryStoreOptions): MemoryStore {
  return new MemoryStore(options)
}

export { NOT_FRESH }
