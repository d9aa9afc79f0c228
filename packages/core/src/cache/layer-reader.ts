import type { Store, StoredEntry, TagStamp } from '../store/store.js'
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
}

/** The stamps of an entry's tags: from the same round trip when the store supplied them. */
async function stampsOf(
  layer: Store,
  entry: StoredEntry,
): Promise<readonly (TagStamp | undefined)[] | undefined> {
  if (entry.tags === undefined || entry.tags.length === 0) return undefined
  return entry.tagStamps ?? (await layer.getTagStamps(entry.tags))
}

/**
 * Reads one key through the layers, fastest first. Returns the first fresh entry (back-filling the
 * layers above it, with its remaining TTL since entries carry absolute times), or else the newest
 * stale one, or undefined. A failing layer is reported and skipped.
 */
export async function readThrough(
  core: CacheCore,
  target: ReadTarget,
  namespace: string,
): Promise<Found | undefined> {
  const { fullKey, key } = target
  let stale: Found | undefined
  const { layers, stats } = core
  for (let index = 0; index < layers.length; index++) {
    const layer = layers[index]!
    if (core.localDistrusted && !layer.shared) continue
    let state: EntryState
    let entry: StoredEntry | undefined
    try {
      entry = await layer.get(fullKey)
      state =
        entry === undefined
          ? EntryState.dead
          : entryState(entry, await stampsOf(layer, entry), core.clock.now())
    } catch (error) {
      core.layerFailed(index, 'get', error, namespace, key)
      continue
    }
    if (entry === undefined || state === EntryState.dead) {
      stats.layerMisses[index]!++
      continue
    }
    if (state === EntryState.fresh) {
      stats.layerHits[index]!++
      if (index > 0) await backfill(core, target, entry, index, namespace, key)
      return { entry, layerIndex: index, state }
    }
    stats.layerMisses[index]!++
    if (stale === undefined || entry.createdAt > stale.entry.createdAt)
      stale = { entry, layerIndex: index, state }
  }
  return stale
}

/**
 * Reads many keys of one namespace through the layers: each layer is asked once, for the keys still
 * missing, so a Redis layer answers the whole batch in one round trip. Results are aligned with `keys`.
 */
export async function readManyThrough(
  core: CacheCore,
  keyPrefix: string,
  keys: readonly string[],
  namespace: string,
): Promise<(Found | undefined)[]> {
  const fullKeys = keys.map((key) => keyPrefix + key)
  const results: (Found | undefined)[] = new Array(fullKeys.length).fill(undefined)
  let pending = fullKeys.map((_, position) => position)
  const { layers, stats } = core
  for (let index = 0; index < layers.length && pending.length > 0; index++) {
    const layer = layers[index]!
    if (core.localDistrusted && !layer.shared) continue
    let entries: (StoredEntry | undefined)[]
    try {
      entries = await layer.getMany(pending.map((position) => fullKeys[position]!))
    } catch (error) {
      core.layerFailed(index, 'getMany', error, namespace)
      continue
    }
    const stamps = await batchStamps(layer, entries)
    const now = core.clock.now()
    const stillPending: number[] = []
    for (let item = 0; item < pending.length; item++) {
      const position = pending[item]!
      const entry = entries[item]
      const state = entry === undefined ? EntryState.dead : entryState(entry, stamps(entry), now)
      if (entry === undefined || state === EntryState.dead) {
        stats.layerMisses[index]!++
        stillPending.push(position)
        continue
      }
      if (state === EntryState.fresh) {
        stats.layerHits[index]!++
        results[position] = { entry, layerIndex: index, state }
        if (index > 0) {
          const target = { fullKey: fullKeys[position]!, keyPrefix, key: keys[position]! }
          await backfill(core, target, entry, index, namespace, undefined)
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
  layer: Store,
  entries: readonly (StoredEntry | undefined)[],
): Promise<(entry: StoredEntry) => readonly (TagStamp | undefined)[] | undefined> {
  const wanted = new Set<string>()
  for (const entry of entries) {
    if (entry?.tags !== undefined && entry.tagStamps === undefined)
      for (const tag of entry.tags) wanted.add(tag)
  }
  if (wanted.size === 0) return (entry) => entry.tagStamps
  const tagKeys = [...wanted]
  const stamps = await layer.getTagStamps(tagKeys)
  const byKey = new Map(tagKeys.map((tagKey, index) => [tagKey, stamps[index]]))
  return (entry) => entry.tagStamps ?? entry.tags?.map((tag) => byKey.get(tag))
}

async function backfill(
  core: CacheCore,
  target: ReadTarget,
  entry: StoredEntry,
  foundAt: number,
  namespace: string,
  key: string | undefined,
): Promise<void> {
  const source = core.layers[foundAt]!
  for (let index = 0; index < foundAt; index++) {
    const layer = core.layers[index]!
    if (core.localDistrusted && !layer.shared) continue
    try {
      await setOnLayer(layer, target, core.codec.convert(entry, source, layer))
    } catch (error) {
      core.layerFailed(index, 'backfill', error, namespace, key)
    }
  }
  if (core.events.has.set && key !== undefined)
    core.events.emit('set', { key, namespace, source: 'backfill' })
}
