import { NOT_FRESH } from '../memory/memory-store.js'
import type { BatchItem } from './cache-options.js'
import type { CacheScope } from './cache-scope.js'
import { EntryState } from './entry-state.js'
import { beginRead, endRead, readManyThrough } from './layer-reader.js'
import { deleteEntries, writeEntries } from './layer-writer.js'
import { assertKeys } from './validation.js'

/** `Cache.getBatch`: the fast layer first, then each layer once for the keys still missing. */
export async function getBatch<T>(scope: CacheScope, keys: readonly string[]): Promise<(T | undefined)[]> {
  const core = scope.core
  assertKeys(keys, core.settings.maxKeyLength)
  core.assertOpen()
  const values: (T | undefined)[] = new Array(keys.length)
  const missing: string[] = []
  const positions: number[] = []
  let now: number | undefined
  // One time for the whole batch, read only if some entry can expire.
  const batchClock = { now: () => (now ??= core.clock.now()) }
  for (let position = 0; position < keys.length; position++) {
    const value = scope.peek(keys[position]!, batchClock)
    if (value === NOT_FRESH) {
      missing.push(keys[position]!)
      positions.push(position)
    } else values[position] = scope.hit(keys[position]!, 0, value) as T
  }
  if (missing.length === 0) return values
  const read = beginRead(core)
  let found: Awaited<ReturnType<typeof readManyThrough>>
  try {
    found = await readManyThrough(core, scope.keyPrefix, missing, scope.namespace, read)
  } finally {
    endRead(core, read)
  }
  positions.forEach((position, index) => {
    const result = found[index]
    values[position] = scope.answer<T>(
      keys[position]!,
      result?.state === EntryState.fresh ? result : undefined,
    )
  })
  return values
}

/** `Cache.setBatch`: everything is validated first, then each layer gets one batch write. */
export async function setBatch(scope: CacheScope, items: readonly BatchItem[]): Promise<void> {
  const core = scope.core
  core.assertOpen()
  assertKeys(
    items.map((item) => item?.key),
    core.settings.maxKeyLength,
  )
  // `undefined` deletes, as in `set`; everything is checked before anything is written.
  const kept = items.filter((item) => item.value !== undefined)
  const removed = items.filter((item) => item.value === undefined)
  for (const item of removed) scope.checkWriteOptions({ ttl: item.ttl, tags: item.tags })
  const writes = kept.map((item) =>
    scope.prepareWrite(item.key, item.value, { ttl: item.ttl, tags: item.tags }),
  )
  if (writes.length > 0) await writeEntries(core, writes, scope.namespace)
  if (removed.length > 0)
    await deleteBatch(
      scope,
      removed.map((item) => item.key),
    )
  if (core.events.has.set) {
    for (const item of kept)
      core.events.emit('set', { key: item.key, namespace: scope.namespace, source: 'set' })
  }
}

/** `Cache.deleteBatch`: returns how many keys some layer held. */
export async function deleteBatch(scope: CacheScope, keys: readonly string[]): Promise<number> {
  const core = scope.core
  assertKeys(keys, core.settings.maxKeyLength)
  core.assertOpen()
  const deleted = await deleteEntries(
    core,
    keys.map((key) => scope.keyPrefix + key),
    scope.namespace,
  )
  scope.emitDelete(keys)
  return deleted
}
