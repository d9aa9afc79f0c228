import { type Clock, systemClock } from '../clock.js'
import { parseDuration } from '../duration.js'
import { errors, fail } from '../errors.js'
import type { AtomicScript, ScriptArgument } from '../store/atomic-script.js'
import { CACHE_LAYER_CONTRACT, type CacheLayer, type StoreAttachment } from '../store/cache-layer.js'
import { SCRIPT_RUNNER_CONTRACT } from '../store/script-runner.js'
import type {
  ConditionalWrite,
  Store,
  StoredEntry,
  StoreEvent,
  StoreWrite,
  TagStamp,
} from '../store/store.js'
import { EntryTable, NOT_FRESH } from './entry-table.js'
import { type KeyBucket, prefixLength } from './key-buckets.js'
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ENTRIES,
  DEFAULT_MAX_VALUE_BYTES,
  DEFAULT_SWEEP_INTERVAL,
  type MemoryStoreOptions,
  positiveInteger,
} from './memory-store-options.js'
import { ScriptSpace } from './script-space.js'
import { TagRecords } from './tag-records.js'

/**
 * Marks memory stores from every copy of core in a process (the ESM and the CJS build, or two
 * versions in node_modules), where `instanceof` would only see its own copy's class. Its value is
 * the prototype of the copy that made the store. The version in the name changes whenever the
 * internal methods the cache calls on a memory store (`bucket`, `peekFresh`, `setApart`) change.
 */
const memoryStoreBrand = Symbol.for('layercache.createMemoryStore.v1')

/** How many slots one sweep tick inspects, so a sweep never pauses a big store for long. */
const SWEEP_BUDGET = 20_000

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
  readonly layerContract = CACHE_LAYER_CONTRACT
  readonly scriptContract = SCRIPT_RUNNER_CONTRACT
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

  /** False when the store keeps callers' values themselves (`copyValues: false`). */
  readonly copiesValues: boolean

  constructor(options: MemoryStoreOptions = {}) {
    this.name = options.name ?? 'memory'
    this.serializes = options.serialize ?? false
    this.copiesValues = copiesValues(options)
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

  /** The prototype of the class that made this store, from whichever copy of core. @internal */
  get [memoryStoreBrand](): MemoryStore {
    return MemoryStore.prototype
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
   * The bucket of the keys under `keyPrefix` (such as `app:users::`), while it holds any. A cache view
   * keeps it for {@link MemoryStore.peekFresh} and looks again once it is `detached`.
   * @internal
   */
  bucket(keyPrefix: string): KeyBucket | undefined {
    return this.entries.bucket(keyPrefix)
  }

  /**
   * The cache's hot path: the value of `key` in `bucket` if fresh, untagged and shareable, else a
   * marker telling the cache to take the full path. `clock` is read only for entries that can expire.
   * @internal
   */
  peekFresh(bucket: KeyBucket, key: string, clock: Clock): unknown {
    return this.entries.readFresh(bucket, key, clock)
  }

  get(key: string): StoredEntry | undefined {
    const cut = prefixLength(key)
    return this.entries.read(key.slice(0, cut), cut === 0 ? key : key.slice(cut), this.clock.now())
  }

  getMany(keys: readonly string[]): (StoredEntry | undefined)[] {
    const now = this.clock.now()
    return keys.map((key) => {
      const cut = prefixLength(key)
      return this.entries.read(key.slice(0, cut), cut === 0 ? key : key.slice(cut), now)
    })
  }

  set(key: string, entry: StoredEntry): void {
    const cut = prefixLength(key)
    this.write(key.slice(0, cut), cut === 0 ? key : key.slice(cut), entry, cut > 0)
  }

  /**
   * `set` of the full key `keyPrefix + key`, given apart so that the entry keeps the caller's own
   * `key` string. `keyPrefix` must be `''` (and `key` free of `::`) or end with its first `::`.
   * @internal
   */
  setApart(keyPrefix: string, key: string, entry: StoredEntry): void {
    this.write(keyPrefix, key, entry, false)
  }

  setMany(writes: readonly StoreWrite[]): void {
    for (const write of writes) this.set(write.key, write.entry)
  }

  /**
   * Conditional writes, each checked and applied at once (nothing else runs in between). A memory
   * store forgets deletions at once, so `0` also matches a key deleted after the read: the cache
   * guards its local layers against that itself.
   */
  setIfVersion(writes: readonly ConditionalWrite[]): boolean[] {
    const now = this.clock.now()
    return writes.map((write) => {
      const cut = prefixLength(write.key)
      const keyPrefix = write.key.slice(0, cut)
      const key = cut === 0 ? write.key : write.key.slice(cut)
      if (!Object.is(this.entries.versionAt(keyPrefix, key, now), write.ifVersion)) return false
      this.write(keyPrefix, key, write.entry, cut > 0)
      return true
    })
  }

  expire(keys: readonly string[], at: number): number {
    const now = this.clock.now()
    let changed = 0
    for (const fullKey of keys) {
      const cut = prefixLength(fullKey)
      if (this.entries.expire(fullKey.slice(0, cut), cut === 0 ? fullKey : fullKey.slice(cut), at, now))
        changed++
    }
    return changed
  }

  delete(key: string): boolean {
    const cut = prefixLength(key)
    return this.entries.delete(key.slice(0, cut), cut === 0 ? key : key.slice(cut))
  }

  deleteMany(keys: readonly string[]): number {
    let deleted = 0
    for (const key of keys) if (this.delete(key)) deleted++
    return deleted
  }

  /** Deletes the entries under `prefix`; tag records and script data stay (they expire by themselves). */
  deleteByPrefix(prefix: string): number {
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

  private write(keyPrefix: string, key: string, entry: StoredEntry, keyIsCut: boolean): void {
    if (entry.tags !== undefined && entry.tags.length > 0) this.tags.retain(entry.tags, entry.staleUntil)
    const evicted = this.entries.write(keyPrefix, key, entry, this.clock, this.maxBytes, keyIsCut)
    if (evicted !== undefined && this.listeners.size > 0) {
      for (const eviction of evicted) this.emit({ type: 'evict', key: eviction.key, reason: eviction.reason })
    }
    this.startSweeping()
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

/** Reads `copyValues`, refusing the options that cannot go with keeping references. */
function copiesValues(options: MemoryStoreOptions): boolean {
  if (options.copyValues !== undefined && typeof options.copyValues !== 'boolean')
    fail(errors.INVALID_OPTION, `copyValues must be true or false, got ${String(options.copyValues)}`)
  if (options.copyValues !== false) return true
  for (const name of ['maxBytes', 'maxValueBytes'] as const) {
    if (options[name] !== undefined)
      fail(
        errors.INVALID_OPTION,
        `${name} cannot be used with copyValues: false: values kept by reference are not measured; bound the store with maxEntries`,
      )
  }
  if (options.serialize === true)
    fail(
      errors.INVALID_OPTION,
      'serialize: true and copyValues: false cannot be used together: a serialized value is always a copy',
    )
  return false
}

/**
 * True when `layer` is a memory store that keeps callers' values themselves (`copyValues: false`):
 * the cache hands it the value as it is, with no copy and no size.
 */
export function keepsReferences(layer: CacheLayer): boolean {
  // `=== false`: a store from an older copy of core has no such field, and copies.
  return isMemoryStore(layer) && layer.copiesValues === false
}

/**
 * True when `layer` is a memory store from any copy of core (see `memoryStoreBrand`), so that the
 * cache's fast path survives a second copy of core.
 */
export function isMemoryStore(layer: unknown): layer is MemoryStore {
  return typeof layer === 'object' && layer !== null && memoryStoreBrand in layer
}

/**
 * The prototype of the copy of core that made `store`: what a subclass or a test double that
 * replaces a method is compared with.
 */
export function memoryStorePrototype(store: MemoryStore): MemoryStore {
  return store[memoryStoreBrand]
}

/**
 * Creates the embedded in-memory store.
 *
 * @example
 * ```ts
 * const cache = createCache({ layers: [createMemoryStore({ maxEntries: 10_000, maxBytes: 32 * 1024 * 1024 })] })
 * ```
 */
export function createMemoryStore(options?: MemoryStoreOptions): MemoryStore {
  return new MemoryStore(options)
}

export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ENTRIES,
  DEFAULT_MAX_VALUE_BYTES,
  DEFAULT_SWEEP_INTERVAL,
  type MemoryStoreOptions,
} from './memory-store-options.js'
export { NOT_FRESH }
