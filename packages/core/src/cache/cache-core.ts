import type { BusMember } from '../bus/cache-bus.js'
import type { Clock } from '../clock.js'
import { errors, LayercacheError } from '../errors.js'
import type { CacheEventMap } from '../events/cache-events.js'
import { CacheEvents } from '../events/cache-events.js'
import { isMemoryStore, type MemoryStore } from '../memory/memory-store.js'
import type { AnalyticsRecorder } from '../stats/analytics-recorder.js'
import { CacheStats } from '../stats/cache-stats.js'
import type { CacheLayer } from '../store/cache-layer.js'
import type { MaybePromise, TagStamp } from '../store/store.js'
import { ChangeLog } from './change-log.js'
import type { DistributedLoad } from './distributed-load.js'
import type { EntryCodec } from './entry-codec.js'
import { type HitClock, hitClock } from './hit-clock.js'
import { LayerHealth } from './layer-health.js'
import type { Logger } from './logger.js'
import { TagStampCache } from './tag-stamp-cache.js'

/** A loader run shared by every caller of `getOrSet` on one key in this process. */
export interface Flight {
  readonly outcome: Promise<{ ok: true; value: unknown; mutable: boolean } | { ok: false; error: unknown }>
  /**
   * The loader's signal: aborted when the cache closes or the hard timeout of the call that started
   * the load passes; an aborted load's value is not stored.
   */
  readonly controller: AbortController
}

/** Versions are integers below this, so every layer (Redis headers included) holds them exactly. */
const MAX_VERSION = Number.MAX_SAFE_INTEGER

/** Resolved settings of a cache, shared by the root and its namespace views. */
export interface CoreSettings {
  readonly ttl: number
  readonly grace: number
  readonly timeout: number | undefined
  readonly hardTimeout: number | undefined
  readonly maxKeyLength: number
  readonly onLayerError: 'fallback' | 'throw'
  readonly distributedLoad: DistributedLoad | undefined
}

/**
 * The state a cache and all of its namespace views share: layers, clock, stats, events, in-flight
 * loads and timers. The public methods live in `Cache`; the read, write and load paths in their files.
 */
export class CacheCore {
  readonly stats: CacheStats
  readonly events = new CacheEvents()
  /** Warns the logger when a layer starts failing and when it recovers. */
  readonly health: LayerHealth
  /**
   * The first layer when it is the built-in memory store: reads try it synchronously first. Unset
   * while local layers are distrusted (see {@link CacheCore.distrustLocalLayers}).
   */
  fastLayer: MemoryStore | undefined
  /** True while the bus may be losing messages: layers not shared with other processes are skipped. */
  localDistrusted = false
  /** Counts the bus's signals, so a `resync` that took a while yields to a newer signal. */
  busSignals = 0
  private readonly trustedFastLayer: MemoryStore | undefined
  /** True when some layer is seen by other processes (writes are then announced on the bus). */
  readonly hasSharedLayer: boolean
  readonly flights = new Map<string, Flight>()
  /** The clock memory hits read (see {@link hitClock}): the cache's own, cached for a millisecond. */
  readonly hitClock: HitClock
  /** Keys changed while reads were in flight: a late reply must not write them into local layers. */
  readonly changes = new ChangeLog()
  /** The first shared layer's tag records, known while the bus listens (see {@link TagStampCache}). */
  readonly sharedStamps = new TagStampCache(() => this.busMember !== undefined && !this.localDistrusted)
  /** The first shared layer: the one whose tag records {@link CacheCore.sharedStamps} knows. */
  readonly firstShared: CacheLayer | undefined
  readonly disposers: (() => void)[] = []
  /** This cache's membership of its bus, when it has one. */
  busMember: BusMember | undefined
  /** Cross-process hit/miss totals, when `analytics` is on. */
  analytics: AnalyticsRecorder | undefined
  /** Loads and background refreshes, aborted by `close()`. */
  readonly abort = new AbortController()
  closed = false
  /** The longest `ttl + grace` written so far: how long tag records must outlive an invalidation. */
  longestLifetime: number
  private lastIssued = Number.NEGATIVE_INFINITY
  private lastStamp = Number.NEGATIVE_INFINITY

  constructor(
    readonly root: string,
    readonly layers: readonly CacheLayer[],
    readonly clock: Clock,
    readonly codec: EntryCodec,
    readonly settings: CoreSettings,
    readonly logger: Logger | undefined,
  ) {
    this.stats = new CacheStats(layers.map((layer) => layer.name))
    this.hitClock = hitClock(clock)
    this.health = new LayerHealth(
      layers.map((layer) => layer.name),
      logger,
      clock,
    )
    this.fastLayer = isMemoryStore(layers[0]) && !layers[0].serializes ? layers[0] : undefined
    this.trustedFastLayer = this.fastLayer
    this.hasSharedLayer = layers.some((layer) => layer.shared)
    this.firstShared = layers.find((layer) => layer.shared)
    this.longestLifetime = settings.ttl + settings.grace
  }

  /**
   * A creation time for an entry. Entries created after a tag stamp in the same millisecond get a
   * slightly later time, so "invalidate, then set" keeps the new value, while "set, then invalidate"
   * voids the old one (stamps compare with `>=`). `now` is the unbumped time TTLs count from, so the
   * bump never lengthens a lifetime.
   */
  issueCreatedAt(): { createdAt: number; now: number } {
    const now = this.clock.now()
    return { createdAt: this.createdAtFor(now), now }
  }

  /** {@link CacheCore.issueCreatedAt} for a reading of the clock the caller already took. */
  createdAtFor(now: number): number {
    const createdAt = now > this.lastStamp ? now : this.lastStamp + 0.001
    if (createdAt > this.lastIssued) this.lastIssued = createdAt
    return createdAt
  }

  /**
   * The memory store that is the cache's only layer, while it is trusted: a `set` then writes it
   * directly, with no layer bookkeeping (no shared layer to order against, undo or tell).
   */
  get soleMemoryLayer(): MemoryStore | undefined {
    return this.layers.length === 1 ? this.fastLayer : undefined
  }

  /** Notes that a write's entry may need a longer-lived tag record. */
  noteLifetime(createdAt: number, staleUntil: number): void {
    const lifetime = staleUntil - createdAt
    if (lifetime > this.longestLifetime && lifetime !== Number.POSITIVE_INFINITY)
      this.longestLifetime = lifetime
  }

  /** A tag stamp time: never earlier than an entry this process already created. */
  issueStamp(): number {
    const now = this.clock.now()
    const stamp = Math.max(now, this.lastIssued)
    this.lastIssued = this.lastStamp = stamp
    return stamp
  }

  /**
   * A tag stamp another cache made, heard on the bus: entries this cache creates from now on get a
   * later creation time, so "invalidate there, then set here" keeps the new value even within the
   * stamp's millisecond (or when this machine's clock is behind).
   */
  observeStamp(stamp: number): void {
    if (stamp > this.lastStamp) this.lastStamp = stamp
  }

  /**
   * A version for a write to shared layers: random, so two processes never issue the same one, and a
   * conditional write based on an older read can tell that the key was written since.
   */
  nextVersion(): number {
    return Math.floor(Math.random() * MAX_VERSION) + 1
  }

  /**
   * Stops reading and writing layers that other processes cannot update (memory), because
   * invalidations may be getting lost; reads go to the shared layers until
   * {@link CacheCore.trustLocalLayers}, and reads in flight will not fill local layers.
   */
  distrustLocalLayers(): void {
    this.localDistrusted = true
    this.fastLayer = undefined
    this.changes.everythingChanged()
    this.sharedStamps.clear()
  }

  /** The stamps of an entry's tags in `layer`: known ones for the first shared layer, else read. */
  tagStamps(layer: CacheLayer, tagKeys: readonly string[]): MaybePromise<readonly (TagStamp | undefined)[]> {
    return layer === this.firstShared ? this.sharedStamps.read(layer, tagKeys) : layer.getTagStamps(tagKeys)
  }

  /** Reads local layers again (after they were emptied of anything that may have gone stale). */
  trustLocalLayers(): void {
    this.localDistrusted = false
    this.fastLayer = this.trustedFastLayer
  }

  assertOpen(): void {
    if (this.closed) throw new LayercacheError(errors.CACHE_CLOSED, 'the cache was closed')
  }

  /** Reports a failure that the cache survived; rethrows it when the cache is set to throw. */
  reportError(details: CacheEventMap['error'], layerIndex?: number, rethrow = false): void {
    this.stats.errors++
    if (layerIndex !== undefined) this.stats.layerErrors[layerIndex]!++
    if (this.events.has.error) this.events.emit('error', details)
    if (rethrow) throw details.error
  }

  /** Reports a layer failure; rethrows when `onLayerError` is `'throw'`. */
  layerFailed(layerIndex: number, operation: string, error: unknown, namespace: string, key?: string): void {
    const layer = this.layers[layerIndex]!.name
    this.health.failed(layerIndex, error)
    const wrapped = LayercacheError.isInstance(error)
      ? error
      : new LayercacheError(errors.STORE_FAILURE, `layer '${layer}' failed during ${operation}`, {
          cause: error,
        })
    this.reportError(
      { error: wrapped, operation, namespace, layer, ...(key === undefined ? {} : { key }) },
      layerIndex,
      this.settings.onLayerError === 'throw',
    )
  }
}
