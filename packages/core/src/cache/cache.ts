import type { Duration } from '../duration.js'
import type { CacheEventName, CacheListener } from '../events/cache-events.js'
import { NOT_FRESH } from '../memory/memory-store.js'
import type { CacheStatsSnapshot } from '../stats/cache-stats.js'
import type { CacheCore } from './cache-core.js'
import type { BatchItem, GetOrSetOptions, Loader, SetOptions } from './cache-options.js'
import { assertLoader, resolveLoad, resolveWrite, wantsFresh } from './call-options.js'
import { closeCore } from './close-core.js'
import { EntryState } from './entry-state.js'
import { type Found, readManyThrough, readThrough } from './layer-reader.js'
import {
  deleteEntries,
  deletePrefix,
  expireEntries,
  type PendingWrite,
  stampTags,
  writeEntries,
} from './layer-writer.js'
import { loadValue } from './load-coordinator.js'
import { assertKey, assertKeys, assertNamespace, checkTags } from './validation.js'

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
  private readonly keyPrefix: string
  private readonly tagPrefix: string

  /** @internal Use `createCache`. */
  constructor(
    private readonly core: CacheCore,
    namespaceName: string,
  ) {
    this.namespaceName = namespaceName
    this.keyPrefix = `${namespaceName}::`
    this.tagPrefix = `${namespaceName}:#`
  }

  /** The fresh value at `key`, or `undefined` on a miss (`null` is a value like any other). */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const core = this.core
    if (typeof key !== 'string' || key.length === 0 || key.length > core.settings.maxKeyLength) {
      assertKey(key, core.settings.maxKeyLength)
    }
    if (core.closed) core.assertOpen()
    const fullKey = this.keyPrefix + key
    if (core.fastLayer !== undefined) {
      const value = core.fastLayer.peekFresh(fullKey, core.clock.now())
      if (value !== NOT_FRESH) return this.hit(key, 0, value) as T
    }
    const found = await readThrough(core, fullKey, this.namespaceName, key)
    return this.answer<T>(key, found?.state === EntryState.fresh ? found : undefined)
  }

  /** True when `key` holds a fresh value (an invalidated or expired entry is not "had"). */
  async has(key: string): Promise<boolean> {
    assertKey(key, this.core.settings.maxKeyLength)
    this.core.assertOpen()
    const found = await readThrough(this.core, this.keyPrefix + key, this.namespaceName, key)
    return found?.state === EntryState.fresh
  }

  /** Stores `value` at `key`. The third argument is a TTL (`300`, `'5m'`) or `{ ttl, tags, grace }`. */
  async set(key: string, value: unknown, options?: Duration | SetOptions): Promise<void> {
    assertKey(key, this.core.settings.maxKeyLength)
    this.core.assertOpen()
    const write = this.prepareWrite(key, value, options)
    await writeEntries(this.core, [write], this.namespaceName)
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
    const deleted = await deleteEntries(this.core, [this.keyPrefix + key], this.namespaceName)
    this.emitDelete([key])
    return deleted > 0
  }

  /** Values of `keys`, aligned with them; `undefined` for misses. Each layer is asked once. */
  async getBatch<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
    assertKeys(keys, this.core.settings.maxKeyLength)
    this.core.assertOpen()
    const values: (T | undefined)[] = new Array(keys.length)
    const missing: number[] = []
    const fast = this.core.fastLayer
    const now = this.core.clock.now()
    for (let position = 0; position < keys.length; position++) {
      const value = fast === undefined ? NOT_FRESH : fast.peekFresh(this.keyPrefix + keys[position], now)
      if (value === NOT_FRESH) missing.push(position)
      else values[position] = this.hit(keys[position]!, 0, value) as T
    }
    if (missing.length === 0) return values
    const found = await readManyThrough(
      this.core,
      missing.map((position) => this.keyPrefix + keys[position]),
      this.namespaceName,
    )
    missing.forEach((position, index) => {
      const result = found[index]
      values[position] = this.answer<T>(
        keys[position]!,
        result?.state === EntryState.fresh ? result : undefined,
      )
    })
    return values
  }

  /** Stores many values: everything is validated first, then each layer gets one batch write. */
  async setBatch(items: readonly BatchItem[]): Promise<void> {
    this.core.assertOpen()
    assertKeys(
      items.map((item) => item?.key),
      this.core.settings.maxKeyLength,
    )
    const writes = items.map((item) =>
      this.prepareWrite(item.key, item.value, { ttl: item.ttl, tags: item.tags }),
    )
    await writeEntries(this.core, writes, this.namespaceName)
    if (this.core.events.has.set) {
      for (const item of items)
        this.core.events.emit('set', { key: item.key, namespace: this.namespaceName, source: 'set' })
    }
  }

  /** Deletes many keys; returns how many some layer held. */
  async deleteBatch(keys: readonly string[]): Promise<number> {
    assertKeys(keys, this.core.settings.maxKeyLength)
    this.core.assertOpen()
    const deleted = await deleteEntries(
      this.core,
      keys.map((key) => this.keyPrefix + key),
      this.namespaceName,
    )
    this.emitDelete(keys)
    return deleted
  }

  /**
   * The value at `key`, or the loader's result, stored for next time. Concurrent calls for one key
   * share one loader run. The third argument is a TTL or {@link GetOrSetOptions}.
   */
  async getOrSet<T>(key: string, loader: Loader<T>, options?: Duration | GetOrSetOptions): Promise<T> {
    const core = this.core
    assertKey(key, core.settings.maxKeyLength)
    if (core.closed) core.assertOpen()
    const fullKey = this.keyPrefix + key
    const forceFresh = wantsFresh(options)
    if (core.fastLayer !== undefined && !forceFresh) {
      const value = core.fastLayer.peekFresh(fullKey, core.clock.now())
      if (value !== NOT_FRESH) return this.hit(key, 0, value) as T
    }
    assertLoader(loader)
    const resolved = resolveLoad(options, core.settings, this.tagPrefix)
    const found = forceFresh ? undefined : await readThrough(core, fullKey, this.namespaceName, key)
    if (found?.state === EntryState.fresh) return this.answer<T>(key, found) as T
    if (core.events.has.miss) core.events.emit('miss', { key, namespace: this.namespaceName })
    const target = { fullKey, key, namespace: this.namespaceName }
    return (await loadValue(core, target, loader, resolved, found)) as T
  }

  /** Makes entries carrying any of `tags` gone, with one write per tag. */
  invalidateByTags(tags: readonly string[]): Promise<void> {
    return this.stamp(tags, 'delete')
  }

  /** Makes entries carrying any of `tags` stale: kept for grace and fail-safe, refreshed on next read. */
  expireByTags(tags: readonly string[]): Promise<void> {
    return this.stamp(tags, 'expire')
  }

  /** Lazy invalidation: marks keys stale now; the next `getOrSet` refreshes them. */
  async expire(keys: string | readonly string[]): Promise<void> {
    const list = typeof keys === 'string' ? [keys] : keys
    assertKeys(list, this.core.settings.maxKeyLength)
    this.core.assertOpen()
    await expireEntries(
      this.core,
      list.map((key) => this.keyPrefix + key),
      this.namespaceName,
    )
    this.emitInvalidate({ keys: list, mode: 'expire' })
  }

  /** Deletes every key of this namespace that starts with `prefix`. */
  async deleteByPrefix(prefix: string): Promise<number> {
    assertKey(prefix, this.core.settings.maxKeyLength)
    this.core.assertOpen()
    const deleted = await deletePrefix(this.core, this.keyPrefix + prefix, this.namespaceName)
    this.emitInvalidate({ prefix, mode: 'delete' })
    return deleted
  }

  /** Deletes or expires keys, tags and a prefix in one call (what event-driven invalidation uses). */
  async invalidate(target: InvalidationTarget): Promise<void> {
    const expire = target.mode === 'expire'
    if (target.keys !== undefined && target.keys.length > 0) {
      await (expire ? this.expire(target.keys) : this.deleteBatch(target.keys))
    }
    if (target.tags !== undefined && target.tags.length > 0)
      await this.stamp(target.tags, expire ? 'expire' : 'delete')
    if (target.prefix !== undefined) await this.deleteByPrefix(target.prefix)
  }

  /** Deletes everything in this namespace (and its sub-namespaces), and nothing else. */
  async clear(): Promise<void> {
    this.core.assertOpen()
    await deletePrefix(this.core, `${this.namespaceName}:`, this.namespaceName)
    this.emitInvalidate({ prefix: '', mode: 'delete' })
  }

  /** A view of this cache whose keys, tags and `clear()` are scoped to `name`. */
  namespace(name: string): Cache {
    assertNamespace(name)
    return new Cache(this.core, `${this.namespaceName}:${name}`)
  }

  /** Counters of the whole cache (all namespaces) since creation. */
  stats(): CacheStatsSnapshot {
    return this.core.stats.snapshot()
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

  private prepareWrite(
    key: string,
    value: unknown,
    options: Duration | SetOptions | undefined,
  ): PendingWrite {
    const { ttl, grace, tagKeys } = resolveWrite(options, this.core.settings, this.tagPrefix)
    const prepared = this.core.codec.prepare(value)
    const createdAt = this.core.issueCreatedAt()
    const expiresAt = createdAt + ttl
    const tags = tagKeys.length === 0 ? undefined : tagKeys
    return {
      fullKey: this.keyPrefix + key,
      times: { createdAt, expiresAt, staleUntil: expiresAt + grace, tags },
      prepared,
    }
  }

  private async stamp(tags: readonly string[], mode: 'delete' | 'expire'): Promise<void> {
    const checked = checkTags(tags)
    this.core.assertOpen()
    const at = this.core.issueStamp()
    const tagKeys = checked.map((tag) => this.tagPrefix + tag)
    await stampTags(
      this.core,
      tagKeys,
      mode === 'delete' ? { invalidatedAt: at } : { expiredAt: at },
      this.namespaceName,
    )
    this.emitInvalidate({ tags: checked, mode })
  }

  private hit(key: string, layerIndex: number, value: unknown): unknown {
    const core = this.core
    core.stats.hits++
    core.stats.layerHits[layerIndex]!++
    if (core.events.has.hit) {
      core.events.emit('hit', {
        key,
        namespace: this.namespaceName,
        layer: core.layers[layerIndex]!.name,
        stale: false,
      })
    }
    return value
  }

  private answer<T>(key: string, found: Found | undefined): T | undefined {
    if (found !== undefined) {
      const value = this.core.codec.decode(found.entry, this.core.layers[found.layerIndex]!)
      this.core.stats.hits++
      if (this.core.events.has.hit) {
        const layer = this.core.layers[found.layerIndex]!.name
        this.core.events.emit('hit', { key, namespace: this.namespaceName, layer, stale: false })
      }
      return value as T
    }
    this.core.stats.misses++
    if (this.core.events.has.miss) this.core.events.emit('miss', { key, namespace: this.namespaceName })
    return undefined
  }

  private emitDelete(keys: readonly string[]): void {
    if (this.core.events.has.delete) this.core.events.emit('delete', { keys, namespace: this.namespaceName })
  }

  private emitInvalidate(
    details: Omit<import('../events/cache-events.js').CacheEventMap['invalidate'], 'namespace'>,
  ): void {
    if (this.core.events.has.invalidate)
      this.core.events.emit('invalidate', { ...details, namespace: this.namespaceName })
  }
}
