import type { Clock } from '../clock.js'
import { type Duration, parseTtl } from '../duration.js'
import type { CacheEventMap } from '../events/cache-events.js'
import type { KeyBucket } from '../memory/key-buckets.js'
import { type MemoryStore, NOT_FRESH } from '../memory/memory-store.js'
import type { CacheCore } from './cache-core.js'
import type { GetOrSetOptions, Loader, SetOptions } from './cache-options.js'
import { assertLoader, resolveLoad, resolveWrite } from './call-options.js'
import { EntryState } from './entry-state.js'
import { beginRead, endRead, type Found, type ReadTarget, readThrough } from './layer-reader.js'
import { type PendingWrite, stampTags, takesKeysApart } from './layer-writer.js'
import { loadValue } from './load-coordinator.js'
import { assertKey, checkTags } from './validation.js'

/**
 * One namespace view's side of the cache: its key and tag prefixes, its bucket in the fast layer, and
 * how it answers reads and reports them. `Cache` holds one and keeps only the public methods.
 */
export class CacheScope {
  /** `${namespace}::`: a key `k` is `app:users::k` in the layers. */
  readonly keyPrefix: string
  /** `${namespace}:#`: a tag `t` is `app:users:#t` in the layers. */
  readonly tagPrefix: string
  /** This namespace's keys in the fast layer, found once and again only after the bucket emptied. */
  private fastBucket: KeyBucket | undefined

  constructor(
    readonly core: CacheCore,
    readonly namespace: string,
  ) {
    this.keyPrefix = `${namespace}::`
    this.tagPrefix = `${namespace}:#`
  }

  /**
   * The hot path: the fast layer's fresh value of `key`, or {@link NOT_FRESH}. The lookup uses the
   * caller's own key string, so no `prefix + key` string is built (and hashed) on a hit.
   */
  peek(key: string, clock: Clock = this.core.hitClock): unknown {
    const fast = this.core.fastLayer
    if (fast === undefined) return NOT_FRESH
    let bucket = this.fastBucket
    if (bucket === undefined || bucket.detached) {
      bucket = this.fastBucket = fast.bucket(this.keyPrefix)
      if (bucket === undefined) return NOT_FRESH
    }
    return fast.peekFresh(bucket, key, clock)
  }

  /** `key` as the layers know it, for the full read path. */
  target(key: string): ReadTarget {
    return { fullKey: this.keyPrefix + key, keyPrefix: this.keyPrefix, key }
  }

  /** `getOrSet` past the fast layer: the other layers, then one shared loader run. */
  async readOrLoad<T>(
    key: string,
    loader: Loader<T>,
    options: Duration | GetOrSetOptions | undefined,
    forceFresh: boolean,
  ): Promise<T> {
    const core = this.core
    assertKey(key, core.settings.maxKeyLength)
    assertLoader(loader)
    const resolved = resolveLoad(options, core.settings, this.tagPrefix)
    const target = { ...this.target(key), namespace: this.namespace }
    // The read stays open until the load stores its value (the load ends it): a change to the key
    // meanwhile, here or announced on the bus, keeps the loaded value out of the local layers.
    const read = beginRead(core)
    let found: Found | undefined
    try {
      // A forced load still reads: the versions it sees decide where the new value may be stored.
      found = await readThrough(core, target, this.namespace, read)
    } catch (error) {
      endRead(core, read)
      throw error
    }
    if (found?.state === EntryState.fresh && !forceFresh) {
      endRead(core, read)
      return this.answer<T>(key, found) as T
    }
    if (core.events.has.miss) core.events.emit('miss', { key, namespace: this.namespace })
    return (await loadValue(core, target, loader, resolved, forceFresh ? undefined : found, read)) as T
  }

  hit(key: string, layerIndex: number, value: unknown): unknown {
    const core = this.core
    core.stats.hits++
    core.stats.layerHits[layerIndex]!++
    if (core.events.has.hit) {
      core.events.emit('hit', {
        key,
        namespace: this.namespace,
        layer: core.layers[layerIndex]!.name,
        stale: false,
      })
    }
    return value
  }

  answer<T>(key: string, found: Found | undefined): T | undefined {
    const core = this.core
    if (found !== undefined) {
      const value = found.value
      core.stats.hits++
      if (core.events.has.hit) {
        const layer = core.layers[found.layerIndex]!.name
        core.events.emit('hit', { key, namespace: this.namespace, layer, stale: false })
      }
      return value as T
    }
    core.stats.misses++
    if (core.events.has.miss) core.events.emit('miss', { key, namespace: this.namespace })
    return undefined
  }

  /** Checks `set`'s options without writing anything. */
  checkWriteOptions(options: Duration | SetOptions | undefined): void {
    resolveWrite(options, this.core.settings, this.tagPrefix)
  }

  /**
   * The memory store to write `set`'s value to directly, when it is the cache's only layer and takes
   * keys apart (a subclass or a double that replaces `set` takes the full path).
   */
  directLayer(): MemoryStore | undefined {
    const layer = this.core.soleMemoryLayer
    return layer !== undefined && takesKeysApart(layer) ? layer : undefined
  }

  /**
   * `set` on a cache whose only layer is a trusted memory store ({@link CacheScope.directLayer}): the
   * same checks, copy, times and change record as the full write path, without a pending write,
   * layer outcomes or a promise. `ttl` is a TTL in seconds or `undefined` (other options take the
   * full path).
   */
  setDirect(layer: MemoryStore, key: string, value: unknown, ttl: number | undefined): void {
    const core = this.core
    const lifetime = ttl === undefined ? core.settings.ttl : parseTtl(ttl)
    const snapshot = layer.copiesValues ? core.codec.snapshot(value) : undefined
    // The hits' clock (a reading reused for at most a millisecond): the entry may expire up to a
    // millisecond early, as a hit may serve it up to a millisecond late. Safe for creation times
    // here: untagged entries are compared with no tag stamp.
    const now = core.hitClock.now()
    const createdAt = core.createdAtFor(now)
    const expiresAt = now + lifetime
    const staleUntil = expiresAt + core.settings.grace
    core.noteLifetime(createdAt, staleUntil)
    if (core.changes.recording) core.changes.keysChanged([this.keyPrefix + key])
    try {
      layer.setApart(this.keyPrefix, key, {
        value: snapshot === undefined ? value : snapshot.value,
        createdAt,
        expiresAt,
        staleUntil,
        tags: undefined,
        size: snapshot === undefined ? 0 : snapshot.bytes,
        mutable: snapshot?.mutable === true,
        version: undefined,
      })
    } catch (error) {
      // As the full path does: counted, then reported (and rethrown if the cache is set to throw).
      core.stats.sets++
      core.layerFailed(0, 'set', error, this.namespace, key)
      return
    }
    core.health.succeeded(0)
    core.stats.sets++
  }

  prepareWrite(key: string, value: unknown, options: Duration | SetOptions | undefined): PendingWrite {
    const { ttl, grace, tagKeys } = resolveWrite(options, this.core.settings, this.tagPrefix)
    const prepared = this.core.codec.prepare(value)
    const { createdAt, now } = this.core.issueCreatedAt()
    const expiresAt = now + ttl
    const tags = tagKeys.length === 0 ? undefined : tagKeys
    return {
      fullKey: this.keyPrefix + key,
      keyPrefix: this.keyPrefix,
      key,
      times: { createdAt, expiresAt, staleUntil: expiresAt + grace, tags },
      prepared,
      version: this.core.nextVersion(),
    }
  }

  /**
   * Stamps tags: `delete` makes their entries gone, `expire` stale (for at most `staleFor` ms, then
   * gone; by default they live out their own grace).
   */
  async stamp(tags: readonly string[], mode: 'delete' | 'expire', staleFor?: number): Promise<void> {
    const checked = checkTags(tags)
    this.core.assertOpen()
    const at = this.core.issueStamp()
    const tagKeys = checked.map((tag) => this.tagPrefix + tag)
    const stamp =
      mode === 'delete'
        ? { invalidatedAt: at }
        : staleFor === undefined || staleFor === Number.POSITIVE_INFINITY
          ? { expiredAt: at }
          : { expiredAt: at, expiredUntil: at + staleFor }
    await stampTags(this.core, tagKeys, stamp, this.namespace)
    this.emitInvalidate({ tags: checked, mode })
  }

  emitDelete(keys: readonly string[]): void {
    if (this.core.events.has.delete) this.core.events.emit('delete', { keys, namespace: this.namespace })
  }

  emitInvalidate(details: Omit<CacheEventMap['invalidate'], 'namespace'>): void {
    if (this.core.events.has.invalidate)
      this.core.events.emit('invalidate', { ...details, namespace: this.namespace })
  }
}
