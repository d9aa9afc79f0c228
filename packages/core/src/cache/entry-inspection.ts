import { errors, LayercacheError } from '../errors.js'
import { raiseTagStamp, type TagStamp } from '../store/store.js'
import type { CacheScope } from './cache-scope.js'
import { EntryState } from './entry-state.js'
import { beginRead, endRead, readThrough } from './layer-reader.js'
import { assertKey, checkTags } from './validation.js'

/**
 * An entry with what the cache knows about it, as {@link Cache.getEntry} answers it. Times are
 * milliseconds on the cache's clock.
 */
export interface CacheEntryInfo<T = unknown> {
  /** The stored value. */
  readonly value: T
  /** True when the entry is past its TTL or one of its tags was expired (`expireByTags`). */
  readonly stale: boolean
  /** When the entry was written. */
  readonly createdAt: number
  /** When the entry stops being fresh. */
  readonly expiresAt: number
  /** When the entry is gone (its grace period, or a tag's stale window, has ended). */
  readonly staleUntil: number
  /** The entry's tags, as they were given to `set`. */
  readonly tags: readonly string[]
}

/**
 * `Cache.getEntry`: the fresh or stale entry at `key` with its times and tags, read through the
 * layers as `get` reads; `undefined` when there is none (or it is gone, or does not decode).
 */
export async function inspectEntry<T>(
  scope: CacheScope,
  key: string,
): Promise<CacheEntryInfo<T> | undefined> {
  const core = scope.core
  assertKey(key, core.settings.maxKeyLength)
  core.assertOpen()
  const read = beginRead(core)
  try {
    const found = await readThrough(core, scope.target(key), scope.namespace, read)
    if (found === undefined) {
      scope.answer(key, undefined)
      return undefined
    }
    const stale = found.state !== EntryState.fresh
    let value = found.value
    if (stale) {
      try {
        value = core.codec.decode(found.entry, core.layers[found.layerIndex]!)
      } catch (error) {
        const layer = core.layers[found.layerIndex]!.name
        core.reportError({
          error: new LayercacheError(errors.DECODE_FAILED, 'a stale value could not be read', {
            cause: error,
          }),
          operation: 'decode',
          namespace: scope.namespace,
          layer,
          key,
        })
        scope.answer(key, undefined)
        return undefined
      }
      core.stats.staleHits++
    } else {
      scope.answer(key, found)
    }
    const { entry } = found
    return {
      value: value as T,
      stale,
      createdAt: entry.createdAt,
      expiresAt: entry.expiresAt,
      staleUntil: entry.staleUntil,
      tags: (entry.tags ?? []).map((tagKey) => tagKey.slice(scope.tagPrefix.length)),
    }
  } finally {
    endRead(core, read)
  }
}

/**
 * `Cache.getTagStamps`: what each tag's record says (when it was last invalidated or expired), as the
 * newest over the layers that answered; `undefined` for a tag never stamped. Local layers are asked
 * only while the bus is listening. Rejects with the last failure when no layer answered.
 */
export async function readTagStamps(
  scope: CacheScope,
  tags: readonly string[],
): Promise<(TagStamp | undefined)[]> {
  const checked = checkTags(tags)
  const core = scope.core
  core.assertOpen()
  const tagKeys = checked.map((tag) => scope.tagPrefix + tag)
  const merged: (TagStamp | undefined)[] = new Array(tagKeys.length).fill(undefined)
  if (tagKeys.length === 0) return merged
  let answered = false
  let failure: unknown
  for (let index = 0; index < core.layers.length; index++) {
    const layer = core.layers[index]!
    if (core.localDistrusted && !layer.shared) continue
    let stamps: readonly (TagStamp | undefined)[]
    try {
      stamps = await core.tagStamps(layer, tagKeys)
    } catch (error) {
      failure = error
      core.layerFailed(index, 'getTagStamps', error, scope.namespace)
      continue
    }
    core.health.succeeded(index)
    answered = true
    for (let position = 0; position < tagKeys.length; position++) {
      const stamp = stamps[position]
      if (stamp === undefined) continue
      const current = merged[position]
      merged[position] = current === undefined ? stamp : raiseTagStamp(current, stamp)
    }
  }
  if (!answered) {
    throw LayercacheError.isInstance(failure)
      ? failure
      : new LayercacheError(errors.STORE_FAILURE, 'no layer answered for the tag records', { cause: failure })
  }
  return merged
}
