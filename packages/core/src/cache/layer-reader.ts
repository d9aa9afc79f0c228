import { errors, LayercacheError } from '../errors.js'
import type { CacheLayer } from '../store/cache-layer.js'
import {
  entryOf,
  isAbsence,
  isPromiseLike,
  type MaybePromise,
  type StoredEntry,
  type StoreRead,
  type TagStamp,
  versionOf,
} from '../store/store.js'
import type { CacheCore } from './cache-core.js'
import { EntryState, entryState } from './entry-state.js'
import { type LayerKey, setOnLayer } from './layer-writer.js'

/** A key being read: as the layers know it, and its two parts (for back-filling memory layers). */
export interface ReadTarget extends LayerKey {
  readonly keyPrefix: string
  readonly key: string
}

/** A usable entry found in a layer. */
export interface Found {
  readonly entry: StoredEntry
  readonly layerIndex: number
  readonly state: EntryState
  /** The decoded value, for a fresh entry (stale ones are decoded only if served). */
  readonly value?: unknown
}

/**
 * What a read saw, beyond its answer: enough for a later write (a back-fill, a loaded value) to land
 * only where the key is still as the read left it.
 */
export interface ReadContext {
  /** The change-log token taken when the read began (see `ChangeLog`). */
  readonly token: number
  /** When the read began, on the cache's clock. */
  readonly readAt: number
  /** Per layer: the version the read found at the key, or `undefined` where it did not read it. */
  readonly observed: (number | undefined)[]
  /** True when some layer failed: its state is unknown. */
  failed: boolean
}

/** Starts a read: takes a change-log token the caller must hand back with {@link endRead}. */
export function beginRead(core: CacheCore): ReadContext {
  return {
    token: core.changes.begin(),
    readAt: core.clock.now(),
    // Filled in by index as layers are read; a layer not read stays a hole, read as `undefined`.
    observed: [],
    failed: false,
  }
}

/** Ends a read started with {@link beginRead}. */
export function endRead(core: CacheCore, context: ReadContext): void {
  core.changes.end(context.token)
}

/**
 * The stamps of an entry's tags: from the same round trip when the store supplied them, else known
 * or read. Untagged entries (and tags whose records are known) cost no promise: this runs on every
 * read from a shared layer.
 */
function stampsOf(
  core: CacheCore,
  layer: CacheLayer,
  entry: StoredEntry,
): MaybePromise<readonly (TagStamp | undefined)[] | undefined> {
  if (entry.tags === undefined || entry.tags.length === 0) return undefined
  return entry.tagStamps ?? core.tagStamps(layer, entry.tags)
}

/** Reports an unreadable key (an absence with an error, or a payload that does not decode). */
function reportUnreadable(
  core: CacheCore,
  index: number,
  error: unknown,
  namespace: string,
  key?: string,
): void {
  const wrapped = LayercacheError.isInstance(error)
    ? error
    : new LayercacheError(
        errors.DECODE_FAILED,
        `a value in layer '${core.layers[index]!.name}' could not be read`,
        {
          cause: error,
        },
      )
  core.stats.layerErrors[index]!++
  core.reportError({
    error: wrapped,
    operation: 'decode',
    namespace,
    layer: core.layers[index]!.name,
    ...(key === undefined ? {} : { key }),
  })
}

/** The decoded value of a fresh entry, or `UNREADABLE` (reported) when it does not decode. */
const UNREADABLE: unique symbol = Symbol('unreadable')
function decodeFresh(
  core: CacheCore,
  entry: StoredEntry,
  index: number,
  namespace: string,
  key: string,
): unknown {
  try {
    return core.codec.decode(entry, core.layers[index]!)
  } catch (error) {
    reportUnreadable(core, index, error, namespace, key)
    return UNREADABLE
  }
}

/**
 * Reads one key through the layers, fastest first. Returns the first fresh entry with its value
 * (back-filling the layers above it with its remaining TTL, since entries carry absolute times), or
 * else the newest stale one, or undefined. A failing layer is reported and skipped; an unreadable
 * entry is reported and read as a miss. `context` records what each layer held.
 */
export async function readThrough(
  core: CacheCore,
  target: ReadTarget,
  namespace: string,
  context: ReadContext,
): Promise<Found | undefined> {
  const { fullKey, key } = target
  let stale: Found | undefined
  const { layers, stats } = core
  for (let index = 0; index < layers.length; index++) {
    const layer = layers[index]!
    if (core.localDistrusted && !layer.shared) continue
    let read: StoreRead
    let state: EntryState = EntryState.dead
    try {
      read = await layer.get(fullKey)
      const entry = entryOf(read)
      if (entry !== undefined) {
        let stamps = stampsOf(core, layer, entry)
        if (isPromiseLike(stamps)) stamps = await stamps
        state = entryState(entry, stamps, core.clock.now())
      }
    } catch (error) {
      context.failed = true
      core.layerFailed(index, 'get', error, namespace, key)
      continue
    }
    core.health.succeeded(index)
    context.observed[index] = versionOf(read)
    const entry = entryOf(read)
    if (entry === undefined || state === EntryState.dead) {
      if (isAbsence(read) && read.error !== undefined)
        reportUnreadable(core, index, read.error, namespace, key)
      stats.layerMisses[index]!++
      continue
    }
    if (state === EntryState.fresh) {
      const value = decodeFresh(core, entry, index, namespace, key)
      if (value === UNREADABLE) {
        stats.layerMisses[index]!++
        continue
      }
      stats.layerHits[index]!++
      if (index > 0) await backfill(core, target, entry, value, index, namespace, context)
      return { entry, layerIndex: index, state, value }
    }
    stats.layerMisses[index]!++
    if (stale === undefined || entry.createdAt > stale.entry.createdAt)
      stale = { entry, layerIndex: index, state }
  }
  return stale
}

/**
 * Reads many keys of one namespace through the layers: each layer is asked once, for the keys still
 * missing, so a Redis layer answers the whole batch in one round trip. Results are aligned with
 * `keys`; one unreadable key is reported and read as a miss, never a failed batch.
 */
export async function readManyThrough(
  core: CacheCore,
  keyPrefix: string,
  keys: readonly string[],
  namespace: string,
  context: ReadContext,
): Promise<(Found | undefined)[]> {
  const fullKeys = keys.map((key) => keyPrefix + key)
  const results: (Found | undefined)[] = new Array(fullKeys.length).fill(undefined)
  // Per layer, what it held at each position it was asked about (for conditional back-fills).
  const observed: (number | undefined)[][] = core.layers.map(() => [])
  let pending = fullKeys.map((_, position) => position)
  const { layers, stats } = core
  for (let index = 0; index < layers.length && pending.length > 0; index++) {
    const layer = layers[index]!
    if (core.localDistrusted && !layer.shared) continue
    let reads: StoreRead[]
    let stamps: (entry: StoredEntry) => readonly (TagStamp | undefined)[] | undefined
    try {
      reads = await layer.getMany(pending.map((position) => fullKeys[position]!))
      stamps = await batchStamps(core, layer, reads)
    } catch (error) {
      context.failed = true
      core.layerFailed(index, 'getMany', error, namespace)
      continue
    }
    core.health.succeeded(index)
    const now = core.clock.now()
    const stillPending: number[] = []
    for (let item = 0; item < pending.length; item++) {
      const position = pending[item]!
      const read = reads[item]
      observed[index]![position] = versionOf(read)
      const entry = entryOf(read)
      const state = entry === undefined ? EntryState.dead : entryState(entry, stamps(entry), now)
      if (entry === undefined || state === EntryState.dead) {
        if (isAbsence(read) && read.error !== undefined)
          reportUnreadable(core, index, read.error, namespace, keys[position])
        stats.layerMisses[index]!++
        stillPending.push(position)
        continue
      }
      if (state === EntryState.fresh) {
        const value = decodeFresh(core, entry, index, namespace, keys[position]!)
        if (value === UNREADABLE) {
          stats.layerMisses[index]!++
          stillPending.push(position)
          continue
        }
        stats.layerHits[index]!++
        results[position] = { entry, layerIndex: index, state, value }
        if (index > 0) {
          const target = { fullKey: fullKeys[position]!, keyPrefix, key: keys[position]! }
          const keyContext = {
            ...context,
            observed: observed.map((layerObserved) => layerObserved[position]),
          }
          await backfill(core, target, entry, value, index, namespace, keyContext)
        }
        continue
      }
      stats.layerMisses[index]!++
      const previous = results[position]
      if (previous === undefined || entry.createdAt > previous.entry.createdAt) {
        results[position] = { entry, layerIndex: index, state }
      }
      stillPending.push(position)
    }
    pending = stillPending
  }
  return results
}

/** Fetches the tag stamps of a whole batch in one call; returns a lookup per entry. */
async function batchStamps(
  core: CacheCore,
  layer: CacheLayer,
  reads: readonly StoreRead[],
): Promise<(entry: StoredEntry) => readonly (TagStamp | undefined)[] | undefined> {
  const wanted = new Set<string>()
  for (const read of reads) {
    const entry = entryOf(read)
    if (entry?.tags !== undefined && entry.tagStamps === undefined)
      for (const tag of entry.tags) wanted.add(tag)
  }
  if (wanted.size === 0) return (entry) => entry.tagStamps
  const tagKeys = [...wanted]
  const stamps = await core.tagStamps(layer, tagKeys)
  const byKey = new Map(tagKeys.map((tagKey, index) => [tagKey, stamps[index]]))
  return (entry) => entry.tagStamps ?? entry.tags?.map((tag) => byKey.get(tag))
}

/**
 * Copies a fresh entry found in layer `foundAt` into the layers above it, where the key is still as
 * the read found it: a local layer only if this cache changed nothing at the key since the read
 * began (itself, or a message from the bus), a shared layer only through a conditional write. A late
 * reply therefore never puts an old value back over a newer write or a deletion.
 */
async function backfill(
  core: CacheCore,
  target: ReadTarget,
  entry: StoredEntry,
  value: unknown,
  foundAt: number,
  namespace: string,
  context: ReadContext,
): Promise<void> {
  const source = core.layers[foundAt]!
  let filled = false
  for (let index = 0; index < foundAt; index++) {
    const layer = core.layers[index]!
    try {
      if (layer.shared) {
        const version = context.observed[index]
        if (version === undefined) continue
        const converted = core.codec.convert(entry, value, source, layer)
        const [landed] = await layer.setIfVersion([
          { key: target.fullKey, entry: converted, ifVersion: version, readAt: context.readAt },
        ])
        filled ||= landed === true
        continue
      }
      if (core.localDistrusted || core.changes.changedSince(context.token, target.fullKey)) continue
      await setOnLayer(layer, target, core.codec.convert(entry, value, source, layer))
      filled = true
    } catch (error) {
      core.layerFailed(index, 'backfill', error, namespace, target.key)
    }
  }
  if (filled && core.events.has.set)
    core.events.emit('set', { key: target.key, namespace, source: 'backfill' })
}
