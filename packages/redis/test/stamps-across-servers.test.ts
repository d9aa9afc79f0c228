import { createCache, createManualClock, createMemoryStore } from '@layercache/core'
import { deleteKeysWithPrefix, getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { createRedisBus, createRedisStore } from '../src/index.js'
import { busRecorder } from './support/bus-recorder.js'

// Tag stamps compare with creation times (an entry created at or before a stamp is void). A cache
// that heard another's stamp on the bus must create its next entries after it, even within the
// same millisecond, or "invalidate there, then set here" loses the new value. The clock is frozen,
// as both servers' clocks would be within one millisecond.

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

describe('a tag stamp heard from another server', () => {
  for (const mode of ['invalidateByTags', 'expireByTags'] as const) {
    it(`${mode} there, then set here in the same millisecond: the new value is kept`, async () => {
      const url = await getRedisUrl()
      const prefix = uniquePrefix('stamps')
      const clock = createManualClock(Date.now())
      const servers = [0, 1].map(() => {
        const client = new Redis(url, { maxRetriesPerRequest: 1 })
        const bus = createRedisBus({ client, prefix: `${prefix}bus:` })
        const cache = createCache({
          namespace: 'app',
          clock,
          layers: [createMemoryStore(), createRedisStore({ client, prefix, timeout: '30s' })],
          bus,
        })
        cleanups.push(async () => {
          await cache.close()
          await bus.close()
          client.disconnect()
        })
        return { bus, cache }
      })
      cleanups.push(() => deleteKeysWithPrefix(url, prefix).then(() => {}))
      const [there, here] = servers as [(typeof servers)[0], (typeof servers)[0]]
      await Promise.all(servers.map((server) => server.bus.ready()))
      // A second member on `here`'s bus tells when the stamp arrived (the cache's member heard it too).
      const heard = busRecorder()
      const listener = here.bus.join('app', heard.listener)
      cleanups.push(async () => listener.leave())

      await there.cache[mode](['t'])
      await heard.until('the stamp', () => heard.count('stamp-tags') > 0)
      await here.cache.set('k', 'new', { tags: ['t'] })

      expect(await here.cache.get('k')).toBe('new')
      expect(await there.cache.get('k')).toBe('new')
    })
  }
})
