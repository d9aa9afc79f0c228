import { BentoCache, bentostore } from 'bentocache'
import { memoryDriver } from 'bentocache/drivers/memory'
import type { FilledCache, Workload } from './filled-cache.js'

/**
 * BentoCache with only its memory driver. `serialize: false` keeps objects as they are, like
 * layercache's memory store does; it is also BentoCache's faster setting, so the comparison does not
 * flatter layercache.
 */
export async function filledBentoCache(workload: Workload): Promise<FilledCache> {
  const bento = new BentoCache({
    default: 'memory',
    stores: {
      memory: bentostore().useL1Layer(
        memoryDriver({ maxItems: Math.max(workload.entries.size, 1_000), serialize: false }),
      ),
    },
  })
  const ttl = workload.ttlSeconds * 1_000
  for (const [key, value] of workload.entries) await bento.set({ key, value, ttl })
  return {
    name: 'bentocache 1.6 (memory driver)',
    get: (key) => bento.get({ key }),
    getOrSet: (key, loader) => bento.getOrSet({ key, factory: loader, ttl }),
    set: (key, value) => bento.set({ key, value, ttl }),
    close: () => bento.disconnectAll(),
  }
}
