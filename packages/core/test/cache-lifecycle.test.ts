import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  createCache,
  createMemoryStore,
  errors,
  prometheusMetrics,
  registerOpenTelemetryMetrics,
} from '../src/index.js'

describe('stats and events', () => {
  it('counts hits, misses, stale hits, loads and evictions per layer', async () => {
    const cache = createCache({ namespace: 'stats', layers: [createMemoryStore({ maxEntries: 2 })] })
    const events: string[] = []
    for (const name of ['hit', 'miss', 'set', 'delete', 'invalidate', 'evict', 'load'] as const) {
      cache.on(name, () => events.push(name))
    }
    await cache.get('nope')
    await cache.getOrSet('a', () => 1)
    await cache.get('a')
    await cache.set('b', 2)
    await cache.set('c', 3)
    await cache.delete('b')
    await cache.invalidateByTags(['t'])
    const stats = cache.stats()
    expect(stats).toMatchObject({ hits: 1, misses: 2, sets: 3, evictions: 1 })
    expect(stats.hitRate).toBeCloseTo(1 / 3)
    expect(stats.loader.calls).toBe(1)
    expect(stats.layers[0]).toMatchObject({ name: 'memory', hits: 1 })
    expect(new Set(events)).toEqual(new Set(['hit', 'miss', 'set', 'delete', 'invalidate', 'evict', 'load']))
    cache.resetStats()
    expect(cache.stats().hits).toBe(0)
  })

  it('a throwing listener never breaks a call', async () => {
    const cache = createCache({ namespace: 'listener' })
    cache.on('set', () => {
      throw new Error('listener bug')
    })
    await expect(cache.set('k', 1)).resolves.toBeUndefined()
  })

  it('exports Prometheus text and OpenTelemetry observables', async () => {
    const cache = createCache({ namespace: 'metrics' })
    await cache.set('k', 1)
    await cache.get('k')
    await cache.get('missing')
    const text = prometheusMetrics(cache)
    expect(text).toContain('# TYPE layercache_hits_total counter')
    expect(text).toContain('layercache_hits_total{cache="metrics"} 1')
    expect(text).toContain('layercache_layer_hits_total{cache="metrics",layer="memory",level="1"} 1')
    const observed = new Map<string, number>()
    const instrument = (name: string) => ({
      addCallback: (callback: (result: { observe(value: number): void }) => void) =>
        callback({ observe: (value) => observed.set(name, value) }),
    })
    registerOpenTelemetryMetrics(cache, {
      createObservableCounter: instrument,
      createObservableGauge: instrument,
    })
    expect(observed.get('layercache.hits')).toBe(1)
    expect(observed.get('layercache.misses')).toBe(1)
    expect(observed.get('layercache.hit_ratio')).toBe(0.5)
  })
})

describe('close', () => {
  it('makes further calls fail with a typed error and is idempotent', async () => {
    const cache = createCache({ namespace: 'closed' })
    await cache.set('k', 1)
    await cache.close()
    await cache.close()
    await expect(cache.get('k')).rejects.toMatchObject({ code: errors.CACHE_CLOSED })
    await expect(cache.set('k', 1)).rejects.toMatchObject({ code: errors.CACHE_CLOSED })
  })

  it('no timer keeps the process alive', { timeout: 180_000 }, () => {
    const script = fileURLToPath(new URL('./support/exits-by-itself.ts', import.meta.url))
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(child.stderr).toBe('')
    expect(child.stdout.trim()).toBe('done')
    expect(child.status).toBe(0)
    // A timer holding the event loop open keeps the child alive until spawnSync kills it (status null).
    expect(child.signal).toBeNull()
  })
})
