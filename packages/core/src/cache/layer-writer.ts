import type { BusMessage, BusSignal } from '../bus/cache-bus.js'
import { MemoryStore } from '../memory/memory-store.js'
import type { MaybePromise, Store, StoredEntry, TagStamp } from '../store/store.js'
import type { CacheCore } from './cache-core.js'
import type { EntryTimes, PreparedValue } from './entry-codec.js'

/** A key as the layers know it, and, when the writer has them, its two parts. */
export interface LayerKey {
  readonly fullKey: string
  /** The namespace part of `fullKey`, such as `app:users::`. */
  readonly keyPrefix?: string | undefined
  /** The caller's own key string: `fullKey` is `keyPrefix + key`. */
  readonly key?: string | undefined
}

/** One entry to write: its key, its times and its value prepared for the layers. */
export interface PendingWrite extends LayerKey {
  readonly times: EntryTimes
  readonly prepared: PreparedValue
}

/**
 * True for a memory store whose writes are its own: one that a subclass or a test double wraps must
 * see every write through its `set` / `setMany`.
 */
function takesKeysApart(layer: Store): layer is MemoryStore {
  return (
    layer instanceof MemoryStore &&
    layer.set === MemoryStore.prototype.set &&
    layer.setMany === MemoryStore.prototype.setMany
  )
}

/**
 * Writes one entry to one layer. A memory layer given the key's two parts keeps the caller's key
 * string for the entry, rather than a copy cut out of the full key.
 */
export function setOnLayer(layer: Store, target: LayerKey, entry: StoredEntry): MaybePromise<void> {
  if (target.keyPrefix !== undefined && target.key !== undefined && takesKeysApart(layer))
    return layer.setApart(target.keyPrefix, target.key, entry)
  return layer.set(target.fullKey, entry)
}

/**
 * Runs `operation` on every layer at once and waits for all; a failing layer is reported (and the
 * others still complete) unless the cache is set to throw.
 */
async function onEveryLayer<T>(
  core: CacheCore,
  name: string,
  namespace: string,
  operation: (layerIndex: number) => T | Promise<T>,
  key?: string,
): Promise<(T | undefined)[]> {
  const outcomes = await Promise.allSettled(core.layers.map(async (_, index) => operation(index)))
  return outcomes.map((outcome, index) => {
    if (outcome.status === 'fulfilled') return outcome.value
    core.layerFailed(index, name, outcome.reason, namespace, key)
    return undefined
  })
}

/**
 * Sends a change to the other caches without waiting for it: delivery is asynchronous anyway, and a
 * failing bus must never hold up a write. A failure is reported (the bus then owes a resync).
 */
export function publish(core: CacheCore, message: BusMessage, namespace: string): void {
  const member = core.busMember
  if (member === undefined) return
  const reportFailure = (error: unknown) => core.reportError({ error, operation: 'bus.publish', namespace })
  try {
    Promise.resolve(member.publish(message)).catch(reportFailure)
  } catch (error) {
    reportFailure(error)
  }
}

/** Writes entries to every layer (one `setMany` per layer for batches) and tells other processes. */
export async function writeEntries(
  core: CacheCore,
  writes: readonly PendingWrite[],
  namespace: string,
): Promise<void> {
  for (const write of writes) {
    const lifetime = write.times.staleUntil - write.times.createdAt
    if (lifetime > core.longestLifetime && lifetime !== Number.POSITIVE_INFINITY)
      core.longestLifetime = lifetime
  }
  const fullKeys = writes.map((write) => write.fullKey)
  core.supersede(fullKeys)
  await onEveryLayer(core, writes.length === 1 ? 'set' : 'setMany', namespace, (index) => {
    const layer = core.layers[index]!
    if (writes.length === 1) {
      const write = writes[0]!
      return setOnLayer(layer, write, core.codec.forLayer(layer, write.times, write.prepared))
    }
    if (takesKeysApart(layer)) {
      // What its `setMany` does, but with each key's parts, so entries keep the callers' key strings.
      for (const write of writes)
        setOnLayer(layer, write, core.codec.forLayer(layer, write.times, write.prepared))
      return
    }
    return layer.setMany(
      writes.map((write) => ({
        key: write.fullKey,
        entry: core.codec.forLayer(layer, write.times, write.prepared),
      })),
    )
  })
  core.stats.sets += writes.length
  if (core.hasSharedLayer) publish(core, { type: 'delete', keys: fullKeys }, namespace)
}

/** Deletes keys from every layer; returns how many keys some layer held. */
export async function deleteEntries(
  core: CacheCore,
  fullKeys: readonly string[],
  namespace: string,
): Promise<number> {
  core.supersede(fullKeys)
  const counts = await onEveryLayer(core, 'delete', namespace, (index) =>
    core.layers[index]!.deleteMany(fullKeys),
  )
  publish(core, { type: 'delete', keys: fullKeys }, namespace)
  const deleted = Math.max(0, ...counts.map((count) => count ?? 0))
  core.stats.deletes += deleted
  return deleted
}

/** Deletes every key under `prefix` in every layer. */
export async function deletePrefix(core: CacheCore, prefix: string, namespace: string): Promise<number> {
  core.supersede(undefined, prefix)
  const counts = await onEveryLayer(core, 'deleteByPrefix', namespace, (index) =>
    core.layers[index]!.deleteByPrefix(prefix),
  )
  publish(core, { type: 'delete-prefix', prefix }, namespace)
  return Math.max(0, ...counts.map((count) => count ?? 0))
}

/** Stamps tags in every layer: one write per tag however many entries carry it. */
export async function stampTags(
  core: CacheCore,
  tagKeys: readonly string[],
  stamp: Partial<TagStamp>,
  namespace: string,
): Promise<void> {
  await onEveryLayer(core, 'stampTags', namespace, (index) =>
    core.layers[index]!.stampTags(tagKeys, stamp, core.longestLifetime),
  )
  publish(core, { type: 'stamp-tags', tagKeys, ...stamp }, namespace)
}

/**
 * Makes entries stale now while keeping them (until their original end of grace) as fallbacks:
 * the next `getOrSet` refreshes them, and fail-safe can still serve them.
 */
export async function expireEntries(
  core: CacheCore,
  fullKeys: readonly string[],
  namespace: string,
): Promise<void> {
  core.supersede(fullKeys)
  const now = core.clock.now()
  await onEveryLayer(core, 'expire', namespace, async (index) => {
    const layer = core.layers[index]!
    const entries = await layer.getMany(fullKeys)
    const rewrites = entries.flatMap((entry: StoredEntry | undefined, position) =>
      entry === undefined || entry.expiresAt <= now || entry.staleUntil <= now
        ? []
        : [{ key: fullKeys[position]!, entry: { ...entry, expiresAt: now, tagStamps: undefined } }],
    )
    if (rewrites.length > 0) await layer.setMany(rewrites)
  })
  publish(core, { type: 'expire', keys: fullKeys }, namespace)
}

/** Applies a change another process made to this process's own (not shared) layers. */
export async function applyRemoteChange(core: CacheCore, message: BusMessage | BusSignal): Promise<void> {
  if (message.type === 'suspend') {
    core.distrustLocalLayers()
    return
  }
  // 'expire' drops local copies too: the shared layer keeps the entry as a stale fallback.
  const keys = message.type === 'delete' || message.type === 'expire' ? message.keys : undefined
  const prefix =
    message.type === 'delete-prefix'
      ? message.prefix
      : message.type === 'resync'
        ? `${core.root}:`
        : undefined
  core.supersede(keys, prefix)
  for (const layer of core.layers) {
    if (layer.shared) continue
    if (keys !== undefined) await layer.deleteMany(keys)
    else if (prefix !== undefined) await layer.deleteByPrefix(prefix)
    else if (message.type === 'stamp-tags')
      await layer.stampTags(message.tagKeys, message, core.longestLifetime)
  }
  if (message.type === 'resync') core.trustLocalLayers()
}
