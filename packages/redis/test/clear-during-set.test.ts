import { entryOf } from '@layercache/core/store'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { type CacheServer, cacheServer } from './support/cache-server.js'

// Redis deletes a prefix by scanning, over several round trips: a key the scan found can be written
// by this very process before the scan's batch buries it. The memory layer must not keep that write.

let server: CacheServer | undefined
let prefix = ''
afterEach(async () => {
  await server?.close()
  server = undefined
  await deleteKeysWithPrefix(await getRedisUrl(), prefix)
})

describe('clear() and deleteByPrefix() overlapping a set in the same process', () => {
  for (const [name, deleteAll] of [
    ['clear', (server: CacheServer) => server.cache.clear()],
    ['deleteByPrefix', (server: CacheServer) => server.cache.deleteByPrefix('k')],
  ] as const) {
    it(`${name}: a set that lands in Redis before the scan's batch buries it is not left in memory`, async () => {
      prefix = uniquePrefix('clear-set')
      server = await cacheServer({ url: await getRedisUrl(), prefix, bus: false })
      const { cache, store } = server
      await cache.set('k', 'old')
      // The deletion reaches Redis late (its SCAN will find `k`), after this process set `k` again.
      let release: () => void = () => {}
      const gate = new Promise<void>((resolve) => (release = resolve))
      const deleteByPrefix = store.deleteByPrefix.bind(store)
      store.deleteByPrefix = async (keyPrefix) => {
        await gate
        return deleteByPrefix(keyPrefix)
      }
      const deleting = deleteAll(server)
      await cache.set('k', 'new')
      release()
      await deleting
      // Redis buried the new value; the memory layer must answer the same.
      expect(entryOf(await store.get('app::k'))).toBeUndefined()
      expect(await cache.get('k')).toBeUndefined()
      expect(server.inMemory('k')).toBeUndefined()
    })
  }
})
