import type { BusMessage, BusSignal } from '../bus/cache-bus.js'
import { isMemoryStore, type MemoryStore, memoryStorePrototype } from '../memory/memory-store.js'
import type { CacheLayer } from '../store/cache-layer.js'
import { isPromiseLike, type MaybePromise, type StoredEntry, type TagStamp } from '../store/store.js'
import type { CacheCore } from './cache-core.js'
import type { EntryTimes, PreparedValue } from './entry-codec.js'
import type { ReadContext } from './layer-reader.js'

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
  /** The write's version in shared layers (see `CacheCore.nextVersion`). */
  readonly version: number
}

/**
 * True for a memory store whose writes are its own: one that a subclass or a test double wraps must
 * see every write through its `set` / `setMany`.
 */
export function takesKeysApart(layer: CacheLayer): layer is MemoryStore {
  if (!isMemoryStore(layer)) return false
  const original = memoryStorePrototype(layer)
  return layer.set === original.set && layer.setMany === original.setMany
}

/**
 * Writes one entry to one layer. A memory layer given the key's two parts keeps the caller's key
 * string for the entry, rather than a copy cut out of the full key.
 */
export function setOnLayer(layer: CacheLayer, target: LayerKey, entry: StoredEntry): MaybePromise<void> {
  if (target.keyPrefix !== undefined && target.key !== undefined && takesKeysApart(layer))
    return layer.setApart(target.keyPrefix, target.key, entry)
  return layer.set(target.fullKey, entry)
}

/** How each layer fared in one operation: its result, or why it failed. */
type LayerOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown }

/**
 * Runs `operation` on every layer at once and waits for all. Local layers are skipped while the bus
 * may be losing messages (they are emptied before they are trusted again). Layers that answer
 * synchronously (memory) cost no promise. Failures are returned, not reported: the caller reports
 * them once it has put things right (see {@link reportFailures}).
 */
function onLayers<T>(
  core: CacheCore,
  operation: (layer: CacheLayer, layerIndex: number) => MaybePromise<T>,
): MaybePromise<(LayerOutcome<T> | undefined)[]> {
  const layers = core.layers
  const outcomes: (LayerOutcome<T> | undefined)[] = new Array(layers.length)
  let pending: Promise<void>[] | undefined
  for (let index = 0; index < layers.length; index++) {
    const layer = layers[index]!
    if (core.localDistrusted && !layer.shared) continue
    try {
      const result = operation(layer, index)
      if (isPromiseLike(result)) {
        ;(pending ??= []).push(
          result.then(
            (value) => {
              outcomes[index] = { ok: true, value }
            },
            (error: unknown) => {
              outcomes[index] = { ok: false, error }
            },
          ),
        )
      } else outcomes[index] = { ok: true, value: result }
    } catch (error) {
      outcomes[index] = { ok: false, error }
    }
  }
  return pending === undefined ? outcomes : Promise.all(pending).then(() => outcomes)
}

/** Reports every failed layer; rethrows the first failure when the cache is set to throw. */
function reportFailures(
  core: CacheCore,
  outcomes: readonly (LayerOutcome<unknown> | undefined)[],
  operation: string,
  namespace: string,
  key?: string,
): void {
  let first: unknown
  outcomes.forEach((outcome, index) => {
    if (outcome === undefined) return
    if (outcome.ok) {
      core.health.succeeded(index)
      return
    }
    try {
      core.layerFailed(index, operation, outcome.error, namespace, key)
    } catch (error) {
      first ??= error
    }
  })
  if (first !== undefined) throw first
}

const failedShared = (core: CacheCore, outcomes: readonly (LayerOutcome<unknown> | undefined)[]) =>
  outcomes.some((outcome, index) => outcome?.ok === false && core.layers[index]!.shared)

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

/**
 * Watches a write for another change to its keys in this process while it runs. Two changes to one
 * key that overlap reach the layers in an order nobody controls (a script the server had forgotten
 * is sent again, and a plain command sent after it can land first): when the write is done, the
 * keys changed meanwhile are dropped from the local layers, which then read them from the shared
 * layers again. `undefined` without a shared layer (local layers apply changes in call order).
 */
function watchOverlap(core: CacheCore): { settle(fullKeys: readonly string[]): Promise<void> } | undefined {
  if (!core.hasSharedLayer) return undefined
  const token = core.changes.begin()
  return {
    async settle(fullKeys) {
      const moved = fullKeys.filter((fullKey) => core.changes.changedSince(token, fullKey))
      core.changes.end(token)
      if (moved.length > 0) await dropLocally(core, moved)
    },
  }
}

/** Drops `fullKeys` from the local layers, so they answer as the shared layers do. */
async function dropLocally(core: CacheCore, fullKeys: readonly string[]): Promise<void> {
  core.changes.keysChanged(fullKeys)
  await Promise.allSettled(core.layers.map(async (layer) => (layer.shared ? 0 : layer.deleteMany(fullKeys))))
}

/**
 * Writes entries to every layer at once (one `setMany` per layer for batches) and tells other
 * caches. All or nothing: when a shared layer fails, the local layers drop the keys again, so this
 * process never answers a value the other processes cannot see. Returns `undefined` when every layer
 * answered at once (memory layers only): a write that waits for nothing costs no promise.
 */
export function writeEntries(
  core: CacheCore,
  writes: readonly PendingWrite[],
  namespace: string,
): Promise<void> | undefined {
  for (const write of writes) core.noteLifetime(write.times.createdAt, write.times.staleUntil)
  const fullKeys = writes.length === 1 ? [writes[0]!.fullKey] : writes.map((write) => write.fullKey)
  core.changes.keysChanged(fullKeys)
  const overlap = watchOverlap(core)
  const written = onLayers(core, (layer) => {
    if (writes.length === 1) {
      const write = writes[0]!
      return setOnLayer(layer, write, core.codec.forLayer(layer, write.times, write.prepared, write.version))
    }
    if (takesKeysApart(layer)) {
      // What its `setMany` does, but with each key's parts, so entries keep the callers' key strings.
      for (const write of writes)
        setOnLayer(layer, write, core.codec.forLayer(layer, write.times, write.prepared, write.version))
      return
    }
    return layer.setMany(
      writes.map((write) => ({
        key: write.fullKey,
        entry: core.codec.forLayer(layer, write.times, write.prepared, write.version),
      })),
    )
  })
  if (overlap === undefined && !isPromiseLike(written)) {
    // Without a shared layer there is nothing to watch, undo or publish, and no shared layer to fail.
    finishWrite(core, written, writes, namespace, true)
    return undefined
  }
  return (async () => {
    const outcomes = isPromiseLike(written) ? await written : written
    const sharedFailed = failedShared(core, outcomes)
    if (sharedFailed) await dropLocally(core, fullKeys)
    await overlap?.settle(fullKeys)
    if (core.hasSharedLayer) publish(core, { type: 'delete', keys: fullKeys }, namespace)
    finishWrite(core, outcomes, writes, namespace, !sharedFailed)
  })()
}

/** Counts a write that every shared layer took (`stored`), and reports the layers that failed it. */
function finishWrite(
  core: CacheCore,
  outcomes: readonly (LayerOutcome<unknown> | undefined)[],
  writes: readonly PendingWrite[],
  namespace: string,
  stored: boolean,
): void {
  if (stored) core.stats.sets += writes.length
  if (writes.length === 1) reportFailures(core, outcomes, 'set', namespace, writes[0]!.key)
  else reportFailures(core, outcomes, 'setMany', namespace)
}

/**
 * Stores a value a loader produced, where the key is still as the read before the load found it:
 * shared layers through conditional writes, then, if every one of them took it, the local layers
 * unless this cache changed the key meanwhile. A load that overlapped a newer write or a deletion,
 * here or in another process, is therefore never stored. Returns whether the value was stored.
 */
export async function storeLoaded(
  core: CacheCore,
  write: PendingWrite,
  read: ReadContext,
  namespace: string,
): Promise<boolean> {
  core.noteLifetime(write.times.createdAt, write.times.staleUntil)
  let everyShared = true
  let anyShared = false
  const outcomes = await Promise.all(
    core.layers.map(async (layer, index): Promise<LayerOutcome<boolean> | undefined> => {
      if (!layer.shared) return undefined
      const version = read.observed[index]
      if (version === undefined) {
        everyShared = false
        return undefined
      }
      try {
        const entry = core.codec.forLayer(layer, write.times, write.prepared, write.version)
        const [landed] = await layer.setIfVersion([
          { key: write.fullKey, entry, ifVersion: version, readAt: read.readAt },
        ])
        if (landed !== true) everyShared = false
        anyShared ||= landed === true
        return { ok: true, value: landed === true }
      } catch (error) {
        everyShared = false
        return { ok: false, error }
      }
    }),
  )
  let stored = anyShared
  if (everyShared && !core.localDistrusted && !core.changes.changedSince(read.token, write.fullKey)) {
    for (let index = 0; index < core.layers.length; index++) {
      const layer = core.layers[index]!
      if (layer.shared) continue
      try {
        await setOnLayer(layer, write, core.codec.forLayer(layer, write.times, write.prepared, write.version))
        stored = true
      } catch (error) {
        outcomes[index] = { ok: false, error }
      }
    }
  }
  if (anyShared) publish(core, { type: 'delete', keys: [write.fullKey] }, namespace)
  if (stored) core.stats.sets++
  reportFailures(core, outcomes, 'set', namespace, write.key)
  return stored
}

/** Deletes keys from every layer; returns how many keys some layer held. */
export async function deleteEntries(
  core: CacheCore,
  fullKeys: readonly string[],
  namespace: string,
): Promise<number> {
  core.changes.keysChanged(fullKeys)
  const overlap = watchOverlap(core)
  const outcomes = await onLayers(core, (layer) => layer.deleteMany(fullKeys))
  await overlap?.settle(fullKeys)
  publish(core, { type: 'delete', keys: fullKeys }, namespace)
  const deleted = Math.max(0, ...outcomes.map((outcome) => (outcome?.ok ? outcome.value : 0)))
  core.stats.deletes += deleted
  reportFailures(core, outcomes, 'delete', namespace)
  return deleted
}

/** Deletes every key under `prefix` in every layer. */
export async function deletePrefix(core: CacheCore, prefix: string, namespace: string): Promise<number> {
  core.changes.prefixChanged(prefix)
  const outcomes = await onLayers(core, (layer) => layer.deleteByPrefix(prefix))
  // A shared layer deletes by scanning, over several round trips: a write this process made
  // meanwhile can land there before the scan buries it, after its local copy was made. Local
  // layers drop the prefix again, so this process answers as the shared layers do.
  if (core.hasSharedLayer) {
    core.changes.prefixChanged(prefix)
    await Promise.allSettled(
      core.layers.map(async (layer) => (layer.shared ? 0 : layer.deleteByPrefix(prefix))),
    )
  }
  publish(core, { type: 'delete-prefix', prefix }, namespace)
  reportFailures(core, outcomes, 'deleteByPrefix', namespace)
  return Math.max(0, ...outcomes.map((outcome) => (outcome?.ok ? outcome.value : 0)))
}

/** Stamps tags in every layer: one write per tag however many entries carry it. */
export async function stampTags(
  core: CacheCore,
  tagKeys: readonly string[],
  stamp: Partial<TagStamp>,
  namespace: string,
): Promise<void> {
  // The records this cache keeps are the shared layer's own: read them again once it has the stamp
  // (or failed to take it); reads that overlap the stamp keep nothing.
  core.sharedStamps.forget(tagKeys)
  // Local layers are stamped even while distrusted: their entries must be void when trusted again.
  const outcomes = await Promise.all(
    core.layers.map(async (layer): Promise<LayerOutcome<void>> => {
      try {
        return { ok: true, value: await layer.stampTags(tagKeys, stamp, core.longestLifetime) }
      } catch (error) {
        return { ok: false, error }
      }
    }),
  )
  core.sharedStamps.forget(tagKeys)
  publish(core, { type: 'stamp-tags', tagKeys, ...stamp }, namespace)
  reportFailures(core, outcomes, 'stampTags', namespace)
}

/**
 * Makes entries stale now while keeping them (until their original end of grace) as fallbacks: the
 * next `getOrSet` refreshes them, and fail-safe can still serve them. Each layer does it atomically
 * per key, so a write landing meanwhile is never overwritten.
 */
export async function expireEntries(
  core: CacheCore,
  fullKeys: readonly string[],
  namespace: string,
): Promise<void> {
  core.changes.keysChanged(fullKeys)
  const overlap = watchOverlap(core)
  const now = core.clock.now()
  // A hit must not go on comparing with a reading older than `now`: it would still serve the entries.
  core.hitClock.forget()
  const outcomes = await onLayers(core, (layer) => layer.expire(fullKeys, now))
  await overlap?.settle(fullKeys)
  publish(core, { type: 'expire', keys: fullKeys }, namespace)
  reportFailures(core, outcomes, 'expire', namespace)
}

/** Applies a change another cache made, or a signal of the bus, to this cache's local layers. */
export async function applyRemoteChange(core: CacheCore, message: BusMessage | BusSignal): Promise<void> {
  switch (message.type) {
    case 'suspend':
      core.busSignals++
      core.distrustLocalLayers()
      return
    case 'resync': {
      // Whatever arrived while the bus was not listening is unknown: empty local layers, then trust
      // them, unless another signal came while they were being emptied (it has the last word).
      const signal = ++core.busSignals
      core.distrustLocalLayers()
      await onLocalLayers(core, (layer) => layer.deleteByPrefix(`${core.root}:`))
      if (core.busSignals !== signal) return
      core.changes.everythingChanged()
      core.trustLocalLayers()
      return
    }
    case 'delete':
    case 'expire':
      // 'expire' drops local copies too: the shared layer keeps the entry as a stale fallback.
      core.changes.keysChanged(message.keys)
      await onLocalLayers(core, (layer) => layer.deleteMany(message.keys))
      return
    case 'delete-prefix':
      core.changes.prefixChanged(message.prefix)
      await onLocalLayers(core, (layer) => layer.deleteByPrefix(message.prefix))
      return
    case 'stamp-tags':
      // The stamp may not have reached the shared layer (its sender's write can have failed): the
      // record is read from the layer again rather than raised from the message.
      core.sharedStamps.forget(message.tagKeys)
      core.observeStamp(Math.max(message.invalidatedAt ?? 0, message.expiredAt ?? 0))
      await onLocalLayers(core, (layer) => layer.stampTags(message.tagKeys, message, core.longestLifetime))
  }
}

async function onLocalLayers(core: CacheCore, operation: (layer: CacheLayer) => unknown): Promise<void> {
  for (const layer of core.layers) if (!layer.shared) await operation(layer)
}
