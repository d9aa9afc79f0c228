import { createCache, createMemoryStore } from '@layercache/core'
import { beforeEach, describe, expect, it } from 'vitest'
import { createIncrementalCacheHandler, createStatsRoute, forgetProcessCaches } from '../src/index.js'
import { redisDeployment } from './support/instances.js'

beforeEach(() => forgetProcessCaches())

describe('createStatsRoute', () => {
  it("serves the counters summed over every server sharing the cache's Redis", async () => {
    const deployment = await redisDeployment('next-stats')
    try {
      const serverA = await deployment.instance({ analytics: true })
      const serverB = await deployment.instance({ analytics: true })
      const handlerA = new (createIncrementalCacheHandler({ cache: serverA.cache, name: 'a' }))({})
      const handlerB = new (createIncrementalCacheHandler({ cache: serverB.cache, name: 'b' }))({})
      await handlerA.set('/p', null, { cacheControl: { revalidate: 60, expire: 600 } })
      await handlerA.get('/p', { kind: 'PAGES' }) // a hit on A
      await handlerB.get('/missing', { kind: 'PAGES' }) // a miss on B
      // B's counters reach the shared totals when it flushes; A's route flushes its own first.
      await serverB.cache.stats({ global: true })
      const response = await createStatsRoute({ cache: serverA.cache, name: 'a' }).GET()
      expect(response.status).toBe(200)
      expect(response.headers.get('cache-control')).toBe('no-store')
      const body = (await response.json()) as {
        hits: number
        misses: number
        namespaces: Record<string, unknown>
      }
      expect(body.hits).toBeGreaterThanOrEqual(1)
      expect(body.misses).toBeGreaterThanOrEqual(1)
      expect(Object.keys(body.namespaces)).toContain('next')
    } finally {
      await deployment.close()
    }
  })

  it("serves this server's counters with global: false, and says so when analytics is off", async () => {
    const cache = createCache({ namespace: 'next', layers: [createMemoryStore()], logger: false })
    await cache.get('nothing')
    const local = await createStatsRoute({ cache, name: 'local', global: false }).GET()
    expect(((await local.json()) as { misses: number }).misses).toBe(1)
    const global = await createStatsRoute({ cache, name: 'local' }).GET()
    expect(global.status).toBe(501)
    expect(((await global.json()) as { code: string }).code).toBe('E_INVALID_OPTION')
  })
})
