import type { CacheCore } from './cache-core.js'

/** Closes a cache: stops refreshes and bus listeners, aborts loads, closes the layers. Idempotent. */
export async function closeCore(core: CacheCore): Promise<void> {
  if (core.closed) return
  core.closed = true
  core.abort.abort()
  for (const dispose of core.disposers.splice(0)) {
    try {
      dispose()
    } catch (error) {
      core.reportError({ error, operation: 'close', namespace: core.root })
    }
  }
  await core.analytics?.close()
  await Promise.allSettled(core.layers.map(async (layer) => layer.close()))
  core.events.clear()
}
