import { type Duration, parseDuration } from '../duration.js'
import { errors, LayercacheError } from '../errors.js'
import type { CacheEventName, CacheListener } from '../events/cache-events.js'
import { NOT_FRESH } from '../memory/memory-store.js'
import type { CacheStatsSnapshot } from '../stats/cache-stats.js'
import type { GlobalStats } from '../stats/global-stats.js'
import type { TagStamp } from '../store/store.js'
import { deleteBatch, getBatch, setBatch } from './cache-batch.js'
import type { CacheCore } from './cache-core.js'
import { clearNamespace, deleteKeysByPrefix, expireKeys } from './cache-invalidation.js'
import type { BatchItem, GetOrSetOptions, Loader, SetOptions } from './cache-options.js'
import { CacheScope } from './cache-scope.js'
import { wantsFresh } from './call-options.js'
import { closeCore } from './close-core.js'
import { type CacheEntryInfo, inspectEntry, readTagStamps } from './entry-inspection.js'
import { EntryState } from './entry-state.js'
import { beginRead, endRead, readThrough } from './layer-reader.js'
import { deleteEntries, writeEntries } from './layer-writer.js'
import { assertKey, assertNamespace } from './validation.js'

/**
 * What a `set` answered at once returns: one promise, already resolved, shared by every such call
 * (it carries no value, so nobody can tell two of them apart).
 */
const WRITTEN: Promise<void> = Promise.resolve()

/** Options of {@link Cache.expireByTags}. */
export interface ExpireOptions {
  /**
   * How long the expired entries may still be served stale, at most; then they are gone.
   * @default their own grace period
   */
  staleFor?: Duration
}

/** What {@link Cache.invalidate} removes or expires; every field is optional. */
export interface InvalidationTarget {
  /** Keys of this namespace. */
  keys?: readonly string[]
  /** Tags of this namespace. */
  tags?: readonly string[]
  /** A key prefix inside this namespace. */
  prefix?: string
  /** `'delete'` makes entries gone; `'expire'` keeps them as stale fallbacks. @default 'delete' */
  mode?: 'delete' | 'expire'
}

/**
 * A multi-layer cache, or a namespace view of one. Create one with `createCache`, or use the ready
 * `cacheManager`.
 *
 * @example
 * ```ts
 * const users = createCache({ namespace: 'app', ttl: '5m' }).namespace('users')
 * const user = await users.getOrSet(`user:${id}`, () => db.users.find(id), { ttl: '10m', tags: [`org:${orgId}`] })
 * ```
 */
export class Cache {
  /** This view's namespace path, such as `app` or `app:users`. */
  readonly namespaceName: string
  private readonly core: CacheCore
  private readonly scope: CacheScope

  /** @internal Use `createCache`. */
  constructor(core: CacheCore, namespaceName: string) {
    this.core = core
    this.namespaceName = namespaceName
    this.scope = new CacheScope(core, namespaceName)
  }

  /** The fresh value at `key`, or `undefined` on a miss (`null` is a value like any other). */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const core = this.core
    if (typeof key !== 'string' || key.length === 0 || key.length > core.settings.maxKeyLength) {
      assertKey(key, core.settings.maxKeyLength)
    }
    if (core.closed) core.assertOpen()
    const value = this.scope.peek(key)
    if (value !== NOT_FRESH) return this.scope.hit(key, 0, value) as T
    assertKey(key, core.settings.maxKeyLength)
    const read = beginRead(core)
    try {
      const found = await readThrough(core, this.scope.target(key), this.namespaceName, read)
      return this.scope.answer<T>(key, found?.state === EntryState.fresh ? found : undefined)
    } finally {
      endRead(core, read)
    }
  }

  /** True when `key` holds a fresh value (an invalidated or expired entry is not "had"). */
  async has(key: string): Promise<boolean> {
    assertKey(key, this.core.settings.maxKeyLength)
    this.core.assertOpen()
    const read = beginRead(this.core)
    try {
      const found = await readThrough(this.core, this.scope.target(key), this.namespaceName, read)
      return found?.state === EntryState.fresh
    } finally {
      endRead(this.core, read)
    }
  }

  /**
   * The entry at `key` with its times, tags and whether it is stale: fresh entries as `get` finds
   * them, and stale ones (past their TTL within grace, or of an expired tag) that `get` would not
   * answer. `undefined` when there is neither. For integrations that serve stale content themselves.
   *
   * @example
   * ```ts
   * const entry = await cache.getEntry<Page>('page:/')
   * if (entry?.stale) refreshInBackground()
   * ```
   */
  getEntry<T = unknown>(key: string): Promise<CacheEntryInfo<T> | undefined> {
    return inspectEntry<T>(this.scope, key)
  }

  /**
   * The records of `tags` (`invalidatedAt`, `expiredAt`, `expiredUntil`, on the cache's clock), or
   * `undefined` for a tag never invalidated; compare them with an entry's `createdAt`. Rejects when
   * no layer answers.
   */
  getTagStamps(tags: readonly string[]): Promise<(TagStamp | undefined)[]> {
    return readTagStamps(this.scope, tags)
  }

  /**
   * Stores `value` at `key`. The third argument is a TTL (`300`, `'5m'`) or `{ ttl, tags, grace }`.
   * Setting `undefined` deletes the key (as lru-cache does), so a value read with `get` can always be
   * written back with `set`.
   */
  set(key: string, value: unknown, options?: Duration | SetOptions): Promise<void> {
    if (value !== undefined && (options === undefined || typeof options === 'number')) {
      const layer = this.scope.directLayer()
      if (layer !== undefined) {
        try {
          assertKey(key, this.core.settings.maxKeyLength)
          this.core.assertOpen()
          this.scope.setDirect(layer, key, value, options)
        } catch (error) {
          return Promise.reject(error)
        }
        if (this.core.events.has.set)
          this.core.events.emit('set', { key, namespace: this.namespaceName, source: 'set' })
        return WRITTEN
      }
    }
    return this.setThroughLayers(key, value, options)
  }

  /** `set` on the full write path: every layer, shared ones ordered and announced. */
  private async setThroughLayers(
    key: string,
    value: unknown,
    options?: Duration | SetOptions,
  ): Promise<void> {
    assertKey(key, this.core.settings.maxKeyLength)
    this.core.assertOpen()
    if (value === undefined) {
      // The options are still checked: a call that would be refused with a value is refused without.
      this.scope.checkWriteOptions(options)
      await this.delete(key)
      return
    }
    const write = this.scope.prepareWrite(key, value, options)
    const writing = writeEntries(this.core, [write], this.namespaceName)
    if (writing !== undefined) await writing
    if (this.core.events.has.set)
      this.core.events.emit('set', { key, namespace: this.namespaceName, source: 'set' })
  }

  /** Stores `value` with `tags`, for `invalidateByTags` and `expireByTags`. */
  setWithTags(key: string, value: unknown, tags: readonly string[], ttl?: Duration): Promise<void> {
    return this.set(key, value, ttl === undefined ? { tags } : { ttl, tags })
  }

  /** Deletes `key` from every layer; true when some layer held it. */
  async delete(key: string): Promise<boolean> {
    assertKey(key, this.core.settings.maxKeyLength)
    this.core.assertOpen()
    const deleted = await deleteEntries(this.core, [this.scope.keyPrefix + key], this.namespaceName)
    this.scope.emitDelete([key])
    return deleted > 0
  }

  /** Values of `keys`, aligned with them; `undefined` for misses. Each layer is asked once. */
  getBatch<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
    return getBatch<T>(this.scope, keys)
  }

  /** Stores many values: everything is validated first, then each layer gets one batch write. */
  setBatch(items: readonly BatchItem[]): Promise<void> {
    return setBatch(this.scope, items)
  }

  /** Deletes many keys; returns how many some layer held. */
  deleteBatch(keys: readonly string[]): Promise<number> {
    return deleteBatch(this.scope, keys)
  }

  /**
   * The value at `key`, or the loader's result, stored for next time. Concurrent calls for one key
   * share one loader run. The third argument is a TTL or {@link GetOrSetOptions}.
   */
  getOrSet<T>(key: string, loader: Loader<T>, options?: Duration | GetOrSetOptions): Promise<T> {
    // Not `async`: a hit then costs no frame sized for the whole load path. Errors still reject.
    const core = this.core
    let forceFresh: boolean
    try {
      if (typeof key !== 'string' || key.length === 0 || key.length > core.settings.maxKeyLength) {
        assertKey(key, core.settings.maxKeyLength)
      }
      if (core.closed) core.assertOpen()
      forceFresh = options !== undefined && wantsFresh(options)
      if (!forceFresh) {
        const value = this.scope.peek(key)
        if (value !== NOT_FRESH) return Promise.resolve(this.scope.hit(key, 0, value) as T)
      }
    } catch (error) {
      return Promise.reject(error)
    }
    return this.scope.readOrLoad(key, loader, options, forceFresh)
  }

  /** Makes entries carrying any of `tags` gone, with one write per tag. */
  invalidateByTags(tags: readonly string[]): Promise<void> {
    return this.scope.stamp(tags, 'delete')
  }

  /**
   * Makes entries carrying any of `tags` stale: kept as fallbacks (stale-while-revalidate, fail-safe)
   * and refreshed on the next `getOrSet`. They stay for their own grace period, or at most `staleFor`
   * if given, then they are gone (Next.js's `revalidateTag(tag, { expire })`).
   *
   * @example
   * ```ts
   * await cache.expireByTags(['products'], { staleFor: '1h' })
   * ```
   */
  expireByTags(tags: readonly string[], options?: ExpireOptions): Promise<void> {
    const staleFor = options?.staleFor === undefined ? undefined : parseDuration(options.staleFor, 'staleFor')
    return this.scope.stamp(tags, 'expire', staleFor)
  }

  /** Lazy invalidation: marks keys stale now; the next `getOrSet` refreshes them. */
  expire(keys: string | readonly string[]): Promise<void> {
    return expireKeys(this.scope, typeof keys === 'string' ? [keys] : keys)
  }

  /** Deletes every key of this namespace that starts with `prefix`. */
  deleteByPrefix(prefix: string): Promise<number> {
    return deleteKeysByPrefix(this.scope, prefix)
  }

  /** Deletes or expires keys, tags and a prefix in one call (what event-driven invalidation uses). */
  async invalidate(target: InvalidationTarget): Promise<void> {
    const expire = target.mode === 'expire'
    if (target.keys !== undefined && target.keys.length > 0) {
      await (expire ? this.expire(target.keys) : this.deleteBatch(target.keys))
    }
    if (target.tags !== undefined && target.tags.length > 0)
      await this.scope.stamp(target.tags, expire ? 'expire' : 'delete')
    if (target.prefix !== undefined) await this.deleteByPrefix(target.prefix)
  }

  /** Deletes everything in this namespace (and its sub-namespaces), and nothing else. */
  clear(): Promise<void> {
    return clearNamespace(this.scope)
  }

  /** A view of this cache whose keys, tags and `clear()` are scoped to `name`. */
  namespace(name: string): Cache {
    assertNamespace(name)
    return new Cache(this.core, `${this.namespaceName}:${name}`)
  }

  /** Counters of this process's cache (all namespaces) since creation. */
  stats(): CacheStatsSnapshot
  /**
   * Hits and misses per namespace summed over every process sharing the cache's Redis (needs
   * `createCache({ analytics: true })`); flushes this process's pending counts first.
   */
  stats(options: { global: true }): Promise<GlobalStats>
  stats(options?: { global?: boolean }): CacheStatsSnapshot | Promise<GlobalStats> {
    if (options?.global !== true) return this.core.stats.snapshot()
    if (this.core.analytics === undefined) {
      return Promise.reject(
        new LayercacheError(
          errors.INVALID_OPTION,
          'stats({ global: true }) needs createCache({ analytics: true })',
        ),
      )
    }
    return this.core.analytics.read()
  }

  /** Sets every counter back to zero. */
  resetStats(): void {
    this.core.stats.reset()
  }

  /** Listens to an event; returns a function that stops listening. */
  on<E extends CacheEventName>(event: E, listener: CacheListener<E>): () => void {
    return this.core.events.on(event, listener)
  }

  /** Stops a listener added with {@link Cache.on}. */
  off<E extends CacheEventName>(event: E, listener: CacheListener<E>): void {
    this.core.events.off(event, listener)
  }

  /** Stops timers, aborts loads, closes the layers. Closing any view closes the whole cache. */
  close(): Promise<void> {
    return closeCore(this.core)
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  /** @internal The shared state, for the strategy helpers in this package. */
  get internals(): CacheCore {
    return this.core
  }
}
